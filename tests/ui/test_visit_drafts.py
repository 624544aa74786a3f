"""The visit being entered survives a crash: saved as a draft at every step and answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo
from frontdesk.store.engine import Store
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.visit.flow import VisitFlow
from frontdesk.visits.drafts import load_draft, save_draft
from frontdesk.visits.models import Visit
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import (
    answering_modal,
    button_named,
    log_in,
    press,
    type_text,
    wait_for_tasks,
)

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
MANAGER = "Claire Superviseure"


def open_flow(qtbot: QtBot, make_window: MakeWindow, name: str = MANAGER) -> VisitFlow:
    window = make_window()
    workspace = log_in(qtbot, window, name)
    wait_for_tasks(qtbot, window.tasks)
    section = workspace.sections["accueil"]
    assert isinstance(section, AccueilSection) and section.flow is not None
    return section.flow


def draft_of(store: Store, profile: ProfileInfo) -> dict | None:
    with store.session() as session:
        return load_draft(session, profile.id)


def test_the_draft_comes_back_after_a_crash(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    flow = open_flow(qtbot, make_window)
    assert not flow.banner.isVisible()
    press(qtbot, Key.Key_4)  # « Je cherche un emploi »
    press(qtbot, Key.Key_Return)
    type_text(qtbot, "19")
    press(qtbot, Key.Key_Return)
    assert flow.checklist.card.question.key == "employed"
    press(qtbot, Key.Key_N)  # in a job: non
    press(qtbot, Key.Key_I)  # a student: je ne sais pas
    asked_next = flow.checklist.card.question.key
    press(qtbot, Key.Key_Return)  # to the orientation
    press(qtbot, Key.Key_2)  # tick the 2nd partner
    flow.closing.rows[1].kind.setCurrentIndex(1)  # « Appel passé avec la personne »
    press(qtbot, Key.Key_Escape)  # back to the questionnaire: the draft says so
    wait_for_tasks(qtbot, flow.session.tasks)
    before = flow.state.to_json()
    assert draft_of(store, manager) == before
    assert before["step"] == "questionnaire"
    assert before["answers"] == {"age": 19, "employed": False, "student": None}
    assert list(before["partners"].values()) == ["appel"] and before["outcome"] == "oriente"

    flow.window().close()  # the PC crashes: nothing is saved on the way out

    again = open_flow(qtbot, make_window)  # a new window on the same store, logged in again
    assert again.banner.isVisible()
    assert "Je cherche un emploi" in again.banner.text.text()
    assert again.state.is_empty
    press(qtbot, Key.Key_R, ALT)  # « &Reprendre la visite en cours » (an animated click)
    qtbot.waitUntil(lambda: not again.banner.isVisible(), timeout=2000)
    assert again.state.to_json() == before  # exactly as it was
    assert again.state.step == "questionnaire"
    assert again.checklist.card.question.key == asked_next
    assert "Emploi : non" in again.checklist.given.text().replace("\u00a0", " ")
    assert QApplication.focusWidget() is again.checklist.card
    checked = [
        i.data(Qt.ItemDataRole.UserRole)
        for i in again.journey.list.visible_items()
        if i.checkState() == Qt.CheckState.Checked
    ]
    assert checked == ["chercher-emploi"]

    press(qtbot, Key.Key_Return)  # to the orientation: the partner and its kind are back
    row = again.closing.rows[1]
    assert row.check.isChecked() and row.kind.currentData() == "appel"
    press(qtbot, Key.Key_Return)  # save
    wait_for_tasks(qtbot, again.session.tasks)
    with store.session() as session:
        [visit] = session.scalars(select(Visit)).all()
    assert visit.orientations == [{"partner": row.slug, "kind": "appel"}]
    assert visit.started_at.isoformat() == before["started_at"]
    assert draft_of(store, manager) is None


def test_abandoning_the_draft_forgets_it(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    with store.transaction() as session:
        save_draft(session, manager.id, {"step": "motif", "journeys": ["declarer-revenus"]})
    flow = open_flow(qtbot, make_window)
    assert flow.banner.isVisible()
    press(qtbot, Key.Key_B, ALT)  # « A&bandonner »
    qtbot.waitUntil(lambda: not flow.banner.isVisible(), timeout=2000)
    wait_for_tasks(qtbot, flow.session.tasks)
    assert not flow.banner.isVisible() and flow.state.is_empty
    assert draft_of(store, manager) is None
    assert QApplication.focusWidget() is flow.journey.filter


def test_enter_on_an_empty_visit_mentions_the_draft(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    with store.transaction() as session:
        save_draft(session, manager.id, {"step": "motif", "journeys": ["declarer-revenus"]})
    flow = open_flow(qtbot, make_window)
    press(qtbot, Key.Key_Return)
    assert "Alt+R" in flow.journey.message.text()


def test_a_draft_is_per_profile_and_starting_anew_replaces_it(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    manager: ProfileInfo,
    add_profile: AddProfile,
) -> None:
    agent = add_profile("Bruno Agent", "agent")
    with store.transaction() as session:
        save_draft(session, manager.id, {"step": "motif", "journeys": ["declarer-revenus"]})
    flow = open_flow(qtbot, make_window, "Bruno Agent")
    assert not flow.banner.isVisible()  # the superviseur's draft is not offered to Bruno
    press(qtbot, Key.Key_2)
    wait_for_tasks(qtbot, flow.session.tasks)
    assert draft_of(store, agent)["journeys"] == ["permis-carte-identite"]
    assert draft_of(store, manager)["journeys"] == ["declarer-revenus"]
    press(qtbot, Key.Key_2)  # unticked: an empty visit leaves no draft
    wait_for_tasks(qtbot, flow.session.tasks)
    assert draft_of(store, agent) is None


def test_a_stale_draft_is_cleaned_not_fatal(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    """A draft from older data files: what is no longer known is dropped."""
    stale = {
        "step": "orientation",
        "journeys": ["gone-journey", "chercher-emploi"],
        "answers": {"age": 300, "rsa": True, "unknown_fact": 1},
        "partners": {"nasa": "appel", "france-travail": "pigeon"},
        "outcome": "perdu",
        "channel": "fax",
        "started_at": "not a date",
    }
    with store.transaction() as session:
        save_draft(session, manager.id, stale)
    flow = open_flow(qtbot, make_window)
    press(qtbot, Key.Key_R, ALT)
    qtbot.waitUntil(lambda: not flow.banner.isVisible(), timeout=2000)
    state = flow.state
    assert state.journeys == ["chercher-emploi"] and state.answers == {"rsa": True}
    assert state.partners == {"france-travail": "information"}
    assert (state.outcome, state.channel, state.step) == ("resolu", "guichet", "orientation")
    assert state.started_at is not None and state.started_at.tzinfo is not None


def test_ctrl_n_leaves_the_visit_after_a_confirmation(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    flow = open_flow(qtbot, make_window)
    assert flow.new_button.isHidden()
    press(qtbot, Key.Key_4)  # « Je cherche un emploi »
    assert flow.new_button.isVisible() and "Ctrl+N" in flow.new_button.text()
    press(qtbot, Key.Key_Return)
    type_text(qtbot, "19")
    press(qtbot, Key.Key_Return)  # an answer: it would be lost
    with answering_modal(lambda box: button_named(box, "Continuer la visite")) as seen:
        press(qtbot, Key.Key_N, CTRL)
    assert seen == ["Nouvelle visite\nAbandonner la visite en cours\u202f?"]
    assert flow.state.answers == {"age": 19} and flow.state.step == "questionnaire"
    qtbot.waitUntil(flow.window().isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is flow.checklist.card  # back to the question

    with answering_modal(lambda box: button_named(box, "Abandonner la visite")):
        press(qtbot, Key.Key_N, CTRL)
    wait_for_tasks(qtbot, flow.session.tasks)
    assert flow.state.is_empty and flow.state.step == "motif"
    qtbot.waitUntil(flow.window().isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is flow.journey.filter
    assert "rien n'a été enregistré" in flow.confirmation.text()
    assert draft_of(store, manager) is None
    with store.session() as session:
        assert session.scalars(select(Visit)).all() == []


def test_ctrl_n_with_only_a_motif_asks_nothing(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    flow = open_flow(qtbot, make_window)
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_Return)  # to the orientation, nothing ticked or typed
    press(qtbot, Key.Key_N, CTRL)  # no dialog: nothing but the motif to lose
    wait_for_tasks(qtbot, flow.session.tasks)
    assert flow.state.is_empty and flow.state.step == "motif"
    assert draft_of(store, manager) is None


def test_the_saved_message_goes_when_the_next_visit_starts(
    qtbot: QtBot, make_window: MakeWindow, manager: ProfileInfo
) -> None:
    flow = open_flow(qtbot, make_window)
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, flow.session.tasks)
    assert flow.confirmation.isVisible()
    assert flow.confirmation.text().startswith("Visite enregistrée à ")
    type_text(qtbot, "im")  # the next visitor's motif
    assert flow.confirmation.isHidden()
