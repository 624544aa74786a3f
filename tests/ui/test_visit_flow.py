"""The counter flow in Accueil, driven with the keyboard only, as at a busy counter.

Keys go to whatever has the focus (``press``/``type_text``), and the tests count
them: a usual démarche is saved in 3 key presses, the full SPIE path in at most 15.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.visit.flow import VisitFlow
from frontdesk.ui.visit.journey_list import JOURNEY_ID
from frontdesk.visits.drafts import load_draft, save_draft
from frontdesk.visits.models import Visit
from frontdesk.visits.record import VisitInput, save_visit
from tests.ui.helpers import (
    answering_modal,
    button_named,
    log_in,
    mnemonic_clashes,
    press,
    type_text,
    unnamed_controls,
    wait_for_tasks,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
MANAGER = "Claire Superviseure"


class Keyboard:
    """Presses keys on the focused widget and counts them (a typed text: one per character)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        press(self.qtbot, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        type_text(self.qtbot, text)
        self.count += len(text)


def open_flow(qtbot: QtBot, window: MainWindow, name: str = MANAGER) -> VisitFlow:
    workspace = log_in(qtbot, window, name)
    section = workspace.sections["accueil"]
    assert isinstance(section, AccueilSection) and section.flow is not None
    wait_for_tasks(qtbot, window.tasks)  # the journey counts and the draft are read
    return section.flow


def visible_ids(flow: VisitFlow) -> list[str]:
    return [item.data(JOURNEY_ID) for item in flow.journey.list.visible_items()]


def saved_visits(store: Store) -> list[Visit]:
    with store.session() as session:
        return list(session.scalars(select(Visit).order_by(Visit.ended_at)))


def focus() -> Any:
    return QApplication.focusWidget()


def test_a_usual_demarche_is_saved_in_three_key_presses(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    flow = open_flow(qtbot, window)
    assert focus() is flow.journey.filter  # the Accueil screen, ready for the keys
    assert visible_ids(flow)[0] == "declarer-revenus"
    keys = Keyboard(qtbot)

    keys.press(Key.Key_1)  # « Je déclare mes revenus »
    keys.press(Key.Key_Return)  # no SPIE question: straight to the orientation
    assert flow.state.step == "orientation"
    keys.press(Key.Key_Return)  # « Résolu au guichet », « Au guichet »: save
    wait_for_tasks(qtbot, window.tasks)

    assert keys.count == 3
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
    flow = open_flow(qtbot, window)
    assert visible_ids(flow)[3] == "chercher-emploi"
    keys = Keyboard(qtbot)

    keys.press(Key.Key_4)  # « Je cherche un emploi » (SPIE checklist)
    keys.press(Key.Key_Return)
    assert flow.state.step == "questionnaire"
    assert focus() is flow.checklist.card.number  # the age comes first: typed
    keys.type("19")
    keys.press(Key.Key_Return)
    for _fact in ("rsa", "ass", "job_seeker_registered", "employed", "student", "in_training"):
        keys.press(Key.Key_N)  # one key per answer
    assert flow.checklist.results.statuses()["jeune-neet"] == "Oui"
    keys.press(Key.Key_Return)  # see the orientation
    assert flow.state.step == "orientation"
    first = flow.closing.rows[0]
    assert first.slug == "mission-locale"  # the « oui » public's partner comes first
    keys.press(Key.Key_1)  # tick it: the outcome becomes « Orienté » by itself
    assert flow.closing.outcomes.checkedButton().property("choice") == "oriente"
    keys.press(Key.Key_Return)
    wait_for_tasks(qtbot, window.tasks)

    assert keys.count <= 15, keys.count
    [visit] = saved_visits(store)
    assert visit.journeys == ["chercher-emploi"]
    assert visit.publics["jeune-neet"] == {"status": "oui"}
    assert visit.publics["beneficiaire-rsa"] == {"status": "non"}
    assert visit.publics["jeune-sortant-ase"] == {"status": "a_verifier"}
    assert len(visit.publics) == 7
    assert visit.orientations == [{"partner": "mission-locale", "kind": "information"}]
    assert visit.outcome == "oriente" and visit.age_band == "16-25"


def start_checklist(qtbot: QtBot, window: MainWindow) -> VisitFlow:
    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_4)
    press(qtbot, Key.Key_Return)
    assert flow.state.step == "questionnaire"
    return flow


def test_je_ne_sais_pas_leaves_the_public_a_verifier_and_moves_on(
    qtbot: QtBot, window: MainWindow
) -> None:
    flow = start_checklist(qtbot, window)
    checklist = flow.checklist
    press(qtbot, Key.Key_I)  # the age: not known either
    assert checklist.card.question.key == "rsa"
    assert focus() is checklist.card  # a yes/no question: the card takes the keys
    press(qtbot, Key.Key_I)  # « je ne sais pas »
    assert flow.state.answers == {"age": None, "rsa": None}
    assert checklist.results.statuses()["beneficiaire-rsa"] == "À vérifier"
    assert checklist.card.question.key == "ass"  # not asked again
    press(qtbot, Key.Key_O)
    assert checklist.results.statuses()["beneficiaire-ass"] == "Oui"
    press(qtbot, Key.Key_Backspace)  # taken back
    assert "ass" not in flow.state.answers
    assert checklist.results.statuses()["beneficiaire-ass"] == "À vérifier"
    assert checklist.card.question.key == "ass"


def test_a_moot_question_disappears_once_the_age_is_given(qtbot: QtBot, window: MainWindow) -> None:
    flow = start_checklist(qtbot, window)
    checklist = flow.checklist
    before = [q.key for q in checklist.questions]
    assert {"ase_before_18", "employed"} <= set(before)
    assert "Aide sociale à l'enfance" in checklist.upcoming.text()
    type_text(qtbot, "40")
    press(qtbot, Key.Key_Return)
    after = [q.key for q in checklist.questions]
    assert "ase_before_18" not in after and "employed" not in after
    assert "Aide sociale à l'enfance" not in checklist.upcoming.text()
    assert checklist.results.statuses()["jeune-sortant-ase"] == "Non"


def test_an_impossible_answer_is_refused_in_french_and_not_kept(
    qtbot: QtBot, window: MainWindow
) -> None:
    flow = start_checklist(qtbot, window)
    card = flow.checklist.card
    type_text(qtbot, "19")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_I)  # RSA
    press(qtbot, Key.Key_I)  # ASS
    press(qtbot, Key.Key_O)  # registered at France Travail: how long?
    assert card.question.key == "job_seeker_months"
    assert focus() is card.number
    type_text(qtbot, "100")  # longer than since the age of 16
    press(qtbot, Key.Key_Return)
    assert "job_seeker_months" not in flow.state.answers
    assert card.question.key == "job_seeker_months"
    assert "dépasse le temps écoulé depuis les 16 ans" in card.message.text()
    assert not card.message.isHidden()
    type_text(qtbot, "30")  # the wrong figure is selected: typing replaces it
    press(qtbot, Key.Key_Return)
    assert flow.state.answers["job_seeker_months"] == 30
    assert flow.checklist.results.statuses()["demandeur-emploi-longue-duree"] == "Oui"


