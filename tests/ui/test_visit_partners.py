"""Step 3 with an imported directory: the five most relevant partners first, « Voir tous
les partenaires » with one key (and the services outside the commune's zone), the
structures found by a motif's thematiques ticked for the sheet only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.visit.flow import VisitFlow
from frontdesk.ui.visit.partner_rows import PartnerRow
from tests.core.test_orient import import_around_moreuil
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import mnemonic_clashes, unnamed_controls, wait_for_tasks
from tests.ui.visit_helpers import Driver, azerty, focus, open_flow, shown_key

Key = Qt.Key
# Age and situation known, the rest unknown: many publics stay « à vérifier ».
YOUNG = {"age": 19, "employed": False, "student": False, "in_training": False}


@pytest.fixture
def window(
    store: Store, manager: ProfileInfo, make_window: MakeWindow, tmp_path: Path
) -> MainWindow:
    """Moreuil's PC, its directory imported from data·inclusion (networks only)."""
    import_around_moreuil(store, tmp_path)
    return make_window()


def to_orientation(
    qtbot: QtBot, window: MainWindow, store: Store, journey: str, situation: dict | None = None
) -> tuple[VisitFlow, Driver]:
    flow = open_flow(qtbot, window)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif(journey, search=journey.split("-", maxsplit=1)[0])
    if situation is not None:
        driver.answer(situation, settle=("jeune-neet",))
    assert flow.state.step == "orientation"
    wait_for_tasks(qtbot, window.tasks)  # the directory is read
    return flow, driver


def shown(flow: VisitFlow) -> list[str]:
    return [row.slug for row in flow.closing.rows if row.check.isVisible()]


def row_of(flow: VisitFlow, slug: str) -> PartnerRow:
    [row] = [row for row in flow.closing.rows if row.slug == slug]
    return row


def test_five_partners_then_all_with_one_key(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, driver = to_orientation(qtbot, window, store, "jeune-neet", YOUNG)
    closing = flow.closing
    every = [row.slug for row in closing.rows]
    assert len(every) > 5
    assert shown(flow) == every[:5]
    assert every[:2] == ["mission-locale", "france-travail"]
    more = closing.partner_box.more
    assert more.isVisible() and more.accessibleName() == "Voir tous les partenaires"
    assert "autres partenaires" in more.accessibleDescription()
    hidden = closing.rows[5]
    driver.key(hidden.digit)  # a hidden partner's digit does nothing
    assert not hidden.check.isChecked() and closing.state.partners == {}

    key = shown_key(closing.keys_hint.text(), "voir tous les partenaires")
    assert key == "0" and "(0)" in more.text()
    driver.key(key)
    assert shown(flow) == every
    assert more.accessibleName() == "Revenir aux 5 premiers"
    wait_for_tasks(qtbot, window.tasks)  # read again, with the other zones
    driver.key(hidden.digit)  # now shown: ticked
    assert hidden.slug in closing.state.partners
    azerty(Key.Key_Agrave, "à")  # the same key on an AZERTY keyboard, without Shift
    assert shown(flow) == [*every[:5], hidden.slug]  # a ticked partner stays in sight
    assert unnamed_controls(window) == []
    assert mnemonic_clashes(window) == {}

    driver.close()  # Enter still saves
    visit = driver.last_visit()
    assert visit.orientations == [{"partner": hidden.slug, "kind": "information"}]


def test_voir_tous_adds_the_services_outside_the_zone(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, driver = to_orientation(qtbot, window, store, "chercher-emploi", YOUNG)
    france_travail = row_of(flow, "france-travail")
    text = france_travail.services.text()
    assert "Accompagnement des demandeurs d'emploi" in text
    assert "Roye" not in text  # the Roye permanence does not cover Moreuil
    driver.key("0")
    wait_for_tasks(qtbot, window.tasks)
    text = france_travail.services.text()
    assert "Permanence emploi de Roye (France Travail Roye)" in text
    assert "hors zone de la commune" in text
    assert text.index("Accompagnement") < text.index("Permanence emploi de Roye")


def test_a_motif_without_partner_offers_the_directory_for_the_sheet(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, driver = to_orientation(qtbot, window, store, "declarer-revenus")
    closing = flow.closing
    assert not closing.no_partner.isVisible()
    first = closing.rows[0]
    assert first.label == "Centre des finances publiques de Montdidier"
    assert not first.is_partner and first.digit == "1"
    assert "pour la fiche seulement" in first.why.text()
    assert "Accueil des particuliers" in first.services.text()
    driver.key("1")
    assert first.check.isChecked() and not first.kind.isVisible()
    assert closing.state.partners == {} and closing.state.outcome == "resolu"
    assert "Centre des finances publiques de Montdidier" in closing.sheet.chosen.text()
    assert focus() is first.check
    driver.key("0")  # all, read again: the structures' rows are new, tick and focus kept
    wait_for_tasks(qtbot, window.tasks)
    again = row_of(flow, first.slug)
    assert again is not first and again.check.isChecked() and focus() is again.check
    driver.close()  # Enter still saves
    visit = driver.last_visit()
    assert (visit.orientations, visit.outcome) == ([], "resolu")


def test_debts_show_the_point_conseil_budget_first_whatever_the_word(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow = open_flow(qtbot, window)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("endettement", search="impayes")  # typed without accent here
    driver.answer({})
    wait_for_tasks(qtbot, window.tasks)
    closing = flow.closing
    assert closing.rows[0].slug == "point-conseil-budget"
    assert "Point conseil budget (UDAF de la Somme" in closing.rows[0].services.text()
    banque = [row for row in closing.rows if row.label.startswith("Banque de France")]
    assert banque and not banque[0].is_partner
