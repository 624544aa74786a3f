"""The counter flow's controller: which step shows, the draft, the save.

Every step edits one ``FlowState``; after each change the state is written as the
profile's draft (through the background helper, like every database access), so a
crash or a forced close loses nothing. Saving writes the visit and drops the draft
in one transaction, then the flow starts again at « Motif ». « Nouvelle visite »
(Ctrl+N) leaves the visit in progress unsaved, after a confirmation when answers would
be lost.

The motifs' order (the superviseur's, else the file's) is read at start, between visits
and on coming back to the Accueil, never in the middle of a visit: a motif keeps its
digit under the agent's fingers.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.device import journey_order
from frontdesk.store.base import utcnow
from frontdesk.ui.note_warning import confirm_note
from frontdesk.ui.ops import report
from frontdesk.ui.satisfaction.offer import SatisfactionOffer
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import clock, typo
from frontdesk.ui.visit.checklist_step import ChecklistStep
from frontdesk.ui.visit.closing_step import ClosingStep
from frontdesk.ui.visit.draft_banner import DraftBanner
from frontdesk.ui.visit.journey_step import JourneyStep
from frontdesk.ui.visit.new_visit import SHORTCUT as NEW_VISIT
from frontdesk.ui.visit.new_visit import confirm_abandon
from frontdesk.ui.visit.state import STEPS, FlowState
from frontdesk.ui.visit.step_stack import StepStack
from frontdesk.ui.widgets import MessageLabel, button
from frontdesk.visits.drafts import discard_draft, frequent_journeys, load_draft, save_draft
from frontdesk.visits.privacy import personal_data_findings
from frontdesk.visits.record import VisitInput, save_visit

STEP_TITLES = ("Motif", "Questionnaire SPIE", "Orientation et suite")


if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class VisitFlow(QWidget):
    saved = Signal()  # a visit was written
    step_shown = Signal()  # the page changed: show it from its top

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = FlowState()
        self._saving = False
        self.banner = DraftBanner()
        self.steps_label = QLabel()
        self.steps_label.setObjectName("stepsLabel")
        self.steps_label.setWordWrap(True)  # a narrow screen: two lines, never wider
        self.new_button = button(
            f"Nouvelle visite ({NEW_VISIT})", "Abandonner la visite en cours, en commencer une"
        )
        self.new_button.hide()
        self.confirmation = MessageLabel()
        self.satisfaction = SatisfactionOffer(session)  # knows nothing of the visit
        self.journey = JourneyStep()
        self.checklist = ChecklistStep()
        self.closing = ClosingStep(session)
        self.stack = StepStack()
        for page in (self.journey, self.checklist, self.closing):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.satisfaction)
        steps_row = QHBoxLayout()
        steps_row.addWidget(self.steps_label, 1)
        steps_row.addWidget(self.new_button)
        layout.addLayout(steps_row)
        layout.addWidget(self.stack)

        self.journey.toggled.connect(self._toggle_journey)
        self.journey.continue_requested.connect(self.next_step)
        self.checklist.changed.connect(self.save_draft)
        self.checklist.back_requested.connect(self.previous_step)
        self.checklist.continue_requested.connect(self.next_step)
        self.closing.changed.connect(self.save_draft)
        self.closing.back_requested.connect(self.previous_step)
        self.closing.save_requested.connect(self.save)
        self.banner.resume_requested.connect(self.resume)
        self.banner.abandon_requested.connect(self.abandon)
        self.journey.filter.textChanged.connect(self._typing)
        self.new_button.clicked.connect(self.new_visit)
        new_visit = QShortcut(QKeySequence(NEW_VISIT), self)
        new_visit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_visit.activated.connect(self.new_visit)
        self.show_step("motif")
        self.load_order()
        self._load_draft()

    # --- store access, always through the background helper

    @property
    def _profile_id(self) -> uuid.UUID:
        return self.session.profile.id

    def load_order(self) -> None:
        """The motifs' order and the « fréquent » markers (see the module's text)."""
        site = self.session.ctx.store.identity()["site_id"]

        def work(session: Session) -> tuple[list[str] | None, list[str]]:
            return journey_order(session), frequent_journeys(session, site)

        self.session.ops.read(work, self._show_order, owner=self)

    def _show_order(self, found: tuple[list[str] | None, list[str]]) -> None:
        order, frequent = found
        if self.state.is_empty:  # else at the next visit
            self.journey.set_order(order)
        self.journey.set_frequent(frequent)

    def _load_draft(self) -> None:
        profile_id = self._profile_id
        self.session.ops.read(lambda s: load_draft(s, profile_id), self._offer_draft, owner=self)

    def _offer_draft(self, draft: dict[str, Any] | None) -> None:
        if draft and not FlowState.from_json(draft).is_empty and self.state.is_empty:
            self.banner.offer(draft)

    def save_draft(self) -> None:
        """The state as it is now becomes the draft (an empty visit leaves none)."""
        profile_id = self._profile_id
        state = None if self.state.is_empty else self.state.to_json()

        def work(session: Session) -> None:
            if state is None:
                discard_draft(session, profile_id)
            else:
                save_draft(session, profile_id, state)

        self.session.ops.write(work, owner=self)

    # --- steps

    def show_step(self, step: str) -> None:
        self.state.step = step
        index = STEPS.index(step)
        if step == "questionnaire":
            self.checklist.load(self.state)
        elif step == "orientation":
            self.closing.load(self.state)
        self.stack.setCurrentIndex(index)
        self._show_steps_label(index)
        self.step_shown.emit()
        self.focus_current()

    def _show_steps_label(self, index: int) -> None:
        parts = []
        skipped = index > 0 and not self.state.needs_checklist()
        for position, title in enumerate(STEP_TITLES):
            text = f"{position + 1}. {title}"
            if position == 1 and skipped:
                text += " (sans objet)"
            parts.append(f"<b>{text}</b>" if position == index else text)
        self.steps_label.setText(" › ".join(parts))
        self.steps_label.setAccessibleName(typo(f"Étape {index + 1} sur 3 : {STEP_TITLES[index]}"))
        self.new_button.setVisible(not self.state.is_empty)

    def focus_current(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, JourneyStep | ChecklistStep | ClosingStep):  # the only pages
            page.focus_start()

    def next_step(self) -> None:
        step = self.state.step
        if step == "motif":
            if self.state.is_empty:
                self.journey.refuse_empty(self.banner.isVisible())
                return
            self.banner.withdraw()
            self.show_step("questionnaire" if self.state.needs_checklist() else "orientation")
        elif step == "questionnaire":
            self.show_step("orientation")
        self.save_draft()

    def previous_step(self) -> None:
        if self.state.step == "orientation" and self.state.needs_checklist():
            self.show_step("questionnaire")
        else:
            self.show_step("motif")
        self.save_draft()

    def _toggle_journey(self, journey_id: str) -> None:
        self.state.toggle_journey(journey_id)
        self.journey.show_chosen(self.state.journeys)
        if not self.state.is_empty:
            self.banner.withdraw()  # a new visit replaces the one left behind
        self.confirmation.clear_message()
        self.satisfaction.withdraw()
        self.new_button.setVisible(not self.state.is_empty)
        self.save_draft()

    def _typing(self, text: str) -> None:
        """The next visit starts: the last one's « Visite enregistrée » goes."""
        if text:
            self.confirmation.clear_message()

    # --- resume or abandon a draft; leave the visit in progress

    def resume(self) -> None:
        draft = self.banner.draft
        self.banner.withdraw()
        if draft is None:
            return
        self.confirmation.clear_message()
        self.state = FlowState.from_json(draft)
        self.journey.sync(self.state.journeys)
        self.show_step(self.state.step)

    def abandon(self) -> None:
        self.banner.withdraw()
        profile_id = self._profile_id
        self.session.ops.write(lambda s: discard_draft(s, profile_id), owner=self)
        self.journey.focus_start()

    def _would_lose_answers(self) -> bool:
        state, blank = self.state, FlowState()
        return bool(
            state.answers
            or state.partners
            or self.closing.note_text()
            or (state.outcome, state.channel) != (blank.outcome, blank.channel)
        )

    def new_visit(self) -> None:
        """Ctrl+N: the visit in progress is dropped (asked first if answers would be lost),
        nothing is saved, and step 1 waits for the next visitor."""
        if self._saving:
            return
        if self._would_lose_answers():
            abandon = confirm_abandon(self)
            self.window().activateWindow()  # the keys come back to the counter
            if not abandon:
                self.focus_current()
                return
        dropped = not self.state.is_empty
        self._start_over()
        if dropped:
            self.save_draft()  # an empty visit: the draft goes
            said = typo("Visite abandonnée : rien n'a été enregistré.")
            self.confirmation.show_message(said, "hint")

    def _start_over(self) -> None:
        self.state = FlowState()
        self.journey.reset()
        self.closing.reset()
        self.confirmation.clear_message()
        self.satisfaction.withdraw()
        self.show_step("motif")
        self.load_order()

    # --- save

    def save(self) -> None:
        if self._saving:
            return  # Enter pressed twice: one visit
        note = self.closing.note_text()
        if not note:
            self._write(self.state.visit_input(None))
            return
        self._saving = True
        self.session.ops.run(
            lambda: personal_data_findings(note), lambda f: self._checked(note, f), owner=self
        )

    def _checked(self, note: str, findings: list[Any]) -> None:
        self._saving = False
        if findings and not confirm_note(self, findings):
            self.closing.note.setFocus()
            return
        self._write(self.state.visit_input(note))

    def _write(self, visit: VisitInput) -> None:
        self._saving = True
        profile_id = self._profile_id

        def work(session: Session) -> None:
            save_visit(session, visit, profile_id)
            discard_draft(session, profile_id)

        self.session.ops.write(
            work, lambda _r: self._written(), owner=self, failed=self._not_written
        )

    def _written(self) -> None:
        self._saving = False
        self._start_over()
        self.confirmation.show_message(typo(f"Visite enregistrée à {clock(utcnow())}."), "success")
        self.satisfaction.offer()
        self.saved.emit()

    def _not_written(self, error: BaseException) -> bool:
        """Refused or failed: shown on the closing step (the helper's one policy)."""
        self._saving = False
        report(self.closing, error)
        return True
