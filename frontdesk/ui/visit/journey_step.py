"""Step 1, « Motif »: pick the visitor's request(s).

The order is stable (the superviseur's, else the file's): a motif keeps its digit day
after day, the frequency only adds a « fréquent » marker. Keys: typing filters; 1…9 tick
the n-th visible journey; ↓ goes into the list (Space ticks there); Enter continues, and
when the filter leaves a single motif and none is ticked, Enter takes it.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from frontdesk.orientation.journeys import journeys
from frontdesk.ui import keys
from frontdesk.ui.text import typo
from frontdesk.ui.visit.journey_list import IS_FREQUENT, JOURNEY_ID, JourneyList
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint, left_aligned


class JourneyStep(QWidget):
    toggled = Signal(str)  # a journey id, ticked or unticked by the agent
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("impôts, logement, RSA, emploi…")
        self.filter.setClearButtonEnabled(True)
        for clear in self.filter.findChildren(QToolButton):
            clear.setAccessibleName("Effacer le filtre")
        self.list = JourneyList()
        self.no_match = hint("Aucun motif ne correspond : effacez ou changez le filtre.")
        self.no_match.setText(typo(self.no_match.text()))
        self.no_match.hide()
        self.single = hint("")  # « Entrée : choisir « … » et continuer. »
        self.single.setAccessibleName("Motif unique")
        self.single.hide()
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.chosen.setAccessibleName("Motifs choisis")
        self.message = MessageLabel()
        self.next_button = button("Continuer (Entrée)", "Continuer vers l'étape suivante")
        self.next_button.setAutoDefault(True)
        self._syncing = False
        self._checked: set[str] = set()
        for journey in journeys().all:
            self.list.add_journey(journey)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(buddy_label(typo("&Filtrer les motifs :"), self.filter))
        layout.addWidget(self.filter)
        layout.addWidget(
            hint(
                typo(
                    "Chiffres 1 à 9 (pavé numérique) : cocher ou décocher un motif ; "
                    "↓ : aller dans la liste "
                    "(Espace coche) ; Échap : effacer le filtre ; Entrée : continuer "
                    "(un seul motif affiché : Entrée le prend) ; Ctrl+N : nouvelle visite."
                )
            )
        )
        layout.addWidget(self.list)
        layout.addWidget(self.no_match)
        layout.addWidget(self.single)
        layout.addWidget(self.chosen)
        layout.addWidget(self.message)
        layout.addWidget(left_aligned(self.next_button))

        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)
        self.list.installEventFilter(self)
        self.list.itemChanged.connect(self._item_changed)
        self.next_button.clicked.connect(self.take_single)
        self.list.number_visible()
        self.show_chosen([])

    # --- what the controller calls

    def set_order(self, order: list[str] | None) -> None:
        """The superviseur's order (None: the file's); the ticks stay as they are."""
        rank = {journey.id: n for n, journey in enumerate(journeys().in_order(order))}
        if self.order() == sorted(rank, key=rank.__getitem__):
            return
        self._syncing = True
        items = [self.list.takeItem(0) for _ in range(self.list.count())]
        for item in sorted(items, key=lambda it: rank[it.data(JOURNEY_ID)]):
            self.list.addItem(item)
        self._syncing = False
        self._apply_filter(self.filter.text())

    def order(self) -> list[str]:
        return [self.list.item(row).data(JOURNEY_ID) for row in range(self.list.count())]

    def set_frequent(self, frequent: Collection[str]) -> None:
        """A « fréquent » marker on the motifs this site chooses most (order unchanged)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setData(IS_FREQUENT, item.data(JOURNEY_ID) in frequent)
        self.list.number_visible()

    def sync(self, chosen: list[str]) -> None:
        """Show ``chosen`` as ticked (after a resume or a reset)."""
        self._syncing = True
        self._checked = set(chosen)
        for row in range(self.list.count()):
            item = self.list.item(row)
            ticked = item.data(JOURNEY_ID) in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self._syncing = False
        self.show_chosen(chosen)

    def reset(self) -> None:
        self.filter.clear()
        self.message.clear_message()
        self.sync([])

    def focus_start(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def show_chosen(self, chosen: list[str]) -> None:
        known = journeys()
        labels = [f"« {j.label} »" for j in (known.get(i) for i in chosen) if j]
        text = "Motifs choisis : " + ", ".join(labels) if labels else "Aucun motif choisi."
        self.chosen.setText(typo(text))
        self.chosen.setAccessibleDescription(self.chosen.text())
        if labels:
            self.message.clear_message()
        self._show_single()

    def single_choice(self) -> QListWidgetItem | None:
        """The motif Enter takes: the only one the filter leaves, when none is ticked."""
        visible = self.list.visible_items()
        if len(visible) == 1 and not self._checked and self.filter.text().strip():
            return visible[0]
        return None

    def _show_single(self) -> None:
        item = self.single_choice()
        if item is not None:
            self.single.setText(typo(f"Entrée : choisir « {item.text()} » et continuer."))
        self.single.setVisible(item is not None)

    def take_single(self) -> None:
        """Enter: the only motif left by the filter is ticked, then the flow goes on."""
        item = self.single_choice()
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked)
        self.continue_requested.emit()

    def refuse_empty(self, draft_offered: bool = False) -> None:
        text = "Choisissez au moins un motif : tapez son chiffre, ou Espace dans la liste."
        if draft_offered:
            text += " Alt+R reprend la visite en cours."
        self.message.show_message(typo(text))

    # --- keys and changes

    def toggle_visible(self, position: int) -> None:
        visible = self.list.visible_items()
        if position <= len(visible):
            item = visible[position - 1]
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            self.list.setCurrentItem(item)

    def _item_changed(self, item: QListWidgetItem) -> None:
        """Any data change lands here (digits, spoken text): only a new tick counts."""
        journey_id = item.data(JOURNEY_ID)
        checked = item.checkState() == Qt.CheckState.Checked
        if self._syncing or checked == (journey_id in self._checked):
            return
        if checked:
            self._checked.add(journey_id)
        else:
            self._checked.discard(journey_id)
        self.toggled.emit(journey_id)

    def _apply_filter(self, text: str) -> None:
        shown = {j.id for j in journeys().search(text)}
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(item.data(JOURNEY_ID) not in shown)
        self.list.number_visible()
        visible = self.list.visible_items()
        self.no_match.setVisible(not visible)
        self.list.setVisible(bool(visible))
        if visible:
            self.list.setCurrentItem(visible[0])
        self._show_single()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = Qt.Key(event.key())
        position = keys.digit(event)
        if position is not None:
            self.toggle_visible(position)
            return True
        if keys.is_enter(event):
            self.take_single()
            return True
        if watched is self.filter and key == Qt.Key.Key_Escape and self.filter.text():
            self.filter.clear()
            return True
        if watched is self.filter and key == Qt.Key.Key_Down and self.list.visible_items():
            self.list.setFocus()
            return True
        if watched is self.list:
            at_top = self.list.currentItem() in (None, *self.list.visible_items()[:1])
            if key == Qt.Key.Key_Up and at_top:
                self.focus_start()
                return True
            if event.text().isprintable() and event.text().strip() and keys.plain(event):
                self.filter.setFocus()  # typing in the list filters, as in the line above
                self.filter.insert(event.text())
                return True
        return False
