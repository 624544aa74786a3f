"""The records one push touches, and the change ids they get.

A push loads every record it names in one query per entity (``preload``), works on them
in memory, creates new ones as plain ``NewRecord`` objects, and when the batch is done
reserves all its change ids in ONE counter update (``stamp_changes``), inserting the new
records in one statement: the counter row, which orders every push, stays locked only
for that and the commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from frontdesk.hub.models import Counter, Record
from frontdesk.sync.entities import PARENTS, SITE_PARENT
from frontdesk.sync.protocol import Mutation


def next_change_id(session: Session, count: int = 1) -> int:
    """Bump the counter by ``count`` inside the caller's transaction (its row lock, held
    until commit, orders commits); the last id reserved."""
    counter = Counter.__table__  # Core: no ORM bookkeeping while the row is locked
    last: int = (
        session.connection()
        .execute(
            update(counter)
            .where(counter.c.id == 1)
            .values(value=counter.c.value + count)
            .returning(counter.c.value)
        )
        .scalar_one()
    )
    return last


KNOWN, TOUCHED = "hub_records", "hub_touched"  # session.info keys, for one push


@dataclass
class NewRecord:
    """A record the batch creates: plain attributes, written in one bulk INSERT when the
    batch ends (the ORM's unit of work costs more than the merge for 500 new visits)."""

    entity: str
    id: uuid.UUID
    site_id: str
    version: int
    payload: dict[str, Any]
    field_versions: dict[str, Any]
    deleted: bool = False
    parent_id: uuid.UUID | None = None
    echo_device: uuid.UUID | None = None
    change_id: int = 0


AnyRecord = Record | NewRecord


def preload(session: Session, mutations: list[Mutation]) -> None:
    """Load (and lock) every record the batch names, and the records they hang on (a
    review's visit, a service's structure…), in one query per entity: the mutations
    then run without SQL. Locking the parents too makes a deletion of the parent and a
    new child pushed at once by two devices wait for each other (``PARENTS``)."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for mutation in mutations:
        wanted.setdefault(mutation.entity, set()).add(mutation.record_id)
        for field, parent in PARENTS[mutation.entity]:
            raw = mutation.payload.get(field)
            try:
                found = uuid.UUID(str(raw)) if raw else None
            except ValueError:
                found = None  # malformed: refused by the record check
            if found is not None:
                wanted.setdefault(parent, set()).add(found)
    known: dict[tuple[str, uuid.UUID], AnyRecord | None] = {}
    for entity, ids in wanted.items():
        listed = list(ids)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            query = select(Record).where(Record.entity == entity, Record.id.in_(chunk))
            for record in session.scalars(query.with_for_update()):
                known[(entity, record.id)] = record
        known.update({(entity, i): None for i in ids if (entity, i) not in known})
    session.info[KNOWN], session.info[TOUCHED] = known, {}


def lookup(session: Session, entity: str, record_id: uuid.UUID) -> AnyRecord | None:
    known: dict[tuple[str, uuid.UUID], AnyRecord | None] | None = session.info.get(KNOWN)
    if known is not None and (entity, record_id) in known:
        return known[(entity, record_id)]
    return session.get(Record, (entity, record_id))


def touch(session: Session, record: AnyRecord, echo: uuid.UUID | None = None) -> None:
    """The record changed: it gets a change id when the batch ends (in touch order).
    ``echo``: the device that pushed it holds exactly this copy (its pulls skip it)."""
    record.echo_device = echo
    touched = session.info[TOUCHED]
    touched.pop((record.entity, record.id), None)
    touched[(record.entity, record.id)] = record
    session.info[KNOWN][(record.entity, record.id)] = record


def stamp_changes(session: Session) -> None:
    """Reserve the batch's change ids in ONE counter update, at the very end: the counter
    row stays locked only for the final flush and the commit."""
    touched = list(session.info.pop(TOUCHED, {}).values())
    session.info.pop(KNOWN, None)
    if not touched:
        return
    last = next_change_id(session, len(touched))
    for offset, record in enumerate(touched):
        record.change_id = last - len(touched) + 1 + offset
    created = [vars(r) for r in touched if isinstance(r, NewRecord)]
    if created:
        session.connection().execute(insert(Record.__table__), created)


def parent_id(mutation: Mutation) -> uuid.UUID | None:
    """The visit a review or a comment hangs on (its site is the visit's)."""
    field = SITE_PARENT.get(mutation.entity)
    raw = mutation.payload.get(field) if field else None
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None
