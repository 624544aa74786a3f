"""Annuaire administration: structures, direct contacts edited and deleted, services
deleted, pick lists saved as slugs, and the agents' « fiches contacts » of a journey."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.context import AppContext
from frontdesk.orientation.journeys import journeys
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.ui.directory.contacts_dialog import ContactsDialog
from frontdesk.ui.directory.edit_dialogs import ContactDialog, ServiceDialog
from frontdesk.ui.directory.page import DirectoryPage
from frontdesk.ui.directory.pick_list import PickList
from frontdesk.ui.directory.structure_dialog import StructureDialog
from frontdesk.ui.sheets import printing
from tests.ui import test_directory_editing
from tests.ui.helpers import (
    Key,
    answering_input,
    answering_modal,
    button_named,
    press,
    type_text,
    wait_for_tasks,
)
from tests.ui.test_directory import SANTE, names, pdf_text, settle
from tests.ui.test_directory_editing import (
    NBSP,
    check_accessible,
    closed,
    fill,
    modal,
    shown_error,
)

directory = test_directory_editing.directory  # the fixtures, reused
open_as = test_directory_editing.open_as
CENTRE = "Centre de santé de Moreuil"


def save_and_wait(qtbot: QtBot, page: DirectoryPage, dialog) -> None:
    dialog.save_button.click()
    wait_for_tasks(qtbot, page.session.tasks)


def picker(dialog, key: str) -> PickList:
    field = dialog.fields[key]
    assert isinstance(field, PickList)
    return field


def test_superviseur_edits_the_structure_invalid_then_valid(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("superviseur")
    bar = page.editing
    assert bar.structure_button.isVisible() and bar.new_structure_button.isVisible()
    bar.structure_button.click()
    dialog = modal(qtbot, StructureDialog)
    check_accessible(dialog)
    assert dialog.fields["nom"].text() == CENTRE
    assert dialog.fields["code_insee"].text() == "80570"
    assert dialog.value("spie_partner") == ""
    fill(dialog, "siret", "123")
    fill(dialog, "courriel", "accueil@")
    save_and_wait(qtbot, page, dialog)
    assert dialog.isVisible()
    assert shown_error(dialog, "siret") == f"SIRET{NBSP}: 14 chiffres attendus."
    assert shown_error(dialog, "courriel").startswith(f"Courriel{NBSP}:")
    assert shown_error(dialog, "nom") == ""
    assert QApplication.focusWidget() is dialog.fields["siret"]
    fill(dialog, "siret", "")
    fill(dialog, "courriel", "accueil@centre-moreuil.fr")
    combo = dialog.fields["spie_partner"]
    combo.setCurrentIndex(combo.findData("ccas"))
    reseaux = picker(dialog, "reseaux_porteurs")
    assert reseaux.filter is not None
    reseaux.filter.setText("banques alim")
    [shown] = [item for item in reseaux.items if not item.isHidden()]
    assert shown.text(0) == "Banques Alimentaires"
    shown.setCheckState(0, Qt.CheckState.Checked)
    save_and_wait(qtbot, page, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_tasks(qtbot, page.session.tasks)
    with directory.session() as s:
        centre = s.scalars(select(Structure).where(Structure.nom == CENTRE)).one()
        assert centre.courriel == "accueil@centre-moreuil.fr" and centre.siret is None
        assert centre.spie_partner == "ccas"
        assert centre.reseaux_porteurs == ["banques-alimentaires"]
        assert centre.a_verifier is False
    assert bar.message.text() == "Structure enregistrée."
    assert page.detail.detail is not None and page.detail.detail.partner.startswith("Centre")


def test_thematiques_and_publics_are_picked_by_label_and_saved_as_slugs(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("superviseur")
    page.editing.edit_button.click()
    dialog = modal(qtbot, ServiceDialog)
    check_accessible(dialog)
    themes = picker(dialog, "thematiques")
    assert themes.values() == ("sante--acces-aux-soins",)
    assert themes.item("sante--acces-aux-soins").text(0) == "Accès aux soins"
    assert "Accès aux soins" in themes.summary.text()
    dialog.fields["thematiques"].setFocus()
    assert QApplication.focusWidget() is themes.filter  # the filter line takes the keyboard
    type_text(qtbot, "addict")
    assert [i.text(0) for i in themes.items if not i.isHidden()] == ["Addictions"]
    press(qtbot, Key.Key_Down)
    assert QApplication.focusWidget() is themes.tree
    assert themes.tree.currentItem().text(0) == "Addictions"
    press(qtbot, Key.Key_Space)  # ticks it, with the keyboard
    assert themes.values() == ("sante--acces-aux-soins", "sante--addictions")
    publics = picker(dialog, "publics")
    publics.item("tous-publics").setCheckState(0, Qt.CheckState.Unchecked)
    save_and_wait(qtbot, page, dialog)
    assert shown_error(dialog, "publics") == f"Publics{NBSP}: choisissez au moins une valeur."
    for slug in ("jeunes", "familles"):
        publics.item(slug).setCheckState(0, Qt.CheckState.Checked)
    save_and_wait(qtbot, page, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    with directory.session() as s:
        service = s.scalars(select(Service).where(Service.nom == SANTE)).one()
        assert service.thematiques == ["sante--acces-aux-soins", "sante--addictions"]
        assert service.publics == ["familles", "jeunes"]  # the vocabulary's order
        assert service.modes_accueil == ["en-presentiel"]


def test_superviseur_edits_then_deletes_a_direct_contact(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("superviseur")
    page.editing.contacts_button.click()
    contacts = modal(qtbot, ContactsDialog)
    wait_for_tasks(qtbot, page.session.tasks)
    check_accessible(contacts)
    assert contacts.table.rowCount() == 1
    assert contacts.table.item(0, 0).text() == "Mme Lefèvre"
    assert contacts.table.item(0, 4).text() == "ce service"
    contacts.edit_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    editor = modal(qtbot, ContactDialog)
    check_accessible(editor)
    assert editor.windowTitle() == f"Modifier le contact «{NBSP}Mme Lefèvre{NBSP}»"
    assert editor.fields["role"].text() == "infirmière coordinatrice"
    assert "Appeler avant 11" in editor.fields["agent_note"].toPlainText()
    fill(editor, "telephone", "")
    save_and_wait(qtbot, page, editor)
    assert "indiquez un téléphone ou un courriel" in shown_error(editor, "telephone")
    fill(editor, "telephone", "03 22 11 22 44")
    picker(editor, "spie_publics").item("beneficiaire-rsa").setCheckState(0, Qt.CheckState.Checked)
    picker(editor, "journeys").item("endettement").setCheckState(0, Qt.CheckState.Checked)
    save_and_wait(qtbot, page, editor)
    qtbot.waitUntil(lambda: closed(editor))
    wait_for_tasks(qtbot, page.session.tasks)
    with directory.session() as s:
        contact = s.scalars(select(DirectContact)).one()
        contact_id = contact.id
        assert contact.telephone == "+33322112244" and contact.a_verifier is False
        assert contact.spie_publics == ["beneficiaire-rsa"]
        assert contact.journeys == ["endettement"]
    assert contacts.message.text() == "Contact direct enregistré."
    assert contacts.table.item(0, 2).text() == NBSP.join(("03", "22", "11", "22", "44"))

    with answering_modal(lambda box: button_named(box, "Annuler")) as seen:
        contacts.delete_button.click()
    assert seen == ["Supprimer ce contact\u202f?\nSupprimer ce contact\u202f?"]
    with directory.session() as s:
        assert s.get(DirectContact, contact_id) is not None  # cancelled: kept
    with answering_modal(lambda box: button_named(box, "Supprimer")):
        contacts.delete_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    with directory.session() as s:
        assert s.get(DirectContact, contact_id) is None
        ops = s.scalars(select(Outbox.op).where(Outbox.record_id == contact_id)).all()
        assert ops[-1] == "delete"
    assert contacts.table.rowCount() == 0
    assert contacts.count.text() == "Aucun contact direct enregistré."
    assert not contacts.edit_button.isEnabled() and not contacts.delete_button.isEnabled()
    assert page.detail.detail is not None and page.detail.detail.contacts == ()
    contacts.close_button.click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_superviseur_deletes_the_service_after_confirming(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("superviseur")
    said: list[str] = []

    def delete(box: QMessageBox):
        said.append(box.informativeText())
        return button_named(box, "Supprimer")

    with answering_modal(delete) as seen:
        page.editing.delete_button.click()
    assert seen == ["Supprimer ce service\u202f?\nSupprimer ce service\u202f?"]
    assert said[0].startswith(f"«{NBSP}{SANTE}{NBSP}» sera retiré de l'annuaire avec son contact")
    wait_for_tasks(qtbot, page.session.tasks)
    settle(qtbot, page)
    with directory.session() as s:
        assert s.scalars(select(Service).where(Service.nom == SANTE)).all() == []
        assert s.scalars(select(DirectContact)).all() == []  # it was the service's own
        entities = s.scalars(select(Outbox.entity).where(Outbox.op == "delete")).all()
        assert sorted(entities) == ["direct_contact", "service"]
    assert SANTE not in names(page)
    assert page.detail.detail is None
    assert page.editing.message.text() == "Service supprimé."
    assert not page.editing.edit_button.isEnabled()


def test_new_structure_then_its_first_service(qtbot: QtBot, open_as, directory: Store) -> None:
    page = open_as("superviseur")
    page.editing.new_structure_button.click()
    dialog = modal(qtbot, StructureDialog)
    assert dialog.windowTitle() == "Nouvelle structure"
    save_and_wait(qtbot, page, dialog)
    assert shown_error(dialog, "nom") == f"Nom{NBSP}: ce champ est obligatoire."
    fill(dialog, "nom", "Épicerie solidaire de Moreuil")
    fill(dialog, "code_insee", "80570")
    save_and_wait(qtbot, page, dialog)
    service = modal(qtbot, ServiceDialog)
    assert service.windowTitle() == "Nouveau service"
    fill(service, "nom", "Colis alimentaires")
    fill(service, "description", "Colis sur orientation d'un travailleur social.")
    fill(service, "zone_eligibilite", "80570")
    themes = picker(service, "thematiques")
    themes.filter.setText("alimentation")
    [food] = [item for item in themes.items if not item.isHidden()]
    food.setCheckState(0, Qt.CheckState.Checked)
    picker(service, "publics").item("tous-publics").setCheckState(0, Qt.CheckState.Checked)
    save_and_wait(qtbot, page, service)
    qtbot.waitUntil(lambda: closed(service))
    wait_for_tasks(qtbot, page.session.tasks)
    with directory.session() as s:
        created = s.scalars(select(Service).where(Service.nom == "Colis alimentaires")).one()
        owner = s.get(Structure, created.structure_id)
        assert owner.nom == "Épicerie solidaire de Moreuil" and owner.source == "frontdesk-saisie"
        assert created.publics == ["tous-publics"]
        assert created.thematiques == ["equipement-et-alimentation--alimentation"]
    assert page.detail.detail is not None and page.detail.detail.nom == "Colis alimentaires"


def test_booklet_of_a_journey_is_a_pdf_with_its_services(
    qtbot: QtBot, open_as, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_as("agent")
    bar = page.sheet
    assert bar.booklet_button.isVisible()
    journey = journeys().get("endettement")
    with answering_input(journey.label) as seen:
        bar.booklet_button.click()
    assert seen == [f"Fiches contacts du parcours\n&Parcours{NBSP}:"]
    wait_for_tasks(qtbot, page.session.tasks)
    path = bar.path
    assert path is not None and path.parent == ctx.paths.data_dir / "fiches"
    assert path.name.startswith("fiches-contacts-endettement-")
    text = pdf_text(path)
    assert "Aide sociale du CCAS de Moreuil" in text
    assert "Fiches contacts" in text and "Usage interne" in text
    assert bar.message.text().startswith("Fiches contacts enregistrées (")
    opened: list[Path] = []
    monkeypatch.setattr(printing, "open_file", lambda target: opened.append(target) or True)
    bar.open_button.click()
    assert opened == [path]
    with answering_input(None):  # cancelled: nothing made
        bar.booklet_button.click()
    assert bar.path == path


def test_an_agent_sees_no_editing_button(qtbot: QtBot, open_as) -> None:
    page = open_as("agent")
    bar = page.editing
    for widget in (
        bar.edit_button,
        bar.contact_button,
        bar.contacts_button,
        bar.delete_button,
        bar.structure_button,
        bar.new_structure_button,
        bar.queue_button,
    ):
        assert not widget.isVisible(), widget.text()
    assert bar.report_button.isVisible() and page.sheet.booklet_button.isVisible()
    bar.delete_service()  # even called directly, nothing is asked nor deleted
    bar.new_structure()
    assert not isinstance(QApplication.activeModalWidget(), QMessageBox | StructureDialog)
