"""A fast, read-only look at the database before the window opens.

Start-up must show the window quickly, and importing SQLAlchemy costs more than
starting Qt. This module uses only the standard ``sqlite3`` to tell whether the file
is usable and current, and to list the profiles for the chooser. Everything that
writes goes through ``frontdesk.store.engine.Store``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from frontdesk.store.schema import SCHEMA_HEAD


class StoreStatus(Enum):
    MISSING = "missing"  # first start: no file yet
    CURRENT = "current"  # schema at head, ready
    OUTDATED = "outdated"  # needs a migration (or was made by a newer version)
    DAMAGED = "damaged"  # not a database, corrupt, or unreadable


@dataclass(frozen=True)
class ProfileSummary:
    id: str  # UUID as text: ``uuid`` is not imported on the start-up path
    display_name: str
    role: str


@dataclass(frozen=True)
class StorePeek:
    status: StoreStatus
    problem: str = ""  # French explanation when DAMAGED
    site_name: str = ""
    profiles: tuple[ProfileSummary, ...] = field(default_factory=tuple)

    @property
    def needs_first_run(self) -> bool:
        return self.status is StoreStatus.CURRENT and (not self.site_name or not self.profiles)


def _damaged(reason: str) -> StorePeek:
    return StorePeek(StoreStatus.DAMAGED, problem=reason)


def peek_store(db_path: Path) -> StorePeek:
    if not db_path.exists():
        return StorePeek(StoreStatus.MISSING)
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=rw", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return _damaged(f"le fichier ne peut pas être ouvert ({exc})")
    try:
        return _read(conn)
    except sqlite3.DatabaseError as exc:
        return _damaged(f"le fichier est endommagé ou n'est pas une base Frontdesk ({exc})")
    finally:
        conn.close()


def _dashed(hex_id: str) -> str:
    """SQLAlchemy stores UUIDs on SQLite as 32 hex digits; give the canonical form."""
    h = hex_id.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _read(conn: sqlite3.Connection) -> StorePeek:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        if tables:
            raise sqlite3.DatabaseError("tables inconnues, aucune version de schéma")
        return StorePeek(StoreStatus.OUTDATED)  # empty file: migrate from nothing
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision is None or revision[0] != SCHEMA_HEAD:
        return StorePeek(StoreStatus.OUTDATED)
    site_row = conn.execute(
        "SELECT site.name FROM setting JOIN site ON site.id = json_extract(setting.value, '$')"
        " WHERE setting.key = 'site_id'"
    ).fetchone()
    profiles = tuple(
        ProfileSummary(_dashed(row[0]), row[1], row[2])
        for row in conn.execute(
            "SELECT id, display_name, role FROM profile WHERE active"
            " ORDER BY display_name COLLATE NOCASE"
        )
    )
    return StorePeek(
        StoreStatus.CURRENT, site_name=site_row[0] if site_row else "", profiles=profiles
    )
