"""Serving a device's pull: the changes after its cursor that it may read, one page at a
time, in change order, with tombstones.

The cursor is the hub counter's value (``hub_record.change_id``); it is handed out
inside write transactions that hold the counter row, so a page never skips a change
committed later with a smaller id. A cursor above the counter (another hub's, a restored
database) or below the tombstone horizon gets ``reset``: the device reloads everything.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from frontdesk.hub.models import Counter, Device, Record
from frontdesk.sync.protocol import DIRECTORY, MAX_PULL_CHANGES, Change, PullResponse


def readable(device: Device):  # -> SQL condition on Record
    """What a device may read: the directory, and its site's visits and their reviews
    and comments (a tutor device: every site's)."""
    if device.kind == "tuteur":
        return Record.entity.is_not(None)
    return or_(Record.entity.in_(DIRECTORY), Record.site_id == device.site_id)


def _counter(session: Session) -> tuple[int, int]:
    """The counter's value and horizon, read afresh (not from the session's identity map)."""
    value, horizon = session.execute(
        select(Counter.value, Counter.horizon).where(Counter.id == 1)
    ).one()
    return value, horizon


def pull_changes(
    session: Session, device: Device, cursor: int, limit: int = MAX_PULL_CHANGES
) -> PullResponse:
    value, horizon = _counter(session)
    # a cursor below the horizon is stale, unless it is this device's reset going on
    # (its pages carry change ids below the horizon): ``reset_horizon`` says which
    resetting = session.scalar(select(Device.reset_horizon).where(Device.id == device.id))
    reset = cursor > value or (0 < cursor < horizon and resetting != horizon)
    start = 0 if reset else cursor
    query = select(Record).where(Record.change_id > start, readable(device))
    if not reset and resetting is None:  # a reload needs everything, its own writes too
        query = query.where(Record.echo_device.is_distinct_from(device.id))
    query = query.order_by(Record.change_id).limit(limit + 1)
    # tombstones travel in full loads too: a device may hold records the hub deleted
    # (the default directory each PC seeds for itself)
    rows = session.scalars(query).all()
    latest_horizon = _counter(session)[1]
    if not reset and 0 < cursor < latest_horizon and resetting != latest_horizon:
        # a tombstone purge committed between the two reads (PostgreSQL gives each
        # statement its own snapshot): the rows may lack a tombstone this device needs
        return pull_changes(session, device, cursor, limit)
    more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        Change(
            entity=row.entity,  # type: ignore[arg-type]
            record_id=row.id,
            site_id=row.site_id,
            version=row.version,
            deleted=row.deleted,
            payload=None if row.deleted else row.payload,
        )
        for row in rows
    ]
    # with no more rows, jump to the counter: the device need not re-read what it cannot see
    last = rows[-1].change_id if rows else start
    # a reload is on until its last page: its pages skip nothing (the device emptied its
    # tables, its own writes included) and their cursors may lie below the horizon
    in_reset = reset or resetting is not None
    serving = horizon if in_reset and more else None
    if serving != resetting:
        session.execute(update(Device).where(Device.id == device.id).values(reset_horizon=serving))
    return PullResponse(
        reset=reset, changes=changes, cursor=last if more else max(last, value), more=more
    )
