"""What each role sees: the sections of resources/roles.json, and the right settings panels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.ui.sections import SECTIONS
from frontdesk.ui.sections.parametres import ParametresSection
from frontdesk.ui.settings.audit_panel import AuditPanel
from frontdesk.ui.settings.device_panel import DevicePanel
from frontdesk.ui.settings.password_panel import PasswordPanel
from frontdesk.ui.settings.profiles_panel import ProfilesPanel
from tests.ui.conftest import MakeWindow, ProfileWithRole
from tests.ui.helpers import log_in

ROLES_FILE = Path(__file__).resolve().parents[2] / "resources" / "roles.json"
ROLES: dict[str, Any] = json.loads(ROLES_FILE.read_text(encoding="utf-8"))
LABELS = {
    "accueil": "Accueil",
    "annuaire": "Annuaire",
    "journal": "Journal",
    "statistiques": "Statistiques",
    "synchronisation": "Synchronisation",
    "parametres": "Paramètres",
}


def test_the_ui_sections_are_those_of_roles_json() -> None:
    assert [spec.section_id for spec in SECTIONS] == ROLES["sections"]
    assert [spec.label for spec in SECTIONS] == [LABELS[s] for s in ROLES["sections"]]
    assert [spec.shortcut for spec in SECTIONS] == [f"Ctrl+{n}" for n in range(1, 7)]
    assert set(ROLES["roles"]) == {"agent", "superviseur", "tuteur", "administrateur"}


@pytest.mark.parametrize("role", sorted(ROLES["roles"]))
def test_navigation_shows_the_role_sections_in_order(
    role: str,
    qtbot: QtBot,
    profile_with_role: ProfileWithRole,
    make_window: MakeWindow,
) -> None:
    profile = profile_with_role(role)
    workspace = log_in(qtbot, make_window(), profile.display_name)
    expected = ROLES["roles"][role]["sections"]

    navigation = workspace.navigation
    labels = [navigation.item(row).text() for row in range(navigation.count())]
    assert labels == [LABELS[section] for section in expected]
    assert list(workspace.sections) == expected
    assert workspace.stack.count() == len(expected)
    # where the role starts: its « start » section (the tutor: the journal), else the first
    assert workspace.current_section_id == ROLES["roles"][role].get("start", expected[0])

    for row, section_id in enumerate(expected):  # each entry opens its own page
        item = navigation.item(row)
        qtbot.mouseClick(
            navigation.viewport(),
            Qt.MouseButton.LeftButton,
            pos=navigation.visualItemRect(item).center(),
        )
        assert workspace.current_section_id == section_id
        assert workspace.stack.currentWidget() is workspace.sections[section_id]
        assert workspace.stack.currentWidget().accessibleName() == LABELS[section_id]


@pytest.mark.parametrize("role", sorted(ROLES["roles"]))
def test_parametres_panels_follow_the_role_actions(
    role: str,
    qtbot: QtBot,
    profile_with_role: ProfileWithRole,
    make_window: MakeWindow,
) -> None:
    profile = profile_with_role(role)
    workspace = log_in(qtbot, make_window(), profile.display_name)
    actions = set(ROLES["roles"][role]["actions"])
    parametres = workspace.sections["parametres"]
    assert isinstance(parametres, ParametresSection)

    def count(panel: type) -> int:
        return len(parametres.findChildren(panel))

    assert count(PasswordPanel) == 1  # everyone changes their own password
    assert count(DevicePanel) == 1
    assert count(ProfilesPanel) == ("profiles.manage" in actions)
    assert (parametres.profiles_panel is not None) == ("profiles.manage" in actions)
    assert count(AuditPanel) == ("audit.read" in actions)
    assert (parametres.audit_panel is not None) == ("audit.read" in actions)
