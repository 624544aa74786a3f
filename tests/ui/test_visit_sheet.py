"""Step 3 with the directory: services under each partner, « Fiche pour la personne »."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.models import DirectoryReport
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sheets import printing
from frontdesk.ui.visit.flow import VisitFlow
from tests.core.test_visit_sheet import NOTE, SERVICE, seed_with_permanence
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import mnemonic_clashes, press, unnamed_controls, wait_for_tasks
from tests.ui.visit_helpers import (
    Driver,
    Keyboard,
    answer_modals,
    focus,
    open_flow,
    saved_visits,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
PHONE = "03\u00a022\u00a011\u00a022\u00a033"


@pytest.fixture
def window(store: Store, manager: ProfileInfo, make_window: MakeWindow) -> MainWindow:
    """Moreuil's PC with the default directory and a Mission locale permanence."""
    seed_with_permanence(store)
    return make_window()


YOUNG = {"age": 19, "rsa": False, "employed": False, "student": False, "in_training": False}


def spie_path_to_orientation(
    qtbot: QtBot, window: MainWindow, store: Store
) -> tuple[VisitFlow, Driver]:
    flow = open_flow(qtbot, window)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("chercher-emploi")  # « Je cherche un emploi »
    driver.answer(YOUNG, settle=("jeune-neet", "beneficiaire-rsa"))
    assert flow.state.step == "orientation"
    wait_for_tasks(qtbot, window.tasks)  # the recommended services are read
    return flow, driver


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_mission_locale_row_shows_its_services(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, _driver = spie_path_to_orientation(qtbot, window, store)
    first = flow.closing.rows[0]
    assert first.slug == "mission-locale"
    shown = first.services.text()
    assert SERVICE in shown and PHONE in shown and "Mme Durand" in shown
    assert "à vérifier" in shown  # the default services are not confirmed yet
    assert NOTE not in shown
    assert SERVICE in first.check.accessibleDescription()
    others = [r for r in flow.closing.rows[1:] if SERVICE in r.services.text()]
    assert others == []
    assert unnamed_controls(window) == []
    assert mnemonic_clashes(window) == {}


def test_ctrl_p_makes_the_sheet_of_the_ticked_partner(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    ctx: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)
    flow, _driver = spie_path_to_orientation(qtbot, window, store)
    keys = Keyboard(qtbot)
    keys.press(Key.Key_1)  # Mission locale
    assert "Mission locale" in flow.closing.sheet.chosen.text()
    told: list[str] = []
    _answer = answer_modals([[Key.Key_S]], told)  # « &Signaler et imprimer »: one key
    keys.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(told))
    wait_for_tasks(qtbot, window.tasks)
    # the shipped Mission locale services give no way to reach them: said, and reported
    assert told[0].startswith("Aucun moyen de contact connu pour\u00a0:\n• Mission locale")
    assert SERVICE not in told[0]  # the permanence has a phone
    with store.session() as session:
        reports = session.scalars(select(DirectoryReport)).all()
    assert reports and {r.reason for r in reports} == {"informations-pratiques"}
    sheet = flow.closing.sheet
    path = sheet.path
    assert path is not None and path.parent == ctx.paths.data_dir / "fiches"
    text = pdf_text(path)
    assert SERVICE in text and "03 22 11 22 33" in text.replace("\u00a0", " ")
    assert "Pièces à apporter" in text and "Pièce d’identité" in text
    assert "19 ans" not in text and "19" not in text.split("Pièces à apporter")[1]
    assert "Rappeler" not in text and NOTE not in text
    assert "nous n’avons pas encore leurs coordonnées" in text  # never an empty box
    assert "France Services de Moreuil vous met en relation" in text
    assert "France Travail" not in text.split("Pièces à apporter")[0]  # not ticked
    assert sheet.open_button.isVisible()
    assert focus() is flow.closing.rows[0].check  # the keys are back on the step
    assert unnamed_controls(window) == [] and mnemonic_clashes(window) == {}

    keys.press(Key.Key_Return)  # « Entrée : enregistrer », as the hint says
    wait_for_tasks(qtbot, window.tasks)
    assert opened == []
    [visit] = saved_visits(store)
    assert visit.orientations == [{"partner": "mission-locale", "kind": "information"}]
    assert not sheet.open_button.isVisible()  # the next visitor gets a sheet of their own


