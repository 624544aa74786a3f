"""A hub restored from a backup: this PC sends back what the hub lost, and reloads
without deleting anything.

The hub acknowledges each outbox row by its ``seq``; an acknowledged row leaves the
outbox for ``sync_sent``, kept ``SENT_KEEP``. The PC remembers the last seq the hub
acknowledged (``ACKED``) and the hub's history (``EPOCH``). Every pull tells both back: a
hub holding fewer of this PC's seqs than it acknowledged, or another epoch, was restored
(the hub learns it from the first PC that finds it, and names a new epoch for the others;
its administrator may also declare it, ``frontdesk-hub admin restauration``).

Then, in one local transaction (``recover``), before any page is applied:

- the rows the hub lost go back into the outbox, with their seqs and mutation ids, in
  front of the rows not yet sent: the hub takes them as new, in order, visits and all;
- if some were forgotten already (a backup older than ``SENT_KEEP``), every record this
  PC wrote is queued again instead (visits first), numbered after what the hub holds;
- the cursor goes back to 0, marked as a reload (``RELOAD``): the next pull reloads
  everything the hub holds, deletes only what it says was deleted, and keeps whatever it
  lost; unless the hub purged tombstones this PC may lack (deleted records it would
  keep): then the hub makes it a reset, which keeps the outbox, hence what is sent back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, literal, select, text
from sqlalchemy.orm import Session

from frontdesk.device import get_setting, put_setting
from frontdesk.store.base import UTCDateTime, utcnow
from frontdesk.store.models import Outbox
from frontdesk.store.outbox import record_payload
from frontdesk.sync.apply import CURSOR_SETTING
from frontdesk.sync.entities import DIRECTORY, DIRECTORY_ENTRIES, MODELS, ORDER, TUTOR_WRITES
from frontdesk.sync.models import SyncSent

log = logging.getLogger(__name__)
ACKED, EPOCH, LOST = "sync_acked_seq", "sync_hub_epoch", "sync_hub_lost"
RELOAD = "sync_reload"  # the cursor 0 is a reload after a restore (until its first page)
SENT_KEEP = timedelta(days=45)
COPIED = ("seq", "mutation_id", "entity", "record_id", "op", "base_version", "version",
          "changed", "payload", "created_at")  # fmt: skip
# a site's own records (visits, their reviews and comments) before the shared directory
VISITS_FIRST = (*(e for e in ORDER if e not in DIRECTORY), *(e for e in ORDER if e in DIRECTORY))


def archive_acknowledged(session: Session, upto: int, now: datetime | None = None) -> None:
    """The outbox rows up to ``upto`` were acknowledged: keep them in ``sync_sent``
    (forgetting what is older than ``SENT_KEEP``) and remember the seq."""
    now = now or utcnow()
    rows = select(*(Outbox.__table__.c[c] for c in COPIED), literal(now, UTCDateTime()))
    session.execute(
        insert(SyncSent)
        .prefix_with("OR REPLACE")
        .from_select([*COPIED, "acked_at"], rows.where(Outbox.seq <= upto))
    )
    session.execute(delete(Outbox).where(Outbox.seq <= upto))
    session.execute(delete(SyncSent).where(SyncSent.acked_at < now - SENT_KEEP))
    if upto > int(get_setting(session, ACKED, 0) or 0):
        put_setting(session, ACKED, upto)


@dataclass(frozen=True)
class Held:
    """What this PC knows the hub held: the last seq it acknowledged, its history."""

    acked: int
    epoch: str | None

    @classmethod
    def read(cls, session: Session) -> Held:
        return cls(int(get_setting(session, ACKED, 0) or 0), get_setting(session, EPOCH) or None)

    def lost_by(self, hub_last_seq: int | None, epoch: str | None) -> bool:
        """The hub holds fewer of this PC's seqs than it acknowledged, or has another
        history."""
        if hub_last_seq is not None and hub_last_seq < self.acked:
            return True
        return bool(epoch and self.epoch and epoch != self.epoch)


@dataclass(frozen=True)
class Recovery:
    resent: int  # acknowledged rows sent again as they were
    requeued: int  # records queued again (some acknowledged rows were forgotten)


def recover(
    session: Session, hub_last_seq: int, epoch: str | None, *, proposes: bool, tutor: bool
) -> Recovery:
    """Make the outbox what the restored hub needs (see the module's docstring), in the
    caller's transaction. ``proposes``/``tutor``: what this PC may write (a counter PC's
    directory edits are proposals; a tutor's PC writes reviews and comments only)."""
    acked = int(get_setting(session, ACKED, 0) or 0)
    lost = range(hub_last_seq + 1, acked + 1)
    kept = set(session.scalars(select(SyncSent.seq).where(SyncSent.seq.in_(lost))))
    requeued = 0
    if len(kept) == len(lost):
        columns = [SyncSent.__table__.c[c] for c in COPIED]
        session.execute(
            insert(Outbox).from_select(list(COPIED), select(*columns).where(SyncSent.seq.in_(lost)))
        )
        session.execute(delete(SyncSent).where(SyncSent.seq.in_(lost)))
    else:  # forgotten already: everything this PC wrote, numbered after the hub's, and
        # before the rows not sent yet (a comment waits for its visit, an edit its record)
        before = session.scalar(select(func.max(Outbox.seq))) or 0
        requeued = _requeue_own(session, proposes=proposes, tutor=tutor)
        renumber_outbox(session, hub_last_seq + 1, first=lambda seq: seq > before)
    if hub_last_seq < acked:  # the next pull tells the hub, which tells every device
        put_setting(session, LOST, True)
    put_setting(session, ACKED, hub_last_seq)
    put_setting(session, CURSOR_SETTING, 0)  # reload, a reset only if tombstones were purged
    put_setting(session, RELOAD, True)
    if epoch:
        put_setting(session, EPOCH, epoch)
    log.warning(
        "hub restored from a backup: %d change(s) sent again, %d record(s) queued again",
        len(kept) if not requeued else 0, requeued,
    )  # fmt: skip
    return Recovery(resent=0 if requeued else len(kept), requeued=requeued)


def _requeue_own(session: Session, *, proposes: bool, tutor: bool) -> int:
    """Queue every record this PC wrote as a creation (the hub merges it with its copy,
    if it kept one), visits first."""
    device = session.info.get("device_id")
    queued = 0
    for entity in VISITS_FIRST:
        if (proposes and entity in DIRECTORY_ENTRIES) or (tutor and entity not in TUTOR_WRITES):
            continue
        model = MODELS[entity]
        for record in session.scalars(select(model).where(model.device_id == device)):
            session.add(
                Outbox(entity=entity, record_id=record.id, op="create", base_version=0,
                       version=record.version, changed=[], payload=record_payload(record),
                       created_at=utcnow())
            )  # fmt: skip
            queued += 1
    session.flush()
    return queued


def renumber_outbox(
    session: Session, start: int, first: Callable[[int], bool] = lambda _seq: False
) -> None:
    """Number the outbox rows ``start``, ``start + 1``… with no gap, as the hub requires,
    those whose seq ``first`` picks before the others, each in their order; the next row
    after them."""
    seqs = session.scalars(select(Outbox.seq).order_by(Outbox.seq)).all()
    kept = [seq for seq in seqs if first(seq)] + [seq for seq in seqs if not first(seq)]
    session.execute(text("UPDATE outbox SET seq = -seq"))  # no clash while renumbering
    if kept:
        session.execute(
            text("UPDATE outbox SET seq = :new WHERE seq = :old"),
            [{"new": rank, "old": -seq} for rank, seq in enumerate(kept, start=start)],
        )
    last = session.scalar(select(func.max(Outbox.seq)))
    session.execute(
        text("UPDATE sqlite_sequence SET seq = :last WHERE name = 'outbox'"),
        {"last": last if last is not None else start - 1},
    )
