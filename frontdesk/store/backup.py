"""Timestamped copies of the database, and restoring one without losing the current file.

Copies, like the database, are readable by the user only (they hold the sync token)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.errors import UserError
from frontdesk.paths import DAMAGED_DIR, private_dir, private_file

if TYPE_CHECKING:
    from frontdesk.progress import Progress

BACKUP_GLOB = "frontdesk-*.db"
BACKUP_STEP_PAGES = 1024  # database pages copied between two progress steps (4 MB)


class BackupError(UserError):
    """A backup or a restore could not be made (message in French)."""


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S-%f")


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first (the names sort by time)."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob(BACKUP_GLOB), reverse=True)


def make_backup(
    db_path: Path,
    backup_dir: Path,
    *,
    keep: int,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Copy the database with SQLite's online backup API (consistent even in WAL mode).

    The copy is written under a temporary name and renamed, so a crash never leaves
    a half-written backup that looks complete. Only the ``keep`` newest are kept.
    ``progress`` hears of the pages copied and may cancel: the partial copy is removed.
    """
    private_dir(backup_dir)
    target = backup_dir / f"frontdesk-{_stamp(now)}.db"
    partial = target.with_suffix(".partial")
    try:
        private_file(partial)  # SQLite writes the copy into it, keeping its mode
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                if progress is None:
                    source.backup(dest)
                else:
                    source.backup(
                        dest,
                        pages=BACKUP_STEP_PAGES,
                        progress=lambda _status, left, total: progress.step(
                            total - left, total, "Sauvegarde de la base…"
                        ),
                    )
            finally:
                dest.close()
        finally:
            source.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"La sauvegarde de la base a échoué : {exc}.") from exc
    except BaseException:  # cancelled (``progress``): no half copy left behind
        partial.unlink(missing_ok=True)
        raise
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)
    return target


def newest_backup_age_hours(backup_dir: Path, now: datetime | None = None) -> float | None:
    backups = list_backups(backup_dir)
    if not backups:
        return None
    modified = datetime.fromtimestamp(backups[0].stat().st_mtime, UTC)
    return ((now or datetime.now(UTC)) - modified).total_seconds() / 3600


def restore_backup(db_path: Path, backup: Path, *, now: datetime | None = None) -> Path | None:
    """Put ``backup`` in place of the database.

    The current file (and its -wal/-shm companions) is moved aside into
    ``endommagees/``, never deleted. Returns where it went, or None if there was none.
    """
    if not backup.is_file():
        raise BackupError(f"La sauvegarde « {backup.name} » est introuvable.")
    kept: Path | None = None
    stamp = _stamp(now)
    try:
        if db_path.exists():
            aside = db_path.parent / DAMAGED_DIR
            private_dir(aside)
            kept = aside / f"frontdesk-{stamp}.db"
            for suffix in ("", "-wal", "-shm"):
                companion = Path(f"{db_path}{suffix}")
                if companion.exists():
                    companion.replace(Path(f"{kept}{suffix}"))
        partial = private_file(db_path.with_suffix(".restoring"))
        shutil.copyfile(backup, partial)  # into the private file: its mode is kept
        partial.replace(db_path)
    except OSError as exc:
        raise BackupError(f"La restauration de la sauvegarde a échoué : {exc}.") from exc
    return kept
