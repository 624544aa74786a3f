"""Queue every change of a synced record in the outbox, inside the same flush.

The listener runs in ``before_flush``: the outbox row is added to the very session
that writes the record, so both commit or roll back together. Records received from
the hub are written with ``session.info["replicating"] = True`` and queue nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from frontdesk.store.base import SyncedMixin, utcnow
from frontdesk.store.models import Outbox


class MissingIdentityError(RuntimeError):
    """A synced record was written before this device knew its site and device id."""


def json_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record_payload(record: SyncedMixin) -> dict[str, Any]:
    """The record's columns as JSON-ready values."""
    mapper = inspect(record).mapper
    return {attr.key: json_value(getattr(record, attr.key)) for attr in mapper.column_attrs}


def _changed_fields(record: SyncedMixin) -> list[str]:
    state = inspect(record)
    return sorted(
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in SyncedMixin.SYNC_BOOKKEEPING
        and state.attrs[attr.key].history.has_changes()
    )


def _apply_defaults(record: SyncedMixin) -> None:
    """Fill the columns left unset with their Python default now, not at INSERT time, so
    that the payload queued carries them (a hub or another PC has no such default)."""
    for column in inspect(record).mapper.columns:
        default = column.default
        if default is None or getattr(record, column.key, None) is not None:
            continue
        if default.is_scalar:
            setattr(record, column.key, default.arg)
        elif default.is_callable and column.key not in SyncedMixin.SYNC_BOOKKEEPING:
            setattr(record, column.key, default.arg(None))


def _stamp_new(session: Session, record: SyncedMixin) -> None:
    _apply_defaults(record)
    now = utcnow()
    record.id = record.id or uuid.uuid4()
    record.created_at = record.created_at or now
    record.updated_at = now
    record.version = 1
    if record.device_id is None or record.site_id is None:
        try:
            record.device_id = record.device_id or session.info["device_id"]
            record.site_id = record.site_id or session.info["site_id"]
        except KeyError as exc:
            raise MissingIdentityError(
                "synced record written before the device was set up"
            ) from exc


def _queue(session: Session, record: SyncedMixin, op: str, base: int, changed: list[str]) -> None:
    payload = {"id": str(record.id)} if op == "delete" else record_payload(record)
    session.add(
        Outbox(
            entity=record.__tablename__,
            record_id=record.id,
            op=op,
            base_version=base,
            version=base + 1,
            changed=changed,
            payload=payload,
            created_at=utcnow(),
        )
    )


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if session.info.get("replicating"):
        return
    for record in list(session.new):
        if isinstance(record, SyncedMixin):
            _stamp_new(session, record)
            _queue(session, record, "create", 0, _changed_fields(record))
    for record in list(session.dirty):
        if not isinstance(record, SyncedMixin):
            continue
        changed = _changed_fields(record)
        if not changed:
            continue
        base = inspect(record).attrs["version"].history.deleted or [record.version]
        record.version = base[0] + 1
        record.updated_at = utcnow()
        _queue(session, record, "update", base[0], changed)
    for record in list(session.deleted):
        if isinstance(record, SyncedMixin):
            _queue(session, record, "delete", record.version, [])


def install_outbox(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
