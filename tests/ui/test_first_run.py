"""First start of a counter PC: the wizard chooses the site and creates the first profile."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWizard
from pytestqt.qtbot import QtBot

from frontdesk.accounts import LoginOutcome, list_profiles, verify_login
from frontdesk.context import AppContext
from frontdesk.device import get_setting
from frontdesk.paths import AppPaths
from frontdesk.setup import is_set_up
from frontdesk.store.engine import Store
from frontdesk.store.peek import StoreStatus, peek_store
from frontdesk.ui.first_run import FirstRunWizard
from frontdesk.ui.tasks import TaskRunner
from tests.ui.helpers import shown_message, wait_for_tasks

NEW_PASSWORD = "premier-secret"


@pytest.fixture
def wizard(
    qtbot: QtBot, store: Store, ctx: AppContext, tasks: TaskRunner
) -> Iterator[FirstRunWizard]:
    assert peek_store(ctx.paths.database).needs_first_run
    shown = FirstRunWizard(ctx, tasks)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown


def click(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_site(qtbot: QtBot, wizard: FirstRunWizard, accessible_name: str) -> None:
    [radio] = [
        b for b in wizard.site_page.choices.buttons() if b.accessibleName() == accessible_name
    ]
    # Click the round indicator: the middle of a wide row can be outside the hit area.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))
    assert radio.isChecked()


def fill_profile(
    qtbot: QtBot, wizard: FirstRunWizard, name: str, password: str, confirm: str
) -> None:
    form = wizard.profile_page.form
    qtbot.keyClicks(form.name, name)
    qtbot.keyClicks(form.password, password)
    qtbot.keyClicks(form.confirm, confirm)


def assert_nothing_written(store: Store, paths: AppPaths) -> None:
    with store.session() as session:
        assert not is_set_up(session)
        assert get_setting(session, "device_id") is None
        assert list_profiles(session, include_inactive=True) == []
    assert peek_store(paths.database).needs_first_run


def test_roye_and_first_profile(
    qtbot: QtBot, wizard: FirstRunWizard, store: Store, paths: AppPaths, tasks: TaskRunner
) -> None:
    assert wizard.currentPage() is wizard.site_page
    choose_site(qtbot, wizard, "France Services de Roye")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.profile_page

    fill_profile(qtbot, wizard, "Roxane Responsable", NEW_PASSWORD, NEW_PASSWORD)
    assert wizard.profile_page.form.role.currentData() == "superviseur"
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    wait_for_tasks(qtbot, tasks)

    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.created is not None
    assert wizard.created.display_name == "Roxane Responsable"
    with store.session() as session:
        assert is_set_up(session)
        assert get_setting(session, "site_id") == "roye"
        assert uuid.UUID(get_setting(session, "device_id"))
        [profile] = list_profiles(session)
    assert (profile.display_name, profile.role) == ("Roxane Responsable", "superviseur")
    assert profile.id == wizard.created.id
    with store.transaction() as session:
        assert verify_login(session, profile.id, NEW_PASSWORD).outcome is LoginOutcome.OK

    peek = peek_store(paths.database)
    assert peek.status is StoreStatus.CURRENT and not peek.needs_first_run
    assert peek.site_name == "France Services de Roye"
    assert [(p.id, p.display_name) for p in peek.profiles] == [
        (str(profile.id), "Roxane Responsable")
    ]


def test_other_site_with_bad_insee_code_does_not_advance(
    qtbot: QtBot, wizard: FirstRunWizard, store: Store, paths: AppPaths
) -> None:
    page = wizard.site_page
    assert not page.other_box.isEnabled()
    choose_site(qtbot, wizard, "Une autre France Services")
    assert page.other_box.isEnabled()
    qtbot.keyClicks(page.name, "France Services d'Albert")
    qtbot.keyClicks(page.commune, "Albert")
    qtbot.keyClicks(page.insee, "8001")  # four characters: not an INSEE code

    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is page
    assert shown_message(page).startswith("Le code INSEE de la commune compte 5 caractères")

    qtbot.keyClicks(page.insee, "6")  # 80016, Albert
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.profile_page
    assert shown_message(page) == ""
    assert page.site().id == "albert" and page.site().insee_code == "80016"
    assert_nothing_written(store, paths)


def test_mismatched_passwords_write_nothing(
    qtbot: QtBot, wizard: FirstRunWizard, store: Store, paths: AppPaths, tasks: TaskRunner
) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # Moreuil, chosen by default
    fill_profile(qtbot, wizard, "Roxane Responsable", NEW_PASSWORD, NEW_PASSWORD + "x")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert shown_message(wizard.profile_page) == "Les deux mots de passe saisis sont différents."
    assert tasks.running == 0
    wait_for_tasks(qtbot, tasks)
    assert wizard.isVisible() and wizard.result() != QDialog.DialogCode.Accepted
    assert wizard.created is None
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert_nothing_written(store, paths)


def test_the_title_and_the_hints_are_never_cut(wizard: FirstRunWizard) -> None:
    # Qt adds the application's name after a window's title: it is not repeated in it
    assert wizard.windowTitle() == "Première utilisation"
    whole = f"{wizard.windowTitle()} — {QGuiApplication.applicationDisplayName()}"
    assert wizard.minimumWidth() > wizard.fontMetrics().horizontalAdvance(whole)
    insee = wizard.site_page.insee
    password = wizard.profile_page.form.password
    assert (insee.placeholderText(), password.placeholderText()) == (
        "par exemple 80570",
        "au moins 8 caractères",
    )
    for field in (insee, password):
        shown = field.fontMetrics().horizontalAdvance(field.placeholderText())
        assert field.minimumWidth() > shown, field.placeholderText()
