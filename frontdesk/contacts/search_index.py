"""The directory's full-text index (``directory_fts``) during bulk writes.

Triggers (migration 0004) keep the index current one row at a time: right for an edit,
costly for an import that writes thousands of entries (about 70 µs a row). Inside
``suspended_index`` the triggers and the index are dropped, and when the block ends
they are created again from the very SQL SQLite recorded for them, and the index
refilled in one statement from the view ``directory_fts_rows`` (migration 0005).
SQLite's DDL is transactional: if the caller's transaction rolls back, the triggers and
the index come back as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

INDEX = "directory_fts"
ROWS_VIEW = "directory_fts_rows"
# Rebuilding costs about a fifth of per-row upkeep for the whole directory: below this
# share of the directory written (and below BULK_MIN rows), the triggers are cheaper.
BULK_SHARE, BULK_MIN = 0.2, 500


def worth_suspending(rows_written: int, directory_size: int) -> bool:
    return rows_written >= max(BULK_MIN, BULK_SHARE * directory_size)


class _Definitions(NamedTuple):
    table: str  # the CREATE VIRTUAL TABLE statement
    triggers: dict[str, str]  # name: CREATE TRIGGER statement


def _definitions(session: Session) -> _Definitions:
    rows = session.execute(
        text(
            "SELECT type, name, sql FROM sqlite_master WHERE (type = 'table' AND name = :index)"
            " OR (type = 'trigger' AND tbl_name IN ('structure', 'service', 'direct_contact')"
            " AND sql LIKE '%' || :index || '%')"
        ),
        {"index": INDEX},
    ).all()
    table = [sql for kind, _name, sql in rows if kind == "table"]
    if len(table) != 1:
        raise RuntimeError(f"the search index {INDEX} is missing from this database")
    return _Definitions(table[0], {name: sql for kind, name, sql in rows if kind == "trigger"})


@contextmanager
def suspended_index(session: Session) -> Iterator[None]:
    """Write the directory in bulk in the block; the index is rebuilt once at the end."""
    definitions = _definitions(session)
    for name in definitions.triggers:
        session.execute(text(f"DROP TRIGGER {name}"))
    session.execute(text(f"DROP TABLE {INDEX}"))
    yield
    _refill(session, definitions)


def rebuild(session: Session) -> None:
    """Rebuild the index from the directory's rows (triggers left as they are)."""
    definitions = _definitions(session)
    session.execute(text(f"DROP TABLE {INDEX}"))
    _refill(session, definitions._replace(triggers={}))


def _refill(session: Session, definitions: _Definitions) -> None:
    session.execute(text(definitions.table))
    session.execute(
        text(f"INSERT INTO {INDEX} (kind, record_id, nom, body) SELECT * FROM {ROWS_VIEW}")
    )
    for sql in definitions.triggers.values():
        session.execute(text(sql))
    log.info("directory search index rebuilt")
