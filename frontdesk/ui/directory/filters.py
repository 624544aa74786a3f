"""The search line and the filters above the results: any change asks for a new search."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from frontdesk.contacts.detail import publics, thematique_categories
from frontdesk.ui.widgets import buddy_label

DEBOUNCE_MS = 80  # a search once typing pauses, not one per key of a fast typist


class FilterBar(QWidget):
    """Text, thème, public, commune and « ouvert maintenant ». ``changed`` fires once the
    typing has paused ``DEBOUNCE_MS``; choices in the lists fire at once."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Nom, thème, partenaire…")
        self.text.setClearButtonEnabled(True)
        for clear in self.text.findChildren(QToolButton):  # the clear button, a control too
            clear.setAccessibleName("Effacer la recherche")
        self.thematique = QComboBox()
        _narrow(self.thematique)
        self.thematique.addItem("Tous les thèmes", None)
        for slug, label in thematique_categories():
            self.thematique.addItem(label, slug)
        self.public = QComboBox()
        _narrow(self.public)
        self.public.addItem("Tous les publics", None)
        for slug, label in publics():
            self.public.addItem(label, slug)
        self.commune = QLineEdit()
        self.commune.setPlaceholderText("Nom ou code INSEE, vide : toutes")
        self.commune_found = QLabel()
        self.commune_found.setProperty("role", "hint")
        self.commune_found.setAccessibleName("Commune retenue")
        self.open_now = QCheckBox("&Ouvert maintenant")
        self.open_now.setAccessibleName("Ouvert maintenant")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(buddy_label("&Rechercher :", self.text), 0, 0)
        grid.addWidget(self.text, 0, 1, 1, 3)
        grid.addWidget(buddy_label("&Thème :", self.thematique), 1, 0)
        grid.addWidget(self.thematique, 1, 1)
        grid.addWidget(buddy_label("P&ublic :", self.public), 1, 2)
        grid.addWidget(self.public, 1, 3)
        grid.addWidget(buddy_label("Co&mmune :", self.commune), 2, 0)
        grid.addWidget(self.commune, 2, 1)
        grid.addWidget(self.commune_found, 2, 2)
        grid.addWidget(self.open_now, 2, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self.text.textChanged.connect(self._timer.start)
        self.commune.textChanged.connect(self._timer.start)
        self.thematique.currentIndexChanged.connect(self.changed)
        self.public.currentIndexChanged.connect(self.changed)
        self.open_now.toggled.connect(self.changed)

    def set_commune(self, text: str) -> None:
        """Fill the commune without a search of its own (the caller searches next)."""
        self.commune.blockSignals(True)
        self.commune.setText(text)
        self.commune.blockSignals(False)

    def show_commune(self, label: str | None) -> None:
        """Say which commune the typed text was read as (or that none was found)."""
        typed = self.commune.text().strip()
        if not typed:
            shown = ""
        elif label is None:
            shown = "Commune inconnue : filtre ignoré"
        else:
            shown = label
        self.commune_found.setText(shown)
        self.commune_found.setAccessibleDescription(shown)


def _narrow(combo: QComboBox) -> None:
    """Long vocabulary labels must not widen the page: show about 20 characters."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(20)
