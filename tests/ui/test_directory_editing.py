"""Annuaire editing: « Modifier… », « Nouveau contact direct… », « Signaler une erreur… »
and the superviseur's queue of reports."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.models import DirectContact, DirectoryReport, Service
from frontdesk.contacts.reports import OPEN
from frontdesk.contacts.schema import slugs, thematique_groups, vocabulary
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.directory import vocabularies
from frontdesk.ui.directory.edit_dialogs import ContactDialog, ServiceDialog
from frontdesk.ui.directory.page import DirectoryPage
from frontdesk.ui.directory.report_dialogs import ReportDialog, ReportsQueue
from frontdesk.ui.session import UiSession
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.workspace import Workspace
from tests.ui import test_directory
from tests.ui.helpers import (
    activate,
    answering_input,
    mnemonic_clashes,
    unnamed_controls,
    wait_for_tasks,
)
from tests.ui.test_directory import SANTE, page_of, settle

NBSP = "\u00a0"
directory = test_directory.directory  # the fixture: the default directory and two services


def _workspace(qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, who: ProfileInfo) -> Workspace:
    shown = Workspace(UiSession(ctx, tasks, who))
    qtbot.addWidget(shown)
    shown.resize(1100, 720)
    shown.show()
    qtbot.waitExposed(shown)
    activate(qtbot, shown)
    shown.show_section("annuaire")
    return shown


@pytest.fixture
def open_as(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, directory: Store, profile_with_role
) -> Callable[[str], DirectoryPage]:
    """The Annuaire of a profile of that role, « Consultations de santé » in the detail."""

    def open_page(role: str) -> DirectoryPage:
        page = page_of(_workspace(qtbot, ctx, tasks, profile_with_role(role)))
        settle(qtbot, page)
        page.filters.text.setText("consultations")
        settle(qtbot, page)
        qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.nom == SANTE)
        return page

    return open_page


def modal(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    """The window-modal dialog the page opened (polling ``activeModalWidget``)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    return dialog


