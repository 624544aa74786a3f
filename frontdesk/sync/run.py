"""One sync: push the whole outbox in batches, then pull every page. Used by the app's
background timer, the « Synchroniser maintenant » button and ``frontdesk-cli sync``.

Crash-safe at every step: an outbox row is deleted only once the hub acknowledged it
(in one local transaction with the versions it reported), and a page is applied with its
cursor in one transaction; whatever was interrupted is redone, and the hub's ``seq``
check makes a repeated push harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from frontdesk.contacts import search_index
from frontdesk.device import get_setting, put_setting
from frontdesk.stats.demo_marks import DEMO_SETTING
from frontdesk.stats.french import french_size
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.sync import restore
from frontdesk.sync.apply import (
    CHUNK,
    CURSOR_SETTING,
    apply_page,
    has_set_aside,
    retry_set_aside,
)
from frontdesk.sync.batch import HeldByRelay, OutboxBatch, read_batch
from frontdesk.sync.client import (
    DemoDataPresent,
    HubClient,
    HubRefused,
    HubTooLarge,
    HubUnavailable,
    SeqGap,
    SyncError,
    batch_key,
)
from frontdesk.sync.entities import MODELS
from frontdesk.sync.models import SyncIssue, SyncSent
from frontdesk.sync.protocol import MAX_BODY_BYTES, MAX_PUSH_MUTATIONS, PushResponse
from frontdesk.sync.upsert import upsert_rows

log = logging.getLogger(__name__)
URL, TOKEN, DEVICE = "sync_hub_url", "sync_token", "sync_hub_device_id"
KIND, LAST_SUCCESS, LAST_ERROR = "sync_kind", "sync_last_success", "sync_last_error"
MAX_PAGES = 10_000  # a pull that never ends is a hub bug: stop rather than loop


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    finished_at: datetime | None = None
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.pushed} modification(s) envoyée(s), {self.pulled} reçue(s)"
        if self.conflicts or self.rejected:
            text += f" ; {self.conflicts} conflit(s), {self.rejected} refus à examiner"
        return " ".join([text + ".", *self.messages])


def is_enrolled(store: Store) -> bool:
    with store.session() as session:
        return bool(get_setting(session, TOKEN))


def proposes_directory_edits(session: Session) -> bool:
    """This PC is a counter PC for its hub: its directory edits reach the superviseurs as
    proposals instead of being applied (see ``frontdesk.hub.proposals``)."""
    kind: str | None = get_setting(session, KIND)
    return kind == "accueil"


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Outbox)) or 0


def enroll_device(
    store: Store, url: str, code: str, label: str,
    client_factory: Callable[..., HubClient] = HubClient,
) -> str:  # fmt: skip
    """Spend an enrollment code; the device's token is kept in the local settings.

    Safe to retry: a random attempt key is drawn and kept in the settings BEFORE the hub
    is asked, and sent with the code. If the answer is lost (network cut, PC crashed),
    asking again with the same code sends the same key, and the hub answers the same
    device with a new token instead of « déjà utilisé » (and of a ghost device). The key
    is dropped once the token is kept: a later enrollment draws a new one."""
    import secrets

    attempt_setting = "sync_enroll_attempt"
    with store.transaction() as session:
        if get_setting(session, DEMO_SETTING) is not None:
            raise DemoDataPresent(
                "Ce poste contient des données de démonstration : effacez-les (bouton"
                " « Effacer les données de démonstration », ou frontdesk-cli demo --clear)"
                " avant de l'inscrire auprès d'un hub."
            )
        if not get_setting(session, TOKEN):
            compact_outbox(session)
        next_seq = _next_seq(session)
        attempt_key = get_setting(session, attempt_setting) or secrets.token_urlsafe(32)
        put_setting(session, attempt_setting, attempt_key)
    client = client_factory(url)
    try:
        answer = client.enroll(code, label, next_seq, attempt_key)
    finally:
        client.close()
    # what the PC is to the hub: a tutor's, a superviseur's (edits the directory) or a
    # counter's (its directory edits become proposals)
    profile = "accueil" if answer.kind == "site" and not answer.directory_editor else answer.kind
    with store.transaction() as session:
        put_setting(session, URL, client.url)
        put_setting(session, TOKEN, answer.token)
        put_setting(session, DEVICE, str(answer.device_id))
        put_setting(session, KIND, profile)
        put_setting(session, CURSOR_SETTING, 0)
        put_setting(session, attempt_setting, "")
        put_setting(session, restore.ACKED, next_seq - 1)  # a new device: nothing acked yet
        put_setting(session, restore.EPOCH, "")
        put_setting(session, restore.RELOAD, False)
        session.execute(delete(SyncSent))
    return profile


def _next_seq(session: Session) -> int:
    first: int | None = session.scalar(select(func.min(Outbox.seq)))
    if first is not None:
        return first
    used: int | None
    used = session.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")).scalar()
    return (used or 0) + 1


def compact_outbox(session: Session) -> int:
    """Before a device's first enrollment: drop queued changes of records no longer held
    (purged by retention, demonstration data cleared) and number the rest 1, 2, 3… with
    no gap, as the hub requires. Returns the rows dropped."""
    dropped = 0
    for row in session.execute(select(Outbox.seq, Outbox.entity, Outbox.record_id, Outbox.op)):
        model = MODELS.get(row.entity)
        if row.op != "delete" and (model is None or session.get(model, row.record_id) is None):
            session.execute(delete(Outbox).where(Outbox.seq == row.seq))
            dropped += 1
    restore.renumber_outbox(session, 1)
    if dropped:
        log.info("outbox compacted before enrollment: %d rows dropped", dropped)
    return dropped


def _acknowledge(
    store: Store, batch: OutboxBatch, answer: PushResponse, report: SyncReport
) -> None:
    by_seq = {row.seq: row for row in batch.rows}
    versions: dict[tuple[str, Any], dict[str, Any]] = {}  # the last result of a record wins
    echoes: dict[tuple[str, Any], int] = {}
    with store.transaction() as session:
        # never beyond the batch: the rows after it were not sent (a hub that answers a
        # larger seq had them from an earlier push, and says so again next time)
        restore.archive_acknowledged(session, min(answer.last_seq, batch.last_seq))
        for result in answer.results:
            mutation = by_seq.get(result.seq)
            if mutation is None:
                continue
            if result.status in ("conflict", "rejected"):
                report.conflicts += result.status == "conflict"
                report.rejected += result.status == "rejected"
                session.add(
                    SyncIssue(
                        kind=result.status,
                        entity=mutation.entity,
                        record_id=mutation.record_id,
                        reason=result.reason or "",
                    )
                )
            if result.version is not None and mutation.op != "delete":
                key = (mutation.entity, mutation.record_id)
                versions[key] = {"entity": mutation.entity, "record_id": mutation.record_id,
                                 "hub_version": result.version}  # fmt: skip
                echoes.pop(key, None)
                if result.echo:
                    echoes[key] = result.version
            report.pushed += result.status != "skipped"
        upsert_rows(session, "sync_version", list(versions.values()))  # one statement
        _take_echoed_versions(session, echoes)


def _take_echoed_versions(session: Session, echoes: dict[tuple[str, Any], int]) -> None:
    """The hub holds exactly this device's copy of these records and will not send them
    back: take its version number, as a pull would have (not for a record edited again
    since, whose next push brings it)."""
    if not echoes:
        return
    ids = list({record_id for _entity, record_id in echoes})
    still = {
        (row.entity, row.record_id)
        for start in range(0, len(ids), CHUNK)
        for row in session.execute(
            select(Outbox.entity, Outbox.record_id).where(
                Outbox.record_id.in_(ids[start : start + CHUNK])
            )
        )
    }
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for (entity, record_id), version in echoes.items():
        if (entity, record_id) not in still:
            by_entity.setdefault(entity, []).append({"rid": record_id, "v": version})
    for entity, rows in by_entity.items():
        table = MODELS[entity].__table__
        statement = (
            update(table).where(table.c.id == bindparam("rid")).values(version=bindparam("v"))
        )
        session.connection().execute(statement, rows)


def sync_once(store: Store, client_factory: Callable[..., HubClient] = HubClient) -> SyncReport:
    """Push then pull; raises ``SyncError`` (French message) and records it. A hub found
    restored from a backup gets back what it lost first (``frontdesk.sync.restore``)."""
    with store.session() as session:
        url, token = get_setting(session, URL), get_setting(session, TOKEN)
        device = get_setting(session, DEVICE)
    if not url or not token:
        raise HubRefused("Ce poste n'est pas inscrit auprès d'un hub.")
    report = SyncReport()
    client = client_factory(url, token)
    try:
        for _attempt in range(3):  # again after a recovery (and a history renamed meanwhile)
            try:
                _push_all(store, client, device, report)
                _pull_all(store, client, report)
                break
            except HubRestored as restored:
                _recover(store, restored, report)
        else:
            raise HubUnavailable("Le hub a changé d'historique pendant la synchronisation.")
    except SyncError as exc:
        _remember(store, LAST_ERROR, str(exc))
        raise
    finally:
        client.close()
    report.finished_at = utcnow()
    with store.transaction() as session:  # one local write for both (each costs a sync)
        put_setting(session, LAST_SUCCESS, report.finished_at.isoformat())
        if get_setting(session, LAST_ERROR):
            put_setting(session, LAST_ERROR, "")
    log.info("sync done: %d pushed, %d pulled", report.pushed, report.pulled)
    return report


class HubRestored(Exception):
    """The hub lost some of what it acknowledged (restored from a backup)."""

    def __init__(self, hub_last_seq: int, epoch: str | None) -> None:
        super().__init__(f"hub holds seq {hub_last_seq}")
        self.hub_last_seq, self.epoch = hub_last_seq, epoch


def _recover(store: Store, restored: HubRestored, report: SyncReport) -> None:
    with store.transaction() as session:
        done = restore.recover(
            session,
            restored.hub_last_seq,
            restored.epoch,
            proposes=proposes_directory_edits(session),
            tutor=get_setting(session, KIND) == "tuteur",
        )
    report.messages.append(
        "Le hub a été restauré d'une sauvegarde : "
        + (
            f"{done.resent} modification(s) renvoyée(s)."
            if not done.requeued
            else f"{done.requeued} enregistrement(s) de ce poste renvoyé(s)."
        )
    )


def _push_all(store: Store, client: HubClient, device: str, report: SyncReport) -> None:
    after = 0
    while True:
        with store.session() as session:
            budget, announced = push_budget(session)
            try:
                batch = read_batch(session, after, MAX_PUSH_MUTATIONS, budget, announced)
            except HeldByRelay as relayed:
                raise HubUnavailable(
                    f"Une modification de {french_size(relayed.size)} dépasse ce que le proxy du"
                    " hub accepte : elle reste en attente sur ce poste, avec celles qui la"
                    " suivent. Demandez à l'administrateur du hub d'accepter des requêtes"
                    f" d'au moins {french_size(announced)}."
                ) from relayed
        if batch is None:
            return
        key = batch_key(device, batch.first_seq, batch.last_seq)
        try:
            answer = client.push(batch, key + (".trop-gros" if batch.oversize else ""))
        except HubTooLarge:  # a proxy before the hub takes less than the hub announced
            _lower_budget(store, batch)
            continue
        except SeqGap as gap:
            with store.session() as session:
                held = restore.Held.read(session)
            if held.lost_by(gap.hub_last_seq, None):
                raise HubRestored(gap.hub_last_seq, None) from gap
            raise
        _acknowledge(store, batch, answer, report)
        if answer.last_seq < batch.last_seq:  # the hub kept some back: stop, retry later
            return
        after = batch.last_seq


PUSH_LIMIT, PUSH_CEILING = "sync_max_push_bytes", "sync_push_ceiling"
CEILING_KEPT = timedelta(hours=24)  # a proxy's refusal is remembered this long


def push_budget(session: Session) -> tuple[int, int]:
    """The largest push body to send, and the hub's own limit: what the hub announced,
    or less for a day where a proxy before it refused a body (``_lower_budget``)."""
    announced = int(get_setting(session, PUSH_LIMIT, 0) or MAX_BODY_BYTES)
    ceiling = get_setting(session, PUSH_CEILING)
    if isinstance(ceiling, list) and datetime.fromisoformat(ceiling[1]) > utcnow():
        return min(announced, int(ceiling[0])), announced
    return announced, announced


def _lower_budget(store: Store, refused: OutboxBatch) -> None:
    """A body was refused as too large: send half as much for a day; a single mutation
    refused waits (``HeldByRelay``) if the hub itself takes it, else goes as too large."""
    if refused.oversize is not None:  # a few hundred bytes
        raise HubUnavailable(
            "Le hub (ou son proxy) refuse même les plus petits envois : demandez à"
            " l'administrateur du hub d'accepter des requêtes d'au moins 8 Mo."
        )
    size = len(refused.body)
    lower = size - 1 if len(refused.rows) == 1 else size // 2
    with store.transaction() as session:
        if lower < push_budget(session)[0]:
            put_setting(session, PUSH_CEILING, [lower, (utcnow() + CEILING_KEPT).isoformat()])


def _pull_all(store: Store, client: HubClient, report: SyncReport) -> None:
    with store.session() as session:  # nothing to do, mostly: one read
        waiting = has_set_aside(session)
    if waiting:
        with store.transaction() as session:
            report.pulled += retry_set_aside(session)
    for _ in range(MAX_PAGES):
        with store.session() as session:
            cursor = int(get_setting(session, CURSOR_SETTING, 0) or 0)
            held = restore.Held.read(session)
            announced = get_setting(session, PUSH_LIMIT)
            lost = bool(get_setting(session, restore.LOST))
            reload = cursor == 0 and bool(get_setting(session, restore.RELOAD))
        page = client.pull(cursor, acked=held.acked, lost=lost, epoch=held.epoch, reload=reload)
        if held.lost_by(page.last_seq, page.hub_epoch):
            raise HubRestored(min(page.last_seq or 0, held.acked), page.hub_epoch)
        if page.more and not page.changes:
            raise HubUnavailable("Réponse incohérente du hub (page vide).")
        facts: dict[str, Any] = {restore.LOST: False} if lost else {}
        if reload:  # the reload's first page: a reset, or all the hub holds from 0
            facts[restore.RELOAD] = False
        if page.hub_epoch and page.hub_epoch != held.epoch:
            facts[restore.EPOCH] = page.hub_epoch
        if page.max_push_bytes and page.max_push_bytes != announced:
            facts[PUSH_LIMIT] = page.max_push_bytes
        if page.changes or page.reset or page.cursor != cursor or facts:
            with store.transaction() as session:
                report.pulled += apply_page(session, page)
                for key, value in facts.items():
                    put_setting(session, key, value)
        if not page.more:
            break
    with store.transaction() as session:  # paused by pages bringing a whole directory
        search_index.resume(session)


def _remember(store: Store, key: str, value: object) -> None:
    with store.transaction() as session:
        put_setting(session, key, value)
