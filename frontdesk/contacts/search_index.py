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

from sqlalchemy import delete, text
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


# -- across transactions: a pull of many pages --------------------------------------------

PAUSED_SETTING = "directory_index_paused"  # the triggers' SQL, kept while they are off


def pause(session: Session) -> None:
    """Stop the per-row upkeep until ``resume``: a sync receiving a whole directory writes
    it page by page, one transaction each, and one rebuild at the end costs far less than
    the triggers on every row. The index stays in place, searchable, only not current;
    the triggers' SQL is kept in a setting, in the same transaction, so that a crash
    in between is repaired by the next ``resume`` (next sync, next start)."""
    from frontdesk.device import get_setting, put_setting

    if get_setting(session, PAUSED_SETTING) is not None:
        return
    definitions = _definitions(session)
    put_setting(session, PAUSED_SETTING, definitions.triggers)
    for name in definitions.triggers:
        session.execute(text(f"DROP TRIGGER {name}"))


def resume(session: Session) -> bool:
    """Rebuild the index and put the triggers back, if ``pause`` took them off."""
    from frontdesk.device import get_setting
    from frontdesk.store.models import Setting

    triggers = get_setting(session, PAUSED_SETTING)
    if triggers is None:
        return False
    definitions = _definitions(session)  # edits made meanwhile are in the rows: rebuilt
    session.execute(text(f"DROP TABLE {INDEX}"))
    _refill(session, definitions._replace(triggers=triggers))
    session.execute(delete(Setting).where(Setting.key == PAUSED_SETTING))
    return True
