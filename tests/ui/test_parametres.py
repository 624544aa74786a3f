"""Paramètres: my password, this PC's idle delay, the profiles of the PC."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from frontdesk.accounts import LoginOutcome, ProfileInfo, list_profiles, verify_login
from frontdesk.device import get_setting
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.parametres import ParametresSection
from frontdesk.ui.settings.password_panel import PasswordPanel
from frontdesk.ui.workspace import Workspace
from tests.conftest import PASSWORD
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import audit_kinds, log_in, profile_names, shown_message, wait_for_tasks

MANAGER = "Claire Superviseure"
NEW_PASSWORD = "nouveau-secret-42"


def parametres(qtbot: QtBot, window: MainWindow, name: str) -> ParametresSection:
    workspace: Workspace = log_in(qtbot, window, name)
    workspace.show_section("parametres")  # built when first shown: its panels read
    wait_for_tasks(qtbot, window.tasks)
    section = workspace.sections["parametres"]
    assert isinstance(section, ParametresSection)
    return section


def click(qtbot: QtBot, button: QPushButton, window: MainWindow) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot, window.tasks)


def fill(qtbot: QtBot, panel: PasswordPanel, current: str, new: str, confirm: str) -> None:
    for field, text in ((panel.current, current), (panel.new, new), (panel.confirm, confirm)):
        field.clear()
        qtbot.keyClicks(field, text)


def login_outcome(store: Store, profile: ProfileInfo, password: str) -> LoginOutcome:
    with store.transaction() as session:
        return verify_login(session, profile.id, password).outcome


def test_change_my_password(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    panel = parametres(qtbot, window, MANAGER).password_panel
    fill(qtbot, panel, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    click(qtbot, panel.save, window)

    assert shown_message(panel) == "Votre mot de passe a été changé."
    assert [panel.current.text(), panel.new.text(), panel.confirm.text()] == ["", "", ""]
    assert login_outcome(store, manager, NEW_PASSWORD) is LoginOutcome.OK
    assert audit_kinds(store)[1] == "password_changed"  # [0]: the login just above


def test_wrong_current_password_is_refused(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    panel = parametres(qtbot, window, MANAGER).password_panel
    fill(qtbot, panel, "pas-le-bon-mot", NEW_PASSWORD, NEW_PASSWORD)
    click(qtbot, panel.save, window)
    assert shown_message(panel) == "Le mot de passe actuel est incorrect."
    assert panel.save.isEnabled()

    fill(qtbot, panel, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!")  # checked before any work
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert window.tasks.running == 0
    assert shown_message(panel) == "Les deux nouveaux mots de passe saisis sont différents."

    assert login_outcome(store, manager, PASSWORD) is LoginOutcome.OK  # unchanged
    assert "password_changed" not in audit_kinds(store)


def test_superviseur_saves_the_idle_delay(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    panel = parametres(qtbot, window, MANAGER).device_panel
    assert panel.site.text() == "France Services de Moreuil — Moreuil (80570)"
    with store.session() as session:
        assert panel.device.text() == get_setting(session, "device_id")
        assert get_setting(session, "idle_lock_minutes") is None
    assert panel.idle is not None
    assert panel.idle.value() == 10  # the default of resources/settings.json
    assert panel.idle.isEnabled()

    panel.idle.setValue(25)
    click(qtbot, panel.save_idle, window)
    assert shown_message(panel) == "La session se verrouillera après 25\u00a0min sans activité."
    with store.session() as session:
        assert get_setting(session, "idle_lock_minutes") == 25
    assert window.idle is not None and window.idle._timeout == 25 * 60  # applied at once
    assert audit_kinds(store)[0] == "setting_changed"


def test_agent_cannot_change_the_idle_delay(
    qtbot: QtBot, add_profile: AddProfile, make_window: MakeWindow
) -> None:
    add_profile("Bruno Agent", "agent")
    panel = parametres(qtbot, make_window(), "Bruno Agent").device_panel
    assert panel.site.text() == "France Services de Moreuil — Moreuil (80570)"
    # plain read-only values, not spin boxes that look editable
    assert panel.idle is None and panel.retention is None
    assert panel.idle_value.text() == "10\u00a0min"
    assert panel.retention_value.text() == "24\u00a0mois"
    assert panel.idle_value.isVisible() and panel.retention_value.isVisible()
    assert not panel.save_idle.isVisible()
    assert not panel.save_retention.isVisible()
    assert not panel.backup.isVisible()


@pytest.fixture
def agent(add_profile: AddProfile) -> ProfileInfo:
    return add_profile("Bruno Agent", "agent")


def test_disable_an_agent_profile(
    qtbot: QtBot, agent: ProfileInfo, make_window: MakeWindow, store: Store
) -> None:
    window = make_window()
    assert profile_names(window.login) == ["Bruno Agent", MANAGER]
    panel = parametres(qtbot, window, MANAGER).profiles_panel
    assert panel is not None
    table = panel.table
    names = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert names == ["Bruno Agent", MANAGER]
    assert table.item(0, 2).text() == "actif"

    rect = table.visualItemRect(table.item(names.index("Bruno Agent"), 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected() is not None and panel.selected().id == agent.id
    assert panel.toggle.text().replace("&", "") == "Désactiver"
    click(qtbot, panel.toggle, window)

    assert shown_message(panel) == "Le profil « Bruno Agent » a été désactivé."
    assert table.item(names.index("Bruno Agent"), 2).text() == "désactivé"
    assert panel.toggle.text().replace("&", "") == "Réactiver"
    assert profile_names(window.login, visible_only=False) == [MANAGER]  # the change, broadcast
    with store.session() as session:
        assert [p.display_name for p in list_profiles(session)] == [MANAGER]
    assert audit_kinds(store)[0] == "profile_disabled"


def test_the_last_manager_cannot_be_disabled(
    qtbot: QtBot, agent: ProfileInfo, make_window: MakeWindow, store: Store
) -> None:
    window = make_window()
    panel = parametres(qtbot, window, MANAGER).profiles_panel
    assert panel is not None
    panel.table.selectRow(1)  # Claire Superviseure, the only profile that manages profiles
    click(qtbot, panel.toggle, window)
    assert shown_message(panel) == "Il doit rester au moins un profil qui peut gérer les profils."
    assert profile_names(window.login, visible_only=False) == ["Bruno Agent", MANAGER]
    with store.session() as session:
        assert len(list_profiles(session)) == 2


def test_every_audit_kind_has_a_french_label() -> None:
    from frontdesk.audit import KINDS
    from frontdesk.ui.settings.audit_panel import KIND_LABELS

    assert set(KIND_LABELS) == set(KINDS)
