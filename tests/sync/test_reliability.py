"""Reliability of the sync (issue 6, « Reliability tests »), through the real client and a
real hub on loopback, on SQLite and on PostgreSQL: lost replies, concurrent copies of a
push, sequence gaps, a client clock moved, concurrent directory edits, a device offline
past the tombstone horizon, requests outside a device's rights. The client killed while
pushing or pulling is in ``test_reliability_kill.py``."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

import frontdesk.store.base
from frontdesk.contacts.defaults import default_directory, default_id, seed_default_directory
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.device import get_setting, put_setting
from frontdesk.hub import admin
from frontdesk.hub.db import HubStore, upgrade_hub
from frontdesk.hub.maintenance import MaintenanceError, default_directory_ids, purge_tombstones
from frontdesk.hub.models import (
    Conflict,
    Counter,
    Device,
    Enrollment,
    IdempotentReply,
    Record,
    Rejection,
)
from frontdesk.hub.pull import pull_changes
from frontdesk.hub.push import apply_push
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.sync import run
from frontdesk.sync.apply import CURSOR_SETTING
from frontdesk.sync.batch import OutboxBatch, read_batch
from frontdesk.sync.client import HubClient, HubRefused, HubUnavailable, batch_key
from frontdesk.sync.entities import DIRECTORY, MODELS
from frontdesk.sync.models import SyncIssue
from frontdesk.sync.protocol import PROTOCOL_VERSION, Mutation
from frontdesk.sync.run import DEVICE, TOKEN, enroll_device, is_enrolled, sync_once
from frontdesk.visits.models import Visit
from frontdesk.visits.record import VisitInput, save_visit, void_visit
from tests.hub.conftest import DEFAULT_IDS, SEEDED, _create_database
from tests.sync.conftest import RunningHub
from tests.sync.payloads import full_payload
from tests.sync.proxy import FaultyProxy

SITES = {0: "moreuil", 1: "roye"}


# -- helpers shared with test_reliability_kill.py ------------------------------------------


def enrolled(hub: RunningHub, make_device: Callable[..., Store], name: str, site: int) -> Store:
    store = make_device(name, site)
    enroll_device(store, hub.url, hub.code(SITES[site]), f"PC {name}")
    return store


def save_visits(store: Store, count: int, day: int = 7) -> list[uuid.UUID]:
    with store.transaction() as session:
        return [
            save_visit(
                session,
                VisitInput(
                    started_at=datetime(2026, 4, day, 8 + n % 10, n % 60, tzinfo=UTC),
                    channel="guichet",
                    journeys=("declarer-revenus",),
                    outcome="resolu",
                ),
                store.profile.id,
            )
            for n in range(count)
        ]


def setting(store: Store, key: str) -> Any:
    with store.session() as session:
        return get_setting(session, key)


def outbox_seqs(store: Store) -> list[int]:
    with store.session() as session:
        return list(session.scalars(select(Outbox.seq).order_by(Outbox.seq)))


def local_ids(store: Store, model: Any) -> set[uuid.UUID]:
    with store.session() as session:
        return set(session.scalars(select(model.id)))


def hub_ids(hub: RunningHub, entity: str = "visit", *, deleted: bool = False) -> list[uuid.UUID]:
    """Every hub record of an entity (a list: a duplicate would show)."""
    with hub.store.transaction() as session:
        query = select(Record.id).where(Record.entity == entity, Record.deleted.is_(deleted))
        return list(session.scalars(query))


def hub_counter(hub: RunningHub) -> tuple[int, int]:
    with hub.store.transaction() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        return counter.value, counter.horizon


def hub_last_seq(hub: RunningHub, store: Store) -> int:
    with hub.store.transaction() as session:
        device = session.get(Device, uuid.UUID(setting(store, DEVICE)))
        assert device is not None
        return device.last_seq


def hub_snapshot(hub: RunningHub) -> dict[str, Any]:
    """Everything a refused request must leave as it was (not a device's last_seen_at)."""
    with hub.store.transaction() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        return {
            "records": sorted(
                (
                    r.entity,
                    str(r.id),
                    r.version,
                    r.deleted,
                    r.change_id,
                    r.site_id,
                    json.dumps(r.payload, sort_keys=True),
                )
                for r in session.scalars(select(Record))
            ),
            "counter": (counter.value, counter.horizon),
            "devices": sorted(
                (str(d.id), d.last_seq, d.revoked_at is not None, d.token_hash)
                for d in session.scalars(select(Device))
            ),
            "enrollments": sorted(
                (e.code_hash, e.used_at is not None) for e in session.scalars(select(Enrollment))
            ),
            "replies": sorted(
                (str(r.device_id), r.key) for r in session.scalars(select(IdempotentReply))
            ),
            "conflicts": session.scalar(select(func.count()).select_from(Conflict)),
            "rejections": session.scalar(select(func.count()).select_from(Rejection)),
        }


def hub_copy(hub: RunningHub, store: Store) -> set[tuple[str, uuid.UUID, int]]:
    """(entity, id, version) of the live records this device may read, default
    directory aside (every PC seeds it itself)."""
    site, kind = setting(store, "site_id"), setting(store, run.KIND)
    defaults = default_directory_ids()
    with hub.store.transaction() as session:
        rows = session.execute(
            select(Record.entity, Record.id, Record.version, Record.site_id).where(
                Record.deleted.is_(False)
            )
        ).all()
    return {
        (entity, record_id, version)
        for entity, record_id, version, owner in rows
        if (kind == "tuteur" or entity in DIRECTORY or owner == site) and record_id not in defaults
    }


def local_copy(store: Store) -> set[tuple[str, uuid.UUID, int]]:
    defaults = default_directory_ids()
    found = set()
    with store.session() as session:
        for entity, model in MODELS.items():
            for record_id, version in session.execute(select(model.id, model.version)):
                if record_id not in defaults:
                    found.add((entity, record_id, version))
    return found


def quick_client(url: str, token: str | None = None) -> HubClient:
    """The real client, its retries with no back-off (the tests need no pauses)."""
    client = HubClient(url, token, retries=3)
    for adapter in client.session.adapters.values():
        adapter.max_retries.backoff_factor = 0  # type: ignore[attr-defined]
        adapter.max_retries.backoff_jitter = 0  # type: ignore[attr-defined]
    return client


def raw_push(hub: RunningHub, store: Store, mutations: list[Mutation]) -> requests.Response:
    body = {
        "protocol": PROTOCOL_VERSION,
        "mutations": [m.model_dump(mode="json") for m in mutations],
    }
    headers = {
        "Authorization": f"Bearer {setting(store, TOKEN)}",
        "Idempotency-Key": f'"{uuid.uuid4()}"',
    }
    return requests.post(f"{hub.url}/v1/push", json=body, headers=headers, timeout=10)


def outbox_batch(store: Store) -> OutboxBatch:
    with store.session() as session:
        batch = read_batch(session, 0, size=10_000)
    assert batch is not None
    return batch


def outbox_mutations(store: Store) -> dict[int, Mutation]:
    return {m.seq: m for m in outbox_batch(store).mutations()}


def new_contact(store: Store, **fields: Any) -> uuid.UUID:
    with store.transaction() as session:
        structure = Structure(
            di_id=f"frontdesk--test-{uuid.uuid4().hex[:8]}",
            nom="CCAS de test",
            source="frontdesk",
            date_maj=date(2026, 11, 1),
        )
        session.add(structure)
        session.flush()
        contact = DirectContact(
            structure_id=structure.id, name="Accueil", date_maj=date(2026, 11, 1), **fields
        )
        session.add(contact)
        session.flush()
        return contact.id


def edit_contact(store: Store, contact_id: uuid.UUID, **fields: Any) -> None:
    with store.transaction() as session:
        contact = session.get(DirectContact, contact_id)
        assert contact is not None
        for key, value in fields.items():
            setattr(contact, key, value)


def delete_record(store: Store, model: Any, record_id: uuid.UUID) -> None:
    with store.transaction() as session:
        session.delete(session.get(model, record_id))


def seed_defaults(store: Store) -> None:
    with store.transaction() as session:
        assert seed_default_directory(session) > 0


def issues(store: Store) -> list[tuple[str, uuid.UUID]]:
    with store.session() as session:
        return [(i.kind, i.record_id) for i in session.scalars(select(SyncIssue))]


# -- 2. lost and cut push replies ------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lost_push_replies_create_no_duplicate(
    hub: RunningHub, make_device: Callable[..., Store], monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    device = enrolled(hub, make_device, "a", 0)
    proxy = FaultyProxy(hub.port, seed, fault_rate=0.5).start()
    monkeypatch.setattr(run, "MAX_PUSH_MUTATIONS", 3)  # many batches, many replies to lose
    with device.transaction() as session:
        put_setting(session, run.URL, proxy.url)
    ids = save_visits(device, 20)

    def sync_until_done() -> int:
        for failures in range(50):
            try:
                sync_once(device, quick_client)
                return failures
            except HubUnavailable:
                continue
        raise AssertionError(f"never synced through the proxy: {proxy.fates}")

    try:
        sync_until_done()
        with device.transaction() as session:
            for visit_id in ids[:4]:  # updates too
                void_visit(session, visit_id, "erreur de saisie")
        sync_until_done()
    finally:
        proxy.stop()
    lost = proxy.fates["drop-reply"] + proxy.fates["cut-reply"] + proxy.fates["reset-reply"]
    assert lost >= 2, proxy.fates  # replies were lost after the hub committed
    assert outbox_seqs(device) == []
    assert sorted(hub_ids(hub)) == sorted(ids)
    assert hub_counter(hub)[0] == SEEDED + 24  # 20 creates and 4 voids, each applied once
    assert hub_last_seq(hub, device) == 24
    with hub.store.transaction() as session:
        voided = [r for r in session.scalars(select(Record)) if r.payload.get("voided_at")]
        assert sorted(r.id for r in voided) == sorted(ids[:4])
        assert {r.version for r in voided} == {2}


# -- 3. the same batch five times at once -----------------------------------------------------


@pytest.mark.parametrize("same_key", [True, False], ids=["same-key", "other-keys"])
def test_the_same_batch_sent_five_times_at_once_is_applied_once(
    hub: RunningHub, make_device: Callable[..., Store], same_key: bool
) -> None:
    device = enrolled(hub, make_device, "a", 0)
    ids = save_visits(device, 4)
    batch = outbox_batch(device)
    token, device_id = setting(device, TOKEN), setting(device, DEVICE)
    barrier = threading.Barrier(5)

    def send(copy: int) -> Any:
        client = HubClient(hub.url, token, retries=0)
        key = batch_key(device_id, 1, 4) + ("" if same_key else f".copie{copy}")
        try:
            barrier.wait(10)
            return client.push(batch, key)
        finally:
            client.close()

    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(send, range(5)))
    assert {answer.last_seq for answer in answers} == {4}
    statuses = sorted(tuple(r.status for r in answer.results) for answer in answers)
    if same_key:  # the first answer, replayed
        assert statuses == [("applied",) * 4] * 5
    else:
        assert statuses == [("applied",) * 4] + [("skipped",) * 4] * 4
    assert sorted(hub_ids(hub)) == sorted(ids)
    assert hub_counter(hub)[0] == SEEDED + 4 and hub_last_seq(hub, device) == 4
    assert len(hub_snapshot(hub)["replies"]) == (1 if same_key else 5)
    # the device itself sends the batch once more (it never saw those answers): harmless
    report = sync_once(device)
    assert outbox_seqs(device) == [] and hub_counter(hub)[0] == SEEDED + 4
    assert report.pushed == (4 if same_key else 0)


