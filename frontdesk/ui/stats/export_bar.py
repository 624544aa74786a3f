"""Exporting the statistics shown: CSV (counts or one row per visit), XLSX, the PDF
« Bilan semestriel ». The file is chosen with the save dialog and written off the GUI
thread; the screen says where it went, or why it could not be written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QMenu, QWidget

from frontdesk.stats.periods import Period, PeriodError
from frontdesk.ui.session import UiSession
from frontdesk.ui.stats.texts import EXPORTS, FILTERS, default_file_name, written_text
from frontdesk.ui.visit.typography import typo
from frontdesk.ui.widgets import MessageLabel, button

log = logging.getLogger(__name__)
# What the page is showing: the period, the sites counted (() for all), one site's id
Selection = Callable[[], tuple[Period, tuple[str, ...], str | None]]
FAILED = "Le fichier n'a pas pu être écrit. Réessayez ; si cela continue, prévenez le superviseur."


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """The system save-as dialog; "" when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def explained_errors() -> tuple[type[BaseException], ...]:
    try:
        from frontdesk.stats.exports import ExportError
    except ImportError:
        return (PeriodError,)
    return (ExportError, PeriodError)


class ExportBar(QWidget):
    def __init__(self, session: UiSession, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.selection = selection
        self.ask_path: Callable[[QWidget, str, str, str], str] = ask_save_path
        self.folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        self.button = button("E&xporter…", "Exporter les statistiques affichées")
        self.menu = QMenu(self.button)
        self.menu.setAccessibleName("Formats d'export")
        self.actions: dict[str, QAction] = {}
        for export_id, text, *_ in EXPORTS:
            action = self.menu.addAction(text)
            action.triggered.connect(lambda _=False, e=export_id: self.export(e))
            self.actions[export_id] = action
        self.button.setMenu(self.menu)
        self.notes = QCheckBox("Inclure les &notes libres")
        self.notes.setAccessibleName("Inclure les notes libres dans l'export")
        self.notes.setToolTip("Les notes ne sont exportées que si cette case est cochée.")
        self.message = MessageLabel()
        self.message.setAccessibleName("Message de l'export")

        row = QHBoxLayout(self)  # the page places the message
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.notes)

    def export(self, export_id: str) -> None:
        """Ask where to write, then write in the background."""
        _, title, stem, extension, per_visit = next(e for e in EXPORTS if e[0] == export_id)
        period, sites, site = self.selection()
        suggested = str(Path(self.folder) / default_file_name(stem, extension, period, site))
        path = self.ask_path(self, title.replace("&", ""), suggested, FILTERS[extension])
        if not path:
            return
        if not path.lower().endswith(f".{extension}"):
            path += f".{extension}"
        self.folder = str(Path(path).parent)
        self.run(extension, Path(path), period, sites, per_visit)

    def run(
        self, fmt: str, path: Path, period: Period, sites: tuple[str, ...], per_visit: bool
    ) -> None:
        store, include_notes = self.session.ctx.store, self.notes.isChecked()

        def work() -> Any:
            from frontdesk.stats.exports import export_statistics  # written by its own issue

            with store.session() as session:
                return export_statistics(
                    session,
                    period,
                    sites,
                    fmt,
                    path,
                    per_visit=per_visit,
                    include_notes=include_notes,
                )

        self.set_busy(True)
        self.message.show_message("Export en cours…", "hint")
        self.session.tasks.run(work, lambda _result: self._written(path), self._failed, owner=self)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.notes.setEnabled(not busy)

    def _written(self, path: Path) -> None:
        self.set_busy(False)
        self.message.show_message(typo(written_text(str(path))), "success")

    def _failed(self, error: BaseException) -> None:
        self.set_busy(False)
        if isinstance(error, explained_errors()):  # the core said why, in French
            self.message.show_message(typo(str(error)))
            return
        log.error("statistics export failed", exc_info=error)
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            self.message.show_message(typo(f"Le fichier n'a pas pu être écrit : {reason}."))
        else:
            self.message.show_message(typo(FAILED))
