"""The Statistiques screen: period and site, key figures, one table and chart per
breakdown, exports.

The figures are computed by the background helper when the period or site changes,
and when visits change (``StatistiquesSection.watches``: at once if the screen shows,
else when it is shown next); an answer older than the last question asked is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk import moments
from frontdesk.moments import date_text
from frontdesk.stats.figures import BREAKDOWNS, Statistics, compute_statistics, counted_sites
from frontdesk.stats.periods import Period
from frontdesk.stats.report_data import SatisfactionResults, satisfaction_results
from frontdesk.store.models import Site
from frontdesk.ui.session import UiSession
from frontdesk.ui.stats.breakdown_view import BreakdownView
from frontdesk.ui.stats.cards import KeyFigures
from frontdesk.ui.stats.export_bar import ExportBar
from frontdesk.ui.stats.period_picker import PeriodPicker, SitePicker
from frontdesk.ui.stats.satisfaction_view import SatisfactionView
from frontdesk.ui.stats.texts import capitalised
from frontdesk.ui.text import typo
from frontdesk.ui.theme import BLEU_FRANCE, BLEU_FRANCE_LIGHT, GREY_BORDER, WARNING_LIGHT
from frontdesk.ui.widgets import MessageLabel, button, heading, hint

EMPTY = "Aucune visite sur la période."
MONTHLY = (
    "Une partie de cette période n'est plus connue qu'au mois près : après la durée de "
    "conservation, les visites sont résumées par mois. Un mois compte en entier s'il "
    "commence dans la période."
)
STYLE = f"""
QFrame#statCard {{ border: 1px solid {GREY_BORDER}; border-top: 4px solid {BLEU_FRANCE};
    background: #ffffff; padding: 0.4em; }}
QFrame#statCard:focus {{ border: 2px solid #0a76f6; border-top: 4px solid #0a76f6; }}
QLabel[role="cardTitle"] {{ font-weight: 600; color: {BLEU_FRANCE}; }}
QLabel[role="cardValue"] {{ font-size: 20pt; font-weight: 700; }}
QLabel[role="cardChange"] {{ font-weight: 600; }}
QLabel[role="notice"] {{ background: {WARNING_LIGHT}; padding: 0.5em; }}
QLabel[role="empty"] {{ background: {BLEU_FRANCE_LIGHT}; padding: 0.6em; font-weight: 600; }}
"""


def today() -> date:
    """The day the screen opens on, at the counters (tests replace it)."""
    return moments.today()


def known_sites(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the sites set up or counted, by name."""
    names: dict[str, str] = dict(session.execute(select(Site.id, Site.name)).all())
    for site_id in counted_sites(session):  # a synced site not described here
        names.setdefault(site_id, capitalised(site_id))
    return sorted(names.items(), key=lambda item: item[1])


class Choices(QWidget):
    """The site, « Actualiser » and the exports on one row; the exports go below when
    the row would not fit (small screen, 125 %): the page never scrolls sideways."""

    def __init__(self, *widgets: QWidget | None) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.widgets = [w for w in widgets if w is not None]
        for column, widget in enumerate(self.widgets):
            self.grid.addWidget(widget, 0, column)
        self.grid.setColumnStretch(len(self.widgets), 1)
        self.below = False

    def _least(self, widgets: list[QWidget]) -> int:
        spacing = max(self.grid.horizontalSpacing(), 0)
        return sum(w.minimumSizeHint().width() + spacing for w in widgets)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        below = len(self.widgets) > 2 and event.size().width() < self._least(self.widgets)
        if below != self.below:
            self.below = below
            last = self.widgets[-1]
            self.grid.removeWidget(last)
            if below:
                self.grid.addWidget(last, 1, 0, 1, len(self.widgets))
            else:
                self.grid.addWidget(last, 0, len(self.widgets) - 1)

    def minimumSizeHint(self) -> QSize:
        narrowest = max(self._least(self.widgets[:2]), self._least(self.widgets[2:]))
        return QSize(narrowest, super().minimumSizeHint().height())


