"""A small bar chart drawn with QPainter (PySide6-Essentials has no QtCharts).

Horizontal bars (one line per label) or vertical columns (hours, weekdays). Each
value has its previous-period value beside it, thinner and grey. The chart says what
it shows to a screen reader: its accessible description lists every value.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from frontdesk.stats.french import french_number
from frontdesk.ui.theme import BLEU_FRANCE, GREY_BORDER, GREY_MENTION, GREY_TEXT

PREVIOUS_COLOUR = "#929292"  # DSFR grey 625: the previous period
ROW_LINES = 2.7
LEGEND_FALLBACK = (
    "Période affichée",
    "Période précédente",
)  # a horizontal bar: its label on a line, then the two bars


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    previous: int
    short: str = ""  # said under a narrow column when the label does not fit


class BarChart(QWidget):
    def __init__(
        self,
        title: str,
        *,
        vertical: bool = False,
        legend: tuple[str, str] = ("", ""),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.vertical = vertical
        self.legend = legend  # (this period, the previous one)
        self.bars: list[Bar] = []
        self.setAccessibleName(f"Graphique : {title}".replace(" :", "\u00a0:"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar], legend: tuple[str, str]) -> None:
        self.bars = bars
        self.legend = legend
        self.setAccessibleDescription(describe(bars, legend))
        self.updateGeometry()
        self.update()

    # --- sizes, all from the font: the chart grows with the text (125 % included)

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def sizeHint(self) -> QSize:
        line = self._line()
        rows = 12 if self.vertical else ROW_LINES * max(len(self.bars), 1) + 1.6
        height = line * rows
        return QSize(int(line * 24), int(height))

    def minimumSizeHint(self) -> QSize:
        return QSize(int(self._line() * 14), self.sizeHint().height())

    # --- drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            top = self._paint_legend(painter)
            area = QRectF(self.rect()).adjusted(0, top, -1, -1)
            if self.vertical:
                self._paint_columns(painter, area)
            else:
                self._paint_bars(painter, area)
        finally:
            painter.end()

    def _paint_legend(self, painter: QPainter) -> float:
        line = self._line()
        x = 0.0
        legend = self.legend
        needed = sum(painter.fontMetrics().horizontalAdvance(text) + line * 1.7 for text in legend)
        if needed > self.width():  # long dates: the short words
            legend = LEGEND_FALLBACK
        for text, colour in zip(legend, (BLEU_FRANCE, PREVIOUS_COLOUR), strict=True):
            if not text:
                continue
            painter.fillRect(QRectF(x, line * 0.25, line * 0.5, line * 0.5), QColor(colour))
            x += line * 0.7
            painter.setPen(QColor(GREY_MENTION))
            width = painter.fontMetrics().horizontalAdvance(text)
            painter.drawText(QRectF(x, 0, width + 2, line), Qt.AlignmentFlag.AlignVCenter, text)
            x += width + line
        return line * 1.5

    def _top(self) -> int:
        return max((max(bar.count, bar.previous) for bar in self.bars), default=0) or 1

    def _paint_bars(self, painter: QPainter, area: QRectF) -> None:
        """Each label on its own line (never cut short), its bars under it."""
        metrics = painter.fontMetrics()
        line = self._line()
        value_width = metrics.horizontalAdvance("00 000") + 8
        bar_space = max(area.width() - value_width, 1)
        top = self._top()
        for index, bar in enumerate(self.bars):
            y = area.top() + index * line * ROW_LINES
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(area.width()))
            painter.setPen(QColor(GREY_TEXT))
            painter.drawText(QRectF(0, y, area.width(), line), Qt.AlignmentFlag.AlignLeft, label)
            length = bar_space * bar.count / top
            painter.fillRect(QRectF(0, y + line * 1.1, length, line * 0.8), QColor(BLEU_FRANCE))
            previous = bar_space * bar.previous / top
            painter.fillRect(
                QRectF(0, y + line * 1.95, previous, line * 0.3), QColor(PREVIOUS_COLOUR)
            )
            painter.drawText(
                QRectF(length + 4, y + line, value_width, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                french_number(bar.count),
            )

    def _paint_columns(self, painter: QPainter, area: QRectF) -> None:
        if not self.bars:
            return
        metrics = painter.fontMetrics()
        line = self._line()
        base = area.bottom() - line * 1.3
        height = max(base - area.top() - line * 1.2, 1)
        slot = area.width() / len(self.bars)
        width = min(slot * 0.7, line * 3)
        top = self._top()
        short = any(metrics.horizontalAdvance(bar.label) > slot - 4 for bar in self.bars)
        painter.setPen(QColor(GREY_BORDER))
        painter.drawLine(int(area.left()), int(base), int(area.right()), int(base))
        for index, bar in enumerate(self.bars):
            x = area.left() + index * slot + (slot - width) / 2
            tall = height * bar.count / top
            painter.fillRect(QRectF(x, base - tall, width * 0.72, tall), QColor(BLEU_FRANCE))
            before = height * bar.previous / top
            painter.fillRect(
                QRectF(x + width * 0.76, base - before, width * 0.24, before),
                QColor(PREVIOUS_COLOUR),
            )
            painter.setPen(QColor(GREY_TEXT))
            above = base - max(tall, before) - line * 1.1
            painter.drawText(
                QRectF(x - slot * 0.15, above, width + slot * 0.3, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                french_number(bar.count),
            )
            label = bar.short if short and bar.short else bar.label
            label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(
                QRectF(area.left() + index * slot, base + line * 0.2, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )


def describe(bars: list[Bar], legend: tuple[str, str]) -> str:
    """What a screen reader says of the chart: each label, its value, the previous one."""
    if not bars:
        return "Aucune donnée."
    current, previous = legend
    parts = [
        f"{bar.label}\u00a0: {french_number(bar.count)}"
        + (f" ({previous}\u00a0: {french_number(bar.previous)})" if previous else "")
        for bar in bars
    ]
    head = f"{current}. " if current else ""
    return head + " ; ".join(parts).replace(" ;", "\u202f;") + "."
