"""Every control has a name a screen reader can say, on every screen and for every role."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from frontdesk.config import roles
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.first_run import FirstRunWizard
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.session import UiSession
from frontdesk.ui.settings.profiles_panel import NewProfileDialog
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.workspace import Workspace
from tests.ui.conftest import ProfileWithRole
from tests.ui.helpers import controls, unnamed_controls, wait_for_tasks


@pytest.mark.parametrize("role", sorted(roles().roles))
def test_every_control_of_the_workspace_is_named(
    role: str,
    qtbot: QtBot,
    ctx: AppContext,
    tasks: TaskRunner,
    profile_with_role: ProfileWithRole,
) -> None:
    profile = profile_with_role(role)
    workspace = Workspace(UiSession(ctx, tasks, profile))  # builds all the role's sections
    qtbot.addWidget(workspace)
    workspace.show()
    wait_for_tasks(qtbot, tasks)  # the panels have filled their tables

    assert set(workspace.sections) == set(roles().roles[role].sections)
    found = controls(workspace)
    assert len(found) >= 8  # navigation, lock, logout, the password panel, the delay…
    assert unnamed_controls(workspace) == []

    navigation = workspace.navigation
    for row, spec in enumerate(workspace.specs):  # the entries say their shortcut
        spoken = navigation.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
        assert spoken == f"{spec.label}, raccourci {spec.shortcut}"
    for section in workspace.sections.values():
        assert section.accessibleName() == section.title


def test_every_control_of_the_login_page_is_named(qtbot: QtBot, window: MainWindow) -> None:
    login = window.login
    assert {login.profiles, login.password, login.login_button, login.switch_button} <= set(
        controls(login)
    )
    assert unnamed_controls(login) == []
    assert login.password.accessibleName() == "Mot de passe"
    assert login.profiles.accessibleName() == "Profil"
    assert window.accessibleName() == "Frontdesk — France Services"


def test_every_control_of_the_first_run_wizard_is_named(
    qtbot: QtBot, store: Store, ctx: AppContext, tasks: TaskRunner
) -> None:
    wizard = FirstRunWizard(ctx, tasks)
    qtbot.addWidget(wizard)
    wizard.show()
    # Qt's « Commit » button is only shown on a commit page, and the wizard has none.
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not any(wizard.page(page).isCommitPage() for page in wizard.pageIds())
    assert len(controls(wizard)) >= 12  # three sites, the other site, the profile, buttons
    for page in (wizard.site_page, wizard.profile_page):
        assert wizard.currentPage() is page
        assert commit.isHidden()
        assert unnamed_controls(wizard, ignore=(commit,)) == []
        wizard.next()


def test_every_control_of_the_new_profile_dialog_is_named(qtbot: QtBot, window: MainWindow) -> None:
    dialog = NewProfileDialog(window)
    qtbot.addWidget(dialog)
    assert len(controls(dialog)) >= 6
    assert unnamed_controls(dialog) == []
