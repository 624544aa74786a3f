"""The local store: connection pragmas, backups, damaged files, the start-up peek."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from frontdesk.accounts import list_profiles
from frontdesk.paths import AppPaths
from frontdesk.store.backup import (
    DAMAGED_DIR,
    BackupError,
    list_backups,
    make_backup,
    newest_backup_age_hours,
    restore_backup,
)
from frontdesk.store.engine import Store
from frontdesk.store.migrate import MigrationError, prepare_store
from frontdesk.store.peek import StoreStatus, peek_store


def test_every_connection_gets_the_pragmas(store: Store) -> None:
    with store.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), store.transaction() as session:
        session.execute(
            text(
                "INSERT INTO audit_event (at, kind, profile_id, detail)"
                " VALUES ('2026-01-01', 'login', 'ffffffffffffffffffffffffffffffff', '{}')"
            )
        )


def test_backups_rotate_keeping_the_newest(store: Store, paths: AppPaths) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = [
        make_backup(store.path, paths.backup_dir, keep=3, now=start + timedelta(hours=h))
        for h in range(5)
    ]
    assert list_backups(paths.backup_dir) == made[:1:-1]  # the 3 newest, newest first
    assert not list(paths.backup_dir.glob("*.partial"))
    assert newest_backup_age_hours(paths.backup_dir) is not None


def test_damaged_file_is_reported_in_french(paths: AppPaths) -> None:
    paths.database.write_bytes(b"this is not a database" * 100)
    peek = peek_store(paths.database)
    assert peek.status is StoreStatus.DAMAGED
    assert "endommagé" in peek.problem
    with pytest.raises(MigrationError, match="endommagée"):
        prepare_store(paths.database, paths.backup_dir)
    assert paths.database.read_bytes().startswith(b"this is not")  # left untouched


def test_restore_keeps_the_damaged_file(store: Store, manager, paths: AppPaths) -> None:
    backup = make_backup(store.path, paths.backup_dir, keep=5)
    store.close()
    paths.database.write_bytes(b"garbage" * 500)

    kept = restore_backup(paths.database, backup)

    assert kept is not None and kept.parent == paths.data_dir / DAMAGED_DIR
    assert kept.read_bytes().startswith(b"garbage")
    peek = peek_store(paths.database)
    assert peek.status is StoreStatus.CURRENT
    assert [p.display_name for p in peek.profiles] == [manager.display_name]


def test_restore_of_a_missing_backup_fails_cleanly(paths: AppPaths) -> None:
    paths.database.write_bytes(b"garbage")
    with pytest.raises(BackupError, match="introuvable"):
        restore_backup(paths.database, paths.backup_dir / "frontdesk-nope.db")
    assert paths.database.read_bytes() == b"garbage"


def test_backup_of_an_unreadable_file_fails_in_french(paths: AppPaths) -> None:
    paths.database.write_bytes(b"garbage" * 500)
    with pytest.raises(BackupError, match="sauvegarde"):
        make_backup(paths.database, paths.backup_dir, keep=5)
    assert list_backups(paths.backup_dir) == []


def test_peek_agrees_with_the_orm(store: Store, manager) -> None:
    from frontdesk.accounts import create_profile

    with store.transaction() as session:
        create_profile(session, "agnès agent", "agent", "motdepasse-agent", actor_id=manager.id)
    peek = peek_store(store.path)
    with store.session() as session:
        orm = list_profiles(session)
    assert [(p.id, p.display_name, p.role) for p in peek.profiles] == [
        (str(p.id), p.display_name, p.role) for p in orm
    ]
    assert peek.site_name == "France Services de Moreuil"
    assert not peek.needs_first_run


def test_fresh_store_needs_first_run(store: Store) -> None:
    assert peek_store(store.path).needs_first_run
