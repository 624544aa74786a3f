"""The pieces of the bilan: paragraph styles, tables, the page-numbering canvas and the
bar charts (reportlab graphics). Charts are kept plain, two series at most (the period,
and the previous one in a lighter tint), so a report draws in a fraction of a second.
A count of 1 to 4 is never drawn (no bar): ``masked`` shows it « < 5 » in the tables,
and a chart must not give it away either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from frontdesk.contacts.sheet import (
    BLEU_FRANCE,
    FONT,
    FONT_BOLD,
    GREY_BACKGROUND,
    GREY_MENTION,
    GREY_TEXT,
    register_fonts,
)
from frontdesk.contacts.sheet_content import typography
from frontdesk.moments import long_date_text, time_text
from frontdesk.stats.french import SMALL_COUNT, french_number, french_percent

MARGIN = 1.8 * cm
PREVIOUS_TINT = colors.HexColor("#b1b1f9")  # bleu France, light: the previous period
GRID = colors.HexColor("#dddddd")
LABEL_CHARS = 48  # category labels longer than this are shortened with « … »
ROW_HEIGHT = 12.0  # points per category of a horizontal chart (two bars)
LABEL_WIDTH = 190.0  # points left of a horizontal chart for its category labels


def drawable(count: int) -> int | None:
    """A count a chart may draw: None (no bar) for 1 to 4."""
    return None if 0 < count < SMALL_COUNT else count


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    label = typography(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip(" ,(") + "…"


def _value_axis_max(series: Sequence[Sequence[int | None]]) -> int:
    top = max((v for values in series for v in values if v), default=0)
    return max(top, SMALL_COUNT)


def _tick(value: float) -> str:
    return typography(french_number(value))


def _step(top: float) -> float:
    """A round step giving about 4 to 6 ticks."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if top / step <= 6:
            return step
    power: int = 10 ** len(str(int(top // 6)))  # typeshed: int ** int is Any
    return power


def _style_axes(chart: HorizontalBarChart | VerticalBarChart, top: int) -> None:
    value_axis, category_axis = chart.valueAxis, chart.categoryAxis
    value_axis.valueMin, step = 0, _step(top)
    value_axis.valueStep = step
    value_axis.valueMax = step * (int(top // step) + 1)
    value_axis.labels.fontName = category_axis.labels.fontName = FONT
    value_axis.labels.fontSize, category_axis.labels.fontSize = 7, 7.5
    value_axis.labels.fillColor = category_axis.labels.fillColor = GREY_TEXT
    value_axis.labelTextFormat = _tick
    value_axis.strokeColor = category_axis.strokeColor = GREY_MENTION
    value_axis.visibleGrid, value_axis.gridStrokeColor = True, GRID
    value_axis.gridStrokeWidth = 0.4
    category_axis.visibleTicks = False
    chart.bars[0].fillColor = BLEU_FRANCE
    chart.bars.strokeColor = None
    if len(chart.data) > 1:
        chart.bars[1].fillColor = PREVIOUS_TINT


def _legend(drawing: Drawing, x: float, y: float, names: Sequence[str]) -> None:
    for index, name in enumerate(names):
        colour = BLEU_FRANCE if index == 0 else PREVIOUS_TINT
        # types-reportlab: Rect's **kw lacks Unpack[...] (each keyword typed as the dict)
        drawing.add(Rect(x, y, 8, 8, fillColor=colour, strokeColor=None))  # type: ignore[arg-type]
        text = String(x + 12, y + 1, typography(name), fontName=FONT, fontSize=7.5)
        text.fillColor = GREY_TEXT
        drawing.add(text)
        x += 24 + 4.2 * len(name)


def horizontal_bars(
    labels: Sequence[str],
    counts: Sequence[int],
    previous: Sequence[int] | None,
    width: float,
    *,
    names: Sequence[str] = ("Période", "Période précédente"),
) -> Drawing:
    """One row per category, the period's bar above the previous one's."""
    series = [[drawable(c) for c in counts]]
    if previous is not None:
        series.append([drawable(c) for c in previous])
    rows = len(labels)
    height = rows * ROW_HEIGHT * (1 if previous is None else 1.4) + 40
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    # types-reportlab types the plot area's sizes and spacings as int: reportlab takes floats
    chart.x, chart.y = LABEL_WIDTH, 24  # type: ignore[assignment]
    chart.width, chart.height = width - LABEL_WIDTH - 16, height - 40  # type: ignore[assignment]
    # reportlab draws the first category at the bottom: reverse so the largest is on top
    chart.data = [list(reversed(values)) for values in series]
    chart.categoryAxis.categoryNames = [shorten(label) for label in reversed(labels)]
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barSpacing, chart.groupSpacing = 0.5, 4  # type: ignore[assignment]  # (see above)
    _style_axes(chart, _value_axis_max(series))
    # the first series must come out on top within a category: reportlab stacks series
    # upwards, so the « period » data go last
    chart.data.reverse()
    chart.bars[0].fillColor = PREVIOUS_TINT if previous is not None else BLEU_FRANCE
    chart.bars[1].fillColor = BLEU_FRANCE
    drawing.add(chart)
    if previous is not None:
        _legend(drawing, LABEL_WIDTH, height - 10, names)
    return drawing


def vertical_bars(
    labels: Sequence[str],
    counts: Sequence[int],
    previous: Sequence[int] | None,
    width: float,
    *,
    height: float = 150,
    names: Sequence[str] = ("Période", "Période précédente"),
) -> Drawing:
    """Columns in time order (hours, weekdays, months), previous period beside."""
    series = [[drawable(c) for c in counts]]
    if previous is not None:
        series.append([drawable(c) for c in previous])
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 20
    # types-reportlab types the plot area's sizes as int: reportlab takes floats
    chart.width, chart.height = width - 48, height - (44 if previous is not None else 28)  # type: ignore[assignment]
    chart.data = series
    chart.categoryAxis.categoryNames = [typography(label) for label in labels]
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    chart.barSpacing, chart.groupSpacing = 1, 6
    _style_axes(chart, _value_axis_max(series))
    drawing.add(chart)
    if previous is not None:
        _legend(drawing, 36, height - 12, names)
    return drawing


# --- text and tables -------------------------------------------------------------------


def make_styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, textColor=GREY_TEXT)
    heading = {"fontName": FONT_BOLD, "textColor": BLEU_FRANCE}
    variants: dict[str, dict[str, Any]] = {
        "h1": {**heading, "fontSize": 16, "leading": 20, "spaceAfter": 8},
        "h2": {**heading, "fontSize": 12, "leading": 15, "spaceBefore": 10, "spaceAfter": 5},
        "cell": {"fontSize": 8.5, "leading": 10.5},
        "cell_right": {"fontSize": 8.5, "leading": 10.5, "alignment": 2},
        "head": {
            "fontName": FONT_BOLD,
            "fontSize": 8.5,
            "leading": 10.5,
            "textColor": colors.white,
        },
        "note": {"fontSize": 7.5, "leading": 9.5, "textColor": GREY_MENTION, "spaceBefore": 3},
        "cover_title": {**heading, "fontSize": 28, "leading": 34, "spaceAfter": 10},
        "cover_line": {"fontSize": 13, "leading": 18},
        "big": {**heading, "fontSize": 20, "leading": 24, "alignment": 1},
        "small_centre": {"fontSize": 8.5, "leading": 11, "alignment": 1},
    }
    return {"base": base} | {k: ParagraphStyle(k, base, **v) for k, v in variants.items()}


STYLES = make_styles()


def para(text: str, style: str = "base") -> Paragraph:
    return Paragraph(escape(typography(text)), STYLES[style])


def num(value: float, decimals: int = 0) -> str:
    return typography(french_number(value, decimals))


def long_date(moment: datetime) -> str:
    """« 2 juillet 2026 à 11 h 15 » at the counters' time."""
    return f"{long_date_text(moment)} à {time_text(moment)}"


def change_text(count: int, previous: int) -> str:
    """The change, unless it would reveal a masked count."""
    if 0 < count < SMALL_COUNT or 0 < previous < SMALL_COUNT:
        return "–"
    change = count - previous
    sign = "=" if change == 0 else ("+" if change > 0 else "−")
    return sign if change == 0 else f"{sign}{num(abs(change))}"


def share_text(count: int, total: int) -> str:
    if not total or 0 < count < SMALL_COUNT:
        return "–"
    return typography(french_percent(count / total))


def table(rows: list[list[Any]], widths: Sequence[float], striped: bool = True) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    style: list[tuple[Any, ...]] = [  # reportlab's table commands
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), BLEU_FRANCE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#dddddd")),
    ]
    if striped:
        style += [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, GREY_BACKGROUND])]
    table.setStyle(TableStyle(style))
    return table


def header(*titles: str) -> list[Paragraph]:
    return [para(titles[0], "head")] + [
        Paragraph(escape(typography(t)), ParagraphStyle("h", STYLES["head"], alignment=2))
        for t in titles[1:]
    ]


class NumberedCanvas(Canvas):
    """Keeps the pages until the end to print « page 2 / 7 »."""

    footer = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's, left out of the stubs

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 7.5)
            self.setFillColor(GREY_MENTION)
            self.drawString(MARGIN, 1.1 * cm, self.footer)
            self.drawRightString(A4[0] - MARGIN, 1.1 * cm, f"page {self.getPageNumber()} / {total}")
            super().showPage()
        super().save()
