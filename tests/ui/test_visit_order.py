"""The digit in front of a motif never moves by itself: the order is the superviseur's
(Paramètres), else the file's; the frequency only adds a « fréquent » marker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.device import journey_order
from frontdesk.orientation.journeys import journeys
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.parametres import ParametresSection
from frontdesk.ui.settings.journey_order_panel import JourneyOrderPanel
from frontdesk.ui.visit.flow import VisitFlow
from frontdesk.ui.visit.journey_list import IS_FREQUENT, JOURNEY_ID, KEY_DIGIT
from frontdesk.visits.record import VisitInput, save_visit
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import audit_kinds, log_in, press, wait_for_tasks
from tests.ui.visit_helpers import MANAGER, Driver, focus, open_flow, visible_ids

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
FILE_ORDER = [journey.id for journey in journeys().all]


def digits(flow: VisitFlow) -> dict[str, int]:
    """The digit each motif shows on screen (1…9)."""
    items = flow.journey.list.visible_items()
    return {i.data(JOURNEY_ID): i.data(KEY_DIGIT) for i in items if i.data(KEY_DIGIT)}


def add_visits(store: Store, profile: ProfileInfo, journey: str, times: int) -> None:
    with store.transaction() as session:
        for _ in range(times):
            save_visit(session, VisitInput(utcnow(), "guichet", (journey,), "resolu"), profile.id)


def test_the_digits_stay_when_the_frequency_changes(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    window = make_window()
    flow = open_flow(qtbot, window)
    before = digits(flow)
    assert visible_ids(flow) == FILE_ORDER  # no setting: the file's order
    assert before["demander-aide"] == 3
    driver = Driver(qtbot, window, flow, store)
    for _ in range(5):  # the trial: a few visits, and « Je demande une aide » moved to 5
        driver.choose_motif("jeune-neet", search="jeune")
        driver.answer({}, settle=())
        driver.close()
    add_visits(store, manager, "attendre-enfant", 7)
    assert digits(flow) == before  # during the day

    again = open_flow(qtbot, make_window())  # the next login
    assert digits(again) == before
    marked = {i.data(JOURNEY_ID) for i in again.journey.list.visible_items() if i.data(IS_FREQUENT)}
    assert marked == {"attendre-enfant", "jeune-neet"}  # a hint, never a new digit
    item = next(
        i for i in again.journey.list.visible_items() if i.data(JOURNEY_ID) == "attendre-enfant"
    )
    assert "fréquent" in item.data(Qt.ItemDataRole.AccessibleTextRole)


def parametres_panel(window: MainWindow) -> JourneyOrderPanel:
    assert window.workspace is not None
    window.workspace.show_section("parametres")
    section = window.workspace.sections["parametres"]
    assert isinstance(section, ParametresSection)
    return section.journey_order_panel


def test_the_digits_follow_the_superviseurs_order(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    window = make_window()
    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_6, CTRL)  # Paramètres
    panel = parametres_panel(window)
    wait_for_tasks(qtbot, window.tasks)
    assert panel.order() == FILE_ORDER
    assert panel.list.item(0).text().startswith("Touche 1\u00a0: Je déclare mes revenus")
    panel.list.setFocus()
    panel.list.setCurrentRow(FILE_ORDER.index("jeune-neet"))
    for _ in range(FILE_ORDER.index("jeune-neet")):
        press(qtbot, Key.Key_Up, CTRL)  # up to the top, with the keys
    press(qtbot, Key.Key_G, ALT)  # « Enre&gistrer l'ordre des motifs »
    qtbot.waitUntil(panel.message.isVisible, timeout=3000)
    wait_for_tasks(qtbot, window.tasks)
    with store.session() as session:
        assert journey_order(session) == [
            "jeune-neet",
            *(i for i in FILE_ORDER if i != "jeune-neet"),
        ]
    assert audit_kinds(store)[0] == "setting_changed"

    press(qtbot, Key.Key_1, CTRL)  # back to the Accueil: the new order, at once
    wait_for_tasks(qtbot, window.tasks)
    assert visible_ids(flow)[:2] == ["jeune-neet", "declarer-revenus"]
    assert digits(flow)["jeune-neet"] == 1 and digits(flow)["demander-aide"] == 4
    assert focus() is flow.journey.filter
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("jeune-neet")
    assert driver.pressed == ["1", "Entrée"]

    again = open_flow(qtbot, make_window())  # kept for the next login
    assert visible_ids(again)[0] == "jeune-neet"


def test_the_file_order_comes_back(
    qtbot: QtBot, make_window: MakeWindow, store: Store, manager: ProfileInfo
) -> None:
    window = make_window()
    log_in(qtbot, window, MANAGER)
    panel = parametres_panel(window)
    wait_for_tasks(qtbot, window.tasks)
    panel.list.setCurrentRow(3)
    panel.move_current(-1)
    assert panel.order()[2] == "chercher-emploi"
    press(qtbot, Key.Key_L, ALT)  # « Rétab&lir l'ordre du fichier »
    qtbot.waitUntil(lambda: panel.order() == FILE_ORDER, timeout=2000)
    panel.save.click()
    wait_for_tasks(qtbot, window.tasks)
    with store.session() as session:
        assert journey_order(session) is None  # the file's: a journey added later follows it


def test_an_agent_reads_the_order_without_changing_it(
    qtbot: QtBot, make_window: MakeWindow, add_profile: AddProfile
) -> None:
    add_profile("Bruno Agent", "agent")
    window = make_window()
    log_in(qtbot, window, "Bruno Agent")
    panel = parametres_panel(window)
    wait_for_tasks(qtbot, window.tasks)
    assert not panel.can_edit
    assert not any(b.isVisible() for b in (panel.up, panel.down, panel.restore, panel.save))
    panel.list.setFocus()
    panel.list.setCurrentRow(2)
    press(qtbot, Key.Key_Up, CTRL)
    assert panel.order() == FILE_ORDER