# -- 4. gaps and disorder in seq ----------------------------------------------------------


def test_a_gap_or_an_out_of_order_seq_is_refused_and_changes_nothing(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    device = enrolled(hub, make_device, "a", 0)
    save_visits(device, 5)
    rows = outbox_mutations(device)
    before = hub_snapshot(hub)
    for seqs in ([2, 3], [1, 3], [2, 1], [1, 1], [1, 2, 4]):
        answer = raw_push(hub, device, [rows[s] for s in seqs])
        assert answer.status_code == 409, (seqs, answer.text)
        assert answer.json()["code"] == "trou-de-sequence"
        assert hub_snapshot(hub) == before, seqs
    assert raw_push(hub, device, [rows[1], rows[2]]).status_code == 200
    middle = hub_snapshot(hub)
    assert len(middle["records"]) == SEEDED + 2
    for seqs in ([4], [4, 5], [3, 5], [5, 4], [2, 4]):
        answer = raw_push(hub, device, [rows[s] for s in seqs])
        assert answer.status_code == 409, (seqs, answer.text)
        assert hub_snapshot(hub) == middle, seqs
    # through the client: a device whose outbox lost a row is told, and keeps the rest
    with device.transaction() as session:
        session.execute(delete(Outbox).where(Outbox.seq == 3))
    with pytest.raises(HubRefused, match="n° 4 reçue, n° 3 attendue"):
        sync_once(device)
    assert outbox_seqs(device) == [1, 2, 4, 5]
    assert hub_snapshot(hub) == middle


# -- 6 and 7. clocks and concurrent directory edits --------------------------------------------


class _ClockShift:
    """Moves ``frontdesk.store.base.utcnow`` (every timestamp the client writes) for the
    test's own thread only: the hub, served from other threads, keeps the real time."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.days = 0
        owner = threading.get_ident()
        shift = self

        class ShiftedDatetime(datetime):
            @classmethod
            def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
                real = datetime.now(tz)
                if threading.get_ident() == owner:
                    return real + timedelta(days=shift.days)
                return real

        monkeypatch.setattr(frontdesk.store.base, "datetime", ShiftedDatetime)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _ClockShift:
    return _ClockShift(monkeypatch)


@pytest.mark.parametrize(
    ("first_days", "second_days"), [(0, 0), (3, -3), (-3, 3)], ids=["same", "ahead", "behind"]
)
def test_a_moved_client_clock_changes_no_merge(
    hub: RunningHub,
    make_device: Callable[..., Store],
    clock: _ClockShift,
    first_days: int,
    second_days: int,
) -> None:
    """Both devices edit one contact offline: different fields both survive, the same
    field keeps the hub's value (the first to arrive) with a conflict on record, whatever
    the devices' clocks say."""
    first, second = enrolled(hub, make_device, "a", 0), enrolled(hub, make_device, "b", 1)
    clock.days = first_days
    contact = new_contact(first, role="standard")
    sync_once(first)
    clock.days = second_days
    sync_once(second)
    clock.days = first_days
    edit_contact(first, contact, role="accueil du matin", telephone="03 22 00 00 01")
    clock.days = second_days
    edit_contact(second, contact, role="accueil du soir", courriel="roye@example.fr")
    clock.days = first_days
    sync_once(first)
    clock.days = second_days
    assert sync_once(second).conflicts == 1
    clock.days = first_days
    sync_once(first)
    clock.days = 0
    expected = ("accueil du matin", "03 22 00 00 01", "roye@example.fr")
    with hub.store.transaction() as session:
        record = session.get(Record, ("direct_contact", contact))
        assert record is not None
        assert (
            record.payload["role"],
            record.payload["telephone"],
            record.payload["courriel"],
        ) == expected
        conflicts = session.scalars(select(Conflict)).all()
        assert [(c.field, c.hub_value, c.device_value, str(c.device_id)) for c in conflicts] == [
            ("role", "accueil du matin", "accueil du soir", setting(second, DEVICE))
        ]
        version = record.version
    for device in (first, second):
        with device.session() as session:
            mine = session.get(DirectContact, contact)
            assert mine is not None
            assert (mine.role, mine.telephone, mine.courriel, mine.version) == (*expected, version)
    assert issues(second) == [("conflict", contact)] and issues(first) == []


@pytest.mark.parametrize("delete_first", [True, False], ids=["delete-first", "edit-first"])
def test_edit_versus_delete_stays_deleted_with_a_conflict(
    hub: RunningHub, make_device: Callable[..., Store], delete_first: bool
) -> None:
    deleter, editor = enrolled(hub, make_device, "a", 0), enrolled(hub, make_device, "b", 1)
    contact = new_contact(deleter)
    sync_once(deleter)
    sync_once(editor)
    delete_record(deleter, DirectContact, contact)
    edit_contact(editor, contact, name="Accueil général")
    order = (deleter, editor, deleter) if delete_first else (editor, deleter, editor)
    for device in order:
        sync_once(device)
    with hub.store.transaction() as session:
        record = session.get(Record, ("direct_contact", contact))
        assert record is not None and record.deleted
        conflicts = session.scalars(select(Conflict)).all()
        assert [(c.field, c.record_id) for c in conflicts] == [("*", contact)]
    for device in (deleter, editor):
        assert contact not in local_ids(device, DirectContact)
    told = editor if delete_first else deleter  # the device whose change met the other one
    assert issues(told) == [("conflict", contact)]


# -- 8. offline past the tombstone horizon ----------------------------------------------------


def test_a_device_offline_past_the_tombstone_horizon_is_reset(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    stale, other = enrolled(hub, make_device, "a", 0), enrolled(hub, make_device, "b", 1)
    for device in (stale, other):
        seed_defaults(device)  # as the app does at start
    kept, gone, edited = (new_contact(other, role=f"r{n}") for n in range(3))
    default_service = default_id(default_directory().services[0].di_id)
    sync_once(other)
    sync_once(stale)
    assert {kept, gone, edited} <= local_ids(stale, DirectContact)
    # the stale device works offline: visits, and an edit of a contact deleted meanwhile
    visits = save_visits(stale, 3)
    edit_contact(stale, edited, telephone="03 22 99 99 99")
    for record_id in (gone, edited):
        delete_record(other, DirectContact, record_id)
    delete_record(other, Service, default_service)
    sync_once(other)
    value, _ = hub_counter(hub)
    with hub.store.transaction() as session, pytest.raises(MaintenanceError):
        purge_tombstones(session, value + 1)
    with hub.store.transaction() as session:
        assert purge_tombstones(session, value) == 2  # the default service's is kept
    assert hub_counter(hub) == (value, value)
    assert hub_ids(hub, "direct_contact", deleted=True) == []
    assert hub_ids(hub, "service", deleted=True) == [default_service]

    cursor = setting(stale, CURSOR_SETTING)
    assert 0 < cursor < value  # below the horizon: the next pull is a reset
    report = sync_once(stale)
    assert report.conflicts == 1 and issues(stale) == [("conflict", edited)]
    assert outbox_seqs(stale) == []
    assert sorted(hub_ids(hub)) == sorted(visits)  # its outbox still reached the hub
    assert hub_ids(hub, "direct_contact", deleted=False) == [kept]  # the edit resurrects nothing
    assert local_ids(stale, DirectContact) == {kept}
    assert default_service not in local_ids(stale, Service)  # seeded again, deleted again
    assert local_copy(stale) == hub_copy(hub, stale)
    # a PC enrolled after the purge learns of the deleted default entry too
    late = make_device("c", 0)
    seed_defaults(late)
    enroll_device(late, hub.url, hub.code("moreuil"), "PC c")
    sync_once(late)
    assert default_service not in local_ids(late, Service)
    assert local_copy(late) == hub_copy(hub, late)


@pytest.fixture
def postgres_hub_store(postgres: Any, postgres_template: str) -> Iterator[HubStore]:
    name = f"hub_{uuid.uuid4().hex[:12]}"
    _create_database(postgres, name, postgres_template)
    store = HubStore(postgres.url(name))
    upgrade_hub(store.engine)
    with store.transaction() as session:
        admin.create_site(session, "moreuil", "France Services de Moreuil")
    yield store
    store.close()


def test_a_purge_during_a_pull_still_resets_the_device(postgres_hub_store: HubStore) -> None:
    """PostgreSQL reads each statement of a pull in its own snapshot: a purge committed
    between the counter read and the records read must not hand out a page without the
    tombstones it removed (and no reset). SQLite's single writer rules this out."""
    store = postgres_hub_store
    first, second = uuid.uuid4(), uuid.uuid4()

    def mutation(seq: int, record_id: uuid.UUID, op: str) -> Mutation:
        return Mutation(
            seq=seq,
            mutation_id=uuid.uuid4(),
            entity="direct_contact",
            record_id=record_id,
            op=op,  # type: ignore[arg-type]
            base_version=0 if op == "create" else 1,
            version=1 if op == "create" else 2,
            payload=(
                {"id": str(record_id)}
                if op == "delete"
                else full_payload("direct_contact", record_id, "moreuil")
            ),
        )

    with store.transaction() as session:
        code = admin.issue_enrollment(session, "site", "moreuil", directory_editor=True).code
        device, _ = admin.enroll(session, code, "PC")
        apply_push(
            session, device.id, [mutation(1, first, "create"), mutation(2, second, "create")]
        )
    with store.transaction() as session:
        cursor = hub_value(session)
        apply_push(session, device.id, [mutation(3, first, "delete")])  # after that cursor
    with store.transaction() as session:
        reader = session.get(Device, device.id)
        assert reader is not None
        statements = {"n": 0}

        def purge_meanwhile(*_args: Any) -> None:
            statements["n"] += 1
            if statements["n"] == 2:  # the counter was read, the records not yet
                with store.transaction() as other:
                    purge_tombstones(other, hub_value(other))

        connection = session.connection()
        event.listen(connection, "before_cursor_execute", purge_meanwhile)
        page = pull_changes(session, reader, cursor)
        event.remove(connection, "before_cursor_execute", purge_meanwhile)
    assert statements["n"] >= 2
    assert page.reset  # the device reloads: the contact it holds goes away
    assert [c.record_id for c in page.changes if str(c.record_id) not in DEFAULT_IDS] == [second]


def hub_value(session: Session) -> int:
    return session.scalar(select(Counter.value).where(Counter.id == 1)) or 0


# -- 10. outside a device's rights ------------------------------------------------------------


def test_writing_another_sites_data_is_refused_through_the_client(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    roye = enrolled(hub, make_device, "roye", 1)
    [theirs] = save_visits(roye, 1)
    sync_once(roye)
    before = hub_snapshot(hub)
    # a visit claiming the other site, next to a good one: the whole push is refused
    spoofer = enrolled(hub, make_device, "a", 0)
    save_visits(spoofer, 1)
    with spoofer.transaction() as session:
        session.add(
            Visit(
                site_id="roye",
                agent_id=spoofer.profile.id,
                started_at=datetime.now(UTC),
                ended_at=datetime.now(UTC),
                channel="guichet",
                journeys=["declarer-revenus"],
                thematiques=[],
                operators=[],
                publics={},
                orientations=[],
                outcome="resolu",
            )
        )
    with pytest.raises(HubRefused, match="autre site"):
        sync_once(spoofer)
    assert outbox_seqs(spoofer) == [1, 2]
    # the other site's visit, under its id: refused too
    overwriter = enrolled(hub, make_device, "b", 0)
    with overwriter.transaction() as session:
        session.add(
            Visit(
                id=theirs,
                agent_id=overwriter.profile.id,
                started_at=datetime.now(UTC),
                ended_at=datetime.now(UTC),
                channel="guichet",
                journeys=["declarer-revenus"],
                thematiques=[],
                operators=[],
                publics={},
                orientations=[],
                outcome="a-revoir",
            )
        )
    with pytest.raises(HubRefused, match="autre site"):
        sync_once(overwriter)
    # a tutor device writes reviews, never visits
    tutor = make_device("tuteur", 0)
    enroll_device(tutor, hub.url, hub.code(None), "PC Ddets")
    save_visits(tutor, 1)
    with pytest.raises(HubRefused, match="tuteur"):
        sync_once(tutor)
    after = hub_snapshot(hub)
    assert after["records"] == before["records"] and after["counter"] == before["counter"]
    assert after["replies"] == before["replies"]
    assert {seq for _, seq, _, _ in after["devices"]} == {1, 0}  # roye's 1, the others 0


def test_revoked_rotated_tokens_and_a_reused_code_change_nothing(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    revoked, rotated = enrolled(hub, make_device, "a", 0), enrolled(hub, make_device, "b", 0)
    for device in (revoked, rotated):
        save_visits(device, 2)
    sync_once(rotated)
    save_visits(rotated, 1)
    with hub.store.transaction() as session:
        admin.revoke_device(session, setting(revoked, DEVICE))
        admin.rotate_token(session, setting(rotated, DEVICE))
    before = hub_snapshot(hub)
    cursors = {name: setting(d, CURSOR_SETTING) for name, d in (("a", revoked), ("b", rotated))}
    for device in (revoked, rotated):
        with pytest.raises(HubRefused, match="Jeton refusé"):
            sync_once(device)
        headers = {"Authorization": f"Bearer {setting(device, TOKEN)}"}
        assert requests.get(f"{hub.url}/v1/pull", headers=headers, timeout=10).status_code == 401
        assert raw_push(hub, device, list(outbox_mutations(device).values())).status_code == 401
    assert outbox_seqs(revoked) == [1, 2] and outbox_seqs(rotated) == [3]
    assert setting(revoked, CURSOR_SETTING) == cursors["a"]
    assert setting(rotated, CURSOR_SETTING) == cursors["b"]
    # a code already spent enrols nobody
    code = hub.code("moreuil")
    enroll_device(make_device("c", 0), hub.url, code, "PC 3")
    middle = hub_snapshot(hub)
    latecomer = make_device("d", 0)
    with pytest.raises(HubRefused, match="déjà utilisé"):
        enroll_device(latecomer, hub.url, code, "PC 4")
    assert not is_enrolled(latecomer)
    assert hub_snapshot(hub) == middle
    assert before["records"] == middle["records"]
    assert len(middle["devices"]) == len(before["devices"]) + 1
