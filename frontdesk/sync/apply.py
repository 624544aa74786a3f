"""Applying what the hub sends to the local store, one page per transaction with the new
cursor, writing no outbox row (``replicating``).

- A record this device still has unsent changes for is left alone: the push that
  follows carries them, and the hub's merged record comes back with a later pull.
- A record whose parent has not arrived (a service before its structure: pages come in
  change order) waits in ``sync_parked`` and is written as soon as the parent is.
- A record this PC cannot apply (malformed, or refused by the database) is set aside in
  ``sync_parked`` with its reason and shown in Synchronisation; the page goes on with
  the rest, so one bad record never stops the sync (``RecordProblem``, savepoints).
- Visits keep the statistics counters right: the old state is taken out, the new one
  counted (``frontdesk.stats.tally``).
- ``reset``: the synced tables are emptied, except records with unsent changes; the
  outbox is kept; the anonymous counters are recounted from what remains.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, delete, func, select, true, tuple_
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from frontdesk.contacts import search_index
from frontdesk.contacts.defaults import SEEDED_SETTING, seed_default_directory
from frontdesk.device import put_setting
from frontdesk.stats import tally
from frontdesk.store.base import UTCDateTime
from frontdesk.store.models import Outbox
from frontdesk.sync.entities import INDEXED, LABELS, MODELS, ORDER, PARENTS
from frontdesk.sync.models import SyncIssue, SyncParked, SyncVersion
from frontdesk.sync.protocol import Change, PullResponse
from frontdesk.sync.records import RecordProblem, check_payload
from frontdesk.sync.upsert import upsert_one, upsert_rows
from frontdesk.visits.models import Visit

log = logging.getLogger(__name__)
CURSOR_SETTING = "sync_cursor"
CHUNK = 500  # ids per IN (…) list


def _converter(column: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes the column's Python value (None: it already is)."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if getattr(kind, "python_type", None) is uuid.UUID or kind.__class__.__name__ == "Uuid":
        return lambda v: uuid.UUID(str(v))
    return None


_COLUMNS: dict[str, frozenset[str]] = {
    entity: frozenset(c.key for c in model.__table__.c) for entity, model in MODELS.items()
}
_CONVERTERS: dict[str, dict[str, Callable[[Any], Any]]] = {
    entity: {c.key: f for c in model.__table__.c if (f := _converter(c)) is not None}
    for entity, model in MODELS.items()
}


def row_of(entity: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload (JSON) as column values; unknown keys (a newer hub) are left out."""
    columns, convert = _COLUMNS[entity], _CONVERTERS[entity]
    row = {key: value for key, value in payload.items() if key in columns}
    for key, make in convert.items():
        value = row.get(key)
        if value is not None:
            row[key] = make(value)
    return row


def _orphans(session: Session, entity: str, rows: list[dict[str, Any]]) -> set[uuid.UUID]:
    """The ids of ``rows`` whose parent is not in the store (one query per parent kind)."""
    orphans: set[uuid.UUID] = set()
    for field, parent in PARENTS[entity]:
        wanted = {row[field] for row in rows if row.get(field) is not None}
        model, present = MODELS[parent], set()
        listed = list(wanted)
        for start in range(0, len(listed), CHUNK):
            chunk = listed[start : start + CHUNK]
            present |= set(session.scalars(select(model.id).where(model.id.in_(chunk))))
        missing = wanted - present
        if missing:
            orphans |= {row["id"] for row in rows if row.get(field) in missing}
    return orphans


def pending(session: Session) -> set[tuple[str, uuid.UUID]]:
    return {
        (entity, record_id)
        for entity, record_id in session.execute(select(Outbox.entity, Outbox.record_id))
    }


def apply_page(session: Session, page: PullResponse) -> int:
    """Apply one page and store its cursor (caller's transaction); records written.

    Written in bulk, entity by entity, parents first (a page holds each record once)."""
    session.info["replicating"] = True
    if page.reset:
        reset_local(session)
    waiting = pending(session)
    upserts: dict[str, list[Change]] = {entity: [] for entity in ORDER}
    deletions: dict[str, list[Change]] = {entity: [] for entity in ORDER}
    for change in page.changes:
        if (change.entity, change.record_id) not in waiting:
            gone = change.deleted or change.payload is None
            (deletions if gone else upserts)[change.entity].append(change)
    indexed = sum(len(upserts[e]) + len(deletions[e]) for e in INDEXED)
    if indexed >= search_index.BULK_MIN and search_index.worth_suspending(
        indexed, _directory_size(session)
    ):  # a whole directory arriving: one rebuild when the pull ends
        search_index.pause(session)
    written = sum(_write_safely(session, entity, upserts[entity]) for entity in ORDER)
    for entity in reversed(ORDER):  # children first
        written += _delete_safely(session, entity, deletions[entity])
    written += _retry_parked(session)
    put_setting(session, CURSOR_SETTING, page.cursor)
    return written


