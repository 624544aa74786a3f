"""The journal screen: filters, the visits newest first, one visit's detail and actions.

Keyboard: the list has the focus; Up / Down browse (the detail follows), Enter goes to the
message box (or the detail), Escape goes back to the list, then to the filters. Every
read and write runs through the background helper; answers to an older question are
dropped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.journal.actions import VisitActions, confirm_message
from frontdesk.ui.journal.detail import VisitView
from frontdesk.ui.journal.filters import JournalFilterBar
from frontdesk.ui.journal.format import date_time, visits_text
from frontdesk.ui.journal.model import BLOCK, JournalModel
from frontdesk.ui.journal.table import JournalTable
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.void_dialog import ask_void_reason
from frontdesk.ui.widgets import MessageLabel, hint
from frontdesk.visits.journal import (
    JournalFilter,
    JournalRow,
    JournalScope,
    agent_choices,
    count_visits,
    page,
    scope_for,
)
from frontdesk.visits.journal_detail import VisitDetail, visit_detail, void_from_journal
from frontdesk.visits.reviews import (
    PersonalDataError,
    add_comment,
    mark_read,
    set_review_status,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Answer:
    generation: int
    total: int
    rows: list[JournalRow]


class JournalPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.profile = session.profile
        self.scope: JournalScope | None = None
        self.asked = JournalFilter()  # the filter of the rows shown
        self._keep_row = 0
        self._detail_asked = 0
        self._focus_detail = False

        all_sites = self.profile.may("journal.all_sites")
        reviewer = self.profile.may("review.write")
        self.filters = JournalFilterBar(all_sites=all_sites, agents=[], reviewer=reviewer)
        self.count = hint("")
        self.count.setAccessibleName("Nombre de visites trouvées")
        self.message = MessageLabel()
        self.model = JournalModel(self)
        self.table = JournalTable(self.model, all_sites)
        self.view = VisitView(self.profile.id)
        self.visit_actions = VisitActions(self.profile)
        splitter = self._splitter()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self.filters.changed.connect(self.reload)
        self.model.wanted.connect(self._read_page)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.open_detail())
        self.table.installEventFilter(self)
        self.view.leave.connect(self.focus_list)
        self.visit_actions.leave.connect(self.focus_list)
        self.visit_actions.status_requested.connect(self.set_status)
        self.visit_actions.send_requested.connect(self.send)
        self.visit_actions.void_requested.connect(self.void)
        self._start()

    def _splitter(self) -> QSplitter:
        """The visits and one visit's detail and actions side by side."""
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.view, 1)
        side.addWidget(self.visit_actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # both may shrink to fit a small window (the columns share what the table has,
        # the detail wraps its text) rather than push the page sideways
        self.table.setMinimumWidth(self.fontMetrics().averageCharWidth() * 46)
        right.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        splitter.setSizes([720, 380])
        splitter.setMinimumHeight(self.fontMetrics().height() * 16)  # 768 px at 125 %
        # it takes the height left, no more: its wish would make the page scroll (a scroll
        # area sizes a page with wrapped texts from the wishes of what it holds)
        splitter.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        return splitter

    # Reading

    def _start(self) -> None:
        """Who reads (the scope) and the agents to filter on, then the first page."""
        profile = self.profile

        def work(s: Session) -> tuple[JournalScope, list[tuple[uuid.UUID, str]]]:
            return scope_for(s, profile), agent_choices(s)

        def done(answer: tuple[JournalScope, list[tuple[uuid.UUID, str]]]) -> None:
            self.scope, agents = answer
            combo = self.filters.agent
            combo.blockSignals(True)
            for agent_id, name in agents:
                combo.addItem(name, agent_id)
            combo.blockSignals(False)
            if not self.filters.pending():  # else the filters' own ``changed`` asks, once
                self.reload()

        self.session.ops.read(work, done, owner=self)

    def reload(self, keep_row: int = 0) -> None:
        """Ask again with the current filters; the row ``keep_row`` is selected after."""
        if self.scope is None:
            return
        self._keep_row = keep_row
        generation, scope = self.model.start(), self.scope
        journal_filter = self.asked = self.filters.current()
        first = (keep_row // BLOCK) * BLOCK
        self.count.setText("Recherche…")

        def work(s: Session) -> tuple[Answer, list[JournalRow]]:
            total = count_visits(s, journal_filter, scope)
            rows = page(s, journal_filter, scope, 0, BLOCK)
            around = page(s, journal_filter, scope, first, BLOCK) if first else []
            return Answer(generation, total, rows), around

        self.session.ops.read(work, self._answered, owner=self)

    def _answered(self, answer: tuple[Answer, list[JournalRow]]) -> None:
        first, around = answer
        if not self.model.reset(first.generation, first.total, first.rows):
            return
        if around:
            self.model.add_page(first.generation, self._keep_row // BLOCK, around)
        said = visits_text(first.total)
        self.count.setText(said)
        self.count.setAccessibleDescription(said)
        if first.total:
            row = min(self._keep_row, first.total - 1)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self._show_detail(None)

    def _read_page(self, generation: int, number: int) -> None:
        scope, journal_filter = self.scope, self.asked
        if scope is None:
            return

        def work(s: Session) -> list[JournalRow]:
            return page(s, journal_filter, scope, number * BLOCK, BLOCK)

        def done(rows: list[JournalRow]) -> None:
            self.model.add_page(generation, number, rows)
            current = self.table.currentIndex().row()
            if current // BLOCK == number and self.view.detail is None:
                self.load_detail()

        self.session.ops.read(work, done, owner=self)

    # The detail

    def current_visit(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.visit_id(index.row()) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.load_detail()

    def load_detail(self) -> None:
        self._detail_asked += 1
        asked, visit_id = self._detail_asked, self.current_visit()
        if visit_id is None:
            self._show_detail(None)
            return
        scope, profile = self.scope, self.profile
        seen = self.isVisible()  # built at login but not shown yet: nothing is read

        def work(s: Session) -> tuple[int, VisitDetail | None, int]:
            detail = visit_detail(s, visit_id, scope)  # shown, my messages are read
            marked = mark_read(s, visit_id, profile) if detail and seen else 0
            return asked, detail, marked

        self.session.ops.write(work, self._detail_loaded, owner=self, initiator=self)

    def _detail_loaded(self, answer: tuple[int, VisitDetail | None, int]) -> None:
        asked, detail, marked = answer
        if asked != self._detail_asked:
            return
        self._show_detail(detail)
        if marked and detail is not None:
            self.model.mark_read(detail.id)
        if self._focus_detail:
            self._focus_detail = False
            self.open_detail()

    def _show_detail(self, detail: VisitDetail | None) -> None:
        if detail is None:
            self.view.show_empty("Aucune visite sélectionnée.")
        else:
            self.view.show_detail(detail)
        self.visit_actions.show_for(detail)

    def open_detail(self) -> None:
        """Enter: the message box if I may write, else the detail."""
        if self.view.detail is None or self.view.detail.id != self.current_visit():
            self._focus_detail = True
            return
        if not self.visit_actions.focus_editor():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # Acting on the visit

    def _after_change(self, said: str) -> None:
        """The list and the detail follow from the broadcast change (``refresh``)."""
        self.message.show_message(typo(said), "success")

    def refresh(self) -> None:
        """Visits or reviews changed (here, in another section, by a sync): read again,
        on the same row."""
        self.reload(keep_row=max(self.table.currentIndex().row(), 0))

    def set_status(self, status: str) -> None:
        detail = self.view.detail
        if detail is None:
            return
        profile, visit_id = self.profile, detail.id
        label = "« à revoir »" if status == "a_revoir" else "« validé »"
        said = f"La visite du {date_time(detail.started_at)} est marquée {label}."
        self.session.ops.write(
            lambda s: set_review_status(s, visit_id, status, profile),
            lambda _r: self._after_change(said),
            owner=self,
        )

    def send(self, text: str, confirmed: bool = False) -> None:
        detail = self.view.detail
        if detail is None:
            return
        profile, visit_id = self.profile, detail.id

        def done(_result: object) -> None:
            self.visit_actions.sent()
            self._after_change("Message envoyé.")

        def personal(error: BaseException) -> bool:
            if not isinstance(error, PersonalDataError):
                return False
            if confirm_message(self, error.findings):
                self.send(text, confirmed=True)
            return True

        self.session.ops.write(
            lambda s: add_comment(s, visit_id, text, profile, confirmed=confirmed),
            done,
            owner=self,
            failed=personal,
        )

    def void(self) -> None:
        detail = self.view.detail
        if detail is None:
            return
        when = date_time(detail.started_at)
        reason = ask_void_reason(when, self)
        if reason is None:
            return
        profile, visit_id = self.profile, detail.id
        said = f"La visite du {when} est annulée."
        self.session.ops.write(
            lambda s: void_from_journal(s, visit_id, reason, profile),
            lambda _r: self._after_change(said),
            owner=self,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        detail = self.view.detail
        if detail is not None and any(not c.read for c in detail.comments):
            self.load_detail()  # now seen: its messages are read

    # Keyboard and links

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def show_unread(self) -> None:
        """The visits with messages I have not read (from the Accueil line)."""
        self._detail_asked += 1  # nothing shown is read before the list is filtered
        self._show_detail(None)
        self.filters.show_unread()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress or event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier
            ):
                return False
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_detail()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.filters.period.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def state(self) -> dict[str, Any]:
        """What the screen shows, for tests."""
        rows = [self.model.row_at(r) for r in range(min(self.model.total, BLOCK))]
        return {
            "total": self.model.total,
            "rows": [r for r in rows if r is not None],
            "detail": self.view.detail,
        }
