"""The Journal screen: filters, the lazy list, voiding, the tutor's feedback seen by the agent."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo, list_profiles
from frontdesk.store.engine import Store
from frontdesk.ui.journal.model import BLOCK, LOADING, MESSAGES, REVIEW, SUITE
from frontdesk.ui.journal.page import JournalPage
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.void_dialog import VoidDialog
from frontdesk.ui.workspace import Workspace
from frontdesk.visits.models import ReviewComment, Visit
from frontdesk.visits.reviews import add_comment
from tests.core.test_journal import DAY, add_visit
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import (
    answering_modal,
    button_named,
    log_in,
    mnemonic_clashes,
    press,
    unnamed_controls,
    wait_for_tasks,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
MANAGER = "Claire Superviseure"


def open_journal(qtbot: QtBot, window: MainWindow, name: str) -> tuple[Workspace, JournalPage]:
    workspace = log_in(qtbot, window, name)
    wait_for_tasks(qtbot, window.tasks)
    workspace.show_section("journal")
    settle(qtbot, window)  # a tutor starts on the queue: its filter settles, then reads
    return workspace, workspace.sections["journal"].page  # type: ignore[attr-defined]


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Until the filters have fired and every read has come back."""
    qtbot.wait(120)
    wait_for_tasks(qtbot, window.tasks)


def shown_ids(journal: JournalPage) -> list[uuid.UUID]:
    return [row.id for row in journal.state()["rows"]]


def choose(combo, data: object) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


@pytest.fixture
def journal_log(
    store: Store, manager: ProfileInfo, add_profile: AddProfile
) -> dict[str, uuid.UUID]:
    agent = add_profile("Paul Agent", "agent")
    add_profile("Tina Tutrice", "tuteur")
    manager_id = manager.id
    return {
        "old": add_visit(store, agent.id, DAY - timedelta(days=1)),
        "debt": add_visit(store, manager_id, DAY, journeys=["endettement"], channel="telephone"),
        "mine": add_visit(store, agent.id, DAY + timedelta(hours=1), journeys=["jeune-neet"]),
        "roye": add_visit(store, uuid.uuid4(), DAY + timedelta(hours=2), site_id="roye"),
    }


def test_the_journal_lists_the_sites_visits_and_filters_them(
    qtbot: QtBot, make_window: MakeWindow, journal_log: dict[str, uuid.UUID]
) -> None:
    window = make_window()
    workspace, journal = open_journal(qtbot, window, MANAGER)
    assert shown_ids(journal) == [journal_log[n] for n in ("mine", "debt", "old")]  # not Roye
    assert journal.count.text() == "3 visites"
    assert journal.table.isColumnHidden(1)  # one site: no site column
    assert journal.state()["detail"].id == journal_log["mine"]  # the first row, shown
    assert QApplication.focusWidget() is journal.table

    journal.filters.more.click()
    assert journal.filters.extra.isVisible()
    choose(journal.filters.journey, "endettement")
    settle(qtbot, window)
    assert shown_ids(journal) == [journal_log["debt"]]
    assert journal.count.text() == "1 visite"
    assert "1 en cours" in journal.filters.more.text()
    choose(journal.filters.channel, "guichet")
    settle(qtbot, window)
    assert shown_ids(journal) == []
    assert journal.count.text() == "Aucune visite ne correspond : enlevez un filtre."
    assert journal.view.detail is None

    journal.filters.clear.click()
    settle(qtbot, window)
    assert len(shown_ids(journal)) == 3
    assert unnamed_controls(workspace) == []
    assert mnemonic_clashes(window) == {}


