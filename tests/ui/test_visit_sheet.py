"""Step 3 with the directory: services under each partner, « Fiche pour la personne »."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.directory import printing
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.visit.flow import VisitFlow
from tests.core.test_visit_sheet import NOTE, SERVICE, seed_with_permanence
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import mnemonic_clashes, unnamed_controls, wait_for_tasks
from tests.ui.visit_helpers import Keyboard, focus, open_flow, saved_visits

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
PHONE = "03\u00a022\u00a011\u00a022\u00a033"


@pytest.fixture
def window(store: Store, manager: ProfileInfo, make_window: MakeWindow) -> MainWindow:
    """Moreuil's PC with the default directory and a Mission locale permanence."""
    seed_with_permanence(store)
    return make_window()


def spie_path_to_orientation(qtbot: QtBot, window: MainWindow, keys: Keyboard) -> VisitFlow:
    flow = open_flow(qtbot, window)
    keys.press(Key.Key_4)  # « Je cherche un emploi »
    keys.press(Key.Key_Return)
    keys.type("19")
    keys.press(Key.Key_Return)
    for _fact in ("rsa", "ass", "job_seeker_registered", "employed", "student", "in_training"):
        keys.press(Key.Key_N)
    keys.press(Key.Key_Return)
    assert flow.state.step == "orientation"
    wait_for_tasks(qtbot, window.tasks)  # the recommended services are read
    return flow


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_mission_locale_row_shows_its_services(qtbot: QtBot, window: MainWindow) -> None:
    flow = spie_path_to_orientation(qtbot, window, Keyboard(qtbot))
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
    keys = Keyboard(qtbot)
    flow = spie_path_to_orientation(qtbot, window, keys)
    keys.press(Key.Key_1)  # Mission locale
    assert "Mission locale" in flow.closing.sheet.chosen.text()
    keys.press(Key.Key_P, CTRL)
    wait_for_tasks(qtbot, window.tasks)
    sheet = flow.closing.sheet
    path = sheet.path
    assert path is not None and path.parent == ctx.paths.data_dir / "fiches"
    text = pdf_text(path)
    assert SERVICE in text and "03 22 11 22 33" in text.replace("\u00a0", " ")
    assert "Pièces à apporter" in text and "Pièce d’identité" in text
    assert "19 ans" not in text and "19" not in text.split("Pièces à apporter")[1]
    assert "Rappeler" not in text and NOTE not in text
    assert "France Travail" not in text.split("Pièces à apporter")[0]  # not ticked
    assert focus() is sheet.open_button
    keys.press(Key.Key_Return)
    assert opened == [path]
    assert unnamed_controls(window) == [] and mnemonic_clashes(window) == {}

    flow.closing.rows[0].check.setFocus()
    keys.press(Key.Key_Return)  # the visit is saved as usual
    wait_for_tasks(qtbot, window.tasks)
    [visit] = saved_visits(store)
    assert visit.orientations == [{"partner": "mission-locale", "kind": "information"}]
    assert not sheet.open_button.isVisible()  # the next visitor gets a sheet of their own


def test_without_ticks_the_sheet_has_every_suggested_partner(
    qtbot: QtBot, window: MainWindow
) -> None:
    flow = spie_path_to_orientation(qtbot, window, Keyboard(qtbot))
    assert "tous les partenaires" in flow.closing.sheet.chosen.text()
    flow.closing.sheet.make_button.click()
    wait_for_tasks(qtbot, window.tasks)
    path = flow.closing.sheet.path
    assert path is not None
    text = pdf_text(path)
    assert SERVICE in text and "France Travail" in text


def test_the_flow_keeps_its_key_counts_with_the_directory(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    keys = Keyboard(qtbot)
    flow = spie_path_to_orientation(qtbot, window, keys)
    keys.press(Key.Key_1)
    keys.press(Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    assert keys.count <= 15
    assert flow.state.step == "motif"
    keys = Keyboard(qtbot)
    keys.press(Key.Key_1)  # « Je déclare mes revenus »
    keys.press(Key.Key_Return)
    keys.press(Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    assert keys.count == 3 and len(saved_visits(store)) == 2
