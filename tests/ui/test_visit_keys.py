"""The trial's scenarios, counted by the ``Driver``: the keys the application needs, from
the first key to the visit row in the database (counter trial, December 2026, §2)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from tests.ui.visit_helpers import Driver, open_flow

# What the visitor can say; a fact left out, or None, is « je ne sais pas ».
NEET = {
    "age": 19,
    "rsa": None,
    "ass": False,
    "job_seeker_registered": True,
    "job_seeker_months": 14,
    "employed": False,
    "student": False,
    "in_training": False,
    "rqth": False,
    "disability_other": False,
    "protection_status": "aucune",
    "ase_before_18": False,
}
RSA_WITH_DEBTS = {
    "age": 45,
    "rsa": True,
    "ass": False,
    "job_seeker_registered": False,
    "rqth": False,
    "disability_other": False,
    "protection_status": "aucune",
}


def test_the_neet_visitor_takes_at_most_fifteen_keys(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """The trial: « jeune » 1 Enter 19 Enter i n o 14 Enter n n n n n 6 n Enter 1 Enter,
    26 keys over 12 questions. Her public is settled after three answers, and « f » ends
    the questionnaire there, the rest « je ne sais pas »."""
    flow = open_flow(qtbot, window)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("jeune-neet", search="jeune")  # the only motif left: Enter takes it
    driver.answer(NEET, settle=("jeune-neet",))
    assert [q for q in flow.state.answers] == ["age", "employed", "student", "in_training"]
    driver.close({"mission-locale": "information"})

    assert driver.count <= 15, driver.pressed
    visit = driver.last_visit()
    assert visit.journeys == ["jeune-neet"]
    assert visit.publics["jeune-neet"] == {"status": "oui"}
    assert visit.orientations == [{"partner": "mission-locale", "kind": "information"}]


def test_the_rsa_beneficiary_with_debts_needs_no_mouse(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """The trial: 19 keys, then the mouse for « Rendez-vous pris ». Every answer is given
    here, the appointment taken with its letter: not one key more."""
    flow = open_flow(qtbot, window)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("endettement", search="dette")
    driver.answer(RSA_WITH_DEBTS)
    hints = flow.checklist.results.hints.text()
    assert "inscrits automatiquement à France Travail" in hints  # RSA yes, France Travail no
    assert flow.state.step == "orientation"
    driver.close({"ccas": "rendez-vous"})

    assert driver.count <= 19, driver.pressed
    visit = driver.last_visit()
    assert visit.journeys == ["endettement"]
    assert visit.publics["beneficiaire-rsa"] == {"status": "oui"}
    assert visit.orientations == [{"partner": "ccas", "kind": "rendez-vous"}]
    assert visit.age_band == "30-49"


def test_every_closing_choice_is_one_key(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    """Two partners, each its own type; the outcome and the channel: one key each."""
    flow = open_flow(qtbot, window)
    driver = Driver(qtbot, window, flow, store)
    driver.choose_motif("endettement", search="dette")
    driver.answer({"age": 45, "rsa": True})
    before = driver.count
    driver.close(
        {"departement": "appel", "ccas": "rendez-vous"}, outcome="a-revoir", channel="telephone"
    )
    assert driver.count - before == 2 + 2 + 1 + 1 + 1  # two partners and their type, save
    visit = driver.last_visit()
    assert visit.orientations == [
        {"partner": "departement", "kind": "appel"},
        {"partner": "ccas", "kind": "rendez-vous"},
    ]
    assert (visit.outcome, visit.channel) == ("a-revoir", "telephone")
