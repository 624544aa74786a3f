"""Choosing the period and the site of the statistics.

Mois, trimestre, semestre, année or a free period between two dates; the previous
and next buttons step one period at a time (a free period by its own length).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QWidget

from frontdesk.stats.periods import Kind, Period, PeriodError
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button

ALL_SITES = "Tous les sites"
KINDS: tuple[tuple[Kind, str], ...] = (
    ("mois", "Mois"),
    ("trimestre", "Trimestre"),
    ("semestre", "Semestre"),
    ("annee", "Année"),
    ("libre", "Période libre"),
)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def shifted(period: Period, step: int) -> Period:
    """The period ``step`` periods later (``-1``: the one before)."""
    if period.kind == "libre":
        offset = timedelta(days=period.days * step)
        return Period(period.start + offset, period.end + offset)
    for _ in range(abs(step)):
        if step < 0:
            period = period.previous()
        else:
            period = Period.containing(period.kind, period.end + timedelta(days=1))
    return period


class PeriodPicker(QWidget):
    """The kind of period, previous / next, the two dates; says the period chosen."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._period = Period.containing("semestre", today)
        self.kind = QComboBox()
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for kind, label in KINDS:
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(self.kind.findData("semestre"))
        self.previous_button = button("‹ P&récédente", "Période précédente")
        self.next_button = button("&Suivante ›", "Période suivante")
        self.start = self._date_field()
        self.end = self._date_field()
        self.start_label = buddy_label(typo("&Du :"), self.start)
        self.end_label = buddy_label(typo("&Au :"), self.end)
        self.start.setAccessibleName("Premier jour de la période")
        self.end.setAccessibleName("Dernier jour de la période")
        self.message = MessageLabel()

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(buddy_label(typo("&Période :"), self.kind))
        row.addWidget(self.kind)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        for widget in (self.start_label, self.start, self.end_label, self.end):
            row.addWidget(widget)
        row.addStretch()
        self._show()

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)

    def _date_field(self) -> QDateEdit:
        field = QDateEdit()
        field.setCalendarPopup(True)
        field.setDisplayFormat("dd/MM/yyyy")
        field.setMinimumDate(QDate(2000, 1, 1))
        field.setMaximumDate(QDate(2100, 12, 31))
        return field

    @property
    def period(self) -> Period:
        return self._period

    def set_period(self, period: Period) -> None:
        """Show ``period`` (its kind included) and tell the page."""
        self._period = period
        self._show()
        self.changed.emit()

    def step(self, step: int) -> None:
        self.set_period(shifted(self._period, step))

    def _kind_changed(self) -> None:
        kind: Kind = self.kind.currentData()
        if kind == "libre":  # the dates of the period shown, now free to change
            period = Period(self._period.start, self._period.end)
        else:
            period = Period.containing(kind, self._period.start)
        self.set_period(period)

    def _dates_changed(self) -> None:
        if self._period.kind != "libre":
            return
        try:
            period = Period(from_qdate(self.start.date()), from_qdate(self.end.date()))
        except PeriodError as error:
            self.message.show_message(typo(str(error)))
            return
        self.message.clear_message()
        if period != self._period:
            self.set_period(period)

    def _show(self) -> None:
        period = self._period
        free = period.kind == "libre"
        for widget in (self.kind, self.start, self.end):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(period.kind))
        self.start.setDate(to_qdate(period.start))
        self.end.setDate(to_qdate(period.end))
        for widget in (self.kind, self.start, self.end):
            widget.blockSignals(False)
        for shown in (self.start_label, self.start, self.end_label, self.end):
            shown.setVisible(free)
        self.message.clear_message()


class SitePicker(QWidget):
    """« Tous les sites » or one of them (the same words whatever the number of sites,
    as in the Journal)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.addItem(ALL_SITES, None)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(buddy_label(typo("Si&te :"), self.combo))
        row.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self.changed)

    def set_sites(self, sites: list[tuple[str, str]]) -> None:
        """``(id, name)`` of every site known; the choice is kept when still there."""
        chosen = self.site
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(ALL_SITES, None)
        for site_id, name in sites:
            self.combo.addItem(name, site_id)
        self.combo.setCurrentIndex(max(self.combo.findData(chosen), 0) if chosen else 0)
        self.combo.blockSignals(False)

    @property
    def site(self) -> str | None:
        return self.combo.currentData()

    @property
    def sites(self) -> tuple[str, ...]:
        """What the statistics count: one site, or () for all."""
        return (self.site,) if self.site else ()

    def site_name(self) -> str:
        return self.combo.currentText()
