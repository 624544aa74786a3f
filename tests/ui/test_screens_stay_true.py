"""Screens stay true: what one section writes, another shows without being asked."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.store.base import utcnow
from frontdesk.store.changes import recorded
from frontdesk.store.engine import Store
from frontdesk.ui.journal.page import JournalPage
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.visits.journal import TO_REVIEW
from tests.core.test_journal import add_visit
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import log_in, press, wait_for_tasks
from tests.ui.visit_helpers import Driver, open_flow

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.wait(120)  # the journal's filters settle before they ask
    wait_for_tasks(qtbot, window.tasks)


def journal_of(window: MainWindow) -> JournalPage:
    assert window.workspace is not None
    page = window.workspace.sections["journal"].page  # type: ignore[attr-defined]
    assert isinstance(page, JournalPage)
    return page


def test_a_visit_saved_at_the_counter_is_in_the_journal_at_once(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_3, CTRL)  # the journal, read once: nothing yet
    settle(qtbot, window)
    journal = journal_of(window)
    assert journal.model.total == 0
    press(qtbot, Key.Key_1, CTRL)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("declarer-revenus")
    driver.close()
    wait_for_tasks(qtbot, window.tasks)
    accueil = window.workspace.sections["accueil"]  # type: ignore[union-attr]
    assert isinstance(accueil, AccueilSection) and accueil.day is not None
    assert accueil.day.text() == "Aujourd'hui\u00a0: 1 visite sur ce site, dont 1 par vous."
    assert accueil.sync_state.text() == "Synchronisation\u00a0: non configurée."
    press(qtbot, Key.Key_3, CTRL)  # no « Réinitialiser les filtres »: it is there
    settle(qtbot, window)
    assert journal.model.total == 1
    assert journal.count.text() == "1 visite"
    assert journal.view.detail is not None


def test_visits_brought_by_a_sync_show_in_the_open_journal(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    open_flow(qtbot, window)
    press(qtbot, Key.Key_3, CTRL)
    settle(qtbot, window)
    journal = journal_of(window)
    assert journal.model.total == 0
    # written on the sync's lane, as the background sync writes what it receives, then
    # told to the screens the way the sync controller tells them
    brought = recorded(lambda: add_visit(store, manager.id, utcnow() - timedelta(hours=1)))
    assert brought.changes
    window.tasks.changed.emit(brought.changes, None)
    settle(qtbot, window)
    assert journal.model.total == 1


def test_a_hidden_section_reads_again_when_shown_not_before(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    open_flow(qtbot, window)
    press(qtbot, Key.Key_4, CTRL)  # Statistiques, then Journal: both built
    settle(qtbot, window)
    press(qtbot, Key.Key_3, CTRL)
    settle(qtbot, window)
    journal = journal_of(window)
    press(qtbot, Key.Key_1, CTRL)  # back at the counter: both are hidden
    settle(qtbot, window)
    assert window.workspace is not None
    statistics = window.workspace.sections["statistiques"]
    brought = recorded(lambda: add_visit(store, manager.id, utcnow() - timedelta(hours=1)))
    window.tasks.changed.emit(brought.changes, None)
    settle(qtbot, window)
    assert statistics.stale  # not counted while hidden: at its next showing
    # the Journal's count and page cost a few ms: read at once, ready for Ctrl+3
    assert journal.model.total == 1 and not window.workspace.sections["journal"].stale
    press(qtbot, Key.Key_4, CTRL)
    settle(qtbot, window)
    assert not statistics.stale


def test_the_tutor_lands_on_the_cases_to_review(
    qtbot: QtBot, make_window: MakeWindow, add_profile: AddProfile, store: Store
) -> None:
    add_profile("Tina Tutrice", "tuteur")
    window = make_window()
    workspace = log_in(qtbot, window, "Tina Tutrice")
    settle(qtbot, window)
    assert workspace.current_section_id == "journal"  # read from roles.json (« start »)
    assert journal_of(window).filters.review.currentData() == TO_REVIEW
