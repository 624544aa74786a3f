"""Conflicts and refused changes reported by the hub, newest first, « Marquer comme vu »."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.moments import moment_text as french_moment
from frontdesk.sync.issue_list import IssueRow, load_issues, mark_seen
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, hint, left_aligned, read_only_table

VISIBLE_ROWS = 8  # then the table scrolls
KIND_LABELS = {"conflict": "Conflit", "rejected": "Refusée", "parked": "Mise de côté"}
COLUMNS = ("Reçu le", "Type", "Élément", "Raison", "Statut")
EXPLANATION = typo(
    "Conflit : la même information a été modifiée ici et sur un autre poste ; la valeur "
    "du hub a été gardée. Refusée : le hub n'a pas pu appliquer la modification. Mise de "
    "côté : ce poste n'a pas pu enregistrer ce qu'il a reçu ; il réessaie à chaque "
    "synchronisation et reçoit tout le reste. Dans tous les cas, vérifiez l'élément et "
    "corrigez-le si besoin ; rien n'a été effacé."
)


class IssuesPanel(QGroupBox):
    def __init__(self, session: UiSession) -> None:
        super().__init__("Conflits et modifications refusées")
        self.setAccessibleName("Conflits et modifications refusées")
        self._session = session
        self.rows: list[IssueRow] = []
        self.table = read_only_table(COLUMNS, "Conflits et modifications refusées")
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (0, 1, 4):  # date, type, status: as wide as their text
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.show_seen = QCheckBox("&Tout afficher, y compris les éléments déjà vus")
        self.show_seen.setAccessibleName("Tout afficher, y compris les éléments déjà vus")
        self.mark = button("&Marquer comme vu", "Marquer comme vu l'élément choisi")
        self.mark.setEnabled(False)
        self.empty = hint("Aucun conflit ni refus à examiner.")
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(hint(EXPLANATION))
        layout.addWidget(self.show_seen)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(left_aligned(self.mark))
        layout.addWidget(self.message)
        self.mark.setVisible(session.may("sync.configure"))
        self.show_seen.toggled.connect(lambda _on: self.reload())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.mark.clicked.connect(self.mark_selected)
        self.reload()

    def reload(self) -> None:
        include_seen = self.show_seen.isChecked()
        self._session.ops.read(lambda s: load_issues(s, include_seen), self._show, owner=self)

    def _show(self, rows: list[IssueRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            status = "à examiner" if row.seen_at is None else f"vu le {french_moment(row.seen_at)}"
            cells = (
                french_moment(row.created_at),
                KIND_LABELS.get(row.kind, row.kind),
                typo(row.element),
                typo(row.reason),
                status,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{COLUMNS[column]} : {text}")
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()
        shown = sum(self.table.rowHeight(r) for r in range(min(len(rows), VISIBLE_ROWS)))
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + shown + frame)
        self.table.setVisible(bool(rows))
        self.mark.setVisible(bool(rows) and self._session.may("sync.configure"))
        self.empty.setVisible(not rows)
        self.empty.setText(
            "Aucun conflit ni refus."
            if self.show_seen.isChecked()
            else "Aucun conflit ni refus à examiner."
        )
        self._selection_changed()

    def selected(self) -> IssueRow | None:
        row = self.table.currentRow()
        picked = self.table.selectionModel().hasSelection()
        return self.rows[row] if picked and 0 <= row < len(self.rows) else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.mark.setEnabled(row is not None and row.seen_at is None)

    def mark_selected(self) -> None:
        row = self.selected()
        if row is None or row.seen_at is not None or not self._session.may("sync.configure"):
            return
        issue_id = row.id

        def done(_result: object) -> None:  # the list follows from the change (SYNC)
            self.message.show_message("Élément marqué comme vu.", "success")

        self._session.ops.write(lambda s: mark_seen(s, issue_id), done, owner=self)
