"""Where Frontdesk keeps its files.

One place resolves every location. ``FRONTDESK_HOME`` overrides all of them at once
(tests, a portable install, a second counter on the same PC).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Frontdesk"
DB_FILENAME = "frontdesk.db"


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
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True)
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
