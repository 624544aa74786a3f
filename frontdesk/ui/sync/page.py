"""The Synchronisation page: the state of this PC's sync, « Synchroniser maintenant »,
the enrollment with a hub, the conflicts and refused changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from frontdesk.moments import moment_text
from frontdesk.sync.run import SyncReport
from frontdesk.sync.status import KIND_LABELS
from frontdesk.ui.session import UiSession
from frontdesk.ui.sync.enroll_panel import EnrollPanel
from frontdesk.ui.sync.issues import IssuesPanel
from frontdesk.ui.sync.status import (
    Health,
    SyncStatus,
    next_attempt_text,
    state_text,
    state_word,
)
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, hint, left_aligned

NOT_ENROLLED = typo(
    "Ce poste n'est inscrit auprès d'aucun hub : tout reste sur ce poste, qui fonctionne "
    "normalement. Les modifications en attente partiront à la première synchronisation."
)
STATE_ROLES = {
    Health.ONLINE: "status-oui",
    Health.OFFLINE: "status-a_verifier",
    Health.ERROR: "error",
    Health.UNKNOWN: "status-non",
}


def _value(name: str) -> QLabel:
    label = QLabel("—")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(
        label.textInteractionFlags() | label.textInteractionFlags().TextSelectableByMouse
    )
    return label


class SyncPage(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self._session = session
        self.controller = session.sync
        self.state = QLabel("…")  # a badge: « en ligne », « hors ligne », « erreur »…
        self.state.setAccessibleName("État de la synchronisation")
        self.state.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.reason = _value("Raison")
        self.reason.setText("")
        state_row = QWidget()
        row = QHBoxLayout(state_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.reason, 1)
        self.hub = _value("Hub")
        self.kind = _value("Type de poste")
        self.pending = _value("Modifications en attente d'envoi")
        self.last_success = _value("Dernière synchronisation réussie")
        self.next_attempt = hint("")
        self.next_attempt.setAccessibleName("Prochain essai")
        self.not_enrolled = hint(NOT_ENROLLED)
        self.sync_now = button(
            "&Synchroniser maintenant", "Synchroniser maintenant avec le hub", primary=True
        )
        self.message = MessageLabel()
        self.enroll = EnrollPanel(session, self.controller)
        self.issues = IssuesPanel(session)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._state_box(state_row))
        layout.addWidget(self.enroll)
        layout.addWidget(self.issues)

        self.sync_now.clicked.connect(self._sync_now)
        self.controller.status_changed.connect(self.show_status)
        self.controller.synced.connect(self._synced)
        self.controller.enrolled.connect(lambda _kind: self.issues.reload())
        self.show_status(self.controller.status)
        self.controller.refresh()

    def _state_box(self, state_row: QWidget) -> QGroupBox:
        box = QGroupBox("État")
        box.setAccessibleName("État de la synchronisation")
        # The texts that wrap sit above and below the form, not in rows spanning it:
        # there their height follows their width, and they are never drawn cut.
        column = QVBoxLayout(box)
        column.addWidget(self.not_enrolled)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.message)
        form.addRow(typo("État :"), state_row)
        form.addRow(typo("Hub :"), self.hub)
        form.addRow(typo("Type de poste :"), self.kind)
        form.addRow(typo("Modifications en attente d'envoi :"), self.pending)
        form.addRow(typo("Dernière synchronisation réussie :"), self.last_success)
        form.addRow("", self.next_attempt)
        self._sync_now_row = left_aligned(self.sync_now)
        form.addRow("", self._sync_now_row)
        self._form = form
        return box

    def focus_first(self) -> None:
        if self.sync_now.isEnabled():
            self.sync_now.setFocus()
        elif self.enroll.allowed:
            self.enroll.url.setFocus()
        else:
            self.issues.show_seen.setFocus()

    def show_status(self, status: SyncStatus) -> None:
        facts = status.facts
        enrolled = status.enrolled
        self.not_enrolled.setVisible(facts is not None and not enrolled)
        for widget in (self.hub, self.kind, self.last_success):
            self._form.setRowVisible(widget, enrolled)
        word, reason = state_word(status) if facts is not None else ("…", "")
        self.state.setText(word)
        self.reason.setText(reason)
        self.reason.setAccessibleDescription(reason)  # kept shown (empty): it holds the badge left
        self.state.setAccessibleDescription(state_text(status))
        role = STATE_ROLES[status.health] if enrolled else "status-non"
        if enrolled and status.health is Health.UNKNOWN and facts and facts.last_error:
            role = "status-a_verifier"
        self.state.setProperty("role", role)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        self.next_attempt.setText(next_attempt_text(status))
        self.next_attempt.setVisible(bool(self.next_attempt.text()))
        # not disabled while a sync runs: the keyboard focus would jump elsewhere
        self.sync_now.setEnabled(enrolled)
        self._form.setRowVisible(self._sync_now_row, enrolled)
        if facts is None:
            return
        self.hub.setText(facts.url or "—")
        self.kind.setText(KIND_LABELS.get(facts.kind, facts.kind or "—"))
        self.pending.setText(str(facts.pending))
        self.last_success.setText(moment_text(facts.last_success))
        self.enroll.show_facts(facts)
        # a PC never enrolled has nothing to examine: the panel would only be noise
        self.issues.setVisible(enrolled or facts.open_issues > 0)

    def _sync_now(self) -> None:
        if self.controller.status.running:
            self.message.show_message("Une synchronisation est déjà en cours…", "hint")
            return
        self.message.clear_message()
        self.controller.sync_now()

    def _synced(self, report: SyncReport) -> None:
        self.message.show_message(typo(f"Synchronisation réussie : {report.summary()}"), "success")
        self.issues.reload()