def test_a_protection_status_is_one_digit(qtbot: QtBot, window: MainWindow) -> None:
    flow = start_checklist(qtbot, window)
    for key in (Key.Key_I, Key.Key_I, Key.Key_I, Key.Key_N, Key.Key_I, Key.Key_I, Key.Key_I):
        press(qtbot, key)  # age, RSA, ASS, registered, job, studies, training
    press(qtbot, Key.Key_I)  # RQTH unknown: the other disability statuses are not asked
    assert flow.checklist.card.question.key == "protection_status"
    press(qtbot, Key.Key_1)  # 1 — réfugié
    assert flow.state.answers["protection_status"] == "refugie"
    assert flow.checklist.results.statuses()["beneficiaire-protection-internationale"] == "Oui"
    assert "Programme AGIR" in flow.checklist.results.hints.text()


def test_enter_without_a_motif_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_Return)
    assert flow.state.step == "motif"
    assert "Choisissez au moins un motif" in flow.journey.message.text()
    press(qtbot, Key.Key_1)
    assert flow.journey.message.isHidden()


def test_escape_goes_back_one_step_and_keeps_the_answers(qtbot: QtBot, window: MainWindow) -> None:
    flow = start_checklist(qtbot, window)
    type_text(qtbot, "30")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)  # to the orientation
    assert flow.state.step == "orientation"
    press(qtbot, Key.Key_Escape)
    assert flow.state.step == "questionnaire" and flow.state.answers == {"age": 30}
    press(qtbot, Key.Key_Escape)
    assert flow.state.step == "motif" and focus() is flow.journey.filter
    assert flow.state.journeys == ["chercher-emploi"]
    press(qtbot, Key.Key_4)  # untick the SPIE journey, tick a plain démarche
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_Return)
    assert flow.state.step == "orientation"  # no checklist any more
    press(qtbot, Key.Key_Escape)
    assert flow.state.step == "motif"


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