def _directory_size(session: Session) -> int:
    return sum(
        session.scalar(select(func.count()).select_from(MODELS[entity])) or 0 for entity in INDEXED
    )


def _write_safely(session: Session, entity: str, changes: list[Change]) -> int:
    """Write what can be written: malformed records and those the database refuses are
    set aside (each alone in a savepoint once the bulk write has failed)."""
    fit = []
    for change in changes:
        try:
            check_payload(entity, change.record_id, change.payload or {}, strict_keys=False)
        except RecordProblem as problem:
            set_aside(session, change, str(problem))
        else:
            fit.append(change)
    return _each_in_savepoint(session, fit, lambda some: _write_many(session, entity, some))


def _delete_safely(session: Session, entity: str, changes: list[Change]) -> int:
    return _each_in_savepoint(session, changes, lambda some: _delete_many(session, entity, some))


TOLD = "sync_told"  # session.info: records whose problem the superviseur was told of
REFUSED = (IntegrityError, DataError, ValueError, TypeError)


def _each_in_savepoint(
    session: Session, changes: list[Change], write: Callable[[list[Change]], int]
) -> int:
    if not changes:
        return 0
    try:
        with session.begin_nested():
            return write(changes)
    except REFUSED:
        pass
    written = 0
    for change in changes:  # the bulk write failed: find the culprits, keep the rest
        try:
            with session.begin_nested():
                written += write([change])
        except REFUSED as exc:
            set_aside(session, change, _refusal(change, exc))
    return written


def _refusal(change: Change, exc: Exception) -> str:
    label = LABELS.get(change.entity, change.entity)
    if isinstance(exc, IntegrityError) and change.deleted:
        return (
            f"{label} {change.record_id} : suppression reçue, mise en attente, car d'autres"
            " fiches de ce poste en dépendent encore."
        )
    constraint = isinstance(exc, IntegrityError)
    detail = "contrainte de la base non respectée" if constraint else "invalide"
    return f"{label} {change.record_id} : enregistrement reçu refusé par ce poste ({detail})."


def set_aside(session: Session, change: Change, problem: str) -> None:
    """Keep a received record this PC cannot apply, with why; tell the superviseur once."""
    known = session.get(SyncParked, (change.entity, change.record_id))
    if known is not None and known.version > change.version:
        return  # a newer copy is already set aside
    told = session.info.get(TOLD, set())
    if (known is None or known.problem is None) and (change.entity, change.record_id) not in told:
        session.add(SyncIssue(kind="parked", entity=change.entity, record_id=change.record_id,
                              reason=problem))  # fmt: skip
        log.warning("received %s %s set aside: %s", change.entity, change.record_id, problem)
    upsert_one(session, SyncParked, {"entity": change.entity, "record_id": change.record_id,
                                  "version": change.version, "payload": change.payload or {},
                                  "problem": problem, "deleted": change.deleted},
            ("entity", "record_id"))  # fmt: skip


def _write_many(session: Session, entity: str, changes: list[Change]) -> int:
    if not changes:
        return 0
    rows = [row_of(entity, c.payload or {}) | {"version": c.version} for c in changes]
    orphans = _orphans(session, entity, rows)
    for change in changes:
        if change.record_id in orphans:
            upsert_one(session, SyncParked, {"entity": entity, "record_id": change.record_id,
                                          "version": change.version, "payload": change.payload,
                                          "problem": None, "deleted": False},
                    ("entity", "record_id"))  # fmt: skip
    rows = [row for row in rows if row["id"] not in orphans]
    if not rows:
        return 0
    ids = [row["id"] for row in rows]
    old = _counted_visits(session, ids) if entity == "visit" else {}
    upsert_rows(session, entity, rows)
    _forget_parked(session, entity, ids)
    upsert_rows(
        session,
        "sync_version",
        [{"entity": entity, "record_id": row["id"], "hub_version": row["version"]} for row in rows],
    )
    if entity == "visit":
        new = _counted_visits(session, ids)
        for visit_id in ids:
            _recount(session, old.get(visit_id), new.get(visit_id))
    return len(rows)


def _forget_parked(session: Session, entity: str, ids: list[uuid.UUID]) -> None:
    """A record written: an older copy set aside is obsolete."""
    if session.info.get("parked_empty"):
        return
    if session.scalar(select(SyncParked.entity).limit(1)) is None:
        session.info["parked_empty"] = True  # for this page: nothing parks meanwhile but
        return  # orphans and problems, which are never among the ids written
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(
            delete(SyncParked).where(SyncParked.entity == entity, SyncParked.record_id.in_(chunk))
        )


