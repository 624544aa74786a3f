"""« Compléter l'annuaire »: the superviseur sees what the counter lacks, imports a
data·inclusion file with a progress bar, and fills a missing phone from the worklist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.defaults import seed_default_directory
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.directory.edit_dialogs import ServiceDialog
from frontdesk.ui.directory.fill_panel import FillPanel
from frontdesk.ui.session import UiSession
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.workspace import Workspace
from tests.core.test_directory_api import DATA
from tests.ui.helpers import Key, activate, press, type_text, wait_for_tasks


def annuaire(qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, profile: ProfileInfo) -> Workspace:
    shown = Workspace(UiSession(ctx, tasks, profile))
    qtbot.addWidget(shown)
    shown.resize(1100, 720)
    shown.show()
    qtbot.waitExposed(shown)
    activate(qtbot, shown)
    shown.show_section("annuaire")
    wait_for_tasks(qtbot, tasks)
    return shown


def panel_of(workspace: Workspace) -> FillPanel:
    panel = workspace.sections["annuaire"].page.filling  # type: ignore[attr-defined]
    assert isinstance(panel, FillPanel)
    return panel


@pytest.fixture
def seeded(store: Store, manager: ProfileInfo) -> Store:
    with store.transaction() as session:
        seed_default_directory(session)
    return store


def test_the_worklist_opens_the_form_on_the_missing_phone(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, manager: ProfileInfo, seeded: Store
) -> None:
    workspace = annuaire(qtbot, ctx, tasks, manager)
    panel = panel_of(workspace)
    assert panel.isVisible()
    said = panel.summary.text()
    assert said.startswith("Le guichet ne peut encore donner aucun contact pour")
    assert "France Travail" in said
    assert panel.table.isVisible()  # open at first: partners cannot be reached
    first = [panel.table.item(0, c).text() for c in range(2)]
    assert first[0].startswith("France Travail — ")
    assert first[1] == "injoignable — téléphone, adresse, horaires, courriel"
    assert panel.table.item(0, 0).toolTip().startswith("France Travail\u00a0: Aucun moyen")

    panel.table.setFocus()
    panel.table.setCurrentCell(0, 0)
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, tasks)
    dialog = workspace.sections["annuaire"].page.editing.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ServiceDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.fields["telephone"])
    type_text(qtbot, "03 22 12 34 56")
    dialog.submit()
    page = workspace.sections["annuaire"].page  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.editing.dialog is None)  # saved and closed
    wait_for_tasks(qtbot, tasks)
    names = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    edited = names.index(first[0])
    assert panel.table.item(edited, 1).text() == "adresse, horaires, courriel"


@pytest.fixture
def workspace(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, manager: ProfileInfo, seeded: Store
) -> Workspace:
    return annuaire(qtbot, ctx, tasks, manager)


def test_a_data_inclusion_file_is_imported_from_the_panel(
    qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path
) -> None:
    panel = panel_of(workspace)
    path = tmp_path / "somme.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    panel.import_path(path)
    assert not panel.import_button.isEnabled()  # one import at a time
    wait_for_tasks(qtbot, tasks)
    qtbot.waitUntil(panel.import_button.isEnabled)
    assert panel.message.text().startswith("Import terminé\u00a0: 10 fiche(s) créée(s)")


def test_a_bad_file_is_refused_in_french_and_nothing_changes(
    qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path
) -> None:
    panel = panel_of(workspace)
    before = panel.table.rowCount()
    path = tmp_path / "somme.json"
    path.write_text('{"structures": [', encoding="utf-8")
    panel.import_path(path)
    wait_for_tasks(qtbot, tasks)
    qtbot.waitUntil(panel.import_button.isEnabled)
    assert "n'est pas du JSON valide (ligne 1)" in panel.message.text()
    assert panel.table.rowCount() == before


def test_an_agent_has_no_panel(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, seeded: Store, manager: ProfileInfo
) -> None:
    from frontdesk.accounts import create_profile

    with seeded.transaction() as session:
        agent = create_profile(
            session, "Paul Agent", "agent", "secret-agent-42", actor_id=manager.id
        )
    workspace = annuaire(qtbot, ctx, tasks, agent)
    assert workspace.sections["annuaire"].page.filling is None  # type: ignore[attr-defined]


def test_the_accueil_says_the_directory_needs_filling_and_opens_the_worklist(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, manager: ProfileInfo, seeded: Store
) -> None:
    shown = Workspace(UiSession(ctx, tasks, manager))
    qtbot.addWidget(shown)
    shown.resize(1100, 720)
    shown.show()
    qtbot.waitExposed(shown)
    activate(qtbot, shown)
    wait_for_tasks(qtbot, tasks)
    notice = shown.sections["accueil"].directory_notice  # type: ignore[attr-defined]
    assert notice is not None and notice.isVisible()
    assert re.fullmatch(
        r"L'annuaire ne donne encore aucun contact pour \d+ partenaires du SPIE — le compléter",
        notice.text(),
    )
    notice.click()
    wait_for_tasks(qtbot, tasks)
    assert shown.current_section_id == "annuaire"
    panel = panel_of(shown)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table)
    assert panel.table.currentRow() == 0


def test_a_superviseur_marks_a_service_verified(
    qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, seeded: Store
) -> None:
    from sqlalchemy import select

    from frontdesk import moments
    from frontdesk.contacts.models import Service

    with seeded.session() as session:
        service = session.scalars(select(Service).order_by(Service.nom)).first()
        assert service is not None and service.a_verifier
    page = workspace.sections["annuaire"].page  # type: ignore[attr-defined]
    page.load_detail(service.id)
    wait_for_tasks(qtbot, tasks)
    badge = page.detail.quality_badge  # data·inclusion's score, what the fiche lacks
    assert badge is not None and re.fullmatch(r"Qualité \d+\u00a0%", badge.text())
    assert badge.toolTip().startswith(badge.text())
    editing = page.editing
    assert editing.verify_button.isVisible() and editing.verify_button.isEnabled()
    editing.verify_button.click()
    wait_for_tasks(qtbot, tasks)
    today = moments.today()
    assert editing.message.text().startswith(f"Service vérifié le {today:%d/%m/%Y}")
    with seeded.session() as session:
        again = session.get(Service, service.id)
        assert again is not None and not again.a_verifier and again.date_maj == today
    editing.synonyms_button.click()
    qtbot.waitUntil(lambda: editing.dialog is not None and editing.dialog.isVisible())
    editing.dialog.reject()
