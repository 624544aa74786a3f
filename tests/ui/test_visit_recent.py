"""« Mes visites du jour »: the last visits saved here by me, and voiding one with a reason."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo
from frontdesk.context import AppContext
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.session import UiSession
from frontdesk.ui.tasks import TaskRunner
from frontdesk.visits.models import Visit
from frontdesk.visits.record import VisitInput, save_visit
from tests.ui.conftest import ProfileWithRole
from tests.ui.helpers import activate, answering_void, log_in, press, shown_message, wait_for_tasks

Key = Qt.Key
MANAGER = "Claire Superviseure"


def add_visits(store: Store, profile: ProfileInfo, journeys: list[str]) -> None:
    with store.transaction() as session:
        for n, journey in enumerate(journeys):
            visit = VisitInput(utcnow(), "guichet", (journey,), "resolu")
            save_visit(session, visit, profile.id, now=utcnow() + timedelta(seconds=n))


def recent_of(qtbot: QtBot, window: MainWindow) -> tuple[AccueilSection, object]:
    workspace = log_in(qtbot, window, MANAGER)
    wait_for_tasks(qtbot, window.tasks)
    section = workspace.sections["accueil"]
    assert isinstance(section, AccueilSection) and section.recent is not None
    return section, section.recent


def test_the_list_shows_my_last_five_visits_of_today(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    journeys = ["declarer-revenus", "preparer-retraite", "attendre-enfant"] * 2
    add_visits(store, manager, journeys)
    _section, recent = recent_of(qtbot, window)
    table = recent.table
    assert table.rowCount() == 5
    assert table.item(0, 1).text() == "J'attends un enfant"  # the newest first
    assert table.item(0, 2).text() == "Résolu au guichet"
    assert "\u00a0h\u00a0" in table.item(0, 0).text()
    button = table.cellWidget(0, 3)
    assert button.text() == "Annuler la visite…"
    assert button.accessibleName().startswith("Annuler la visite de ")


def test_a_saved_visit_appears_at_once(qtbot: QtBot, window: MainWindow) -> None:
    _section, recent = recent_of(qtbot, window)
    assert recent.table.isHidden() and not recent.empty.isHidden()
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    assert recent.table.rowCount() == 1 and recent.empty.isHidden()
    assert recent.table.item(0, 1).text() == "Je déclare mes revenus"


def test_voiding_asks_for_a_reason_and_removes_the_visit(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    add_visits(store, manager, ["declarer-revenus", "preparer-retraite"])
    _section, recent = recent_of(qtbot, window)
    assert recent.table.rowCount() == 2

    with answering_void(None) as seen:  # « Garder la visite »: nothing happens
        recent.table.cellWidget(0, 3).click()
    assert seen == ["Annuler la visite"] and recent.table.rowCount() == 2

    with answering_void("  ") as seen:  # no reason: refused in French, in the dialog
        recent.table.cellWidget(0, 3).click()
        wait_for_tasks(qtbot, window.tasks)
    assert seen == ["Annuler la visite", "Indiquez la raison de l'annulation."]
    assert recent.table.rowCount() == 2

    activate(qtbot, window)  # the dialogs took the window's activation away
    button = recent.table.cellWidget(0, 3)
    button.setFocus()
    with answering_void("Saisie en double"):
        press(qtbot, Key.Key_Space)  # the button, from the keyboard
        wait_for_tasks(qtbot, window.tasks)
    assert recent.table.rowCount() == 1
    assert recent.table.item(0, 1).text() == "Je déclare mes revenus"
    assert "est annulée" in shown_message(recent)
    with store.session() as session:
        voided = session.scalars(select(Visit).where(Visit.voided_at.is_not(None))).all()
    assert [v.journeys for v in voided] == [["preparer-retraite"]]
    assert voided[0].void_reason == "Saisie en double"


def test_a_role_without_visit_log_gets_no_flow(
    qtbot: QtBot,
    ctx: AppContext,
    tasks: TaskRunner,
    profile_with_role: ProfileWithRole,
) -> None:
    tuteur = profile_with_role("tuteur")
    assert not tuteur.may("visit.log") and not tuteur.sees("accueil")
    section = AccueilSection(UiSession(ctx, tasks, tuteur))  # built anyway: says why
    qtbot.addWidget(section)
    assert section.flow is None and section.recent is None
    assert not section.takes_focus_at_start
