"""Bring the database file to the schema this code expects, safely.

Order at start-up: look at the file (``peek``), back it up if it holds data, then run
the Alembic migrations bundled in the package, all in one transaction.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.config import settings_defaults
from frontdesk.paths import private_dir, private_file
from frontdesk.store.backup import make_backup
from frontdesk.store.engine import make_engine
from frontdesk.store.peek import StoreStatus, peek_store

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class MigrationError(Exception):
    """The schema could not be brought up to date (message in French)."""


def alembic_config() -> Config:  # alembic is imported lazily (costly)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(db_path: Path) -> None:
    """Run every pending migration in one transaction, foreign keys checked at the end.

    Foreign-key enforcement is off while tables are rebuilt (SQLite batch
    migrations recreate tables), then ``PRAGMA foreign_key_check`` must come back
    empty before the transaction commits.
    """
    from alembic import command
    from alembic.util.exc import CommandError

    engine = make_engine(db_path, foreign_keys=False)
    config = alembic_config()
    try:
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise MigrationError(
                    "La mise à jour de la base a laissé des références incohérentes ; "
                    "elle a été annulée."
                )
    except CommandError as exc:
        raise MigrationError(
            "Cette base a été créée par une version plus récente de Frontdesk : "
            "installez la dernière version de l'application."
        ) from exc
    finally:
        engine.dispose()


def prepare_store(db_path: Path, backup_dir: Path) -> Path | None:
    """Create or migrate the database as needed. Returns the backup made, if any."""
    status = peek_store(db_path).status
    if status is StoreStatus.DAMAGED:
        raise MigrationError("La base est endommagée : restaurez une sauvegarde.")
    if status is StoreStatus.CURRENT:
        return None
    backup = None
    if status is StoreStatus.OUTDATED:
        backup = make_backup(db_path, backup_dir, keep=settings_defaults().backups_kept)
        log.info("backup before migration: %s", backup.name)
    private_dir(db_path.parent)
    private_file(db_path)  # SQLite would create it world-readable; -wal and -shm copy its mode
    upgrade_to_head(db_path)
    log.info("database schema at head")
    return backup