@dataclass(frozen=True)
class Computed:
    asked: int  # the computation this answers; an older one is dropped
    stats: Statistics
    sites: list[tuple[str, str]]
    satisfaction: SatisfactionResults | None


class StatisticsPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stats: Statistics | None = None
        self._asked = 0  # the last computation asked; older answers are dropped
        self.setStyleSheet(STYLE)

        self.periods = PeriodPicker(today())
        self.sites = SitePicker()
        self.refresh_button = button("Act&ualiser", "Actualiser les statistiques (F5)")
        self.exports = ExportBar(session, self.selection) if session.may("stats.export") else None
        self.summary = heading("", "subtitle")
        self.summary.setAccessibleName("Période et sites affichés")
        self.compared = hint("")
        self.compared.setAccessibleName("Période de comparaison")
        self.status = hint("")
        self.status.setAccessibleName("État du calcul")
        self.message = MessageLabel()
        self.notice = heading(MONTHLY, "notice")
        self.empty = heading(EMPTY, "empty")
        self.figures = KeyFigures()
        self.breakdowns = [BreakdownView(dim, title) for dim, title in BREAKDOWNS]
        self.satisfaction = SatisfactionView()

        choices = Choices(self.sites, self.refresh_button, self.exports)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.periods)
        layout.addWidget(self.periods.message)
        layout.addWidget(choices)
        if self.exports is not None:
            layout.addWidget(self.exports.panel)
            layout.addWidget(self.exports.message)
        for widget in (self.summary, self.compared, self.status, self.message):
            layout.addWidget(widget)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.figures)
        for view in self.breakdowns:
            layout.addWidget(view)
        layout.addWidget(self.satisfaction)
        self._show_nothing()

        self.periods.changed.connect(self.compute)
        self.sites.changed.connect(self.compute)
        self.refresh_button.clicked.connect(self.compute)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.compute)

    def focus_first(self) -> None:
        self.periods.kind.setFocus(Qt.FocusReason.OtherFocusReason)

    def selection(self) -> tuple[Period, tuple[str, ...], str | None]:
        return self.periods.period, self.sites.sites, self.sites.site

    def compute(self) -> None:
        self._asked += 1
        asked = self._asked
        period, sites = self.periods.period, self.sites.sites

        def work(session: Session) -> Computed:
            return Computed(
                asked,
                compute_statistics(session, period, sites),
                known_sites(session),
                satisfaction_results(session, period, sites),
            )

        self.status.setText("Calcul en cours…")
        self.status.show()
        self.session.ops.read(work, self._computed, owner=self)

    def _computed(self, answer: Computed) -> None:
        asked, stats, sites = answer.asked, answer.stats, answer.sites
        if asked != self._asked:
            return
        self.stats = stats
        self.status.hide()
        self.message.clear_message()
        self.sites.set_sites(sites)
        period, before = stats.period, stats.previous_period
        self.summary.setText(typo(f"{capitalised(period.label())} — {self.sites.site_name()}"))
        self.compared.setText(
            typo(
                f"Du {date_text(period.start)} au {date_text(period.end)}, comparé à la "
                f"période précédente : {before.label()}"
                + (
                    "."
                    if before.kind == "libre"
                    else f" (du {date_text(before.start)} au {date_text(before.end)})."
                )
            )
        )
        for label in (self.summary, self.compared):
            label.setAccessibleDescription(label.text())
        self.notice.setVisible(stats.month_resolution)
        self.empty.setVisible(stats.empty)
        self.figures.show()
        self.figures.show_statistics(stats)
        legend = (capitalised(period.label()), capitalised(before.label()))
        for view in self.breakdowns:
            view.setVisible(not stats.empty)
            view.show_breakdown(stats.breakdown(view.dim), legend)
        self.satisfaction.show_results(answer.satisfaction)
        self.satisfaction.show()

    def show_error(self, text: str) -> None:
        """The figures could not be computed (the helper logged why)."""
        self.status.hide()
        self.message.show_message(text)

    def _show_nothing(self) -> None:
        for widget in (self.notice, self.empty, self.figures, *self.breakdowns, self.satisfaction):
            widget.hide()
