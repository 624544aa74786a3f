"""« Une visite était en cours »: offered once at start when a draft was left behind."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from frontdesk.moments import date_text, today
from frontdesk.ui.text import clock, typo
from frontdesk.ui.visit.state import FlowState
from frontdesk.ui.widgets import button


class DraftBanner(QFrame):
    resume_requested = Signal()
    abandon_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBanner")
        self.setAccessibleName("Visite en cours")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.resume = button("&Reprendre la visite en cours", "Reprendre la visite en cours")
        self.resume.setProperty("primary", True)
        self.abandon = button("A&bandonner", "Abandonner la visite en cours")
        for widget in (self.resume, self.abandon):
            widget.setAutoDefault(True)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.resume)
        layout.addWidget(self.abandon)
        self.resume.clicked.connect(self.resume_requested)
        self.abandon.clicked.connect(self.abandon_requested)
        self.draft: dict[str, Any] | None = None
        self.hide()

    def offer(self, draft: dict[str, Any]) -> None:
        self.draft = draft
        state = FlowState.from_json(draft)
        labels = ", ".join(f"« {j.label} »" for j in state.chosen())
        when = ""
        if state.started_at is not None:
            started = state.started_at
            day = "" if today(started) == today() else f" le {date_text(started)}"
            when = f" commencée{day} à {clock(state.started_at)}"
        self.text.setText(
            typo(f"Une visite{when} n'a pas été enregistrée : {labels}. Alt+R pour la reprendre.")
        )
        self.text.setAccessibleName(self.text.text())
        self.show()

    def withdraw(self) -> None:
        self.draft = None
        self.hide()
