"""« Synonymes de la recherche »: a superviseur lists, adds and removes the search's
synonyms from the keyboard; the search then understands the new word. An agent reads
the list only."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.accounts import create_profile
from frontdesk.contacts.models import Service, Structure
from frontdesk.contacts.search import SearchQuery, search_services
from frontdesk.contacts.synonyms import shipped_synonyms
from frontdesk.ui.directory.synonyms_dialog import SynonymsDialog
from frontdesk.ui.session import UiSession
from tests.conftest import PASSWORD
from tests.ui.helpers import (
    activate,
    mnemonic_clashes,
    press,
    shown_message,
    type_text,
    unnamed_controls,
    wait_for_tasks,
)

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
SHIPPED = len(shipped_synonyms())


@pytest.fixture
def health_centre(store, manager) -> None:
    with store.transaction() as s:
        owner = Structure(di_id="test--sante", nom="Maison de santé", date_maj=date(2026, 11, 1))
        owner.source = "test"
        s.add(owner)
        s.flush()
        s.add(
            Service(
                di_id="test--medecins", structure_id=owner.id, nom="Consultations",
                description="Médecins généralistes.", date_maj=date(2026, 11, 1),
                source="test", thematiques=[], publics=["tous-publics"],
                zone_eligibilite=["80"], modes_accueil=["en-presentiel"],
            )
        )  # fmt: skip


def open_dialog(qtbot: QtBot, ctx, tasks, profile) -> SynonymsDialog:
    dialog = SynonymsDialog(UiSession(ctx, tasks, profile))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == SHIPPED)
    return dialog


@pytest.fixture
def dialog(qtbot: QtBot, ctx, tasks, manager, health_centre) -> SynonymsDialog:
    return open_dialog(qtbot, ctx, tasks, manager)


def cells(dialog: SynonymsDialog, row: int) -> list[str]:
    items = [dialog.table.item(row, column) for column in range(3)]
    return [item.text() if item else "" for item in items]


def found(store, typed: str) -> list[str]:
    with store.session() as s:
        return [h.nom for h in search_services(s, SearchQuery(text=typed))]


def add_by_keyboard(qtbot: QtBot, dialog: SynonymsDialog, terms: str, finds: str) -> None:
    assert QApplication.focusWidget() is dialog.terms  # the dialog opens on the form
    type_text(qtbot, terms)
    press(qtbot, Key.Key_Tab)
    type_text(qtbot, finds)
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, dialog.session.tasks)


def test_lists_the_shipped_synonyms_read_only(dialog: SynonymsDialog) -> None:
    assert cells(dialog, 0)[0].startswith("France Travail, Pôle emploi")
    assert cells(dialog, 0)[2] == "livré"
    assert dialog.count.text() == f"{SHIPPED} synonymes, dont 0 ajouté sur ce poste."
    assert dialog.table.item(0, 0).toolTip().startswith("Pôle emploi est devenu France Travail")
    assert not dialog.remove_button.isEnabled()


def test_a_superviseur_adds_a_synonym_from_the_keyboard(qtbot, dialog, store) -> None:
    assert found(store, "toubib") == []
    add_by_keyboard(qtbot, dialog, "toubib", "medecin, generaliste")  # QTest types ASCII
    qtbot.waitUntil(lambda: dialog.table.rowCount() == SHIPPED + 1)
    assert cells(dialog, 0) == ["toubib", "medecin, generaliste", "ajouté sur ce poste"]
    assert shown_message(dialog) == (
        "Synonyme ajouté\u00a0: taper «\u00a0toubib\u00a0» cherche aussi"
        " «\u00a0medecin\u00a0», «\u00a0generaliste\u00a0»."
    )
    assert dialog.terms.text() == dialog.finds.text() == ""
    assert QApplication.focusWidget() is dialog.terms  # ready for the next one
    assert found(store, "toubib") == ["Consultations"]
    spoken = dialog.table.item(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Taper «\u00a0toubib\u00a0» cherche aussi")


def test_both_ways_makes_the_expressions_equivalent(qtbot, dialog) -> None:
    type_text(qtbot, "toubib")
    press(qtbot, Key.Key_S, ALT)  # « Dans les deux &sens » (an animated click: wait)
    qtbot.waitUntil(dialog.both.isChecked, timeout=2000)
    press(qtbot, Key.Key_H, ALT)  # « Cherc&her aussi »
    assert QApplication.focusWidget() is dialog.finds
    dialog.finds.setText("généraliste")  # QTest types ASCII only
    press(qtbot, Key.Key_A, ALT)  # « &Ajouter »
    qtbot.waitUntil(lambda: dialog.table.rowCount() == SHIPPED + 1, timeout=2000)
    assert cells(dialog, 0)[:2] == ["toubib, généraliste", "—"]
    assert not dialog.both.isChecked()


def test_a_refused_synonym_is_explained_in_french(qtbot, dialog) -> None:
    add_by_keyboard(qtbot, dialog, "de la", "medecin")
    qtbot.waitUntil(lambda: bool(shown_message(dialog)))
    assert "ne contient aucun mot cherché" in shown_message(dialog)
    assert dialog.table.rowCount() == SHIPPED
    assert dialog.terms.text() == "de la"  # kept, to correct it
    dialog.terms.clear()
    press(qtbot, Key.Key_Return)  # from « Chercher aussi », with nothing typed to find
    wait_for_tasks(qtbot, dialog.session.tasks)
    assert shown_message(dialog) == "Indiquez le mot ou l'expression que l'on tape."


def test_the_delete_key_removes_this_pcs_synonym_only(qtbot, dialog, store) -> None:
    add_by_keyboard(qtbot, dialog, "toubib", "medecin")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == SHIPPED + 1)
    dialog.table.setFocus()
    dialog.table.setCurrentCell(1, 0)  # a shipped one
    assert not dialog.remove_button.isEnabled()
    press(qtbot, Key.Key_Delete)
    assert "livré avec l'application" in shown_message(dialog)
    assert dialog.table.rowCount() == SHIPPED + 1
    press(qtbot, Key.Key_Up)  # this PC's, first in the list
    assert dialog.remove_button.isEnabled()
    press(qtbot, Key.Key_Delete)
    wait_for_tasks(qtbot, dialog.session.tasks)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == SHIPPED)
    assert shown_message(dialog) == "Synonyme retiré\u00a0: «\u00a0toubib\u00a0»."
    assert found(store, "toubib") == []


def test_every_control_is_named_without_mnemonic_clashes(dialog) -> None:
    assert unnamed_controls(dialog) == []
    assert mnemonic_clashes(dialog) == {}
    assert dialog.terms.accessibleName() == "Mots tapés"
    assert dialog.finds.accessibleName() == "Chercher aussi"


def test_an_agent_reads_the_list_only(qtbot, ctx, tasks, store, manager) -> None:
    with store.transaction() as s:
        agent = create_profile(s, "Agent", "agent", PASSWORD, actor_id=manager.id)
    dialog = open_dialog(qtbot, ctx, tasks, agent)
    assert dialog.form.isHidden() and dialog.add_button.isHidden()
    assert dialog.remove_button.isHidden()
    assert QApplication.focusWidget() is dialog.table
    press(qtbot, Key.Key_Delete)
    assert dialog.table.rowCount() == SHIPPED and shown_message(dialog) == ""
    press(qtbot, Key.Key_Escape)
    assert not dialog.isVisible()
