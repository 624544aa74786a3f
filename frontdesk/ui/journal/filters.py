"""The journal's filters: period, where, who, what, and the review. Any change fires
``changed`` (once, after the widgets settle); ``current()`` reads them as a JournalFilter."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, QSize, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from frontdesk import moments
from frontdesk.orientation.journeys import journeys
from frontdesk.setup import known_sites
from frontdesk.ui.journal.format import (
    PUBLIC_STATUS_LABELS,
    category_labels,
    partner_label,
    public_labels,
)
from frontdesk.ui.widgets import buddy_label, button
from frontdesk.visits.journal import NOT_REVIEWED, TO_REVIEW, JournalFilter
from frontdesk.visits.options import visit_options

SETTLE_MS = 60
PERIODS = (
    ("all", "Toute la période"),
    ("today", "Aujourd'hui"),
    ("7days", "Les 7 derniers jours"),
    ("month", "Ce mois-ci"),
    ("last_month", "Le mois dernier"),
    ("year", "Cette année"),
    ("custom", "Dates choisies"),
)


def period_bounds(period: str, today: date) -> tuple[date | None, date | None]:
    if period == "today":
        return today, today
    if period == "7days":
        return today - timedelta(days=6), today
    if period == "month":
        return today.replace(day=1), today
    if period == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if period == "year":
        return today.replace(month=1, day=1), today
    return None, None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


Pair = tuple[QLabel | None, QWidget]  # a label and its field; no label: a check box
MOST_PER_ROW = 3


def _place(grid: QGridLayout, pairs: list[Pair], per_row: int, first_row: int = 0) -> int:
    """Label and field pairs, ``per_row`` to a row, the fields sharing the width; a pair
    without a label takes both cells. Returns the next free row."""
    for n, (label, field) in enumerate(pairs):
        row, column = divmod(n, per_row)
        if label is None:
            grid.addWidget(field, first_row + row, column * 2, 1, 2)
        else:
            grid.addWidget(label, first_row + row, column * 2)
            grid.addWidget(field, first_row + row, column * 2 + 1)
    for column in range(MOST_PER_ROW * 2):
        grid.setColumnStretch(column, 1 if column % 2 and column < per_row * 2 else 0)
    return first_row + -(-len(pairs) // per_row)


def _width_for(pairs: list[Pair], per_row: int, spacing: int) -> int:
    """The least width of ``pairs`` laid ``per_row`` to a row."""
    labels, fields = [0] * per_row, [0] * per_row
    for n, (label, field) in enumerate(pairs):
        column = n % per_row
        if label is not None:
            labels[column] = max(labels[column], label.minimumSizeHint().width())
        fields[column] = max(fields[column], field.minimumSizeHint().width())
    return sum(labels) + sum(fields) + spacing * (2 * per_row - 1)


def _combo(everything: str, choices: Sequence[tuple[object, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    combo.addItem(everything, None)
    for value, label in choices:
        combo.addItem(label, value)
    return combo


class JournalFilterBar(QWidget):
    changed = Signal()

    def __init__(
        self,
        *,
        all_sites: bool,
        agents: list[tuple[uuid.UUID, str]],
        reviewer: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_fields(agents, reviewer)
        self._lay_out(all_sites)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.changed)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self._timer.start)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.public.currentIndexChanged.connect(self._period_chosen)
        self.date_from.dateChanged.connect(self._timer.start)
        self.date_to.dateChanged.connect(self._timer.start)
        self.unread.toggled.connect(self._timer.start)
        self.queue.clicked.connect(self.show_queue)
        self.clear.clicked.connect(self.reset)
        self.more.toggled.connect(self._fold)
        self.changed.connect(self._count_extra)
        self._period_chosen()

    def _make_fields(self, agents: list[tuple[uuid.UUID, str]], reviewer: bool) -> None:
        options = visit_options()
        self.period = _combo("Toute la période", list(PERIODS[1:]))
        self.date_from = self._date_edit()
        self.date_to = self._date_edit()
        sites = [(s.id, s.commune) for s in known_sites()]
        self.site = _combo("Tous les sites", sites)
        self.site.setAccessibleName("Site")
        self.agent = _combo("Tous les agents", agents)
        self.journey = _combo("Tous les motifs", [(j.id, j.label) for j in journeys().all])
        self.category = _combo("Toutes", list(category_labels().items()))
        self.public = _combo("Tous les publics", list(public_labels().items()))
        self.public_status = _combo("oui ou à vérifier", list(PUBLIC_STATUS_LABELS.items()))
        self.public_status.setMinimumContentsLength(10)
        self.partner = _combo(
            "Tous les partenaires", [(p, partner_label(p)) for p in journeys().partners]
        )
        self.outcome = _combo("Toutes", [(c.id, c.label) for c in options.outcomes])
        self.channel = _combo("Tous", [(c.id, c.label) for c in options.channels])
        self.voided = _combo("Toutes", [(False, "Non annulées"), (True, "Annulées seulement")])
        self.review = _combo(
            "Toutes",
            [
                (TO_REVIEW, "À traiter (non relues ou à revoir)"),
                ("a_revoir", "À revoir"),
                ("valide", "Validées"),
                (NOT_REVIEWED, "Non relues"),
            ],
        )
        self.unread = QCheckBox("Messages n&on lus")
        self.unread.setAccessibleName("Seulement les visites avec des messages non lus")
        self.queue = button(
            "Cas à &traiter", "Cas à traiter : les visites non relues et celles marquées à revoir"
        )
        if not reviewer:  # (shown before it has a parent, it would open as a window)
            self.queue.hide()
        self.clear = button("Réinitialiser les &filtres", "Réinitialiser les filtres")
        self.more = button("Plus de filtres", "Afficher plus de filtres")
        self.more.setCheckable(True)
        self.extra = QWidget(self)  # the filters used less often, folded by default

    def _lay_out(self, all_sites: bool) -> None:
        main = [
            ("&Période :", self.period),
            ("&Du :", self.date_from),
            ("A&u :", self.date_to),
            ("A&gent :", self.agent),
            ("Re&lecture :", self.review),
        ]
        extra = [
            ("&Site :", self.site),
            ("&Motif :", self.journey),
            ("Pro&blématique :", self.category),
            ("Publ&ic SPIE :", self.public),
            ("Statut du public :", self.public_status),
            ("Pa&rtenaire :", self.partner),
            ("Sui&te :", self.outcome),
            ("Ca&nal :", self.channel),
            ("Annulé&es :", self.voided),
        ]
        if not all_sites:  # an agent's and a superviseur's journal is their site's
            extra = extra[1:]
            self.site.setParent(self)
            self.site.hide()
        self._main: list[Pair] = [(buddy_label(t, f), f) for t, f in main]
        self._main.append((None, self.unread))
        self._extra: list[Pair] = [(buddy_label(t, f), f) for t, f in extra]
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._extra_grid = QGridLayout(self.extra)
        self._extra_grid.setContentsMargins(0, 0, 0, 0)
        # a widget, not a layout, so it can move between rows; parented when placed, after
        # the filters: the Tab order stays filters, then buttons
        self._buttons = QWidget()
        buttons = QHBoxLayout(self._buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for widget in (self.more, self.queue):
            buttons.addWidget(widget)
        buttons.addStretch()
        buttons.addWidget(self.clear)
        self._per_row = self._extra_per_row = 0
        self._reflow(MOST_PER_ROW)
        self.extra.hide()

    def _reflow(self, per_row: int) -> None:
        """Lay the filters ``per_row`` to a row (fewer on a narrow screen: none is cut)."""
        extra_per_row = self._fitting(self._extra, self.width()) if self._per_row else per_row
        if (per_row, extra_per_row) == (self._per_row, self._extra_per_row):
            return
        self._per_row, self._extra_per_row = per_row, extra_per_row
        for grid, pairs in ((self._grid, self._main), (self._extra_grid, self._extra)):
            for label, field in pairs:
                for widget in (label, field):
                    if widget is not None:
                        grid.removeWidget(widget)
        self._grid.removeWidget(self.extra)
        self._grid.removeWidget(self._buttons)
        row = _place(self._grid, self._main, per_row)
        _place(self._extra_grid, self._extra, extra_per_row)
        self._grid.addWidget(self.extra, row, 0, 1, per_row * 2)
        self._grid.addWidget(self._buttons, row + 1, 0, 1, per_row * 2)

    def _fitting(self, pairs: list[Pair], width: int) -> int:
        """The most of ``pairs`` to a row that ``width`` holds."""
        spacing = max(self._grid.horizontalSpacing(), 0)
        for per_row in range(MOST_PER_ROW, 1, -1):
            if _width_for(pairs, per_row, spacing) <= width:
                return per_row
        return 1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(self._fitting(self._main, event.size().width()))

    def minimumSizeHint(self) -> QSize:
        """As narrow as one filter to a row: the bar reflows rather than widen the page."""
        spacing = max(self._grid.horizontalSpacing(), 0)
        narrowest = max(_width_for(p, 1, spacing) for p in (self._main, self._extra))
        buttons = self._buttons.minimumSizeHint().width()
        return QSize(max(narrowest, buttons), super().minimumSizeHint().height())

    def _fold(self, unfolded: bool) -> None:
        self.extra.setVisible(unfolded)
        self._count_extra()

    def _count_extra(self) -> None:
        """The folded filters in use are counted on the button: none is ever hidden unsaid."""
        used = sum(combo.currentIndex() > 0 for combo in self.extra.findChildren(QComboBox)) - (
            self.public_status.currentIndex() > 0 and self.public.currentIndex() == 0
        )
        shown = "Moins de filtres" if self.more.isChecked() else "Plus de filtres"
        self.more.setText(f"{shown} ({used} en cours)" if used else shown)
        self.more.setAccessibleName(self.more.text())

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setSpecialValueText("—")  # shown at the minimum: no bound
        edit.setDate(_qdate(moments.today()))
        return edit

    def combos(self) -> list[QComboBox]:
        return [
            self.period, self.site, self.agent, self.journey, self.category, self.public,
            self.public_status, self.partner, self.outcome, self.channel, self.voided,
            self.review,
        ]  # fmt: skip

    def _period_chosen(self) -> None:
        """Du / Au show the period chosen (« — » for the whole period); editable only
        for « Dates choisies »."""
        period = self.period.currentData()
        custom = period == "custom"
        if not custom:
            start, end = period_bounds(period, moments.today())
            for edit, bound in ((self.date_from, start), (self.date_to, end)):
                edit.blockSignals(True)
                edit.setDate(_qdate(bound) if bound else edit.minimumDate())
                edit.blockSignals(False)
        else:
            for edit in (self.date_from, self.date_to):
                if edit.date() == edit.minimumDate():
                    edit.setDate(_qdate(moments.today()))
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self.public_status.setEnabled(self.public.currentData() is not None)

    def current(self) -> JournalFilter:
        period = self.period.currentData()
        start: date | None
        end: date | None
        if period == "custom":
            start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        else:
            start, end = period_bounds(period, moments.today())
        public = self.public.currentData()
        return JournalFilter(
            date_from=start,
            date_to=end,
            site=self.site.currentData() if self.site.isVisibleTo(self) else None,
            agent=self.agent.currentData(),
            journey=self.journey.currentData(),
            category=self.category.currentData(),
            public=public,
            public_status=self.public_status.currentData() if public else None,
            partner=self.partner.currentData(),
            outcome=self.outcome.currentData(),
            channel=self.channel.currentData(),
            voided=self.voided.currentData(),
            review=self.review.currentData(),
            unread_only=self.unread.isChecked(),
        )

    def _quietly(self, change: Callable[[], None]) -> None:
        """Apply several changes as one: a single ``changed`` once they are done."""
        for widget in [*self.combos(), self.unread, self.date_from, self.date_to]:
            widget.blockSignals(True)
        try:
            change()
        finally:
            for widget in [*self.combos(), self.unread, self.date_from, self.date_to]:
                widget.blockSignals(False)
        self._period_chosen()
        self._timer.start()

    def reset(self) -> None:
        def clear() -> None:
            for combo in self.combos():
                combo.setCurrentIndex(0)
            self.unread.setChecked(False)

        self._quietly(clear)

    def show_queue(self) -> None:
        """The tutor's queue: every case not reviewed yet or marked « à revoir », whatever
        the other filters."""

        def queue() -> None:
            for combo in self.combos():
                combo.setCurrentIndex(0)
            self.unread.setChecked(False)
            self.review.setCurrentIndex(self.review.findData(TO_REVIEW))

        self._quietly(queue)

    def pending(self) -> bool:
        """A change is waiting for its ``changed`` (the settle timer runs)."""
        return self._timer.isActive()

    def show_unread(self) -> None:
        """Only the visits with messages not read yet (the Accueil line opens this)."""

        def unread() -> None:
            for combo in self.combos():
                combo.setCurrentIndex(0)
            self.unread.setChecked(True)

        self._quietly(unread)
