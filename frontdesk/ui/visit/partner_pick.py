"""« Quels partenaires sur la fiche ? »: Ctrl+P with no partner ticked asks, rather than
printing every suggestion. A digit ticks the partner of that line; Enter makes the sheet
of those ticked; Échap makes none."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, hint

SLUG = Qt.ItemDataRole.UserRole
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class PartnerPick(QDialog):
    def __init__(self, offered: Sequence[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Fiche pour la personne")
        self.setAccessibleName("Partenaires à mettre sur la fiche")
        self.list = QListWidget()
        self.list.setAccessibleName("Partenaires suggérés")
        for n, (slug, label) in enumerate(offered, start=1):
            item = QListWidgetItem(f"{n} — {label}" if n < 10 else label)
            item.setData(SLUG, slug)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.installEventFilter(self)
        self.message = MessageLabel()
        buttons = QDialogButtonBox()
        make = buttons.addButton("Faire la fiche", QDialogButtonBox.ButtonRole.AcceptRole)
        make.setDefault(True)
        buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            buddy_label(
                typo("&Aucun partenaire n'est coché. Lesquels mettre sur la fiche ?"), self.list
            )
        )
        layout.addWidget(self.list)
        keys = "Touches : chiffre ou Espace : cocher ; Entrée : faire la fiche ; Échap : annuler."
        layout.addWidget(hint(typo(keys)))
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # every label whole (no sideways scrolling), every line without scrolling
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = max(self.list.count(), 1)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * min(rows, 12) + 8)
        wide = self.list.sizeHintForColumn(0) + 48
        self.resize(max(wide, self.fontMetrics().averageCharWidth() * 60), self.sizeHint().height())
        self.list.setFocus()

    def chosen(self) -> list[str]:
        return [
            str(self.list.item(row).data(SLUG))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        if not self.chosen():
            self.message.show_message(typo("Cochez au moins un partenaire, ou Échap pour annuler."))
            return
        super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in DIGITS
        ):
            item = self.list.item(DIGITS[Qt.Key(event.key())] - 1)
            if item is not None:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
                self.list.setCurrentItem(item)
            return True
        return super().eventFilter(watched, event)


def ask_partners(offered: Sequence[tuple[str, str]], parent: QWidget | None) -> list[str]:
    """The partners to put on the sheet; [] when the agent cancels."""
    dialog = PartnerPick(offered, parent)
    chosen = dialog.chosen() if dialog.exec() else []
    dialog.deleteLater()
    return chosen
