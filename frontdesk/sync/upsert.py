"""Writing received rows in bulk: ``INSERT … ON CONFLICT DO UPDATE`` through the DB-API,
the values made ready by the columns' own bind processors."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from frontdesk.sync.entities import MODELS
from frontdesk.sync.models import SyncVersion


def upsert_rows(session: Session, entity: str, rows: list[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO UPDATE of many rows (keys: the first row's), values made
    ready by the columns' own bind processors: SQLAlchemy's per-row parameter handling
    cost more than SQLite's own work for a page of a thousand records."""
    if not rows:
        return
    connection = session.connection()
    keys = tuple(rows[0])
    sql, processors = _upsert_plan(entity, keys, connection.dialect)
    prepared = [
        tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(processors, map(row.get, keys), strict=True)
        )
        for row in rows
    ]
    connection.exec_driver_sql(sql, prepared)


@cache
def _upsert_plan(entity: str, keys: tuple[str, ...], dialect: Any) -> tuple[str, list[Any]]:
    conflict: tuple[str, ...]
    if entity == "sync_version":
        model, conflict = SyncVersion, ("entity", "record_id")
    else:
        model, conflict = MODELS[entity], ("id",)
    columns = [model.__table__.c[key] for key in keys]
    names = [f'"{column.name}"' for column in columns]
    updates = [f"{n} = excluded.{n}" for n, k in zip(names, keys, strict=True) if k not in conflict]
    sql = (
        f'INSERT INTO "{model.__tablename__}" ({", ".join(names)})'
        f" VALUES ({', '.join('?' * len(names))})"
        f" ON CONFLICT ({', '.join(conflict)})"
        + (f" DO UPDATE SET {', '.join(updates)}" if updates else " DO NOTHING")
    )
    return sql, [column.type.bind_processor(dialect) for column in columns]


def upsert_one(session: Session, model: Any, row: dict[str, Any], keys: Iterable[str]) -> None:
    statement = insert(model).values(**row)
    updates = {k: statement.excluded[k] for k in row if k not in keys}
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_=updates)
    session.execute(statement)
