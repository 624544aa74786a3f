"""The Journal's list: a table view over ``JournalModel`` (a million rows cost nothing
to lay out: fixed row heights), whose columns share out a narrow width rather than
scroll sideways."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from frontdesk.ui.journal.model import AGENT, DATE, MESSAGES, MOTIFS, SITE, JournalModel


class JournalTable(QTableView):
    def __init__(self, model: JournalModel, all_sites: bool) -> None:
        super().__init__()
        table = self
        table.setModel(model)
        table.setAccessibleName("Visites, les plus récentes d'abord")
        table.setAccessibleDescription(
            "Entrée : écrire un message ou lire le détail. Échap : revenir aux filtres."
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        rows = table.verticalHeader()  # fixed heights: a million rows cost nothing to lay out
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MOTIFS, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in ((SITE, 9), (AGENT, 14), (4, 16), (5, 10)):
            table.setColumnWidth(column, char * chars)
        bold = QFont(self.font())
        bold.setBold(True)  # rows with new messages are bold: their date and badge must fit
        for column, widest in ((DATE, "00/00/0000 à 00 h 00"), (MESSAGES, "● 10 nouveaux")):
            table.setColumnWidth(column, QFontMetrics(bold).horizontalAdvance(widest) + 16)
        table.setColumnHidden(SITE, not all_sites)
        # the widths wanted; a narrow table shares out what it has (``fit_columns``)
        self._widths = {c: table.columnWidth(c) for c in (SITE, AGENT, 4, 5, MESSAGES)}

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Narrower than its columns want (small screen, 125 %), the table shrinks them
        together, their text ending in « … », rather than scroll sideways; the date keeps
        its width and the motifs at least a few words."""
        char = self.fontMetrics().averageCharWidth()
        room = (
            self.width()
            - 2 * self.frameWidth()
            - self.verticalScrollBar().sizeHint().width()
            - self.columnWidth(DATE)
            - char * 14  # the motifs
        )
        shown = {c: w for c, w in self._widths.items() if not self.isColumnHidden(c)}
        ratio = min(1.0, max(room, 0) / max(sum(shown.values()), 1))
        least = self.horizontalHeader().minimumSectionSize()
        for column, width in shown.items():
            self.setColumnWidth(column, max(least, int(width * ratio)))
