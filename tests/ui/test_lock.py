"""Locking the session: by button, by Ctrl+L, after inactivity; unlocking resumes it."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import (
    CTRL,
    audit_kinds,
    log_in,
    press,
    profile_names,
    shown_message,
    type_text,
    wait_for_tasks,
)

MANAGER = "Claire Superviseure"


@pytest.fixture
def window(add_profile: AddProfile, make_window: MakeWindow) -> MainWindow:
    """Two profiles on the PC, so that the lock screen has one to hide."""
    add_profile("Bruno Agent", "agent")
    return make_window()


def assert_locked(window: MainWindow, name: str) -> None:
    login = window.login
    assert window.pages.currentWidget() is login
    titles = [label.text() for label in login.findChildren(QLabel) if label.isVisible()]
    assert "Session verrouillée" in titles
    assert profile_names(login) == [name]  # the others are hidden
    assert not login.profiles.isEnabled()
    assert login.switch_button.isVisible()
    assert login.switch_button.accessibleName() == "Changer de profil"
    assert login.password.text() == ""
    assert QApplication.focusWidget() is login.password


def test_lock_button_then_unlock_resumes_the_same_workspace(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    workspace = log_in(qtbot, window, MANAGER)
    workspace.show_section("journal")

    qtbot.mouseClick(workspace.lock_button, Qt.MouseButton.LeftButton)
    assert_locked(window, MANAGER)
    assert window.workspace is workspace  # kept behind the lock screen

    press(qtbot, Qt.Key.Key_1, CTRL)  # the workspace's shortcuts do not get past the lock
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert window.pages.currentWidget() is window.login

    type_text(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    assert window.pages.currentWidget() is workspace
    assert window.workspace is workspace
    assert workspace.current_section_id == "journal"
    assert window.status.agent.text() == f"{MANAGER} (Superviseur)"
    assert audit_kinds(store)[:3] == ["unlock", "lock", "login"]


def test_ctrl_l_locks_and_only_the_locked_profile_may_unlock(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    workspace = log_in(qtbot, window, MANAGER)
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert_locked(window, MANAGER)
    wait_for_tasks(qtbot, window.tasks)
    assert audit_kinds(store)[0] == "lock"

    type_text(qtbot, "pas-le-bon-mot")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    assert shown_message(window.login) == "Mot de passe incorrect."
    assert window.pages.currentWidget() is window.login
    assert profile_names(window.login) == [MANAGER]

    qtbot.mouseClick(window.login.switch_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot, window.tasks)
    assert window.workspace is None  # switching profile ends the locked session
    assert window.pages.currentWidget() is window.login
    assert profile_names(window.login) == ["Bruno Agent", MANAGER]
    assert window.login.profiles.isEnabled()
    assert not window.login.switch_button.isVisible()
    assert window.status.agent.text() == "Aucun profil connecté"
    assert audit_kinds(store)[0] == "logout"
    assert workspace is not window.workspace


def test_idle_session_locks_itself(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    log_in(qtbot, window, MANAGER)
    assert window.idle is not None  # armed at login with the PC's delay

    started = time.monotonic()
    window.idle.set_timeout(0.3)
    window.idle.start()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.login, timeout=3000)
    assert time.monotonic() - started >= 0.3
    assert_locked(window, MANAGER)
    wait_for_tasks(qtbot, window.tasks)
    assert audit_kinds(store)[:2] == ["lock", "login"]


def test_keyboard_input_postpones_the_idle_lock(qtbot: QtBot, window: MainWindow) -> None:
    workspace = log_in(qtbot, window, MANAGER)
    assert window.idle is not None
    window.idle.set_timeout(0.4)
    window.idle.start()
    for _ in range(8):  # 0.8 s of activity, never 0.4 s without a key
        qtbot.wait(100)
        qtbot.keyClick(workspace.navigation, Qt.Key.Key_Shift)
    assert window.pages.currentWidget() is workspace

    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.login, timeout=3000)
    assert_locked(window, MANAGER)
