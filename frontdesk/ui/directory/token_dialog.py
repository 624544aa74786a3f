"""« Jeton data·inclusion »: typed once, kept by ``contacts.api_token`` (the system's
credential store, else a file only the user can read), never shown back."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.api_token import WHERE_TEXT, TokenError, TokenStore, Where
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint

WHERE_TO_ASK = (
    "Le jeton s'obtient auprès de data·inclusion (formulaire « Demander un accès à l'API »"
    " sur data.inclusion.gouv.fr). Il est gardé sur ce poste, pour votre compte seulement,"
    " et n'est jamais affiché."
)


class TokenDialog(QDialog):
    """Saves the token typed (« Enregistrer ») or forgets the kept one."""

    def __init__(self, tokens: TokenStore, kept: Where | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tokens = tokens
        self.saved_where: Where | None = None
        self.setWindowTitle("Jeton data·inclusion")
        self.setAccessibleName("Jeton data·inclusion")
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Jeton data·inclusion")
        self.field.setPlaceholderText(
            "Un jeton est enregistré : collez-en un autre pour le remplacer"
            if kept
            else "Collez ici le jeton reçu de data·inclusion"
        )
        self.state = hint(typo(f"Un jeton est enregistré {WHERE_TEXT[kept]}.") if kept else "")
        self.state.setVisible(kept is not None)
        self.message = MessageLabel()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Enregistrer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.forget_button = button("Oublier le jeton", "Oublier le jeton enregistré")
        self.forget_button.setVisible(kept is not None)
        buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.forget_button.clicked.connect(self.forget)
        layout = QVBoxLayout(self)
        explained = hint(typo(WHERE_TO_ASK))
        explained.setWordWrap(True)
        layout.addWidget(explained)
        layout.addWidget(self.state)
        layout.addWidget(buddy_label("&Jeton :", self.field))
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def save(self) -> None:
        try:
            self.saved_where = self.tokens.save(self.field.text())
        except TokenError as error:
            self.message.show_message(typo(str(error)))
            self.field.setFocus()
            return
        self.field.clear()
        self.accept()

    def forget(self) -> None:
        self.tokens.forget()
        self.saved_where = None
        self.done(QDialog.DialogCode.Rejected)
