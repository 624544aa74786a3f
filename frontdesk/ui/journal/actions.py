"""What can be done on the visit shown: the tutor's verdict, a message, voiding it.

Only the actions the profile may take on that visit are shown: the status buttons for
the tuteur, the message box for the tuteur and for the agent who logged the visit, and
« Annuler la visite » for a role with ``journal.void`` (an agent: their own visits).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.accounts import ProfileInfo
from frontdesk.ui.note_warning import confirm_personal_data
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button
from frontdesk.visits import journal
from frontdesk.visits.journal_detail import VisitDetail
from frontdesk.visits.privacy import Finding
from frontdesk.visits.reviews import COMMENT_MAX_LENGTH, may_comment

SEND_KEYS = "Ctrl+Entrée"


def may_void(profile: ProfileInfo, detail: VisitDetail) -> bool:
    return detail.voided_at is None and journal.may_void(profile, detail.agent_id)


class VisitActions(QWidget):
    status_requested = Signal(str)  # a_revoir | valide
    send_requested = Signal(str)  # the message typed
    void_requested = Signal()
    leave = Signal()  # Escape in the message box

    def __init__(self, profile: ProfileInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.detail: VisitDetail | None = None
        self.to_review = button("À revoir", "Marquer la visite « à revoir »")
        self.validate = button("Validé", "Marquer la visite « validé »")
        self.to_review.setToolTip("Le cas mérite d'être repris avec l'agent.")
        self.validate.setToolTip("Le cas a été traité comme il faut.")
        for widget, status in ((self.to_review, "a_revoir"), (self.validate, "valide")):
            widget.setCheckable(True)  # the current status is the checked one
            widget.clicked.connect(lambda _c=False, s=status: self._status_clicked(s))
        self.status_row = QWidget()
        row = QHBoxLayout(self.status_row)
        row.setContentsMargins(0, 0, 0, 0)
        status_label = QLabel(typo("Relecture :"))
        row.addWidget(status_label)
        row.addWidget(self.to_review)
        row.addWidget(self.validate)
        row.addStretch()

        self.editor_label = QLabel()
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleDescription(f"{SEND_KEYS} : envoyer. Échap : revenir à la liste.")
        self.editor.setMaximumHeight(self.fontMetrics().height() * 5)
        self.editor.installEventFilter(self)
        self.editor_label.setBuddy(self.editor)
        self.send = button(f"Envo&yer ({SEND_KEYS})", "Envoyer le message", primary=True)
        self.send.clicked.connect(self._send)
        self.void = button("&Annuler la visite…", "Annuler la visite")
        self.void.clicked.connect(self.void_requested)
        self.message = MessageLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.status_row)
        layout.addWidget(self.editor_label)
        layout.addWidget(self.editor)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send)
        buttons.addStretch()
        buttons.addWidget(self.void)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.show_for(None)

    def show_for(self, detail: VisitDetail | None) -> None:
        same = detail is not None and self.detail is not None and detail.id == self.detail.id
        self.detail = detail
        if not same:
            self.editor.clear()
            self.message.clear_message()
        reviewer = self.profile.may("review.write")
        self.status_row.setVisible(detail is not None and reviewer)
        self._show_status()
        writes = detail is not None and may_comment(self.profile, detail.agent_id)
        said = "Votre retour à l'agent :" if reviewer else "Votre réponse au tuteur :"
        self.editor_label.setText(typo(said))
        self.editor.setAccessibleName(said.rstrip(" :"))
        self.editor.setPlaceholderText(
            typo("Sans nom ni coordonnées de la personne : la visite reste anonyme.")
        )
        for widget in (self.editor_label, self.editor, self.send):
            widget.setVisible(writes)
        self.void.setVisible(detail is not None and may_void(self.profile, detail))
        self.setVisible(detail is not None and (writes or reviewer or self.void.isVisibleTo(self)))

    def _show_status(self) -> None:
        review = self.detail.review if self.detail is not None else None
        self.to_review.setChecked(review == "a_revoir")
        self.validate.setChecked(review == "valide")

    def _status_clicked(self, status: str) -> None:
        self._show_status()  # checked once saved, when the visit is read again
        if self.detail is not None and self.detail.review != status:
            self.status_requested.emit(status)

    def focus_editor(self) -> bool:
        if self.editor.isVisibleTo(self) and self.isVisible():
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def _send(self) -> None:
        text = self.editor.toPlainText()
        if len(text) > COMMENT_MAX_LENGTH:
            self.message.show_message(
                f"Le message ne doit pas dépasser {COMMENT_MAX_LENGTH} caractères."
            )
            return
        self.send_requested.emit(text)

    def sent(self) -> None:
        self.editor.clear()
        self.message.show_message("Message envoyé.", "success")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return False
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._send()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.leave.emit()
                return True
        return False


def confirm_message(parent: QWidget, findings: list[Finding]) -> bool:
    """True to send anyway; « Modifier le message » is the default (and Escape)."""
    return confirm_personal_data(
        parent,
        findings,
        what="Le message",
        anonymous="Les échanges sur une visite restent anonymes",
        edit="Modifier le message",
        keep="Envoyer quand même",
    )