def test_journeys_come_most_frequent_first_and_filter_without_accents(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    with store.transaction() as session:
        for journey, times in (("preparer-retraite", 3), ("attendre-enfant", 1)):
            for _ in range(times):
                visit = VisitInput(utcnow(), "guichet", (journey,), "resolu")
                save_visit(session, visit, manager.id)
    flow = open_flow(qtbot, window)
    assert visible_ids(flow)[:3] == ["preparer-retraite", "attendre-enfant", "declarer-revenus"]

    type_text(qtbot, "SANTE")  # « santé » in a label, « sante » in keywords
    assert visible_ids(flow) == ["rembourser-soins", "freins-retour-activite"]
    press(qtbot, Key.Key_2)  # the 2nd visible one
    assert flow.state.journeys == ["freins-retour-activite"]
    first = flow.journey.list.visible_items()[0]
    assert "touche\u00a01" in first.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "SPIE" in flow.journey.list.visible_items()[1].data(Qt.ItemDataRole.AccessibleTextRole)


@pytest.mark.parametrize("choice", ["Modifier la note", "Enregistrer quand même"])
def test_a_note_that_looks_personal_is_warned_about(
    qtbot: QtBot, window: MainWindow, store: Store, choice: str
) -> None:
    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_Return)
    flow.closing.note.setFocus()  # the note is not in the key path: the agent goes there
    type_text(qtbot, "Rappeler Mme Martin 06 12 34 56 78")
    with answering_modal(lambda box: button_named(box, choice)) as seen:
        press(qtbot, Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        wait_for_tasks(qtbot, window.tasks)
    [box] = seen
    assert box.startswith("Note à vérifier\nLa note semble contenir des données personnelles")
    if choice == "Modifier la note":
        assert saved_visits(store) == []
        assert flow.state.step == "orientation"
        assert window.focusWidget() is flow.closing.note  # back to the note to rephrase
        assert flow.closing.note_text().startswith("Rappeler Mme Martin")
    else:
        [visit] = saved_visits(store)
        assert visit.note == "Rappeler Mme Martin 06 12 34 56 78"
        assert flow.state.step == "motif"
        assert flow.closing.note_text() == ""  # the next visitor starts with no note


def test_the_warning_lists_what_looks_personal(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    flow = open_flow(qtbot, window)
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_Return)
    flow.closing.note.setPlainText("Rappeler Mme Martin 06 12 34 56 78")
    texts: list[str] = []

    def choose(box: QMessageBox):
        texts.append(box.informativeText())
        assert box.defaultButton() is button_named(box, "Modifier la note")
        return button_named(box, "Modifier la note")

    with answering_modal(choose):
        flow.save()
        qtbot.waitUntil(lambda: bool(texts), timeout=5000)
    assert "« Mme Martin » ressemble à un nom de personne." in texts[0].replace("\u00a0", " ")
    assert "06 12 34 56 78" in texts[0]


def test_every_control_of_the_flow_is_named_at_every_step(
    qtbot: QtBot, window: MainWindow, store: Store, manager: ProfileInfo
) -> None:
    with store.transaction() as session:
        save_visit(
            session, VisitInput(utcnow(), "guichet", ("declarer-revenus",), "resolu"), manager.id
        )
        save_draft(session, manager.id, {"step": "motif", "journeys": ["endettement"]})
    flow = open_flow(qtbot, window)
    section = flow.parentWidget().parentWidget().parentWidget()
    assert isinstance(section, AccueilSection)
    assert flow.banner.isVisible() and section.recent.table.rowCount() == 1

    def check(where: str) -> None:
        assert unnamed_controls(section) == [], where
        assert mnemonic_clashes(window) == {}, where

    check("motif, with the draft offered")
    press(qtbot, Key.Key_4)
    press(qtbot, Key.Key_Return)
    check("questionnaire, a number")
    press(qtbot, Key.Key_I)
    check("questionnaire, yes or no")
    for _ in range(7):
        press(qtbot, Key.Key_I)
    assert flow.checklist.card.question.key == "protection_status"
    check("questionnaire, a list")
    assert focus().accessibleName() == flow.checklist.card.text.text()  # the question, read out
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_2)
    check("orientation, two partners ticked")
    kinds = [row.kind.accessibleName() for row in flow.closing.rows[:2]]
    assert kinds[0].startswith("Type d'orientation vers ")
    assert flow.closing.note.accessibleName() == "Note (Ctrl+Entrée enregistre)"
    assert flow.closing.channel.accessibleName() == "Canal"


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


def azerty(key: Qt.Key, text: str) -> None:
    """A key of the AZERTY top row, pressed without Shift, sent to the focused widget."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(focus(), QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


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
