"""Local files readable by the user only (issue 11): the database holds the sync token, so
the data, config and log folders are 0700 and the database, its companions, the backups and
the logs 0600 under the usual 022 umask; a PC set up by an earlier version is tightened at
start. Windows (per-user profile folders, already private) is left as it is."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk import logs
from frontdesk import paths as paths_module
from frontdesk.paths import AppPaths, app_paths
from frontdesk.setup import first_run, known_sites
from frontdesk.store.backup import DAMAGED_DIR, make_backup, restore_backup
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppPaths]:
    """A home not made yet, under the usual umask; our log handler removed afterwards."""
    monkeypatch.setenv("FRONTDESK_HOME", str(tmp_path / "home"))
    previous = os.umask(0o022)
    try:
        yield app_paths()
    finally:
        os.umask(previous)
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h.get_name() == "frontdesk-file"]:
            root.removeHandler(handler)
            handler.close()


def folders(paths: AppPaths) -> list[Path]:
    return [paths.data_dir, paths.config_dir, paths.log_dir, paths.backup_dir]


def test_a_fresh_home_is_readable_by_the_user_only(home: AppPaths) -> None:
    home.ensure()
    assert {str(f): mode(f) for f in folders(home)} == {str(f): 0o700 for f in folders(home)}
    prepare_store(home.database, home.backup_dir)
    assert mode(home.database) == 0o600
    store = Store(home.database)
    try:
        with store.transaction() as session:
            first_run(
                session, known_sites()[0], "Claire Superviseure", "superviseur", "motdepasse-sur"
            )
        companions = [Path(f"{home.database}{suffix}") for suffix in ("-wal", "-shm")]
        assert all(p.exists() for p in companions)  # WAL mode, the store still open
        assert [mode(p) for p in (home.database, *companions)] == [0o600] * 3
        backup = make_backup(home.database, home.backup_dir, keep=3)
        assert mode(backup) == 0o600
    finally:
        store.close()
    restore_backup(home.database, backup)
    assert mode(home.database) == 0o600
    assert mode(home.data_dir / DAMAGED_DIR) == 0o700
    assert {mode(p) for p in (home.data_dir / DAMAGED_DIR).iterdir()} == {0o600}
    logs.setup_logging(home.log_file, rotate=False)
    logging.getLogger("frontdesk.test").warning("une ligne")
    assert mode(home.log_file) == 0o600


def test_rotated_logs_stay_private(home: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 300)
    logs.setup_logging(home.log_file)
    assert mode(home.log_dir) == 0o700
    for index in range(20):
        logging.getLogger("frontdesk.test").warning("ligne %d du journal technique", index)
    files = sorted(home.log_dir.glob("frontdesk.log*"))
    assert len(files) > 2  # rotated: a new frontdesk.log was opened
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_an_earlier_install_is_tightened_at_start(home: AppPaths) -> None:
    """Folders and files as an earlier version left them: readable by everyone."""
    old = [home.database, Path(f"{home.database}-wal"), Path(f"{home.database}-shm")]
    old += [home.backup_dir / "frontdesk-20260101-000000-000000.db"]
    old += [home.data_dir / DAMAGED_DIR / "frontdesk-20260102-000000-000000.db"]
    old += [home.log_file, home.log_dir / "frontdesk.log.1"]
    for path in [*folders(home), home.data_dir / DAMAGED_DIR]:
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o755)
    for path in old:
        path.touch()
        path.chmod(0o644)
    home.ensure()  # what the application does first at every start
    assert {str(f): mode(f) for f in folders(home)} == {str(f): 0o700 for f in folders(home)}
    assert mode(home.data_dir / DAMAGED_DIR) == 0o700
    assert {str(p): mode(p) for p in old} == {str(p): 0o600 for p in old}


def test_without_posix_modes_nothing_changes(
    home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Windows gets: folders and files as the system makes them."""
    monkeypatch.setattr(paths_module, "POSIX_MODES", False)
    home.ensure()
    prepare_store(home.database, home.backup_dir)
    assert mode(home.data_dir) == 0o755 and mode(home.database) == 0o644