def test_voiding_a_visit_from_the_journal(
    qtbot: QtBot, make_window: MakeWindow, store: Store, journal_log: dict[str, uuid.UUID]
) -> None:
    window = make_window()
    _workspace, journal = open_journal(qtbot, window, MANAGER)
    journal.table.setCurrentIndex(journal.model.index(1, 0))  # « debt »
    wait_for_tasks(qtbot, window.tasks)
    assert journal.view.detail.id == journal_log["debt"]
    assert journal.visit_actions.void.isVisible()
    seen: list[str] = []

    def answer() -> None:
        """The dialog, with the keyboard: Enter on an empty reason, then a reason."""
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, VoidDialog):
            QTimer.singleShot(10, answer)
            return
        seen.append(dialog.confirm.text())
        seen.append(dialog.keep.text())
        qtbot.keyClick(dialog.reason, Key.Key_Return)  # empty: refused inside the dialog
        assert dialog.isVisible()
        seen.append(dialog.message.text())
        qtbot.keyClicks(dialog.reason, "Saisie en double")
        qtbot.keyClick(dialog.reason, Key.Key_Return)

    QTimer.singleShot(10, answer)
    journal.visit_actions.void.click()
    settle(qtbot, window)
    assert seen == [
        "Annuler la &visite",
        "&Garder la visite",
        "Indiquez la raison de l'annulation.",
    ]
    with store.session() as session:
        visit = session.get(Visit, journal_log["debt"])
        assert visit is not None and visit.void_reason == "Saisie en double"
    assert "est annulée" in journal.message.text()
    index = journal.model.index(1, SUITE)
    assert journal.model.data(index).startswith("Annulée")
    assert journal.table.currentIndex().row() == 1  # the same row stays selected
    assert journal.view.detail.voided_at is not None
    assert not journal.visit_actions.void.isVisible()  # already voided

    choose(journal.filters.voided, False)
    settle(qtbot, window)
    assert journal_log["debt"] not in shown_ids(journal)


def test_an_agent_voids_only_their_own_visits(
    qtbot: QtBot, make_window: MakeWindow, journal_log: dict[str, uuid.UUID]
) -> None:
    window = make_window()
    _workspace, journal = open_journal(qtbot, window, "Paul Agent")
    assert shown_ids(journal)[0] == journal_log["mine"]
    assert journal.visit_actions.void.isVisible()
    journal.table.setCurrentIndex(journal.model.index(1, 0))  # the superviseur's visit
    wait_for_tasks(qtbot, window.tasks)
    assert journal.view.detail.id == journal_log["debt"]
    assert not journal.visit_actions.void.isVisible()
    assert not journal.visit_actions.editor.isVisible()  # not their visit: nothing to answer


def test_tutor_feedback_reaches_the_agent_with_a_badge_and_the_accueil_line(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    journal_log: dict[str, uuid.UUID],
) -> None:
    window = make_window()
    _workspace, journal = open_journal(qtbot, window, "Tina Tutrice")
    assert not journal.table.isColumnHidden(1)  # every site
    assert journal.model.total == 4 and shown_ids(journal)[0] == journal_log["roye"]
    journal.table.setCurrentIndex(journal.model.index(1, 0))  # Paul's « mine »
    wait_for_tasks(qtbot, window.tasks)
    assert journal.view.detail.id == journal_log["mine"]
    journal.visit_actions.to_review.click()
    wait_for_tasks(qtbot, window.tasks)
    assert journal.model.data(journal.model.index(1, REVIEW)) == "À revoir"
    assert (
        journal.visit_actions.to_review.isChecked()
        and not journal.visit_actions.validate.isChecked()
    )
    press(qtbot, Key.Key_Return)  # from the list to the message box
    assert QApplication.focusWidget() is journal.visit_actions.editor
    qtbot.keyClicks(journal.visit_actions.editor, "Pensez au CEJ : la personne a 22 ans.")
    press(qtbot, Key.Key_Return, CTRL)
    wait_for_tasks(qtbot, window.tasks)
    assert (
        journal.view.message_labels[-1]
        .accessibleName()
        .endswith("Pensez au CEJ\u00a0: la personne a 22 ans.")
    )
    assert journal.visit_actions.editor.toPlainText() == ""
    # the queue: what nobody reviewed yet and what is « à revoir », not what is validated
    journal.table.setCurrentIndex(journal.model.index(0, 0))  # Roye's
    wait_for_tasks(qtbot, window.tasks)
    journal.visit_actions.validate.click()
    wait_for_tasks(qtbot, window.tasks)
    journal.filters.queue.click()
    settle(qtbot, window)
    assert shown_ids(journal) == [journal_log[n] for n in ("mine", "debt", "old")]

    agent_window = make_window()
    agent_space = log_in(qtbot, agent_window, "Paul Agent")
    wait_for_tasks(qtbot, agent_window.tasks)
    accueil = agent_space.sections["accueil"]
    assert isinstance(accueil, AccueilSection) and accueil.feedback is not None
    assert accueil.feedback.isVisible()
    assert accueil.feedback.text() == "1 retour de votre tuteur — le lire dans le journal"
    accueil.feedback.click()
    settle(qtbot, agent_window)
    assert agent_space.current_section_id == "journal"
    agent_journal = agent_space.sections["journal"].page  # type: ignore[attr-defined]
    assert agent_journal.filters.unread.isChecked()
    assert shown_ids(agent_journal) == [journal_log["mine"]]
    detail = agent_journal.view.detail
    assert detail.review == "a_revoir" and detail.comments[0].author_name == "Tina Tutrice"
    assert "(nouveau)" in agent_journal.view.message_labels[0].accessibleName()
    # shown, the feedback is read: the badge goes, the Accueil line too
    wait_for_tasks(qtbot, agent_window.tasks)
    assert (
        agent_journal.model.data(agent_journal.model.index(0, MESSAGES)) == "1 message"
    )  # read: no badge, the count stays
    with store.session() as session:
        assert all(c.read_at is not None for c in session.query(ReviewComment))

    agent_journal.filters.clear.click()
    settle(qtbot, agent_window)
    agent_journal.table.setCurrentIndex(agent_journal.model.index(0, 0))
    wait_for_tasks(qtbot, agent_window.tasks)
    assert agent_journal.visit_actions.editor.isVisible()  # the agent answers
    agent_journal.visit_actions.editor.setPlainText("C'est fait, rendez-vous pris.")
    agent_journal.visit_actions.send.click()
    wait_for_tasks(qtbot, agent_window.tasks)
    assert len(agent_journal.view.detail.comments) == 2
    agent_space.show_section("accueil")
    wait_for_tasks(qtbot, agent_window.tasks)
    assert not accueil.feedback.isVisible()


