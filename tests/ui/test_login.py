"""The profile chooser: passwords, messages in French, the delay after repeated failures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import (
    activate,
    audit_kinds,
    profile_names,
    shown_message,
    submit_password,
    wait_for_tasks,
)

MANAGER = "Claire Superviseure"


def test_chooser_lists_the_active_profiles(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.login
    assert profile_names(window.login) == [MANAGER]
    assert window.login.profiles.item(0).text() == f"{MANAGER} — Superviseur"
    assert window.status.agent.text() == "Aucun profil connecté"
    assert window.status.site.text() == "Site : France Services de Moreuil"
    assert window.workspace is None


def test_wrong_then_right_password(
    qtbot: QtBot,
    store: Store,
    manager: ProfileInfo,
    add_profile: AddProfile,
    make_window: MakeWindow,
) -> None:
    add_profile("Bruno Agent", "agent")
    window = make_window()
    assert profile_names(window.login) == ["Bruno Agent", MANAGER]

    submit_password(qtbot, window, "pas-le-bon-mot", MANAGER)
    assert shown_message(window.login) == "Mot de passe incorrect."
    assert window.pages.currentWidget() is window.login
    assert window.workspace is None
    assert window.login.login_button.isEnabled()
    assert window.status.agent.text() == "Aucun profil connecté"

    submit_password(qtbot, window, PASSWORD, MANAGER)
    assert window.workspace is not None
    assert window.pages.currentWidget() is window.workspace
    assert window.profile is not None and window.profile.id == manager.id
    assert window.status.agent.text() == f"{MANAGER} (Superviseur)"
    assert window.login.password.text() == ""  # not kept once logged in
    assert audit_kinds(store)[:2] == ["login", "login_failed"]


def test_the_agent_chosen_is_the_one_logged_in(
    qtbot: QtBot, add_profile: AddProfile, manager: ProfileInfo, make_window: MakeWindow
) -> None:
    agent = add_profile("Bruno Agent", "agent", "mot-de-passe-agent")
    window = make_window()
    submit_password(qtbot, window, PASSWORD, "Bruno Agent")  # the superviseur's password
    assert shown_message(window.login) == "Mot de passe incorrect."

    submit_password(qtbot, window, "mot-de-passe-agent", "Bruno Agent")
    assert window.profile is not None and window.profile.id == agent.id
    assert window.status.agent.text() == "Bruno Agent (Agent d'accueil)"


def test_empty_password_is_not_sent(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.login.login_button, Qt.MouseButton.LeftButton)
    assert shown_message(window.login) == "Saisissez votre mot de passe."
    assert window.tasks.running == 0
    assert window.workspace is None


def test_five_failures_then_even_the_right_password_waits(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    login = window.login
    login._countdown.setInterval(10)  # a second of the countdown, shortened
    said: list[str] = []  # what the message says after each second
    login._countdown.timeout.connect(lambda: said.append(shown_message(login)))
    for attempt in range(1, 6):
        submit_password(qtbot, window, f"mauvais-essai-{attempt}", MANAGER)
        assert shown_message(login).startswith("Mot de passe incorrect."), attempt
        assert window.workspace is None
    assert "Trop d'essais" in shown_message(login)  # the fifth announces the delay
    # the delay counts down on screen (not cut by a line break), « Se connecter » waits
    assert not login.login_button.isEnabled()
    qtbot.keyClick(login.password, Qt.Key.Key_Return)  # Entrée does not send either
    assert window.tasks.running == 0
    qtbot.waitUntil(login.login_button.isEnabled, timeout=3000)
    assert said[0] == "Mot de passe incorrect. Trop d'essais\u00a0: réessayez dans 29\u00a0s."
    assert said[-2].endswith("réessayez dans 1\u00a0s.") and len(said) == 30
    assert shown_message(login) == said[-1] == "Vous pouvez réessayer."

    # the core's delay still runs (30 real seconds): it says so and counts down again
    submit_password(qtbot, window, PASSWORD, MANAGER)
    message = shown_message(window.login)
    assert message.startswith("Trop d'essais infructueux. Réessayez dans "), message
    assert window.workspace is None
    assert window.pages.currentWidget() is window.login
    assert window.status.agent.text() == "Aucun profil connecté"
    assert audit_kinds(store)[:6] == ["login_delayed"] + ["login_failed"] * 5
    assert not login.login_button.isEnabled()


def test_the_last_profile_is_chosen_and_the_keys_go_to_the_password(
    qtbot: QtBot, add_profile: AddProfile, manager: ProfileInfo, make_window: MakeWindow
) -> None:
    agent = add_profile("Bruno Agent", "agent", "mot-de-passe-agent")
    window = make_window()
    login = window.login
    assert profile_names(login) == ["Bruno Agent", MANAGER]
    assert QApplication.focusWidget() is login.password  # no need to Tab from the list

    submit_password(qtbot, window, PASSWORD, MANAGER)
    window.logout()
    wait_for_tasks(qtbot, window.tasks)
    assert login.selected_profile_id() == str(manager.id)  # who just left
    assert QApplication.focusWidget() is login.password

    submit_password(qtbot, window, "mot-de-passe-agent", "Bruno Agent")
    assert window.profile is not None and window.profile.id == agent.id
    window.logout()
    wait_for_tasks(qtbot, window.tasks)
    assert login.selected_profile_id() == str(agent.id)

    again = make_window()  # the next start of the application, on this PC
    assert again.login.selected_profile_id() == str(agent.id)
    activate(qtbot, again)
    assert QApplication.focusWidget() is again.login.password
    qtbot.keyClicks(again.login.password, "mot-de-passe-agent")
    qtbot.keyClick(again.login.password, Qt.Key.Key_Return)
    wait_for_tasks(qtbot, again.tasks)
    assert again.profile is not None and again.profile.id == agent.id
