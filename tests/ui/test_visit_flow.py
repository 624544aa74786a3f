"""The counter flow in Accueil, driven with the keyboard only, as at a busy counter.

Keys go to whatever has the focus (``press``/``type_text``); the key counts are the
``Driver``'s, which presses only the keys the screens show: a usual démarche is saved in
3 key presses, the full SPIE path in at most 15 (more scenarios in test_visit_keys.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.visit.journey_list import JOURNEY_ID
from frontdesk.visits.drafts import load_draft
from tests.ui.helpers import (
    press,
    type_text,
    wait_for_tasks,
)
from tests.ui.visit_helpers import (
    Driver,
    azerty,
    focus,
    open_flow,
    saved_visits,
    start_checklist,
    visible_ids,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_usual_demarche_is_saved_in_three_key_presses(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    flow = open_flow(qtbot, window)
    assert focus() is flow.journey.filter  # the Accueil screen, ready for the keys
    assert visible_ids(flow)[0] == "declarer-revenus"
    driver = Driver(qtbot, window, flow, store)

    driver.choose_motif("declarer-revenus")  # its digit, 1, then Enter
    assert flow.state.step == "orientation"  # no SPIE question: straight to the orientation
    driver.close()  # « Résolu au guichet », « Au guichet »: the save key of the hint

    assert driver.count == 3, driver.pressed
    [visit] = saved_visits(store)
    assert visit.journeys == ["declarer-revenus"]
    assert (visit.outcome, visit.channel) == ("resolu", "guichet")
    assert visit.publics == {} and visit.orientations == [] and visit.note is None
    assert visit.agent_id == manager.id and visit.operators == ["dgfip"]
    assert visit.started_at <= visit.ended_at
    # Ready for the next visitor: confirmation, step 1, filter focused, no draft.
    assert flow.confirmation.text().startswith("Visite enregistrée à ")
    assert flow.state.step == "motif" and flow.state.is_empty
    assert focus() is flow.journey.filter
    assert not any(
        i.checkState() == Qt.CheckState.Checked for i in flow.journey.list.visible_items()
    )
    with store.session() as session:
        assert load_draft(session, manager.id) is None


def test_the_full_spie_path_takes_at_most_fifteen_key_presses(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """A 19-year-old job seeker: the questions about her age group come first."""
    flow = open_flow(qtbot, window)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("chercher-emploi")  # « Je cherche un emploi » (SPIE checklist)
    assert flow.state.step == "questionnaire"
    assert focus() is flow.checklist.card.number  # the age comes first: typed
    driver.answer(
        {"age": 19, "rsa": False, "ass": False, "job_seeker_registered": False}
        | {"employed": False, "student": False, "in_training": False},
        settle=("jeune-neet", "beneficiaire-rsa"),
    )
    assert flow.state.step == "orientation"
    first = flow.closing.rows[0]
    assert first.slug == "mission-locale"  # the « oui » public's partner comes first
    driver.close({"mission-locale": "information"})

    assert driver.count <= 15, driver.pressed
    visit = driver.last_visit()
    assert visit.journeys == ["chercher-emploi"]
    assert visit.publics["jeune-neet"] == {"status": "oui"}
    assert visit.publics["beneficiaire-rsa"] == {"status": "non"}
    assert visit.publics["jeune-sortant-ase"] == {"status": "a_verifier"}
    assert len(visit.publics) == 7
    assert visit.orientations == [{"partner": "mission-locale", "kind": "information"}]
    assert visit.outcome == "oriente" and visit.age_band == "16-25"


def test_started_at_is_when_the_first_journey_was_ticked(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow = open_flow(qtbot, window)
    assert flow.state.started_at is None
    before = utcnow()
    press(qtbot, Key.Key_1)
    started = flow.state.started_at
    assert started is not None and started.tzinfo is not None and started >= before
    press(qtbot, Key.Key_2)
    press(qtbot, Key.Key_1)  # unticked…
    press(qtbot, Key.Key_1)  # … and ticked again: the clock does not restart
    assert flow.state.started_at == started
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)
    [visit] = saved_visits(store)
    assert visit.started_at == started and visit.journeys == [
        "permis-carte-identite",
        "declarer-revenus",
    ]


def test_the_filter_ignores_accents_and_capitals(qtbot: QtBot, window: MainWindow) -> None:
    flow = open_flow(qtbot, window)
    type_text(qtbot, "SANTE")  # « santé » in a label, « sante » in keywords
    assert visible_ids(flow) == ["rembourser-soins", "freins-retour-activite"]
    press(qtbot, Key.Key_2)  # the 2nd visible one
    assert flow.state.journeys == ["freins-retour-activite"]
    first = flow.journey.list.visible_items()[0]
    assert "touche\u00a01" in first.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "SPIE" in flow.journey.list.visible_items()[1].data(Qt.ItemDataRole.AccessibleTextRole)


def test_enter_takes_the_only_motif_the_filter_leaves(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    flow = open_flow(qtbot, window)
    type_text(qtbot, "imp")  # « impôts »: several motifs still shown
    assert len(visible_ids(flow)) > 1 and flow.journey.single.isHidden()
    flow.journey.filter.clear()
    type_text(qtbot, "impots")
    assert visible_ids(flow) == ["declarer-revenus"]
    assert flow.journey.single.isVisible()
    assert "Entrée\u00a0: choisir «\u00a0Je déclare mes revenus" in flow.journey.single.text()
    press(qtbot, Key.Key_Return)
    assert flow.state.journeys == ["declarer-revenus"] and flow.state.step == "orientation"
    press(qtbot, Key.Key_Escape)
    assert flow.journey.single.isHidden()  # a motif is ticked: Enter only goes on
    press(qtbot, Key.Key_Return)
    assert flow.state.journeys == ["declarer-revenus"]


def test_a_click_anywhere_on_a_journey_ticks_it(qtbot: QtBot, window: MainWindow) -> None:
    flow = open_flow(qtbot, window)
    journeys = flow.journey.list
    item = journeys.visible_items()[2]
    rect = journeys.visualItemRect(item)
    qtbot.mouseClick(journeys.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert flow.state.journeys == [item.data(JOURNEY_ID)]
    qtbot.mouseClick(journeys.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert flow.state.journeys == []


def test_the_list_is_reachable_with_arrows_and_space(qtbot: QtBot, window: MainWindow) -> None:
    flow = open_flow(qtbot, window)
    type_text(qtbot, "zzz")
    assert flow.journey.list.isHidden() and not flow.journey.no_match.isHidden()
    press(qtbot, Key.Key_Escape)  # clears the filter
    assert flow.journey.filter.text() == "" and len(visible_ids(flow)) == 14
    press(qtbot, Key.Key_Down)
    assert focus() is flow.journey.list
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Space)  # ticks the current row, the 2nd
    assert flow.state.journeys == ["permis-carte-identite"]
    type_text(qtbot, "r")  # typing in the list goes to the filter
    assert focus() is flow.journey.filter and flow.journey.filter.text() == "r"
    press(qtbot, Key.Key_Return)
    assert flow.state.step == "orientation"


def test_an_azerty_top_row_without_shift_works_where_nothing_is_written(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """On a French keyboard the unshifted top row gives & é " ' ( - è _ ç à, not digits."""
    flow = start_checklist(qtbot, window)
    azerty(Key.Key_Ampersand, "&")  # the keys labelled 1 and 9: age 19
    azerty(Key.Key_Ccedilla, "ç")
    assert flow.checklist.card.number.text() == "19"
    press(qtbot, Key.Key_Return)
    for _fact in ("rsa", "ass", "job_seeker_registered", "employed", "student", "in_training"):
        press(qtbot, Key.Key_N)
    press(qtbot, Key.Key_Return)
    assert flow.state.step == "orientation"
    azerty(Key.Key_Ampersand, "&")  # the key labelled 1: tick the first partner
    assert flow.closing.rows[0].check.isChecked()
