"""Hub upkeep: purging old tombstones; a new history after a restore from a backup.

A tombstone tells devices that a record was deleted; once every device has pulled past
it, it only takes room. ``purge_tombstones`` deletes the tombstones up to a change id and
raises the counter's horizon to it: a device whose cursor is below the horizon may have
missed one of them, so its next pull is a ``reset`` (it reloads everything, keeping its
outbox) and nothing deleted comes back. So is the reload of a device that found the hub
restored from a backup, when the hub's history it held (its recorded cursor) stops below
the horizon: a reload that keeps what it holds would keep what was deleted.

The tombstones of the default directory are kept forever: every PC seeds those entries
itself (same ids everywhere), and only their tombstone tells a PC that reloads, or a new
one, that they were deleted.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from frontdesk.hub.models import Counter, Device, IdempotentReply, Record
from frontdesk.store.base import utcnow

log = logging.getLogger(__name__)


class MaintenanceError(ValueError):
    """Refused (French message)."""


@cache
def default_directory_ids() -> frozenset[uuid.UUID]:
    """The ids every PC gives the entries of the default directory."""
    from frontdesk.contacts.defaults import default_directory, default_id

    directory = default_directory()
    return frozenset(
        default_id(spec.di_id) for spec in (*directory.structures, *directory.services)
    )


def purge_tombstones(session: Session, keep_after_change_id: int) -> int:
    """Delete the tombstones whose ``change_id`` is at most ``keep_after_change_id`` (but
    the default directory's) and raise the horizon to it; returns how many were deleted.

    The counter row is locked first (as every write transaction does when it bumps it), so
    no transaction still running can commit a change below the new horizon."""
    counter = session.execute(select(Counter).where(Counter.id == 1).with_for_update()).scalar_one()
    if keep_after_change_id < 0 or keep_after_change_id > counter.value:
        raise MaintenanceError(
            f"Numéro de modification {keep_after_change_id} invalide : il doit être compris"
            f" entre 0 et {counter.value} (dernière modification du hub)."
        )
    if keep_after_change_id > counter.horizon:
        session.execute(update(Counter).where(Counter.id == 1).values(horizon=keep_after_change_id))
    defaults = default_directory_ids()
    purging = delete(Record).where(
        Record.deleted.is_(True),
        Record.change_id <= keep_after_change_id,
        ~(Record.entity.in_(("structure", "service")) & Record.id.in_(defaults)),
    )
    purged = cast(CursorResult[Any], session.execute(purging)).rowcount
    session.expire_all()
    return purged or 0


REPLY_LIFETIME = timedelta(hours=24)  # how long a push's answer is replayed by its key


def safe_horizon(session: Session, active_days: int) -> int:
    """The highest change id every device seen in the last ``active_days`` days has
    already pulled past: purging up to it resets none of them (a device silent for
    longer gets a reset, and keeps its outbox)."""
    counter = session.execute(select(Counter.value).where(Counter.id == 1)).scalar_one()
    since = utcnow() - timedelta(days=active_days)
    lowest = session.scalar(
        select(func.min(Device.last_cursor)).where(
            Device.revoked_at.is_(None), Device.last_seen_at >= since
        )
    )
    return counter if lowest is None else min(lowest, counter)


def purge_replies(session: Session, now: datetime | None = None) -> int:
    """Forget the push answers kept for their Idempotency-Key for more than 24 h (a
    repeated push is still harmless: its seqs are skipped)."""
    limit = (now or utcnow()) - REPLY_LIFETIME
    deleted = session.execute(delete(IdempotentReply).where(IdempotentReply.created_at < limit))
    return cast(CursorResult[Any], deleted).rowcount or 0


def routine_upkeep(session: Session, active_days: int = 90) -> tuple[int, int, int]:
    """Tombstones up to the safe horizon and expired replies; (horizon, tombstones, replies)."""
    horizon = safe_horizon(session, active_days)
    return horizon, purge_tombstones(session, horizon), purge_replies(session)


EPOCH_QUIET = timedelta(hours=1)  # a restore found by several devices renames history once


def restored(session: Session, now: datetime | None = None) -> str:
    """Declare the database restored from a backup: a new epoch, so that every device
    sends back what the hub lost (its acknowledged changes the hub no longer holds) and
    reloads without deleting anything, unless tombstones it may lack were purged (its
    recorded cursor, the backup's, is below the horizon): then its reload is a reset,
    which keeps what it sends back (``frontdesk.hub.pull``). Returns the new epoch."""
    from frontdesk.hub.db import new_epoch

    counter = session.execute(select(Counter).where(Counter.id == 1).with_for_update()).scalar_one()
    counter.epoch, counter.epoch_at = new_epoch(), now or utcnow()
    session.flush()
    return counter.epoch


def lost_history(session: Session, device_id: uuid.UUID, acked: int) -> None:
    """A device holds acknowledgements of seqs the hub no longer has: the hub was restored
    without being declared so. Rename its history (once an hour at most: every device
    that pushed after the backup finds it).

    Until now the devices pulled with cursors of the lost history, and the hub recorded
    them: no device's recorded cursor says how much of this history it holds any more.
    They go back to 0: a device reloading gets a reset if any tombstone was purged (it
    cannot tell which of its records were deleted), and the routine purge waits until
    every active device has pulled again."""
    counter = session.execute(select(Counter).where(Counter.id == 1).with_for_update()).scalar_one()
    now = utcnow()
    if counter.epoch_at is not None and now - counter.epoch_at < EPOCH_QUIET:
        return
    log.warning(
        "device %s holds acknowledgements up to seq %d the hub lost: restored from a backup;"
        " new epoch", device_id, acked,
    )  # fmt: skip
    session.execute(update(Device).values(last_cursor=0))
    restored(session, now)
