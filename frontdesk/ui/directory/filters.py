"""The search line and the filters above the results: any change asks for a new search."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QResizeEvent
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

        self._labels = (
            buddy_label("&Rechercher :", self.text),
            buddy_label("&Thème :", self.thematique),
            buddy_label("P&ublic :", self.public),
            buddy_label("Co&mmune :", self.commune),
        )
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._narrow: bool | None = None
        self._reflow(narrow=False)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self.text.textChanged.connect(self._timer.start)
        self.commune.textChanged.connect(self._timer.start)
        self.thematique.currentIndexChanged.connect(self.changed)
        self.public.currentIndexChanged.connect(self.changed)
        self.open_now.toggled.connect(self.changed)

    def _reflow(self, *, narrow: bool) -> None:
        """Two filters to a row; one on a narrow screen (none is cut, the page does not
        scroll sideways)."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        grid = self._grid
        search, theme, public, commune = self._labels
        fields = (self.text, self.thematique, self.public, self.commune)
        for placed in (*self._labels, *fields, self.commune_found, self.open_now):
            grid.removeWidget(placed)
        # (widget, row, column, columns spanned), in the Tab order
        if narrow:
            places = [(search, 0, 0, 1), (self.text, 0, 1, 1)]
            places += [(theme, 1, 0, 1), (self.thematique, 1, 1, 1)]
            places += [(public, 2, 0, 1), (self.public, 2, 1, 1)]
            places += [(commune, 3, 0, 1), (self.commune, 3, 1, 1)]
            places += [(self.commune_found, 4, 1, 1), (self.open_now, 5, 1, 1)]
        else:
            places = [(search, 0, 0, 1), (self.text, 0, 1, 3)]
            places += [(theme, 1, 0, 1), (self.thematique, 1, 1, 1)]
            places += [(public, 1, 2, 1), (self.public, 1, 3, 1)]
            places += [(commune, 2, 0, 1), (self.commune, 2, 1, 1)]
            places += [(self.commune_found, 2, 2, 1), (self.open_now, 2, 3, 1)]
        for widget, row, column, span in places:
            grid.addWidget(widget, row, column, 1, span)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 0 if narrow else 1)

    def _wide_width(self) -> int:
        """The least width of two filters to a row."""
        spacing = max(self._grid.horizontalSpacing(), 0)
        public, commune = self._labels[2:]

        def least(*widgets: QWidget) -> int:
            return max(w.minimumSizeHint().width() for w in widgets)

        return (
            least(*self._labels[:2], commune)
            + least(self.thematique, self.commune)
            + least(public, self.commune_found)
            + least(self.public, self.open_now)
            + 3 * spacing
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(narrow=event.size().width() < self._wide_width())

    def minimumSizeHint(self) -> QSize:
        """As narrow as one filter to a row: the bar reflows rather than widen the page."""
        spacing = max(self._grid.horizontalSpacing(), 0)
        labels = max(label.minimumSizeHint().width() for label in self._labels)
        fields = (self.text, self.thematique, self.public, self.commune, self.open_now)
        widest = max(w.minimumSizeHint().width() for w in (*fields, self.commune_found))
        return QSize(labels + spacing + widest, super().minimumSizeHint().height())

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