def test_the_badge_shows_unread_feedback_in_the_list(
    qtbot: QtBot, make_window: MakeWindow, store: Store, journal_log: dict[str, uuid.UUID]
) -> None:
    window = make_window()
    with store.session() as session:
        tutor = next(p for p in list_profiles(session) if p.role == "tuteur")
    with store.transaction() as session:
        add_comment(session, journal_log["old"], "Bien vu.", tutor)
        add_comment(session, journal_log["old"], "Et la mobilité ?", tutor)
    _workspace, journal = open_journal(qtbot, window, "Paul Agent")
    # the first row is selected (and read); the badged one is the third
    row = shown_ids(journal).index(journal_log["old"])
    assert row == 2
    assert journal.model.data(journal.model.index(row, MESSAGES)) == "● 2 nouveaux"
    spoken = journal.model.data(journal.model.index(row, 0), Qt.ItemDataRole.AccessibleTextRole)
    assert "2 nouveaux messages" in spoken


def test_a_personal_looking_message_is_confirmed_first(
    qtbot: QtBot, make_window: MakeWindow, store: Store, journal_log: dict[str, uuid.UUID]
) -> None:
    window = make_window()
    _workspace, journal = open_journal(qtbot, window, "Tina Tutrice")
    journal.visit_actions.editor.setPlainText("Rappeler Mme Durand au 06 12 34 56 78")
    with answering_modal(lambda box: button_named(box, "Modifier le message")) as seen:
        journal.visit_actions.send.click()
        wait_for_tasks(qtbot, window.tasks)
    assert seen and "données personnelles" in seen[0]
    with store.session() as session:
        assert session.query(ReviewComment).count() == 0
    assert journal.visit_actions.editor.toPlainText() != ""  # kept, to rephrase
    with answering_modal(lambda box: button_named(box, "Envoyer quand même")):
        journal.visit_actions.send.click()
        wait_for_tasks(qtbot, window.tasks)
    wait_for_tasks(qtbot, window.tasks)
    with store.session() as session:
        assert session.query(ReviewComment).count() == 1


def test_the_list_reads_pages_on_demand(
    qtbot: QtBot, make_window: MakeWindow, store: Store, add_profile: AddProfile
) -> None:
    agent = add_profile("Paul Agent", "agent")
    made = [add_visit(store, agent.id, DAY + timedelta(minutes=n)) for n in range(BLOCK * 2 + 30)]
    window = make_window()
    _workspace, journal = open_journal(qtbot, window, MANAGER)
    model = journal.model
    assert model.rowCount() == len(made)
    assert model.cached_rows() == BLOCK  # the first page only
    last = model.index(model.rowCount() - 1, 0)
    assert model.data(last) == LOADING
    journal.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.data(last) != LOADING, timeout=3000)
    assert model.visit_id(model.rowCount() - 1) == made[0]  # the oldest, last
    assert model.cached_rows() < len(made)
