"""« Ordre des motifs à l'Accueil »: the digit in front of each motif, set by the superviseur.

The order is data, a setting of this PC (``device.journey_order``); without one, the
order of ``resources/journeys.json``. It never follows the frequency: an agent typing a
digit from habit always gets the same motif. Keys: Ctrl+↑ / Ctrl+↓ move the selected
motif (or « Vers le haut » / « Vers le bas », Alt+H / Alt+B); « Rétablir l'ordre du
fichier » (Alt+L); « Enregistrer l'ordre des motifs » (Alt+G). Other roles read the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QListView, QListWidget, QListWidgetItem, QVBoxLayout

from frontdesk.device import journey_order, set_journey_order
from frontdesk.orientation.journeys import journeys
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, hint, left_aligned

JOURNEY_ID = Qt.ItemDataRole.UserRole
DIGITS = 9  # 1…9 at the Accueil


class JourneyOrderPanel(QGroupBox):
    def __init__(self, session: UiSession) -> None:
        super().__init__("Ordre des motifs à l'Accueil")
        self.setAccessibleName("Ordre des motifs à l'Accueil")
        self._session = session
        self.can_edit = session.may("settings.device")
        self.list = QListWidget()
        self.list.setAccessibleName("Ordre des motifs")
        self.list.setWordWrap(True)  # a long motif wraps: never a sideways scroll
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.up = button("Vers le &haut (Ctrl+↑)", "Monter le motif sélectionné")
        self.down = button("Vers le &bas (Ctrl+↓)", "Descendre le motif sélectionné")
        self.restore = button("Rétab&lir l'ordre du fichier", "Rétablir l'ordre du fichier")
        self.save = button("Enre&gistrer l'ordre des motifs", "Enregistrer l'ordre des motifs")
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                typo(
                    "Le chiffre devant un motif à l'Accueil suit cet ordre (touches 1 à 9 pour "
                    "les neuf premiers) ; il ne change pas avec la fréquence, qui ajoute "
                    "seulement la mention « fréquent ». Un motif ajouté plus tard au fichier "
                    "vient à la fin."
                    if self.can_edit
                    else "Le chiffre devant un motif à l'Accueil suit cet ordre ; seul un "
                    "superviseur peut le changer."
                )
            )
        )
        layout.addWidget(self.list)
        layout.addWidget(left_aligned(self.up, self.down))  # two rows: fits 1024 px wide
        layout.addWidget(left_aligned(self.restore, self.save))
        layout.addWidget(self.message)
        for widget in (self.up, self.down, self.restore, self.save):
            widget.setVisible(self.can_edit)  # once parented: never a window of its own
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        self.restore.clicked.connect(lambda: self.show_order(None))
        self.save.clicked.connect(self.save_order)
        self.list.installEventFilter(self)
        self.show_order(None)
        self.reload()

    def reload(self) -> None:
        self._session.ops.read(journey_order, self.show_order, owner=self)

    def order(self) -> list[str]:
        return [self.list.item(row).data(JOURNEY_ID) for row in range(self.list.count())]

    def show_order(self, order: list[str] | None) -> None:
        selected = self.list.currentItem()
        keep = selected.data(JOURNEY_ID) if selected is not None else None
        self.list.clear()
        for journey in journeys().in_order(order):
            item = QListWidgetItem(journey.label)
            item.setData(JOURNEY_ID, journey.id)
            self.list.addItem(item)
        self._number(keep)
        # wrapped rows vary in height with the width: a few more than fit in one line each
        rows = self.list.sizeHintForRow(0) * min(self.list.count() + 4, 24)
        self.list.setMinimumHeight(rows + 2 * self.list.frameWidth() + 4)

    def _number(self, selected: str | None = None) -> None:
        """« Touche 1 : … » on the first nine rows, as the agent will see them."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            label = journeys().get(item.data(JOURNEY_ID))
            text = label.label if label else item.data(JOURNEY_ID)
            key = f"Touche {row + 1}" if row < DIGITS else "Sans touche"
            item.setText(typo(f"{key} : {text}"))
            if item.data(JOURNEY_ID) == selected:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if not self.can_edit or row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self._number(item.data(JOURNEY_ID))
        self.message.clear_message()

    def save_order(self) -> None:
        if not self.can_edit:
            return
        order, actor = self.order(), self._session.profile.id
        said = typo("Ordre des motifs enregistré : il vaut à l'Accueil dès la prochaine visite.")
        self._session.ops.write(
            lambda s: set_journey_order(s, order, actor),
            lambda _result: self.message.show_message(said, "success"),
            owner=self,
            initiator=self,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+↑ / Ctrl+↓ in the list move the selected motif."""
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return False
