"""The SPIE questionnaire and the closing step: answers, refusals, the note check, names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.visit.flow import VisitFlow
from frontdesk.visits.drafts import save_draft
from frontdesk.visits.record import VisitInput, save_visit
from tests.ui.helpers import (
    answering_modal,
    button_named,
    mnemonic_clashes,
    press,
    type_text,
    unnamed_controls,
    wait_for_tasks,
)
from tests.ui.visit_helpers import (
    focus,
    open_flow,
    saved_visits,
    start_checklist,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def skip_to(qtbot: QtBot, flow: VisitFlow, key: str) -> None:
    """« je ne sais pas » (i) to every question before the one about ``key``."""
    for _ in range(12):
        if flow.checklist.card.question.key == key:
            return
        press(qtbot, Key.Key_I)
    raise AssertionError(f"« {key} » is never asked")


def test_je_ne_sais_pas_leaves_the_public_a_verifier_and_moves_on(
    qtbot: QtBot, window: MainWindow
) -> None:
    flow = start_checklist(qtbot, window)
    checklist = flow.checklist
    press(qtbot, Key.Key_I)  # the age: not known either
    assert checklist.card.question.key == "employed"  # the one that settles the most
    assert focus() is checklist.card  # a yes/no question: the card takes the keys
    press(qtbot, Key.Key_I)  # « je ne sais pas »
    assert flow.state.answers == {"age": None, "employed": None}
    assert checklist.results.statuses()["jeune-neet"] == "À vérifier"
    assert checklist.card.question.key != "employed"  # not asked again
    assert "Emploi : je ne sais pas" in checklist.given.text().replace("\u00a0", " ")
    skip_to(qtbot, flow, "ass")
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
    skip_to(qtbot, flow, "job_seeker_registered")
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
    skip_to(qtbot, flow, "protection_status")
    press(qtbot, Key.Key_1)  # 1 — réfugié
    assert flow.state.answers["protection_status"] == "refugie"
    assert flow.checklist.results.statuses()["beneficiaire-protection-internationale"] == "Oui"
    assert "Programme AGIR" in flow.checklist.results.hints.text()


def test_n_means_no_on_every_question_that_has_a_no(qtbot: QtBot, window: MainWindow) -> None:
    """The protection question too: n is « aucune », as the card says."""
    flow = start_checklist(qtbot, window)
    skip_to(qtbot, flow, "protection_status")
    card = flow.checklist.card
    assert "6 ou n : aucune" in card.keys.text().replace("\u00a0", " ")
    assert "6 ou n — aucune" in [b.text() for b, _value in card.answer_buttons()]
    press(qtbot, Key.Key_O)  # « oui » names no protection in particular: nothing happens
    assert card.question.key == "protection_status"
    assert "protection_status" not in flow.state.answers
    press(qtbot, Key.Key_N)
    assert flow.state.answers["protection_status"] == "aucune"
    assert flow.checklist.results.statuses()["beneficiaire-protection-internationale"] == "Non"
    assert card.question.key != "protection_status"


def test_the_age_has_a_minimum_said_in_french(qtbot: QtBot, window: MainWindow) -> None:
    flow = start_checklist(qtbot, window)
    card = flow.checklist.card
    type_text(qtbot, "0")
    press(qtbot, Key.Key_Return)
    assert "age" not in flow.state.answers and card.question.key == "age"
    said = card.message.text().replace("\u00a0", " ")
    assert said.startswith("L'âge doit être compris entre 16 et 120 ans") and "« age »" not in said
    type_text(qtbot, "19")
    press(qtbot, Key.Key_Return)
    assert "Âge : 19 ans" in flow.checklist.given.text().replace("\u00a0", " ")


def test_f_ends_the_questionnaire_the_rest_unknown(qtbot: QtBot, window: MainWindow) -> None:
    flow = start_checklist(qtbot, window)
    card = flow.checklist.card
    assert "f : fin du questionnaire" in card.keys.text().replace("\u00a0", " ")
    type_text(qtbot, "19")
    press(qtbot, Key.Key_F)  # the age typed is kept, then on to the orientation
    assert flow.state.answers == {"age": 19} and flow.state.step == "orientation"
    press(qtbot, Key.Key_Escape)  # the questions left are still there to ask
    assert flow.checklist.card.question.key == "employed"
    press(qtbot, Key.Key_F)
    assert flow.state.step == "orientation"


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
    skip_to(qtbot, flow, "protection_status")
    check("questionnaire, a list")
    assert focus().accessibleName() == flow.checklist.card.text.text()  # the question, read out
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_1)
    press(qtbot, Key.Key_2)
    check("orientation, two partners ticked")
    kinds = [row.kind.accessibleName() for row in flow.closing.rows[:2]]
    assert kinds[0].startswith("Type d'orientation vers ")
    assert flow.closing.kinds.accessibleName().startswith("Type d'orientation vers ")
    assert flow.closing.note.accessibleName() == "Note (Ctrl+Entrée enregistre)"
    assert flow.closing.channel.accessibleName() == "Canal"
    radios = flow.closing.channel.radios
    assert radios["telephone"].accessibleName() == "Au téléphone, touche\u00a0t"
