"""The journal's table: a row count and a cache of pages read on demand, never all rows.

The view asks ``data()`` only for the rows it paints. A row whose page is not cached
shows « … » and its page is asked for within ``SETTLE_MS`` (``BLOCK`` rows at a time,
only the pages painted last: a fast scroll does not queue every page it passed); the
pages least recently used are forgotten (at most ``KEEP`` of them). A new filter starts
a new *generation*: pages still being read for the old one are dropped when they arrive.

A painted cell costs seven ``data()`` calls (one per role the delegate asks): the roles
this model never answers return at once, and a row's texts are made once, at its first
paint, then kept with its page.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from frontdesk.ui.journal.format import (
    REVIEW_LABELS,
    date_time,
    journey_labels,
    outcome_label,
    unread_text,
)
from frontdesk.ui.text import typo
from frontdesk.ui.theme import ERROR, GREY_MENTION
from frontdesk.visits.journal import JournalRow

BLOCK = 100
KEEP = 40  # pages kept in memory (4 000 rows)
AT_ONCE = 2  # pages asked for per settle
SETTLE_MS = 30
COLUMNS = ("Date et heure", "Site", "Agent", "Motifs", "Suite", "Relecture", "Messages")
DATE, SITE, AGENT, MOTIFS, SUITE, REVIEW, MESSAGES = range(len(COLUMNS))
VISIT_ID = Qt.ItemDataRole.UserRole
LOADING = "…"
# the roles data() answers, as the plain ints the view passes (compared at every call)
DISPLAY, TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
ACCESSIBLE, FONT = int(Qt.ItemDataRole.AccessibleTextRole), int(Qt.ItemDataRole.FontRole)
FOREGROUND, ROW_ID = int(Qt.ItemDataRole.ForegroundRole), int(VISIT_ID)
ROLES = frozenset((DISPLAY, TOOLTIP, ACCESSIBLE, ROW_ID, FOREGROUND, FONT))
TEXTS = frozenset((DISPLAY, TOOLTIP))

Index = QModelIndex | QPersistentModelIndex


def cells(row: JournalRow) -> tuple[str, ...]:
    suite = outcome_label(row.outcome)
    if row.voided:
        suite = f"Annulée (était : {suite})"
    badge = ""
    if row.unread:
        badge = f"● {row.unread} nouveau" + ("x" if row.unread > 1 else "")
    elif row.messages:
        badge = f"{row.messages} message" + ("s" if row.messages > 1 else "")
    return (
        date_time(row.started_at),
        row.site,
        row.agent,
        typo(" ; ".join(journey_labels(row.journeys))),
        typo(suite),
        REVIEW_LABELS.get(row.review or "", ""),
        badge,
    )


def spoken(row: JournalRow) -> str:
    """One sentence for a screen reader: the row's cells in words."""
    texts = cells(row)
    parts = [f"Visite du {texts[DATE]}", texts[SITE], texts[AGENT], texts[MOTIFS], texts[SUITE]]
    if row.review:
        parts.append(f"relecture : {texts[REVIEW].lower()}")
    if row.unread:
        parts.append(unread_text(row.unread))
    return typo(", ".join(p for p in parts if p))


class JournalModel(QAbstractTableModel):
    wanted = Signal(int, int)  # generation, page number: read it, then call add_page

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.total = 0
        self._pages: OrderedDict[int, list[JournalRow]] = OrderedDict()
        self._texts: dict[int, list[tuple[str, ...] | None]] = {}  # cells(), per page
        self._asked: set[int] = set()
        self._waiting: dict[int, None] = {}  # pages painted without data, in order
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._ask)
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # Filling

    def start(self) -> int:
        """A new question is being asked: answers to the older ones will be dropped."""
        self.generation += 1
        return self.generation

    def reset(self, generation: int, total: int, first: list[JournalRow]) -> bool:
        """The answer to the last question: its count and its first page."""
        if generation != self.generation:
            return False
        self.beginResetModel()
        self.total = total
        self._pages.clear()
        self._texts.clear()
        self._asked.clear()
        self._waiting.clear()
        if first:
            self._keep(0, first)
        self.endResetModel()
        return True

    def add_page(self, generation: int, number: int, rows: list[JournalRow]) -> None:
        if generation != self.generation:
            return
        self._asked.discard(number)
        self._keep(number, rows)
        first = number * BLOCK
        last = min(first + BLOCK, self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _keep(self, number: int, rows: list[JournalRow]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        self._texts[number] = [None] * len(rows)
        while len(self._pages) > KEEP:
            forgotten, _rows = self._pages.popitem(last=False)
            del self._texts[forgotten]

    def mark_read(self, visit_id: uuid.UUID) -> None:
        """The viewer has read that visit's messages: its badge goes, the row stays."""
        for number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == visit_id and row.unread:
                    rows[offset] = replace(row, unread=0)
                    self._texts[number][offset] = None
                    at = number * BLOCK + offset
                    self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))

    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def row_at(self, row: int) -> JournalRow | None:
        """The row if its page is cached; otherwise its page is asked for."""
        if not 0 <= row < self.total:
            return None
        number, offset = divmod(row, BLOCK)
        rows = self._pages.get(number)
        if rows is None:
            if number not in self._asked:
                self._waiting[number] = None
                if not self._settle.isActive():  # at most one batch of asks per SETTLE_MS
                    self._settle.start()
            return None
        self._pages.move_to_end(number)
        return rows[offset] if offset < len(rows) else None

    def _ask(self) -> None:
        latest = list(self._waiting)[-AT_ONCE:]
        self._waiting.clear()
        for number in latest:
            if number not in self._pages and number not in self._asked:
                self._asked.add(number)
                self.wanted.emit(self.generation, number)

    def visit_id(self, row: int) -> uuid.UUID | None:
        found = self.row_at(row)
        return None if found is None else found.id

    def find(self, visit_id: uuid.UUID) -> int | None:
        """The row of a visit among the cached pages."""
        for number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == visit_id:
                    return number * BLOCK + offset
        return None

    # QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _texts_at(self, at: int, row: JournalRow) -> tuple[str, ...]:
        """``cells(row)`` for the row ``at`` (cached: its page is cached), made once."""
        number, offset = divmod(at, BLOCK)
        texts = self._texts[number]
        made = texts[offset]
        if made is None:
            made = texts[offset] = cells(row)
        return made

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():
            return None  # decoration, alignment, background, check state: the view's own
        at = index.row()
        row = self.row_at(at)
        column = index.column()
        if row is None:
            return LOADING if role == DISPLAY and column == 0 else None
        if role in TEXTS:
            return self._texts_at(at, row)[column]
        if role == FOREGROUND:
            if column == MESSAGES and row.unread:
                return QColor(ERROR)
            return QColor(GREY_MENTION) if row.voided else None
        if role == FONT:
            if row.unread:
                return self._bold
            return self._italic if row.voided else None
        if role == ACCESSIBLE:
            return spoken(row) if column == 0 else self._texts_at(at, row)[column]
        if role == ROW_ID:
            return row.id
        return None