def _delete_many(session: Session, entity: str, changes: list[Change]) -> int:
    if not changes:
        return 0
    model, ids = MODELS[entity], [c.record_id for c in changes]
    old = _counted_visits(session, ids) if entity == "visit" else {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(model).where(model.id.in_(chunk)))
        for table in (SyncParked, SyncVersion):
            session.execute(delete(table).where(table.entity == entity, table.record_id.in_(chunk)))
    for row in old.values():
        _recount(session, row, None)
    return len(ids)


def _retry_parked(session: Session) -> int:
    """Write the parked records whose parent has arrived (the others stay parked)."""
    written = 0
    for entity in ORDER:  # parents first: a parked structure frees its parked services
        waiting = _unpark(session, entity, SyncParked.problem.is_(None))
        written += _write_safely(session, entity, waiting)  # re-parks the orphans
    return written


def has_set_aside(session: Session) -> bool:
    where = SyncParked.problem.is_not(None)
    return session.scalar(select(SyncParked.entity).where(where).limit(1)) is not None


def retry_set_aside(session: Session) -> int:
    """Try again the received records set aside with a problem (once per sync): an
    update of the application, or a parent arrived since, may make them fit."""
    if not has_set_aside(session):
        return 0
    session.info["replicating"] = True
    unsent = pending(session)  # as a page: the push that follows carries the local copy
    written = 0
    for entity in ORDER:
        waiting = _unpark(session, entity, SyncParked.problem.is_not(None))
        fit = [c for c in waiting if not c.deleted and (entity, c.record_id) not in unsent]
        written += _write_safely(session, entity, fit)
    for entity in reversed(ORDER):
        waiting = _unpark(session, entity, SyncParked.problem.is_not(None), deleted=True)
        fit = [c for c in waiting if (entity, c.record_id) not in unsent]
        written += _delete_safely(session, entity, fit)
    return written


def _unpark(session: Session, entity: str, which: Any, *, deleted: bool = False) -> list[Change]:
    """Take the parked records of ``entity`` that match ``which`` out, as changes."""
    where = (SyncParked.entity == entity, which, SyncParked.deleted.is_(deleted))
    parked = session.scalars(select(SyncParked).where(*where)).all()
    if not parked:
        return []
    session.execute(delete(SyncParked).where(*where))
    told = session.info.setdefault(TOLD, set())  # set aside again: the superviseur knows
    told.update((entity, p.record_id) for p in parked if p.problem is not None)
    return [
        Change(entity=entity, record_id=p.record_id, site_id=str(p.payload.get("site_id", "")),
               version=p.version, deleted=p.deleted, payload=None if p.deleted else p.payload)
        for p in parked
    ]  # fmt: skip


def _counted_visits(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    found: dict[uuid.UUID, Any] = {}
    for start in range(0, len(ids), CHUNK):
        query = select(Visit.id, *tally.COUNTED_COLUMNS).where(
            Visit.id.in_(ids[start : start + CHUNK])
        )
        found |= {row.id: row for row in session.execute(query)}
    return found


def _recount(session: Session, old: Any, new: Any) -> None:
    if old is not None and old.voided_at is None:
        tally.count_visit(session, old, -1)
    if new is not None and new.voided_at is None:
        tally.count_visit(session, new, 1)


def reset_local(session: Session) -> None:
    """Empty the synced tables but for records with unsent changes, and the records they
    hang on (a contact waiting to be sent keeps its structure); keep the outbox."""
    keep = pending(session)
    for entity in reversed(ORDER):  # children first: a kept contact keeps its service too
        kept = [record_id for kind, record_id in keep if kind == entity]
        for field, parent in PARENTS[entity]:
            column = MODELS[entity].__table__.c[field]
            for start in range(0, len(kept), CHUNK):
                found = session.execute(
                    select(column).where(
                        MODELS[entity].id.in_(kept[start : start + CHUNK]), column.is_not(None)
                    )
                )
                keep |= {(parent, parent_id) for (parent_id,) in found}
    for entity in reversed(ORDER):
        model = MODELS[entity]
        kept = [record_id for kind, record_id in keep if kind == entity]
        query = delete(model)
        if kept:
            query = query.where(model.id.not_in(kept))
        session.execute(query)
    session.execute(delete(SyncParked))
    session.execute(
        delete(SyncVersion).where(
            tuple_(SyncVersion.entity, SyncVersion.record_id).not_in(list(keep)) if keep else true()
        )
    )
    tally.rebuild_tally(session)
    # the default directory comes back as seeded; the hub's tombstones follow in the pages
    put_setting(session, SEEDED_SETTING, [])
    seed_default_directory(session)
