"""« 2 retours de votre tuteur »: the Accueil line that opens the journal on them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from frontdesk.ui.session import UiSession
from frontdesk.ui.theme import BLEU_FRANCE, BLEU_FRANCE_LIGHT
from frontdesk.visits.reviews import feedback_line, unread_feedback_count


class FeedbackLink(QPushButton):
    """Hidden while there is nothing new; counts again on ``refresh()``."""

    open_requested = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.count = 0
        self.setObjectName("feedbackLink")
        self.setStyleSheet(
            f"QPushButton#feedbackLink {{ background: {BLEU_FRANCE_LIGHT}; text-align: left;"
            f" border: none; border-left: 4px solid {BLEU_FRANCE}; font-weight: 600;"
            " padding: 0.5em 1em; }"
        )
        self.clicked.connect(self.open_requested)
        self.hide()  # counted when Accueil is shown

    def refresh(self) -> None:
        agent_id = self.session.profile.id
        self.session.ops.read(lambda s: unread_feedback_count(s, agent_id), self._show, owner=self)

    def _show(self, count: int) -> None:
        self.count = count
        line = feedback_line(count)
        pronoun = "le" if count == 1 else "les"
        self.setText(f"{line} — {pronoun} lire dans le journal" if line else "")
        self.setAccessibleName(self.text() or "Retours du tuteur")
        self.setVisible(count > 0)
