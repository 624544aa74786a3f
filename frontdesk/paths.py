"""Where Frontdesk keeps its files, readable by the user only.

One place resolves every location. ``FRONTDESK_HOME`` overrides all of them at once
(tests, a portable install, a second counter on the same PC).

The database holds the sync token and visit notes: on POSIX the app's folders are made
0700 and its files 0600 whatever the umask (a 022 umask would leave them readable by every
account of the PC), and what an earlier version left more open is tightened at start. On
Windows nothing is done: the per-user profile folders are private already.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Frontdesk"
DB_FILENAME = "frontdesk.db"
DAMAGED_DIR = "endommagees"  # damaged databases moved aside by a restore, in the data folder
DB_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files next to the database
POSIX_MODES = os.name == "posix"
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600

log = logging.getLogger(__name__)


def _tighten(path: Path) -> None:
    """Take group and other permissions off ``path`` if it has any (no error if it is
    missing; a file system without modes, a FAT key, only logs a warning)."""
    if not POSIX_MODES:
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077:
            os.chmod(path, current & 0o700)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("cannot restrict the mode of %s: %s", path, exc)


def private_dir(folder: Path) -> Path:
    """Create ``folder`` (parents as the system makes them) for the user only, or tighten
    it if it exists."""
    folder.mkdir(mode=PRIVATE_DIR if POSIX_MODES else 0o777, parents=True, exist_ok=True)
    _tighten(folder)
    return folder


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, for the user only, before SQLite or a log handler
    opens it (they would create it world-readable); an existing file is tightened, never
    truncated."""
    if POSIX_MODES:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
        _tighten(path)
    return path


def tighten_files(folder: Path, pattern: str = "*") -> None:
    """Tighten the files of ``folder`` matching ``pattern`` (not its subfolders)."""
    if POSIX_MODES and folder.is_dir():
        for path in folder.glob(pattern):
            if path.is_file():
                _tighten(path)


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "sauvegardes"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "frontdesk.log"

    def ensure(self) -> AppPaths:
        """Create the folders for the user only; tighten what an earlier version made
        (folders, database, backups, moved-aside databases, logs)."""
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.backup_dir):
            private_dir(folder)
        if POSIX_MODES:
            for suffix in ("", *DB_COMPANIONS):
                _tighten(Path(f"{self.database}{suffix}"))
            tighten_files(self.backup_dir)
            if (damaged := self.data_dir / DAMAGED_DIR).is_dir():
                private_dir(damaged)
                tighten_files(damaged)
            tighten_files(self.log_dir, f"{self.log_file.name}*")
        return self


def app_paths() -> AppPaths:
    """The locations for this user, honouring ``FRONTDESK_HOME``."""
    home = os.environ.get("FRONTDESK_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(root / "data", root / "config", root / "logs")
    from platformdirs import PlatformDirs  # imported here: only needed without the override

    dirs = PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(Path(dirs.user_data_dir), Path(dirs.user_config_dir), Path(dirs.user_log_dir))
