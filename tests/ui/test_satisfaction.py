"""The satisfaction form offered after a visit: keyboard, counters, nothing tied to the visit."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from frontdesk.satisfaction import satisfaction_counts
from frontdesk.stats.models import SatisfactionTally
from frontdesk.store.engine import Store
from frontdesk.store.models import AuditEvent, Outbox
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.satisfaction import dialog as dialog_module
from frontdesk.ui.satisfaction.dialog import SatisfactionDialog
from frontdesk.ui.visit.flow import VisitFlow
from tests.ui.helpers import activate, controls, press, wait_for_tasks
from tests.ui.visit_helpers import focus, open_flow, saved_visits

Key = Qt.Key
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def quick_thanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialog_module, "THANKS_MS", 50)


def save_a_visit(qtbot: QtBot, window: MainWindow) -> VisitFlow:
    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_1)  # « Je déclare mes revenus »
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)  # saved
    wait_for_tasks(qtbot, window.tasks)
    assert flow.confirmation.text().startswith("Visite enregistrée")
    return flow


def open_form(qtbot: QtBot, flow: VisitFlow) -> SatisfactionDialog:
    assert flow.satisfaction.isVisible()
    press(qtbot, Key.Key_S, CTRL_SHIFT)
    dialog = flow.satisfaction.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)  # offscreen, a new window is not made active by itself
    assert not flow.satisfaction.isVisible()  # once per visit
    return dialog


def counts(store: Store) -> dict[str, dict[str, int]]:
    with store.session() as session:
        return satisfaction_counts(session, date(2000, 1, 1), date(2100, 12, 31))


def rows(store: Store, model: type) -> int:
    with store.session() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_the_visitor_answers_with_the_keyboard(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow = save_a_visit(qtbot, window)
    [visit] = saved_visits(store)
    outbox, audit = rows(store, Outbox), rows(store, AuditEvent)

    dialog = open_form(qtbot, flow)
    assert dialog.isModal() and dialog.windowState() & Qt.WindowState.WindowMaximized
    page = dialog.page
    assert page is not None and page.question.id == "reponse-obtenue"
    assert focus() is dialog  # no answer looks chosen in advance
    press(qtbot, Key.Key_1)  # « Oui »
    page = dialog.page
    assert page is not None and page.question.id == "accueil"
    assert page.progress.text() == "Question 2 sur 3"
    assert focus() is dialog
    press(qtbot, Key.Key_Down)  # arrows go to the answers and between them…
    assert focus() is page.buttons[0]
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Right)
    press(qtbot, Key.Key_Left)
    assert focus() is page.buttons[1]
    press(qtbot, Key.Key_Return)  # … Enter answers « Bien »
    page = dialog.page
    assert page is not None and page.question.id == "recommandation"
    press(qtbot, Key.Key_Escape)  # ends the form: the last question is not counted

    assert dialog.thanks.isVisible() and dialog.thanks.text().startswith("Merci")
    wait_for_tasks(qtbot, window.tasks)
    assert dialog.recorded == 2
    qtbot.waitUntil(lambda: flow.satisfaction.dialog is None, timeout=3000)  # closes by itself

    found = counts(store)
    assert found["reponse-obtenue"] == {"oui": 1, "en-partie": 0, "non": 0}
    assert found["accueil"] == {"tres-bien": 0, "bien": 1, "moyen": 0, "pas-satisfaisant": 0}
    assert found["recommandation"] == {"oui": 0, "non": 0}
    # Nothing ties the answers to the visit: no row of theirs, no audit, no outbox,
    # the visit unchanged; the counters hold no time and no visit.
    [after] = saved_visits(store)
    assert (after.version, after.updated_at) == (visit.version, visit.updated_at)
    assert (rows(store, Outbox), rows(store, AuditEvent)) == (outbox, audit)
    assert list(inspect.signature(SatisfactionDialog).parameters) == ["session", "parent"]
    with store.session() as session:
        tally = session.scalars(select(SatisfactionTally)).all()
    assert {row.month.day for row in tally} == {1}
    # Back to the counter: the next visit starts with the keys, and no second offer.
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert focus() is flow.journey.filter
    press(qtbot, Key.Key_S, CTRL_SHIFT)
    assert flow.satisfaction.dialog is None


def test_mouse_answers_skip_and_finish(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    flow = save_a_visit(qtbot, window)
    flow.satisfaction.button.click()
    dialog = flow.satisfaction.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.skip.click()  # first question skipped
    page = dialog.page
    assert page is not None and page.question.id == "accueil"
    qtbot.mouseClick(page.buttons[3], Qt.MouseButton.LeftButton)  # « Pas satisfaisant »
    page = dialog.page
    assert page is not None
    qtbot.mouseClick(page.buttons[1], Qt.MouseButton.LeftButton)  # « Non »: the last one
    assert dialog.thanks.isVisible()
    wait_for_tasks(qtbot, window.tasks)
    qtbot.waitUntil(lambda: flow.satisfaction.dialog is None, timeout=3000)

    found = counts(store)
    assert sum(found["reponse-obtenue"].values()) == 0
    assert found["accueil"]["pas-satisfaisant"] == 1
    assert found["recommandation"] == {"oui": 0, "non": 1}


def test_finishing_at_once_records_nothing(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    flow = save_a_visit(qtbot, window)
    dialog = open_form(qtbot, flow)
    dialog.finish_button.click()
    assert dialog.recorded == 0 and dialog.thanks.isVisible()
    qtbot.waitUntil(lambda: flow.satisfaction.dialog is None, timeout=3000)
    assert rows(store, SatisfactionTally) == 0


def test_the_offer_never_blocks_the_next_visit(qtbot: QtBot, window: MainWindow) -> None:
    flow = save_a_visit(qtbot, window)
    assert focus() is flow.journey.filter  # the offer does not take the focus
    press(qtbot, Key.Key_1)  # the next visitor's motif
    assert not flow.satisfaction.isVisible()
    press(qtbot, Key.Key_S, CTRL_SHIFT)
    assert flow.satisfaction.dialog is None
    assert flow.state.journeys == ["declarer-revenus"]


def test_offer_and_form_controls_are_named(qtbot: QtBot, window: MainWindow) -> None:
    flow = save_a_visit(qtbot, window)
    assert flow.satisfaction.button.accessibleName()
    dialog = open_form(qtbot, flow)
    named = [(w, w.accessibleName()) for w in controls(dialog)]
    assert named and all(name for _w, name in named), [w for w, n in named if not n]
    page = dialog.page
    assert page is not None
    assert page.buttons[0].accessibleName() == "Oui, touche 1"
    dialog.finish()
    qtbot.waitUntil(lambda: flow.satisfaction.dialog is None, timeout=3000)
