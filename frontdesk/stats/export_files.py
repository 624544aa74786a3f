"""Writing an export file whole or not at all, and the export's error."""

from __future__ import annotations

import errno
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from frontdesk.errors import UserError


class ExportError(UserError):
    """The export cannot be made (message in French, shown as is); no file was written."""


# --- atomic writing --------------------------------------------------------------------


def _problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        why = "le disque est plein"
    elif exc.errno == errno.EROFS:
        why = "le support est en lecture seule"
    elif isinstance(exc, PermissionError):
        why = "accès refusé (le fichier est peut-être ouvert dans un autre logiciel)"
    else:
        why = exc.strerror or str(exc)
    return f"Impossible d'écrire « {path} » : {why}. Aucun fichier n'a été écrit."


def check_target(path: Path) -> Path:
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"« {path} » est un dossier : indiquez un nom de fichier.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Le dossier « {folder} » n'existe pas. Aucun fichier n'a été écrit.")
    return path


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed to it when the block succeeds and
    deleted when it fails (the error goes on, an ``OSError`` as an ``ExportError``)."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # umask applies
    except OSError as exc:
        raise ExportError(_problem(path, exc)) from exc
    try:
        yield temp
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(_problem(path, exc)) from exc
        raise


def open_text(path: Path) -> IO[str]:
    """The CSV file: UTF-8 with BOM (French Excel), Windows line ends from ``csv``."""
    return open(path, "w", encoding="utf-8-sig", newline="")
