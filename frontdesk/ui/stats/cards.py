"""The key figures: visits, SPIE-related visits and their share, partners per visit.

Each card gives the figure, the previous period's and the change; a screen reader
reads the whole card as one sentence when it gets the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.stats.figures import Statistics
from frontdesk.stats.french import french_number, french_percent
from frontdesk.ui.stats.texts import (
    capitalised,
    change_text,
    compared_to,
    during,
    mean_text,
    signed_decimal,
)

NBSP = "\u00a0"


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(title)
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.title.setProperty("role", "cardTitle")
        self.value = QLabel("–")
        self.value.setProperty("role", "cardValue")
        self.detail = QLabel()
        self.previous = QLabel()
        self.change = QLabel()
        layout = QVBoxLayout(self)
        for label in (self.title, self.value, self.detail, self.previous, self.change):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(label)
        self.change.setProperty("role", "cardChange")
        layout.addStretch()

    def show_figure(self, value: str, detail: str, previous: str, change: str) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.previous.setText(previous)
        self.change.setText(change)
        said = ". ".join(t for t in (f"{self.accessibleName()}{NBSP}: {value}", detail) if t)
        self.setAccessibleDescription(f"{said}. {previous}. {change}.")


class KeyFigures(QWidget):
    """The three cards side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visits = Card("Visites")
        self.spie = Card("Visites liées au SPIE")
        self.partners = Card("Partenaires mobilisés par visite")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for card in (self.visits, self.spie, self.partners):
            row.addWidget(card, 1)

    def show_statistics(self, stats: Statistics) -> None:
        before = stats.previous_period
        named = capitalised(before.label())
        self.visits.show_figure(
            french_number(stats.visits),
            "",
            f"{named}{NBSP}: {french_number(stats.previous_visits)}",
            change_text(stats.visits, stats.previous_visits, before),
        )
        previous_share = (
            stats.previous_spie_visits / stats.previous_visits if stats.previous_visits else None
        )
        self.spie.show_figure(
            french_number(stats.spie_visits),
            f"soit {french_percent(stats.spie_share)} des visites"
            if stats.visits
            else "aucune visite sur la période",
            f"{named}{NBSP}: {french_number(stats.previous_spie_visits)}"
            f" ({french_percent(previous_share)})",
            change_text(stats.spie_visits, stats.previous_spie_visits, before),
        )
        mean, previous_mean = stats.partners_mean, stats.previous_partners_mean
        if mean is None:
            change = f"Pas de comparaison{NBSP}: aucune visite sur la période"
        elif previous_mean is None:
            change = f"Pas de comparaison{NBSP}: aucune visite {during(before)}"
        else:
            change = f"{signed_decimal(mean - previous_mean)} {compared_to(before)}"
        self.partners.show_figure(
            mean_text(mean),
            partners_total(stats.partners_total),
            f"{named}{NBSP}: {mean_text(previous_mean)}",
            change,
        )


def partners_total(total: int) -> str:
    plural = "s" if total > 1 else ""
    return f"{french_number(total)} partenaire{plural} mobilisé{plural} au total"
