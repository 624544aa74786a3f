"""Serving a device's pull: the changes after its cursor that it may read, one page at a
time, in change order, with tombstones.

The cursor is the hub counter's value (``hub_record.change_id``); it is handed out
inside write transactions that hold the counter row, so a page never skips a change
committed later with a smaller id. A cursor above the counter (another hub's, a restored
database) or below the tombstone horizon gets ``reset``: the device reloads everything.

A device that found the hub restored from a backup reloads from cursor 0 (``reload``),
keeping what it holds: the hub may have lost it, and its author sends it back. That
reload cannot tell it which of its records were deleted meanwhile if their tombstones
were purged since: then it is a ``reset`` too, as for a device behind the horizon. The
hub knows how far the device held its history by the cursor its row recorded
(``last_cursor``: the backup's, as the device's pulls from an older history are not
recorded); every purged tombstone at or below it, the device had.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Text, case, cast, select, true
from sqlalchemy.orm import Session

from frontdesk.hub.admin import digest, update_device
from frontdesk.hub.models import Counter, Device, Record
from frontdesk.sync.entities import DIRECTORY
from frontdesk.sync.protocol import (
    MAX_BODY_BYTES,
    MAX_PULL_CHANGES,
    PROTOCOL_VERSION,
    PullResponse,
)


def readable(device: Device) -> ColumnElement[bool]:  # a SQL condition on Record
    """What a device may read: the directory, and its site's visits and their reviews
    and comments (a tutor device: every site's). A CASE, not an OR: the database then
    reads in change order along the change index, every page and the empty pull of an
    idle device touching only the rows after the cursor (an OR over two indexes gathers
    the whole directory and sorts it every time)."""
    if device.kind == "tuteur":
        return Record.entity.is_not(None)
    return case((Record.entity.in_(DIRECTORY), True), else_=Record.site_id == device.site_id)


def _counter(connection: Connection) -> tuple[int, int]:
    """The counter's value and horizon, read afresh."""
    value, horizon = connection.execute(
        select(Counter.value, Counter.horizon).where(Counter.id == 1)
    ).one()
    return value, horizon


@dataclass(frozen=True)
class Page:
    text: str  # the JSON of a ``PullResponse``
    was_resetting: int | None  # the device's reset horizon before this page
    resetting: int | None  # … and after it


def pull_changes(
    session: Session,
    device: Device,
    cursor: int,
    limit: int = MAX_PULL_CHANGES,
    *,
    reload: bool = False,
) -> PullResponse:
    """Serve a page and record it, in the caller's transaction, as protocol objects
    (tests and tools; the API reads with ``serve_pull``, then records ``bookkeeping``)."""
    page = read_page(session.connection(), device, cursor, limit, reload=reload)
    if values := bookkeeping(device, page, cursor=None if reload else cursor):
        update_device(session, device.id, values)
    return PullResponse.model_validate_json(page.text)


def bookkeeping(
    device: Any, page: Page, *, cursor: int | None, seen: datetime | None = None
) -> dict[str, Any]:
    """What the device's row must record after a page (nothing, mostly): the cursor it
    holds (``None``: not now, or not a cursor of this hub's history: a reload after a
    restore, a device that has not found the restore yet), so that the tombstone purge
    never outruns an active device; its reset in progress; when it was last seen."""
    values: dict[str, Any] = {} if seen is None else {"last_seen_at": seen}
    if cursor is not None and cursor != device.last_cursor:
        values["last_cursor"] = cursor
    if page.resetting != page.was_resetting:
        values["reset_horizon"] = page.resetting
    return values


PAGE_COLUMNS = (
    Record.change_id,
    Record.entity,
    Record.id,
    Record.site_id,
    Record.version,
    Record.deleted,
    cast(Record.payload, Text).label("payload"),  # the stored JSON text, passed on as is
)


def read_page(
    connection: Connection,
    device: Any,
    cursor: int,
    limit: int = MAX_PULL_CHANGES,
    max_push_bytes: int = MAX_BODY_BYTES,
    *,
    reload: bool = False,
) -> Page:
    """The page after ``cursor``, as JSON text; reads only (``bookkeeping`` says what to write).
    Any transaction: the counter is read again after the rows (see below)."""
    # a cursor below the horizon is stale, unless it is this device's reset going on
    # (its pages carry change ids below the horizon): ``reset_horizon`` says which
    mine = Device.id == device.id
    its_reset = select(Device.reset_horizon).where(mine).scalar_subquery()
    its_seq = select(Device.last_seq).where(mine).scalar_subquery()
    its_cursor = select(Device.last_cursor).where(mine).scalar_subquery()
    found = connection.execute(
        select(Counter.value, Counter.horizon, its_reset, Counter.epoch, its_seq, its_cursor)
        .where(Counter.id == 1)
    ).one()  # fmt: skip
    value, horizon, resetting, epoch, last_seq, held = found
    state = PageState(value, horizon, resetting, epoch, last_seq, max_push_bytes, held or 0)
    return _page(connection, device, cursor, limit, state, snapshot=False, reload=reload)


class PageState(NamedTuple):
    """What a page is served from: the counter, the device's reset and seq, the limits."""

    value: int  # the counter
    horizon: int
    resetting: int | None  # the device's reset in progress
    epoch: str | None
    last_seq: int  # the last of the device's seqs the hub holds
    max_push_bytes: int
    held: int = 0  # the device's recorded cursor: it holds this hub's history up to it

    def stale(self, cursor: int, horizon: int, *, reload: bool) -> bool:
        """Tombstones this device may lack were purged (``horizon``: the latest read):
        a cursor below the horizon, but this device's reset going on, or a reload after
        a restore from a device that held less of this history than was purged."""
        if reload and cursor == 0:
            return horizon > self.held
        return 0 < cursor < horizon and self.resetting != horizon

    def facts(self) -> str:
        """The page's closing fields: what the device checks before applying it."""
        return (
            f',"hub_epoch":{json.dumps(self.epoch)},"last_seq":{int(self.last_seq)},'
            f'"max_push_bytes":{int(self.max_push_bytes)}'
        )


def serve_pull(
    connection: Connection,
    token: str,
    cursor: int,
    limit: int = MAX_PULL_CHANGES,
    max_push_bytes: int = MAX_BODY_BYTES,
    *,
    reload: bool = False,
) -> tuple[Any, Page] | None:
    """The API's pull, in a snapshot transaction (SQLite's deferred read, PostgreSQL's
    REPEATABLE READ): the device (by its token), the counter and the device's reset in
    one statement, the page in one more; None for an unknown or revoked token.
    ``reload``: the device reloads after finding the hub restored (see the module)."""
    devices = Device.__table__
    found = connection.execute(
        select(
            devices,
            Counter.value.label("counter_value"),
            Counter.horizon.label("horizon"),
            Counter.epoch.label("epoch"),
        )
        .select_from(devices.join(Counter.__table__, true()))
        .where(
            devices.c.token_hash == digest(token),
            devices.c.revoked_at.is_(None),
            Counter.id == 1,
        )
    ).one_or_none()
    if found is None:
        return None
    state = PageState(found.counter_value, found.horizon, found.reset_horizon, found.epoch,
                      found.last_seq, max_push_bytes, found.last_cursor)  # fmt: skip
    return found, _page(connection, found, cursor, limit, state, snapshot=True, reload=reload)


def _page(
    connection: Connection,
    device: Any,
    cursor: int,
    limit: int,
    state: PageState,
    *,
    snapshot: bool,
    reload: bool = False,
) -> Page:
    value, horizon, resetting = state.value, state.horizon, state.resetting
    reset = cursor > value or state.stale(cursor, horizon, reload=reload)
    start = 0 if reset else cursor
    query = select(*PAGE_COLUMNS).where(Record.change_id > start, readable(device))
    if not reset and resetting is None:  # a reload needs everything, its own writes too
        query = query.where(Record.echo_device.is_distinct_from(device.id))
    query = query.order_by(Record.change_id).limit(limit + 1)
    # tombstones travel in full loads too: a device may hold records the hub deleted
    # (the default directory each PC seeds for itself)
    rows = connection.execute(query).all()
    latest_horizon = horizon if snapshot else _counter(connection)[1]
    if not reset and state.stale(cursor, latest_horizon, reload=reload):
        # a tombstone purge committed between the two reads (PostgreSQL gives each
        # statement its own snapshot): the rows may lack a tombstone this device needs
        return read_page(connection, device, cursor, limit, state.max_push_bytes, reload=reload)
    more = len(rows) > limit
    rows = rows[:limit]
    # with no more rows, jump to the counter: the device need not re-read what it cannot see
    last = rows[-1].change_id if rows else start
    # a reload is on until its last page: its pages skip nothing (the device emptied its
    # tables, its own writes included) and their cursors may lie below the horizon
    in_reset = reset or resetting is not None
    changes = ",".join(_change_json(row) for row in rows)
    text = (
        f'{{"protocol":{PROTOCOL_VERSION},"reset":{_json_bool(reset)},"changes":[{changes}],'
        f'"cursor":{last if more else max(last, value)},"more":{_json_bool(more)}{state.facts()}}}'
    )
    return Page(text, resetting, horizon if in_reset and more else None)


def _json_bool(value: bool) -> str:
    return "true" if value else "false"


def _change_json(row: Any) -> str:
    """One ``Change``; the payload spliced in as stored (it is the JSON the device sent)."""
    return (
        f'{{"entity":{json.dumps(row.entity)},"record_id":"{row.id}",'
        f'"site_id":{json.dumps(row.site_id)},"version":{row.version},'
        f'"deleted":{_json_bool(row.deleted)},'
        f'"payload":{"null" if row.deleted else row.payload}}}'
    )
