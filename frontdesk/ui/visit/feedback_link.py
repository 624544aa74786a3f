"""« 2 retours de votre tuteur »: the Accueil line that opens the journal on them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.ui.notice_link import NoticeLink
from frontdesk.ui.session import UiSession
from frontdesk.visits.reviews import feedback_line, unread_feedback_count


class FeedbackLink(NoticeLink):
    """Hidden while there is nothing new; counts again on ``refresh()``."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.count = 0

    def refresh(self) -> None:
        agent_id = self.session.profile.id
        self.session.ops.read(lambda s: unread_feedback_count(s, agent_id), self._show, owner=self)

    def _show(self, count: int) -> None:
        self.count = count
        line = feedback_line(count)
        pronoun = "le" if count == 1 else "les"
        self.say(f"{line} — {pronoun} lire dans le journal" if line else "", "Retours du tuteur")
