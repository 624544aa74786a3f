"""Migrations: empty → head, models agree with them, backup first, downgrade works."""

from __future__ import annotations

import sqlite3

from alembic import command
from alembic.script import ScriptDirectory

from frontdesk.paths import AppPaths
from frontdesk.store.backup import list_backups
from frontdesk.store.engine import make_engine
from frontdesk.store.migrate import alembic_config, prepare_store
from frontdesk.store.peek import StoreStatus, peek_store
from frontdesk.store.schema import SCHEMA_HEAD

EXPECTED_TABLES = {"alembic_version", "audit_event", "outbox", "profile", "setting", "site"}


def tables(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_schema_head_constant_matches_alembic() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


def test_empty_to_head(paths: AppPaths) -> None:
    assert peek_store(paths.database).status is StoreStatus.MISSING
    backup = prepare_store(paths.database, paths.backup_dir)
    assert backup is None  # nothing to save on a first start
    assert tables(paths.database) >= EXPECTED_TABLES
    assert peek_store(paths.database).status is StoreStatus.CURRENT
    assert prepare_store(paths.database, paths.backup_dir) is None  # idempotent


def test_models_and_migrations_agree(paths: AppPaths) -> None:
    prepare_store(paths.database, paths.backup_dir)
    engine = make_engine(paths.database)
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises if autogenerate would find a difference
    engine.dispose()


def test_backup_is_taken_before_migrating(paths: AppPaths) -> None:
    prepare_store(paths.database, paths.backup_dir)
    engine = make_engine(paths.database, foreign_keys=False)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    engine.dispose()
    assert peek_store(paths.database).status is StoreStatus.OUTDATED
    before = tables(paths.database)

    backup = prepare_store(paths.database, paths.backup_dir)

    assert backup is not None and backup in list_backups(paths.backup_dir)
    assert tables(backup) == before  # the copy is the file as it was before migrating
    assert tables(paths.database) >= EXPECTED_TABLES


def test_audit_log_is_append_only(store) -> None:
    with sqlite3.connect(store.path) as conn:
        conn.execute(
            "INSERT INTO audit_event (at, kind, detail)"
            " VALUES ('2026-01-01 00:00:00', 'login', '{}')"
        )
    for statement in ("UPDATE audit_event SET kind = 'x'", "DELETE FROM audit_event"):
        conn = sqlite3.connect(store.path)
        try:
            try:
                conn.execute(statement)
                raise AssertionError(f"{statement} was allowed")
            except sqlite3.DatabaseError as exc:
                assert "append-only" in str(exc)
        finally:
            conn.close()
