"""Exporting the statistics shown: CSV (counts or one row per visit), XLSX, the PDF
« Bilan semestriel ». The file is chosen with the save dialog and written off the GUI
thread, its progress shown with « Annuler »; the screen says where it went, or why it
could not be written. A cancelled export leaves no file (written under a temporary name
and renamed at the end, see ``frontdesk.stats.export_files``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QMenu, QWidget

from frontdesk.stats.periods import Period
from frontdesk.ui.file_dialogs import ask_save_path, documents_folder
from frontdesk.ui.progress_panel import ProgressPanel
from frontdesk.ui.session import UiSession
from frontdesk.ui.stats.texts import EXPORTS, FILTERS, default_file_name, written_text
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button

if TYPE_CHECKING:
    from frontdesk.progress import Progress

# What the page is showing: the period, the sites counted (() for all), one site's id
Selection = Callable[[], tuple[Period, tuple[str, ...], str | None]]
class ExportBar(QWidget):
    def __init__(self, session: UiSession, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.selection = selection
        self.ask_path: Callable[[QWidget, str, str, str], str] = ask_save_path
        self.folder = documents_folder()
        self.button = button("E&xporter…", "Exporter les statistiques affichées")
        self.menu = QMenu(self.button)
        self.menu.setAccessibleName("Formats d'export")
        self.export_actions: dict[str, QAction] = {}
        for export_id, text, *_ in EXPORTS:
            action = self.menu.addAction(text)
            action.triggered.connect(lambda _=False, e=export_id: self.export(e))
            self.export_actions[export_id] = action
        self.button.setMenu(self.menu)
        self.notes = QCheckBox("Inclure les &notes libres")
        self.notes.setAccessibleName("Inclure les notes libres dans l'export")
        self.notes.setToolTip("Les notes ne sont exportées que si cette case est cochée.")
        self.message = MessageLabel()
        self.message.setAccessibleName("Message de l'export")
        self.panel = ProgressPanel("Export des statistiques")  # the page places it
        self.panel.ended.connect(lambda: self.set_busy(False))

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
    ) -> Progress:
        """Write the file; its progress shows in ``panel``, whose « Annuler » stops it."""
        store, include_notes = self.session.ctx.store, self.notes.isChecked()

        def work(progress: Progress) -> Any:
            from frontdesk.stats.exports import export_statistics

            return store.read(
                lambda session: export_statistics(
                    session,
                    period,
                    sites,
                    fmt,
                    path,
                    per_visit=per_visit,
                    include_notes=include_notes,
                    progress=progress,
                )
            )

        self.set_busy(True)
        self.message.clear_message()
        return self.session.ops.long(
            work, lambda _result: self._written(path), owner=self, panel=self.panel
        )

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.notes.setEnabled(not busy)

    def _written(self, path: Path) -> None:
        self.message.show_message(typo(written_text(str(path))), "success")

    def show_error(self, text: str) -> None:
        """Why the file was not written (the core's words, or the standard text)."""
        self.message.show_message(text)
