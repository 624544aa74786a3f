"""The shipped default directory on the hub: the same records, ids and version every PC
seeds for itself, so that the hub knows them before any PC edits one.

Seeded when the hub's schema is brought up to date (``upgrade_hub``): the entries the hub
has never held are inserted, a default deleted since (its tombstone is kept forever, see
``maintenance``) is not brought back, and a later release's new defaults are added. Their
field versions are empty: a PC's first edit of a default (base version 0) is an edit of
the copy everyone holds, never a conflict.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from frontdesk.contacts.defaults import DEFAULT_SITE, default_records
from frontdesk.hub.changes import next_change_id
from frontdesk.hub.models import Record
from frontdesk.store.outbox import record_payload


def seed_hub_defaults(session: Session) -> int:
    """Insert the default entries the hub lacks (live or deleted); returns how many."""
    records = default_records()
    found = session.execute(
        select(Record.entity, Record.id, Record.deleted, Record.version, Record.echo_device).where(
            Record.entity.in_(("structure", "service")),
            Record.id.in_([record.id for record in records]),
        )
    ).all()
    # a hub of an earlier version turned a counter PC's proposal on a default it did not
    # hold into a tombstone (version 1, sent to every device, echo to none): not a
    # deletion anybody made, so the default comes back; a superviseur's deletion of a
    # default is kept (its tombstone is the deleting device's echo)
    mistaken = [(row.entity, row.id) for row in found
                if row.deleted and row.version == 1 and row.echo_device is None]  # fmt: skip
    for entity, record_id in mistaken:
        session.execute(delete(Record).where(Record.entity == entity, Record.id == record_id))
    held = {(row.entity, row.id) for row in found} - set(mistaken)
    new = [r for r in records if (r.__tablename__, r.id) not in held]
    if not new:
        return 0
    last = next_change_id(session, len(new))
    rows = [
        {
            "entity": record.__tablename__,
            "id": record.id,
            "site_id": DEFAULT_SITE,
            "version": 1,
            "payload": record_payload(record),
            "field_versions": {},
            "deleted": False,
            "change_id": last - len(new) + 1 + offset,
        }
        for offset, record in enumerate(new)
    ]
    session.connection().execute(insert(Record.__table__), rows)
    return len(new)
