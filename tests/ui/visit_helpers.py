"""Shared helpers of the counter-flow tests: keys counted, flow opened, visits read, and
``Driver``, which takes a visit through the real screens and counts the keys it needed."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.visit.flow import VisitFlow
from frontdesk.ui.visit.journey_list import JOURNEY_ID, KEY_DIGIT
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


def answer_modals(answers: list[list[Qt.Key]], seen: list[str]) -> QTimer:
    """Press the keys of ``answers[n]`` in the n-th modal dialog that opens, as the agent
    would (on the widget that has the keys); a message box's text, or a dialog's title,
    is kept in ``seen``. Keep the timer until every dialog was answered."""
    pending = list(answers)
    answered: list[QWidget] = []

    def answer() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal in answered or not pending:
            return
        answered.append(modal)
        if isinstance(modal, QMessageBox):
            seen.append(f"{modal.text()}\n{modal.informativeText()}")
        else:
            seen.append(modal.windowTitle())
        for key in pending.pop(0):
            focused = QApplication.focusWidget()
            inside = focused is not None and (focused is modal or modal.isAncestorOf(focused))
            QTest.keyClick(focused if inside else modal, key)
        if not pending:
            timer.stop()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    return timer


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


# --- A driver that goes through the real screens toward a goal, reading the keys they show


NAMED_KEYS = {"Entrée": Key.Key_Return, "Échap": Key.Key_Escape}


def shown_key(hint_text: str, action: str) -> str:
    """The key a hint gives for ``action``: « … ; Entrée : enregistrer » → « Entrée »."""
    text = hint_text.replace("\u00a0", " ").replace("\u202f", " ")
    found = re.search(rf"(?:^|[—;,(] ?)([^;,:—()]+?) : {re.escape(action)}", text)
    assert found, f"no key for « {action} » in « {text} »"
    return found.group(1).split(" ou ")[0].strip()


class Driver:
    """Takes a visit to its save as an agent reading the screen would, and counts the keys.

    Every key it presses is one the screen shows at that moment: the digit in front of a
    motif or a partner, the cue « Entrée : choisir … », the key on the question card's
    button for the wanted answer, the letter before a choice, the save key of the hint.
    So a screen that adds a step, a question or a key makes the count grow, and the tests
    that assert the count fail.
    """

    def __init__(self, qtbot: QtBot, window: MainWindow, flow: VisitFlow, store: Store) -> None:
        self.qtbot, self.window, self.flow, self.store = qtbot, window, flow, store
        self.count = 0
        self.pressed: list[str] = []  # what was pressed, for a failure's message

    # --- pressing keys on whatever has the focus

    def key(self, name: str) -> None:
        """One key press: « Entrée », a digit or a letter."""
        target = focus()
        assert target is not None, "no widget has the keyboard focus"
        if name in NAMED_KEYS:
            self.qtbot.keyClick(target, NAMED_KEYS[name])
        else:
            assert len(name) == 1, name
            self.qtbot.keyClicks(target, name)
        self.count += 1
        self.pressed.append(name)

    def type(self, text: str) -> None:
        for char in text:
            self.key(char)

    # --- step 1

    def choose_motif(self, journey_id: str, search: str = "") -> None:
        """Its digit if it has one; else type ``search`` (as the agent would), then its
        digit, or Enter when the screen says Enter takes the only motif left."""
        journey = self.flow.journey
        for attempt in range(2):
            if journey.single.isVisible():
                only = journey.single_choice()
                assert only is not None and only.data(JOURNEY_ID) == journey_id
                self.key(shown_key(journey.single.text(), "choisir"))
                return
            item = next(
                (i for i in journey.list.visible_items() if i.data(JOURNEY_ID) == journey_id), None
            )
            if item is not None and item.data(KEY_DIGIT):
                self.key(str(item.data(KEY_DIGIT)))
                self.key("Entrée")  # « Entrée : continuer »
                return
            assert attempt == 0 and search, f"« {journey_id} » has no key on screen"
            self.type(search)

    # --- step 2

    def answer(self, situation: dict[str, Any], settle: tuple[str, ...] = ()) -> None:
        """Answer the question shown from ``situation`` (a missing fact: « je ne sais
        pas »), until the publics to ``settle`` are decided on the result panel, or, without
        any, until no question left is one the situation answers; then the key the card
        gives to end the questionnaire."""
        checklist = self.flow.checklist
        while self.flow.state.step == "questionnaire":
            card = checklist.card
            question = card.question
            statuses = checklist.results.statuses()
            left = [q.key for q in checklist.questions]
            done = (
                all(statuses[slug] != "À vérifier" for slug in settle)
                if settle
                else not set(left) & set(situation)
            )
            if question is None or done:
                self.key(self._finish_key(card.keys.text()))
                continue
            wanted = situation.get(question.key)
            if question.kind == "int" and wanted is not None:
                self.type(str(wanted))
                self.key("Entrée")  # « tapez le nombre puis Entrée »
                continue
            [button] = [b for b, value in card.answer_buttons() if value == wanted]
            self.key(button.text().split(" — ")[0].split(" ou ")[0])

    @staticmethod
    def _finish_key(hint_text: str) -> str:
        for action in ("fin du questionnaire", "orientation"):
            try:
                return shown_key(hint_text, action)
            except AssertionError:
                continue
        return "Entrée"

    # --- step 3

    def close(
        self, partners: dict[str, str] | None = None, outcome: str = "", channel: str = ""
    ) -> None:
        """Tick each partner by its digit, give its type, the outcome and the channel by the
        letters shown, then the save key of the hint; waits for the visit row."""
        closing = self.flow.closing
        before = len(saved_visits(self.store))
        for slug, kind in (partners or {}).items():
            [row] = [r for r in closing.rows if r.slug == slug]
            assert row.key.text(), f"« {slug} » has no digit on screen"
            self.key(row.key.text())
            if kind != closing.kinds.current():
                self.key(closing.kinds.caps[kind].text())
        for group, wanted in ((closing.outcomes, outcome), (closing.channel, channel)):
            if wanted and wanted != group.current():
                self.key(group.caps[wanted].text())
        self.key(shown_key(closing.keys_hint.text(), "enregistrer"))
        wait_for_tasks(self.qtbot, self.window.tasks)
        assert len(saved_visits(self.store)) == before + 1, "the visit was not saved"

    def last_visit(self) -> Visit:
        return saved_visits(self.store)[-1]
