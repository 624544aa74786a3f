"""Logging to a rotating file in the log directory.

Log lines carry ids, codes and counts; never a visitor's data, never a password, and
agents are named by profile id rather than by name.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from frontdesk.paths import private_dir, private_file, tighten_files

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


MAX_BYTES = 1_000_000
BACKUP_COUNT = 5


def setup_logging(log_file: Path, *, rotate: bool = True, level: int = logging.INFO) -> None:
    """Send log records to ``log_file``, rotated at 1 MB, 5 old files kept.

    ``rotate=False`` appends to the same file without loading ``logging.handlers``
    (a few milliseconds that the GUI's start-up cannot spare); the GUI calls this
    again with rotation once its window is shown.
    """
    private_dir(log_file.parent)
    tighten_files(log_file.parent, f"{log_file.name}*")  # logs of an earlier version
    private_file(log_file)  # the handler appends to it: it never creates it world-readable
    handler: logging.Handler
    if rotate:
        from logging.handlers import RotatingFileHandler

        handler = RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
        handler.rotator = _rotate_privately
    else:
        handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.set_name("frontdesk-file")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "frontdesk-file"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)


def _rotate_privately(source: str, dest: str) -> None:
    """Rotation: the log moves to « .1 », and the new log is made for the user only
    before the handler reopens it."""
    if os.path.exists(source):
        os.rename(source, dest)
    private_file(Path(source))


def log_unhandled(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """Write an unhandled exception to the log; return its one-line summary."""
    logging.getLogger("frontdesk.crash").error(
        "unhandled exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb))
    )
    return f"{exc_type.__name__}: {exc}"


def install_cli_excepthook(log_file: Path) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log_unhandled(exc_type, exc, tb)
        print(
            f"Erreur inattendue : {exc_type.__name__}. Le détail est enregistré dans {log_file}",
            file=sys.stderr,
        )

    sys.excepthook = hook