def test_opening_or_printing_the_sheet_gives_the_keys_back_to_the_step(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    printed: list[Path] = []
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)
    monkeypatch.setattr(
        printing, "print_pdf", lambda path, _parent: printed.append(path) or "Fiche imprimée."
    )
    flow, _driver = spie_path_to_orientation(qtbot, window, store)
    press(qtbot, Key.Key_1)  # Mission locale
    press(qtbot, Key.Key_2)  # France Travail: the current partner
    assert focus() is flow.closing.rows[1].check
    told: list[str] = []
    _answer = answer_modals([[Key.Key_Return]], told)  # « Imprimer sans signaler »
    press(qtbot, Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(told))
    wait_for_tasks(qtbot, window.tasks)
    with store.session() as session:
        assert session.scalars(select(DirectoryReport)).all() == []
    press(qtbot, Key.Key_L, ALT)  # « Ouvrir &le PDF »
    qtbot.waitUntil(lambda: bool(opened), timeout=2000)
    assert focus() is flow.closing.rows[1].check
    press(qtbot, Key.Key_I, ALT)  # « &Imprimer… »
    qtbot.waitUntil(lambda: bool(printed), timeout=2000)
    assert focus() is flow.closing.rows[1].check
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    [visit] = saved_visits(store)
    assert len(visit.orientations) == 2 and opened == printed == [opened[0]]


def test_ctrl_enter_saves_from_anywhere_on_the_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, _driver = spie_path_to_orientation(qtbot, window, store)
    flow.closing.sheet.make_button.setFocus()  # where Enter would make the sheet
    press(qtbot, Key.Key_Return, CTRL)
    wait_for_tasks(qtbot, window.tasks)
    assert len(saved_visits(store)) == 1 and flow.state.step == "motif"


def test_without_ticks_the_agent_is_asked_which_partners(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, _driver = spie_path_to_orientation(qtbot, window, store)
    assert "Ctrl+P demandera lesquels" in flow.closing.sheet.chosen.text()
    told: list[str] = []
    # which partners: the first (Mission locale), Enter; then « sans contact »: Enter
    _answer = answer_modals([[Key.Key_1, Key.Key_Return], [Key.Key_Return]], told)
    press(qtbot, Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(told) == 2)
    wait_for_tasks(qtbot, window.tasks)
    assert told[0] == "Fiche pour la personne"
    path = flow.closing.sheet.path
    assert path is not None
    text = pdf_text(path)
    assert SERVICE in text and "France Travail" not in text.split("Pièces à apporter")[0]
    assert focus() is not None  # the keys are back on the step
    assert saved_visits(store) == []  # Échap or a sheet never saves the visit by itself


def test_without_ticks_escape_makes_no_sheet(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, _driver = spie_path_to_orientation(qtbot, window, store)
    told: list[str] = []
    _answer = answer_modals([[Key.Key_Escape]], told)
    press(qtbot, Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(told) == 1)
    wait_for_tasks(qtbot, window.tasks)
    assert flow.closing.sheet.path is None and flow.closing.sheet.make_button.isEnabled()


def test_the_flow_keeps_its_key_counts_with_the_directory(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow, driver = spie_path_to_orientation(qtbot, window, store)
    driver.close({"mission-locale": "information"})
    assert driver.count <= 15, driver.pressed
    assert flow.state.step == "motif"
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("declarer-revenus")
    driver.close()
    assert driver.count == 3 and len(saved_visits(store)) == 2
