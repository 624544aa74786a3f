"""Shared helpers of the counter-flow tests: keys counted, flow opened, visits read."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.visit.flow import VisitFlow
from frontdesk.ui.visit.journey_list import JOURNEY_ID
from frontdesk.visits.models import Visit
from tests.ui.helpers import (
    log_in,
    press,
    type_text,
    wait_for_tasks,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
MANAGER = "Claire Superviseure"


class Keyboard:
    """Presses keys on the focused widget and counts them (a typed text: one per character)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        press(self.qtbot, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        type_text(self.qtbot, text)
        self.count += len(text)


def open_flow(qtbot: QtBot, window: MainWindow, name: str = MANAGER) -> VisitFlow:
    workspace = log_in(qtbot, window, name)
    section = workspace.sections["accueil"]
    assert isinstance(section, AccueilSection) and section.flow is not None
    wait_for_tasks(qtbot, window.tasks)  # the journey counts and the draft are read
    return section.flow


def visible_ids(flow: VisitFlow) -> list[str]:
    return [item.data(JOURNEY_ID) for item in flow.journey.list.visible_items()]


def saved_visits(store: Store) -> list[Visit]:
    with store.session() as session:
        return list(session.scalars(select(Visit).order_by(Visit.ended_at)))


def focus() -> Any:
    return QApplication.focusWidget()


def start_checklist(qtbot: QtBot, window: MainWindow) -> VisitFlow:
    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_4)
    press(qtbot, Key.Key_Return)
    assert flow.state.step == "questionnaire"
    return flow


def azerty(key: Qt.Key, text: str) -> None:
    """A key of the AZERTY top row, pressed without Shift, sent to the focused widget."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(focus(), QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
