"""Start-up on a damaged database: offer the newest backup, never destroy the damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.paths import AppPaths
from frontdesk.store.backup import DAMAGED_DIR, list_backups, make_backup
from frontdesk.store.engine import Store
from frontdesk.store.peek import StoreStatus, peek_store
from frontdesk.ui.startup import backup_label, open_store
from tests.ui.helpers import answering_modal, button_named

GARBAGE = b"Ceci n'est pas une base SQLite.\x00\xff" * 200


def damage(database: Path) -> None:
    for suffix in ("-wal", "-shm"):  # as if only the main file had been overwritten
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(GARBAGE)
    assert peek_store(database).status is StoreStatus.DAMAGED


@pytest.fixture
def backed_up(paths: AppPaths, store: Store, manager: ProfileInfo) -> Path:
    """A good backup of the Moreuil PC, then the database file is overwritten."""
    backup = make_backup(paths.database, paths.backup_dir, keep=5)
    store.close()  # the store no longer holds the file (checkpointed, WAL removed)
    damage(paths.database)
    return backup


def test_restore_the_backup(
    qtbot: QtBot, paths: AppPaths, manager: ProfileInfo, backed_up: Path
) -> None:
    with answering_modal(lambda box: button_named(box, "Restaurer la sauvegarde")) as seen:
        peek = open_store(paths)

    [shown] = seen
    title, text = shown.split("\n", 1)
    assert title == "Base de données illisible"
    assert "La base de données de Frontdesk ne peut pas être utilisée" in text
    assert backup_label(backed_up.name) in text  # which backup, by its date
    assert peek is not None
    assert peek.status is StoreStatus.CURRENT
    assert peek.site_name == "France Services de Moreuil"
    assert [(p.id, p.display_name) for p in peek.profiles] == [
        (str(manager.id), manager.display_name)
    ]

    kept = list((paths.data_dir / DAMAGED_DIR).glob("*.db"))
    assert [path.read_bytes() for path in kept] == [GARBAGE]  # set aside, not deleted
    assert list_backups(paths.backup_dir) == [backed_up]  # the backup itself is untouched


def test_quit_instead_of_restoring(qtbot: QtBot, paths: AppPaths, backed_up: Path) -> None:
    with answering_modal(lambda box: button_named(box, "Quitter")) as seen:
        assert open_store(paths) is None
    assert len(seen) == 1
    assert paths.database.read_bytes() == GARBAGE
    assert not (paths.data_dir / DAMAGED_DIR).exists()


def test_no_backup_leaves_the_file_alone(qtbot: QtBot, paths: AppPaths) -> None:
    damage(paths.database)
    assert list_backups(paths.backup_dir) == []
    with answering_modal(lambda box: box.button(QMessageBox.StandardButton.Ok)) as seen:
        assert open_store(paths) is None

    [shown] = seen
    title, text = shown.split("\n", 1)
    assert title == "Base de données illisible"
    assert "Aucune sauvegarde n'est disponible sur ce poste" in text
    assert str(paths.database) in text
    assert paths.database.read_bytes() == GARBAGE
    assert not (paths.data_dir / DAMAGED_DIR).exists()


def test_a_missing_database_is_created_without_asking(qtbot: QtBot, paths: AppPaths) -> None:
    assert not paths.database.exists()
    with answering_modal(lambda box: box.button(QMessageBox.StandardButton.Ok)) as seen:
        peek = open_store(paths)
    assert seen == []
    assert peek is not None and peek.status is StoreStatus.CURRENT
    assert peek.needs_first_run
