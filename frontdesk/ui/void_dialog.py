"""« Annuler la visite »: the reason, asked in a dialog whose buttons cannot be mistaken.

A plain input dialog put « Annuler » (close the dialog) next to the action that voids the
visit, and closed on an empty reason before the refusal showed on the page behind. Here
the buttons say « Annuler la visite » and « Garder la visite », and a reason too short is
refused inside the dialog, which stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel

MIN_REASON = 3  # the core's rule (visits/record.void_visit): checked here to keep the dialog


class VoidDialog(QDialog):
    def __init__(self, when: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annuler la visite")
        self.setAccessibleName("Annuler la visite")
        intro = QLabel(typo(f"Visite du {when}. Elle restera dans le journal, marquée annulée."))
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Raison de l'annulation")
        self.reason.setPlaceholderText("par exemple : saisie en double")
        label = QLabel(typo("&Raison de l'annulation :"))
        label.setBuddy(self.reason)
        self.message = MessageLabel()
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(
            "Annuler la &visite", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep = buttons.addButton("&Garder la visite", QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm.setAccessibleName("Annuler la visite")
        self.keep.setAccessibleName("Garder la visite, fermer sans rien changer")
        self.confirm.setDefault(True)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _confirm(self) -> None:
        if len(" ".join(self.reason.text().split())) < MIN_REASON:
            self.message.show_message(typo("Indiquez la raison de l'annulation."))
            self.reason.setFocus()
            return
        self.accept()


def ask_void_reason(when: str, parent: QWidget | None) -> str | None:
    dialog = VoidDialog(when, parent)
    return dialog.reason.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
