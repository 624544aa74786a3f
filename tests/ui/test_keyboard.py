"""Everything reachable from the keyboard: logging in, Ctrl+1…Ctrl+6 between sections.

Keys go to whatever has the keyboard focus, as when a person types.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo, set_active
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.first_run import FirstRunWizard
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.settings.profiles_panel import NewProfileDialog
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.workspace import Workspace
from tests.conftest import PASSWORD
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import (
    CTRL,
    SECTION_KEYS,
    log_in,
    mnemonic_clashes,
    press,
    profile_names,
    type_text,
    wait_for_tasks,
)

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
MANAGER = "Claire Superviseure"


def assert_showing(workspace: Workspace, section_id: str) -> None:
    section = workspace.sections[section_id]
    assert workspace.current_section_id == section_id
    assert workspace.stack.currentWidget() is section
    assert workspace.navigation.currentItem().text() == section.title
    focus = QApplication.focusWidget()
    assert focus is section or section.isAncestorOf(focus), focus  # ready to scroll/type


def test_login_with_the_keyboard_only(
    qtbot: QtBot, add_profile: AddProfile, make_window: MakeWindow
) -> None:
    add_profile("Bruno Agent", "agent")
    window = make_window()
    login = window.login
    assert QApplication.focusWidget() is login.password  # a profile is chosen: type
    assert login.profiles.currentRow() == 0  # Bruno Agent (no one logged in here yet)

    press(qtbot, Key.Key_P, ALT)  # « &Profil : » goes to the list
    assert QApplication.focusWidget() is login.profiles
    press(qtbot, Key.Key_Down)
    assert login.selected_profile_id() is not None
    assert login.profiles.currentItem().text().startswith(MANAGER)
    press(qtbot, Key.Key_Tab)
    assert QApplication.focusWidget() is login.password
    press(qtbot, Key.Key_P, ALT)  # « &Profil : » goes back to the list…
    assert QApplication.focusWidget() is login.profiles
    press(qtbot, Key.Key_M, ALT)  # … and « &Mot de passe : » to the password
    assert QApplication.focusWidget() is login.password

    type_text(qtbot, PASSWORD)
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    assert window.workspace is not None
    assert window.pages.currentWidget() is window.workspace
    assert window.status.agent.text() == f"{MANAGER} (Superviseur)"


def test_keyboard_focus_is_in_the_visit_flow_after_login(qtbot: QtBot, window: MainWindow) -> None:
    """Building the workspace must not take the focus away from the window; at the
    counter, the keys go straight to the first step of a visit."""
    workspace = log_in(qtbot, window, MANAGER)
    qtbot.wait(50)  # let any stray window appear and go
    assert QApplication.activeWindow() is window
    accueil = workspace.sections["accueil"]
    assert QApplication.focusWidget() is accueil.flow.journey.filter
    assert accueil.directory_notice is not None and accueil.directory_notice.isVisible()
    for _ in range(5):  # back out of the section (the directory notice, the section,
        # logout, lock)…
        press(qtbot, Key.Key_Tab, SHIFT)
    assert QApplication.focusWidget() is workspace.navigation
    press(qtbot, Key.Key_Down)  # … where arrows move between sections
    assert workspace.current_section_id == "annuaire"


def test_keyboard_focus_is_in_the_navigation_without_a_visit_flow(
    qtbot: QtBot, add_profile: AddProfile, make_window: MakeWindow
) -> None:
    add_profile("Tina Tutrice", "tuteur")
    workspace = log_in(qtbot, make_window(), "Tina Tutrice")
    assert QApplication.focusWidget() is workspace.navigation
    assert workspace.current_section_id == "journal"  # the tutor starts on the cases to review
    press(qtbot, Key.Key_Down)
    assert workspace.current_section_id == "statistiques"


def test_ctrl_digits_switch_sections(qtbot: QtBot, window: MainWindow) -> None:
    workspace = log_in(qtbot, window, MANAGER)
    ids = [spec.section_id for spec in workspace.specs]
    assert len(ids) == 6
    for index in (5, 0, 3, 1, 4, 2, 5):  # every section, never the one already shown
        press(qtbot, SECTION_KEYS[index], CTRL)
        assert_showing(workspace, ids[index])


def test_shortcuts_keep_their_meaning_for_an_agent(
    qtbot: QtBot, add_profile: AddProfile, make_window: MakeWindow
) -> None:
    add_profile("Bruno Agent", "agent")
    workspace = log_in(qtbot, make_window(), "Bruno Agent")
    assert "statistiques" not in workspace.sections

    press(qtbot, Key.Key_5, CTRL)  # Synchronisation, 4th entry of this navigation
    assert_showing(workspace, "synchronisation")
    press(qtbot, Key.Key_4, CTRL)  # Statistiques: not for an agent, nothing happens
    assert_showing(workspace, "synchronisation")
    press(qtbot, Key.Key_6, CTRL)
    assert_showing(workspace, "parametres")
    press(qtbot, Key.Key_1, CTRL)
    assert_showing(workspace, "accueil")


def test_no_alt_letter_is_claimed_twice_in_the_main_window(
    qtbot: QtBot,
    store: Store,
    manager: ProfileInfo,
    add_profile: AddProfile,
    make_window: MakeWindow,
) -> None:
    former = add_profile("Ancien Agent", "agent")
    with store.transaction() as session:
        set_active(session, manager.id, former.id, False)
    window = make_window()
    assert mnemonic_clashes(window) == {}  # the chooser

    workspace = log_in(qtbot, window, MANAGER)
    for section_id in workspace.sections:
        workspace.show_section(section_id)  # built when first shown: its reads run
        wait_for_tasks(qtbot, window.tasks)
        assert mnemonic_clashes(window) == {}, section_id
    panel = workspace.sections["parametres"].profiles_panel
    assert panel is not None
    names = [panel.table.item(row, 0).text() for row in range(panel.table.rowCount())]
    panel.table.selectRow(names.index("Ancien Agent"))  # disabled: the toggle re-enables
    assert panel.toggle.text().replace("&", "") == "Réactiver"
    assert mnemonic_clashes(window) == {}

    press(qtbot, Key.Key_L, CTRL)
    assert window.pages.currentWidget() is window.login
    assert mnemonic_clashes(window) == {}  # the lock screen
    press(qtbot, Key.Key_F, ALT)  # « Changer de pro&fil » (an animated click: wait)
    qtbot.waitUntil(lambda: window.workspace is None, timeout=2000)
    wait_for_tasks(qtbot, window.tasks)
    assert profile_names(window.login) == [MANAGER]


def test_no_alt_letter_is_claimed_twice_in_the_dialogs(
    qtbot: QtBot, store: Store, ctx: AppContext, tasks: TaskRunner
) -> None:
    wizard = FirstRunWizard(ctx, tasks)
    qtbot.addWidget(wizard)
    wizard.show()
    assert mnemonic_clashes(wizard) == {}
    wizard.next()
    assert wizard.currentPage() is wizard.profile_page
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert mnemonic_clashes(wizard) == {}

    dialog = NewProfileDialog(wizard)
    dialog.show()
    assert mnemonic_clashes(dialog) == {}
    dialog.reject()
