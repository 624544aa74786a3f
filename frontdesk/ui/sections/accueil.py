"""Accueil: where each visit starts (the counter flow, then my visits of the day)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent

from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession
from frontdesk.ui.widgets import hint


class AccueilSection(Section):
    section_id = "accueil"
    title = "Accueil"

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        self.flow = None
        self.recent = None
        self.feedback = None
        if session.may("visit.log"):
            from frontdesk.ui.journal.feedback import FeedbackLink
            from frontdesk.ui.visit.flow import VisitFlow
            from frontdesk.ui.visit.recent import RecentVisits

            self.feedback = FeedbackLink(session)  # « 2 retours de votre tuteur »
            self.feedback.open_requested.connect(self._open_feedback)
            self.body.addWidget(self.feedback)
            self.flow = VisitFlow(session)
            self.recent = RecentVisits(session)
            self.flow.saved.connect(self.recent.reload)
            self.flow.step_shown.connect(lambda: self.verticalScrollBar().setValue(0))
            self.body.addWidget(self.flow)
            self.body.addSpacing(16)
            self.body.addWidget(self.recent)
        else:
            self.body.addWidget(hint("Votre rôle ne permet pas d'enregistrer de visite."))
        self.finish()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.feedback is not None:
            self.feedback.refresh()

    def _open_feedback(self) -> None:
        """The journal, on the visits whose feedback I have not read."""
        workspace = self.parentWidget()
        while workspace is not None and not hasattr(workspace, "show_section"):
            workspace = workspace.parentWidget()
        journal = getattr(workspace, "sections", {}).get("journal")
        if workspace is not None and journal is not None:
            journal.show_unread()
            workspace.show_section("journal")

    @property
    def takes_focus_at_start(self) -> bool:
        """At the counter, the keyboard goes straight to the visit's first step."""
        return self.flow is not None

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+1, login): the flow's current step takes the keys
        if self.flow is None:
            return False
        self.flow.focus_current()
        return True
