"""Annuaire forms: opening hours typed and shown in French, stored in OSM; a structure's
street address kept, shown in the detail and printed on the visitor's sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.contacts.detail import load_service_detail
from frontdesk.contacts.models import Service, Structure
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.directory.edit_dialogs import ServiceDialog
from frontdesk.ui.directory.page import DirectoryPage
from frontdesk.ui.directory.structure_dialog import StructureDialog
from frontdesk.ui.sheets import printing
from frontdesk.ui.tasks import TaskRunner
from tests.ui import test_directory_editing
from tests.ui.helpers import CTRL, Key, activate, press, type_text, wait_for_tasks
from tests.ui.test_directory import SANTE, page_of, pdf_text, settle
from tests.ui.test_directory_editing import check_accessible, closed, modal, shown_error

NBSP = "\u00a0"
ALT = Qt.KeyboardModifier.AltModifier
CCAS = "Aide sociale du CCAS de Moreuil"
directory = test_directory_editing.directory  # the default directory and two services
open_as = test_directory_editing.open_as  # the Annuaire, « Consultations de santé » shown


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


def focused() -> QLineEdit:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit), widget
    return widget


def type_french(qtbot: QtBot, text: str) -> None:
    """Typed into the focused field, accents included (``QTest.keyClicks`` only knows
    ASCII: an accented letter is sent as the key event a French keyboard gives)."""
    for char in text:
        if char.isascii():
            type_text(qtbot, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key(ord(char.upper())), Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(focused(), event)


def retype(qtbot: QtBot, text: str) -> None:
    """Select what the focused line holds and type over it, as a person would."""
    press(qtbot, Key.Key_A, CTRL)
    type_french(qtbot, text)


def detail_texts(page: DirectoryPage) -> list[str]:
    return [plain(label.text()) for label in page.detail.widget().findChildren(QLabel)]


def open_service_dialog(qtbot: QtBot, page: DirectoryPage) -> ServiceDialog:
    activate(qtbot, page.window())  # back from a dialog
    page.detail.setFocus()
    press(qtbot, Key.Key_E, ALT)  # « Modifi&er le service… »
    dialog = modal(qtbot, ServiceDialog)
    assert isinstance(dialog, ServiceDialog)
    return dialog


def stored_hours(store: Store, name: str) -> str | None:
    with store.session() as s:
        return s.scalars(select(Service.horaires_accueil).where(Service.nom == name)).one()


def test_hours_typed_in_french_are_stored_in_osm_and_shown_in_french(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("superviseur")
    dialog = open_service_dialog(qtbot, page)
    check_accessible(dialog)
    field = dialog.fields["horaires_accueil"]
    notes = [plain(label.text()) for label in field.parentWidget().findChildren(QLabel)]
    assert "Par exemple : lun-ven 9h-12h, 14h-17h ; fermé le mercredi après-midi" in notes
    assert "OpenStreetMap" not in field.accessibleName()
    press(qtbot, Key.Key_H, ALT)  # « &Horaires : »
    assert focused() is field
    type_text(qtbot, "lun-ven 9h-12h, 14h-17h ; sur rendez-vous")
    press(qtbot, Key.Key_Return)  # « Enregistrer » is the default button
    wait_for_tasks(qtbot, page.session.tasks)
    assert dialog.isVisible()
    assert plain(shown_error(dialog, "horaires_accueil")) == (
        "Horaires d'accueil non compris : mot inconnu « sur ». Exemple : lun-ven 9h-12h, 14h-17h"
    )
    assert focused() is field  # back on the wrong field
    assert stored_hours(directory, SANTE) is None  # nothing written
    retype(qtbot, "lun-ven 9h-12h, 14h-17h ; fermé le mercredi après-midi")
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_tasks(qtbot, page.session.tasks)
    osm = "Mo-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00"
    assert stored_hours(directory, SANTE) == osm
    french = "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h ; fermé le mercredi après-midi"
    assert page.detail.hours is not None
    assert plain(page.detail.hours.text()).endswith(f"{french}</span>")
    assert osm in page.detail.hours.toolTip()

    again = open_service_dialog(qtbot, page)  # opened again: the hours read in French
    hours = again.fields["horaires_accueil"]
    assert plain(hours.text()) == french
    hours.setFocus()
    press(qtbot, Key.Key_End)
    type_french(qtbot, " ; jours fériés fermés")
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(again))
    wait_for_tasks(qtbot, page.session.tasks)
    assert stored_hours(directory, SANTE) == f"{osm}; PH off"


def test_hours_left_as_shown_are_kept_as_stored(qtbot: QtBot, open_as, directory: Store) -> None:
    odd = "Mo-Fr 08:30-12:00; PH closed"  # shown « … ; fermé les jours fériés »
    with directory.transaction() as s:
        service = s.scalars(select(Service).where(Service.nom == SANTE)).one()
        service.horaires_accueil = odd
    page = open_as("superviseur")
    dialog = open_service_dialog(qtbot, page)
    shown = plain(dialog.fields["horaires_accueil"].text())
    assert shown == "du lundi au vendredi, 8 h 30 – 12 h ; fermé les jours fériés"
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_tasks(qtbot, page.session.tasks)
    assert stored_hours(directory, SANTE) == odd  # not rewritten: no needless sync


@pytest.fixture
def ccas_page(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, directory: Store, profile_with_role
) -> DirectoryPage:
    """The superviseur's Annuaire with the CCAS of Moreuil's service in the detail, found
    with the keyboard (its commune is Moreuil, its structure has no street yet)."""
    workspace = test_directory_editing._workspace(
        qtbot, ctx, tasks, profile_with_role("superviseur")
    )
    page = page_of(workspace)
    settle(qtbot, page)
    type_text(qtbot, "aide sociale")
    settle(qtbot, page)
    press(qtbot, Key.Key_Down)
    page.results.table.setCurrentCell(page.state()["names"].index(CCAS), 0)
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.nom == CCAS)
    return page


def test_a_structure_street_address_is_kept_shown_and_printed(
    qtbot: QtBot,
    ccas_page: DirectoryPage,
    directory: Store,
    ctx: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = ccas_page
    assert page.detail.detail.adresse == ("Moreuil",)  # only the service's commune so far
    page.editing.structure_button.setFocus()
    press(qtbot, Key.Key_Space)  # « Modifier la structure… »
    dialog = modal(qtbot, StructureDialog)
    check_accessible(dialog)
    press(qtbot, Key.Key_A, ALT)  # « &Adresse : »
    assert focused() is dialog.fields["adresse"]
    type_french(qtbot, "12 rue Jean Jaurès")
    press(qtbot, Key.Key_Tab)
    assert focused() is dialog.fields["complement_adresse"]
    assert focused().accessibleName() == "Complément d'adresse"
    type_french(qtbot, "Bâtiment B")
    press(qtbot, Key.Key_O, ALT)  # « C&ode postal : »
    type_text(qtbot, "80110")
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_tasks(qtbot, page.session.tasks)
    with directory.session() as s:
        ccas = s.scalars(select(Structure).where(Structure.nom == "CCAS de Moreuil")).one()
        assert (ccas.adresse, ccas.complement_adresse, ccas.code_postal, ccas.commune) == (
            "12 rue Jean Jaurès",
            "Bâtiment B",
            "80110",
            "Moreuil",
        )
    qtbot.waitUntil(lambda: page.detail.detail.adresse[0] == "12 rue Jean Jaurès")
    address = ("12 rue Jean Jaurès", "Bâtiment B", "80110 Moreuil")
    assert page.detail.detail.adresse == address
    assert page.detail.detail.sheet_entry().adresse == address
    [row] = [text for text in detail_texts(page) if "Jean Jaurès" in text]
    assert "12 rue Jean Jaurès<br>Bâtiment B<br>80110 Moreuil" in row

    opened: list[Path] = []
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)
    activate(qtbot, page.window())
    page.results.table.setFocus()
    press(qtbot, Key.Key_P, CTRL)  # the visitor's sheet of the service selected
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.sheet.path is not None
    printed = pdf_text(page.sheet.path)
    assert "12 rue Jean Jaurès" in printed and "80110 Moreuil" in printed


def test_a_permanence_elsewhere_keeps_its_own_commune(
    qtbot: QtBot, ccas_page: DirectoryPage, directory: Store
) -> None:
    """The MDPH's street (Amiens) is not given for its permanence in Moreuil."""
    with directory.transaction() as s:
        mdph = s.scalars(select(Service).where(Service.nom.like("%MDPH à Moreuil"))).one()
        owner = s.get(Structure, mdph.structure_id)
        owner.adresse, owner.code_postal, owner.commune = "1 bd du Port", "80000", "Amiens"
        mdph_id = mdph.id
    with directory.session() as s:
        detail = load_service_detail(s, mdph_id)
    assert detail is not None and detail.adresse[-1].endswith("Moreuil")
    assert not any("Port" in line for line in detail.adresse)
