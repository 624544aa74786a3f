"""Unexpected errors: written to the log, explained to the user in French."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from frontdesk.logs import log_unhandled


def crash_message(log_file: Path) -> str:
    return (
        "Une erreur inattendue s'est produite. L'action en cours n'a peut-être pas abouti ; "
        "les données déjà enregistrées sont conservées.\n\n"
        f"Le détail technique est enregistré dans le journal :\n{log_file}\n\n"
        "Transmettez ce fichier à votre superviseur si l'erreur se reproduit."
    )


def show_crash(log_file: Path, parent: QWidget | None = None) -> None:
    if QApplication.instance() is None:
        return
    from PySide6.QtWidgets import QMessageBox  # loaded when needed: start-up is timed

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Erreur inattendue",
        crash_message(log_file),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAccessibleName("Erreur inattendue")
    box.exec()


def install_excepthook(log_file: Path) -> None:
    """Route uncaught exceptions (GUI thread and worker threads) to the log and a dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log_unhandled(exc_type, exc, tb)
        show_crash(log_file, QApplication.activeWindow())

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log_unhandled(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def report_task_error(log_file: Path) -> Callable[[BaseException], None]:
    def report(error: BaseException) -> None:
        log_unhandled(type(error), error, error.__traceback__)
        show_crash(log_file, QApplication.activeWindow())

    return report


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setAccessibleName(title)
    box.exec()