def closed(dialog: QDialog) -> bool:
    """Closed dialogs delete themselves."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def fill(dialog: QDialog, key: str, text: str) -> None:
    field = dialog.fields[key]  # type: ignore[attr-defined]
    if isinstance(field, QPlainTextEdit):
        field.setPlainText(text)
    else:
        assert isinstance(field, QLineEdit)
        field.setText(text)


def shown_error(dialog: QDialog, key: str) -> str:
    error = dialog.errors[key]  # type: ignore[attr-defined]
    return "" if error.isHidden() else error.text()


def service_phone(store: Store) -> str | None:
    with store.session() as s:
        return s.scalars(select(Service.telephone).where(Service.nom == SANTE)).one()


def check_accessible(dialog: QWidget) -> None:
    assert unnamed_controls(dialog) == []
    assert mnemonic_clashes(dialog) == {}


def test_superviseur_edits_the_phone_invalid_then_valid(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("superviseur")
    bar = page.editing
    assert bar.edit_button.isVisible() and bar.contact_button.isVisible()
    before = service_phone(directory)
    bar.edit_button.click()
    dialog = modal(qtbot, ServiceDialog)
    check_accessible(dialog)
    assert dialog.fields["nom"].text() == SANTE
    assert dialog.fields["zone_eligibilite"].text() == "80570"
    assert dialog.picked("publics") == ("tous-publics",)
    fill(dialog, "telephone", "03 22 ab")
    dialog.save_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    assert dialog.isVisible()
    assert shown_error(dialog, "telephone").startswith(f"Téléphone{NBSP}: numéro non reconnu")
    assert shown_error(dialog, "nom") == ""
    assert QApplication.focusWidget() is dialog.fields["telephone"]
    assert service_phone(directory) == before  # nothing written
    fill(dialog, "telephone", "03 22 99 88 77")
    dialog.save_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_tasks(qtbot, page.session.tasks)
    assert service_phone(directory) == "+33322998877"
    detail = page.detail.detail
    assert detail is not None and detail.telephone == "+33322998877"
    shown = " ".join(label.text() for label in page.detail.widget().findChildren(type(page.count)))
    assert NBSP.join(("03", "22", "99", "88", "77")) in shown
    assert bar.message.text() == "Service enregistré."


def test_superviseur_adds_a_direct_contact(qtbot: QtBot, open_as, directory: Store) -> None:
    page = open_as("superviseur")
    page.editing.contact_button.click()
    dialog = modal(qtbot, ContactDialog)
    check_accessible(dialog)
    fill(dialog, "name", "M. Caron")
    dialog.save_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    assert "indiquez un téléphone ou un courriel" in shown_error(dialog, "telephone")
    fill(dialog, "telephone", "03 22 44 55 66")
    fill(dialog, "agent_note", "Le mardi seulement.")
    dialog.save_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_tasks(qtbot, page.session.tasks)
    with directory.session() as s:
        contact = s.scalars(select(DirectContact).where(DirectContact.name == "M. Caron")).one()
        assert contact.telephone == "+33322445566" and contact.service_id is not None
    assert any(c.name == "M. Caron" for c in page.detail.detail.contacts)
    assert any("Le mardi seulement." in note for note in page.detail.detail.agent_notes)


def test_agent_reports_and_the_superviseur_resolves(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    agent_page = open_as("agent")
    bar = agent_page.editing
    assert not bar.edit_button.isVisible() and not bar.contact_button.isVisible()
    assert not bar.queue_button.isVisible()
    assert bar.report_button.isVisible()
    bar.report_button.click()
    dialog = modal(qtbot, ReportDialog)
    check_accessible(dialog)
    motif = dialog.fields["reason"]  # a list: the long reasons are shown whole
    labels = [motif.item(i).text() for i in range(motif.count())]
    assert labels[1].startswith("Les informations pratiques sont obsolètes")
    motif.setCurrentRow(1)
    fill(dialog, "comment", "Rappeler Mme Martin au 06 12 34 56 78.")  # a visitor's data
    dialog.save_button.click()
    wait_for_tasks(qtbot, agent_page.session.tasks)
    assert "aucune donnée personnelle" in shown_error(dialog, "comment")
    with directory.session() as s:
        assert s.scalars(select(DirectoryReport)).all() == []
    fill(dialog, "comment", "Le numéro ne répond plus.")
    dialog.save_button.click()
    wait_for_tasks(qtbot, agent_page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    assert bar.message.text().startswith("Merci")
    with directory.session() as s:
        assert [r.status for r in s.scalars(select(DirectoryReport))] == [OPEN]
    agent_page.window().close()

    page = open_as("superviseur")
    wait_for_tasks(qtbot, page.session.tasks)
    queue_button = page.editing.queue_button
    assert queue_button.text().replace("&", "") == "Signalements (1)"
    queue_button.click()
    queue = modal(qtbot, ReportsQueue)
    wait_for_tasks(qtbot, page.session.tasks)
    check_accessible(queue)
    assert queue.table.rowCount() == 1
    assert queue.table.item(0, 0).text() == f"Service{NBSP}: {SANTE}"
    assert queue.table.item(0, 2).text() == "Le numéro ne répond plus."
    assert queue.table.item(0, 3).text() == "Profil agent"
    with answering_input("Numéro corrigé.") as seen:
        queue.resolve_button.click()
    assert seen and seen[0].startswith("Marquer comme traité")
    wait_for_tasks(qtbot, page.session.tasks)
    assert queue.table.rowCount() == 0
    assert queue.count.text() == "Aucun signalement à traiter."
    assert queue_button.text().replace("&", "") == "Signalements (0)"
    with directory.session() as s:
        report = s.scalars(select(DirectoryReport)).one()
        assert report.status != OPEN and report.resolution["note"] == "Numéro corrigé."
    queue.close_button.click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_the_bar_is_named_and_clash_free(qtbot: QtBot, open_as) -> None:
    for role in ("superviseur", "agent"):
        page = open_as(role)
        workspace = page.window()
        assert unnamed_controls(workspace) == []
        assert mnemonic_clashes(workspace) == {}, role
        assert page.editing.report_button.focusPolicy() & Qt.FocusPolicy.TabFocus
        workspace.close()


def test_a_counter_pc_says_its_directory_edits_are_proposals(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    from frontdesk.device import put_setting
    from frontdesk.sync.run import KIND

    page = open_as("superviseur")
    wait_for_tasks(qtbot, page.session.tasks)
    assert not page.editing.proposals_notice.isVisible()  # not enrolled: edits apply
    page.window().close()
    with directory.transaction() as s:
        put_setting(s, KIND, "accueil")  # enrolled with a code issued without --superviseur
    page = open_as("superviseur")
    wait_for_tasks(qtbot, page.session.tasks)
    notice = page.editing.proposals_notice
    qtbot.waitUntil(notice.isVisible)
    assert "propositions" in notice.text() and notice.text().startswith("Poste d'accueil")


def test_the_pick_lists_come_from_the_data_inclusion_package() -> None:
    """Thematiques under their categories, publics and networks: the package's, by slug."""
    assert vocabularies.thematiques() == tuple(
        (label, list(themes)) for label, themes in thematique_groups()
    )
    assert [label for label, _themes in vocabularies.thematiques()] == list(
        vocabulary("categories").values()
    )
    (_, reseaux), *more = vocabularies.reseaux()
    assert more == [] and list(reseaux) == list(vocabulary("reseaux_porteurs").items())
    assert [slug for slug, _ in reseaux] == sorted(slugs("reseaux_porteurs"))
    ((_, publics),) = vocabularies.service_publics()
    assert list(publics) == list(vocabulary("publics").items())
