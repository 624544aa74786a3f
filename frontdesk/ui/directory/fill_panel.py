"""« Compléter l'annuaire »: on the Annuaire of a superviseur (directory.edit) while the
directory lacks something the counter needs.

Two ways to fill it in bulk (a data·inclusion file, or the Somme fetched from the
data·inclusion API with the token kept on this PC), each off the GUI thread with a
progress bar and « Annuler »; then « Fiches à compléter » (``contacts.worklist``), most
needed first: Enter on a line opens the form on the first missing field, or a new
structure for a partner the directory does not hold.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.api_token import WHERE_TEXT, TokenStore
from frontdesk.contacts.filling import fetch_directory, import_directory_file
from frontdesk.contacts.importing import ImportReport
from frontdesk.contacts.quality import quality_scorer
from frontdesk.contacts.worklist import WorkItem, Worklist, build_worklist
from frontdesk.progress import Progress
from frontdesk.ui.file_dialogs import ask_open_path
from frontdesk.ui.progress_panel import ProgressPanel
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, hint, read_only_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROWS_SHOWN = 5
FILE_FILTERS = "Fichiers data·inclusion (*.json *.csv);;JSON (*.json);;CSV (*.csv)"
COLUMNS = ("Fiche", "Ce qui manque", "Qualité")


def summary_text(worklist: Worklist, partner_label: dict[str, str]) -> str:
    if worklist.unreachable:
        names = [partner_label.get(p, p) for p in worklist.unreachable]
        shown = ", ".join(names[:4]) + (" et d'autres" if len(names) > 4 else "")
        count = len(names)
        return (
            f"Le guichet ne peut encore donner aucun contact pour {count} partenaire"
            f"{'s' if count > 1 else ''} du SPIE : {shown}. Importez l'annuaire de"
            " data·inclusion, puis complétez les fiches ci-dessous."
        )
    count = len(worklist.items)
    return (
        "Chaque partenaire du SPIE a au moins un moyen de contact."
        f" {count} fiche{'s' if count > 1 else ''} à compléter."
    )


class FillPanel(QGroupBox):
    open_field = Signal(object, str)  # service id, the field to fill first
    new_partner = Signal(str, str)  # partner slug, its label: a structure to create

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__("Compléter l'annuaire", parent)
        self.setAccessibleName("Compléter l'annuaire")
        self.session = session
        self.tokens = TokenStore(session.ctx.paths.config_dir)
        self.items: list[WorkItem] = []
        self._read = self._focus_when_read = False
        self.labels: dict[str, str] = {}
        self.summary = hint("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("État de l'annuaire")
        self.import_button = button(
            "Importer un fichier data·inclusion…", "Importer un fichier data·inclusion"
        )
        self.fetch_button = button(
            "Récupérer la Somme depuis data·inclusion…",
            "Récupérer la Somme depuis l'API data·inclusion",
        )
        self.token_button = button("Jeton data·inclusion…", "Jeton data·inclusion")
        self.list_button = button("", "Afficher ou masquer les fiches à compléter")
        self.list_button.setCheckable(True)
        self.progress = ProgressPanel("Import de l'annuaire")
        self.message = MessageLabel()
        self.table = read_only_table(COLUMNS, "Fiches à compléter")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.import_button.clicked.connect(self.import_file)
        self.fetch_button.clicked.connect(self.fetch)
        self.token_button.clicked.connect(self.ask_token)
        self.list_button.toggled.connect(self._show_list)
        self.progress.ended.connect(self._ended)

        actions = QGridLayout()  # two by two: fits 1024 px beside the navigation
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.import_button, 0, 0)
        actions.addWidget(self.fetch_button, 0, 1)
        actions.addWidget(self.token_button, 1, 0)
        actions.addWidget(self.list_button, 1, 1)
        actions.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        self.hide()  # until the worklist says there is something to do

    # The worklist

    def reload(self) -> None:
        def work(s: Session) -> tuple[Worklist, dict[str, str]]:
            from frontdesk.orientation.journeys import journeys

            return build_worklist(s, quality=quality_scorer(s)), dict(journeys().partners)

        self.session.ops.read(work, self._show, owner=self)

    def _show(self, answer: tuple[Worklist, dict[str, str]]) -> None:
        worklist, self.labels = answer
        self.items = worklist.items
        self.summary.setText(typo(summary_text(worklist, self.labels)))
        self.summary.setAccessibleDescription(self.summary.text())
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            told = typo(f"{item.partner_label} : {item.says()}" if item.partner else item.says())
            score = "—" if item.quality is None else f"{round(item.quality * 100)}\u00a0%"
            for column, text in enumerate((item.name, item.short(), score)):
                cell = QTableWidgetItem(typo(text))
                cell.setToolTip(told)
                cell.setData(Qt.ItemDataRole.AccessibleDescriptionRole, told)
                self.table.setItem(row, column, cell)
        rows = min(len(self.items), ROWS_SHOWN)
        header = self.table.horizontalHeader().height()
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + rows * row_height + 4)
        count = len(self.items)
        self.list_button.setText(f"Fiches à compléter ({count})")
        if not self.isVisible() and worklist.unreachable:
            self.list_button.setChecked(True)  # open at first: the counter needs it
        self._show_list(self.list_button.isChecked())
        self.setVisible(bool(self.items) or self.progress.running)
        self._read = True
        if self._focus_when_read:
            self._focus_when_read = False
            self.focus_first()

    def _show_list(self, shown: bool) -> None:
        self.table.setVisible(shown and bool(self.items))

    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        if item.service_id is None:
            self.new_partner.emit(item.partner or "", item.partner_label)
        else:
            self.open_field.emit(item.service_id, item.missing[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_row(self.table.currentRow())
            return True
        return super().eventFilter(watched, event)

    # Filling in bulk

    def import_file(self) -> None:
        chosen = ask_open_path(self, "Importer un fichier data·inclusion", FILE_FILTERS)
        if chosen:
            self.import_path(Path(chosen))

    def import_path(self, path: Path) -> None:
        store, actor = self.session.ctx.store, self.session.profile

        def work(progress: Progress) -> ImportReport:
            return import_directory_file(store, path, progress, actor)

        self._run(work)

    def fetch(self) -> None:
        if self.tokens.where() is None and not self.ask_token():
            return
        store, actor, tokens = self.session.ctx.store, self.session.profile, self.tokens

        def work(progress: Progress) -> ImportReport:
            return fetch_directory(store, tokens.load() or "", progress, actor)

        self._run(work)

    def ask_token(self) -> bool:
        """The token dialog; True when a token was saved."""
        from frontdesk.ui.directory.token_dialog import TokenDialog

        dialog = TokenDialog(self.tokens, self.tokens.where(), self.window())
        saved = bool(dialog.exec()) and dialog.saved_where is not None
        if saved and dialog.saved_where is not None:
            said = f"Jeton enregistré {WHERE_TEXT[dialog.saved_where]}."
            self.message.show_message(typo(said), "success")
        return saved

    def _run(self, work: Callable[[Progress], ImportReport]) -> None:
        self.message.clear_message()
        for widget in (self.import_button, self.fetch_button, self.token_button):
            widget.setEnabled(False)
        self.show()
        self.session.ops.long(work, self._imported, owner=self, panel=self.progress)

    def _imported(self, report: ImportReport) -> None:
        lines = report.lines()
        kind = "success" if not report.rejected else "warning"
        more = [f"… et {len(lines) - 6} autres lignes refusées."] if len(lines) > 6 else []
        shown = lines[:6] + more
        self.message.show_message(typo("\n".join(shown)), kind)

    def _ended(self) -> None:
        for widget in (self.import_button, self.fetch_button, self.token_button):
            widget.setEnabled(True)

    def show_error(self, text: str) -> None:
        """How ``Ops`` shows a refusal here (a bad file, a refused token)."""
        self.message.show_message(typo(text))

    def focus_first(self) -> None:
        """The worklist's first line (the import button while it is empty); before the
        worklist is first read, once it is."""
        if not self._read:
            self._focus_when_read = True
            return
        if self.items and self.list_button.isChecked():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.table.currentRow() < 0:
                self.table.setCurrentCell(0, 0)
        else:
            self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)
