"""One breakdown of the statistics: its title, a table and a bar chart side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHeaderView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.stats import tally
from frontdesk.stats.figures import Breakdown
from frontdesk.stats.french import french_number, signed_change
from frontdesk.ui.stats.bar_chart import Bar, BarChart
from frontdesk.ui.widgets import heading, hint, read_only_table

COLUMNS = ("Libellé", "Nombre", "Période\nprécédente", "Évolution")
VERTICAL = {tally.HOUR, tally.WEEKDAY}  # time in columns, left to right
CHART_ROWS = 12  # a long list is charted by its first rows; the table has them all
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SIDE_BY_SIDE_CHARS = 90  # narrower than this (small screen, 125 %): the chart goes below


class BreakdownView(QWidget):
    def __init__(self, dim: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dim = dim
        self.title = heading(title, "subtitle")
        self.empty = hint("Aucune donnée sur la période pour ce regroupement.")
        self.table = read_only_table(COLUMNS, f"Tableau : {title}".replace(" :", "\u00a0:"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next control; arrows move
        header.sectionResized.connect(self._label_resized)
        self.chart = BarChart(title, vertical=dim in VERTICAL)
        self.note = hint("")

        charted = QVBoxLayout()
        charted.setContentsMargins(0, 0, 0, 0)
        charted.addWidget(self.chart)
        charted.addWidget(self.note)
        charted.addStretch()
        self.row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 3, Qt.AlignmentFlag.AlignTop)
        row.addLayout(charted, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addLayout(row)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The table and the chart side by side; the chart below on a narrow page."""
        super().resizeEvent(event)
        narrow = event.size().width() < SIDE_BY_SIDE_CHARS * self.fontMetrics().averageCharWidth()
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self.row.direction() != direction:
            self.row.setDirection(direction)

    def show_breakdown(self, breakdown: Breakdown, legend: tuple[str, str]) -> None:
        rows = breakdown.rows
        empty = not any(row.count or row.previous for row in rows)
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self.chart.setVisible(not empty)
        table = self.table
        table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (
                row.label,
                french_number(row.count),
                french_number(row.previous),
                signed_change(row.count, row.previous),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(RIGHT)
                table.setItem(index, column, item)
        table.resizeRowsToContents()
        self._fit_height()
        charted = rows if self.dim in VERTICAL else rows[:CHART_ROWS]
        bars = [
            Bar(row.label, row.count, row.previous, short_label(self.dim, row.label))
            for row in charted
        ]
        self.chart.set_bars(bars, legend)
        self.note.setText(
            f"Le graphique montre les {CHART_ROWS} premières lignes\u202f; le tableau les a toutes."
            if len(charted) < len(rows)
            else ""
        )
        self.note.setVisible(bool(self.note.text()))

    def _label_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 0:  # wrapped labels take the lines they need at the new width
            self.table.resizeRowsToContents()
            self._fit_height()

    def _fit_height(self) -> None:
        """The whole table shows: the page scrolls, not the table."""
        table = self.table
        header = table.horizontalHeader()
        height = header.height() if header.isVisible() else header.sizeHint().height()
        table.setFixedHeight(height + table.verticalHeader().length() + 2 * table.frameWidth())


def short_label(dim: str, label: str) -> str:
    """What a narrow column says: « dim. » for « dimanche »."""
    return f"{label[:3]}." if dim == tally.WEEKDAY else label
