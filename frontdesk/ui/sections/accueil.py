"""Accueil: where each visit starts (the counter flow, then my visits of the day)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.intents import FILL_DIRECTORY, UNREAD
from frontdesk.ui.notice_link import DirectoryNotice
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import hint
from frontdesk.visits.day import DaySummary, day_summary, day_text


class AccueilSection(Section):
    section_id = "accueil"
    title = "Accueil"
    watches = frozenset(
        {Change.VISITS, Change.REVIEWS, Change.DRAFTS, Change.SETTINGS, Change.DIRECTORY}
    )

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        self.flow = None
        self.recent = None
        self.feedback = None
        self.day: QLabel | None = None
        self.directory_notice: DirectoryNotice | None = None
        self.takes_focus_at_start = session.may("visit.log")  # the visit's first step
        if session.may("directory.edit"):  # day one: the directory gives nobody to call
            self.directory_notice = DirectoryNotice(session)
            self.directory_notice.open_requested.connect(
                lambda: session.open_section.emit("annuaire", FILL_DIRECTORY)
            )
            self.body.addWidget(self.directory_notice)
        if session.may("visit.log"):
            from frontdesk.ui.visit.feedback_link import FeedbackLink
            from frontdesk.ui.visit.flow import VisitFlow
            from frontdesk.ui.visit.recent import RecentVisits

            self.day = hint("")  # « Aujourd'hui : 4 visites sur ce site, dont 2 par vous. »
            self.day.setAccessibleName("Ma journée")
            self.body.addWidget(self.day)
            self.sync_state = hint("")  # « Synchronisation : 2 en attente »
            self.sync_state.setAccessibleName("État de la synchronisation")
            self.body.addWidget(self.sync_state)
            session.sync.summary_changed.connect(self._show_sync)
            self._show_sync(*session.sync.summary())
            self.feedback = FeedbackLink(session)  # « 2 retours de votre tuteur »
            self.feedback.open_requested.connect(self._open_feedback)
            self.body.addWidget(self.feedback)
            self.flow = VisitFlow(session)
            self.recent = RecentVisits(session)
            self.flow.step_shown.connect(lambda: self.verticalScrollBar().setValue(0))
            self.body.addWidget(self.flow)
            self.body.addSpacing(16)
            self.body.addWidget(self.recent)
        else:
            self.body.addWidget(hint("Votre rôle ne permet pas d'enregistrer de visite."))
        self.finish()
        self.stale = self.feedback is not None or self.directory_notice is not None

    def refresh(self, changes: OpChanges) -> None:
        if self.directory_notice is not None and changes.touches(Change.DIRECTORY):
            self.directory_notice.refresh()
        if self.day is not None:
            self._read_day()
        if self.feedback is not None and changes.touches(Change.REVIEWS):
            self.feedback.refresh()
        if self.recent is not None and changes.touches(Change.VISITS):
            self.recent.reload()
        if self.flow is not None and changes.touches(Change.SETTINGS):
            self.flow.load_order()  # the motifs' order (Paramètres), kept until the next visit

    def _show_sync(self, word: str, detail: str) -> None:
        """The sync's state, as the controller says it (it refreshes by itself)."""
        said = typo(f"Synchronisation : {word}.")
        self.sync_state.setText(said)
        self.sync_state.setToolTip(detail)
        self.sync_state.setAccessibleDescription(f"{said} {detail}".strip())

    def _read_day(self) -> None:
        agent_id, site_id = self.session.profile.id, self.session.ctx.store.identity()["site_id"]

        def show(summary: DaySummary) -> None:
            if self.day is not None:
                self.day.setText(typo(day_text(summary)))
                self.day.setAccessibleDescription(self.day.text())

        self.session.ops.read(lambda s: day_summary(s, agent_id, site_id), show, owner=self)

    def _open_feedback(self) -> None:
        """The journal, on the visits whose feedback I have not read."""
        self.session.open_section.emit("journal", UNREAD)

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+1, login): the flow's current step takes the keys
        if self.flow is None:
            return False
        self.flow.focus_current()
        return True
