"""Statistics: counters kept by saving and voiding visits, periods, and figures checked
against hand-computed values on a fixed dataset."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.stats import tally
from frontdesk.stats.figures import compute_statistics
from frontdesk.stats.french import french_number, french_percent, masked, signed_change
from frontdesk.stats.models import VisitTally
from frontdesk.stats.periods import Period, PeriodError
from frontdesk.store.engine import Store
from frontdesk.visits.record import Orientation, VisitInput, save_visit, void_visit


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def neet() -> object:
    return assess(
        parse_situation({"age": 20, "employed": False, "student": False, "in_training": False})
    )


def save(store: Store, manager, started: datetime, *, site: str | None = None, **fields):
    values = dict(channel="guichet", journeys=("declarer-revenus",), outcome="resolu")
    values.update(fields)
    with store.transaction() as session:
        if site is not None:
            session.info["site_id"] = site
        return save_visit(session, VisitInput(started_at=started, **values), manager.id)


@pytest.fixture
def dataset(store: Store, manager):
    """First half of 2026 (and one visit in the second half of 2025), two sites.

    Moreuil (the manager's site): 4 visits in S1 2026 (one voided later), Roye: 2.
    Times are UTC; Paris is UTC+1 in winter and UTC+2 in summer.
    """
    home = manager_site(store)
    ids = {}
    # Tuesday 10 Feb 2026, 08:30 UTC = 09:30 in Paris
    ids["neet"] = save(
        store,
        manager,
        at(2026, 2, 10, 8, 30),
        journeys=("jeune-neet", "declarer-revenus"),
        assessment=neet(),
        outcome="oriente",
        age_band="16-25",
        orientations=(
            Orientation("mission-locale", "appel"),
            Orientation("france-travail", "information"),
        ),
    )
    ids["taxes"] = save(store, manager, at(2026, 2, 10, 13, 5))  # 14:05 Paris
    # Saturday 6 June 2026, 07:45 UTC = 09:45 in Paris (summer time)
    ids["job"] = save(
        store,
        manager,
        at(2026, 6, 6, 7, 45),
        journeys=("chercher-emploi",),
        outcome="oriente",
        channel="telephone",
        orientations=(Orientation("france-travail", "rendez-vous"),),
    )
    ids["voided"] = save(store, manager, at(2026, 3, 2, 9, 0))
    # 31 Dec 2025 at 23:30 UTC is already 1 Jan 2026 in Paris: counted in S1 2026
    ids["new_year"] = save(store, manager, at(2025, 12, 31, 23, 30), site="roye")
    ids["roye"] = save(store, manager, at(2026, 4, 14, 12, 0), site="roye", channel="telephone")
    # S2 2025, the previous half-year
    ids["before"] = save(store, manager, at(2025, 9, 15, 9, 0), journeys=("chercher-emploi",))
    with store.transaction() as session:
        void_visit(session, ids["voided"], "saisie en double")
    return home, ids


def manager_site(store: Store) -> str:
    return store.identity()["site_id"]


S1_2026 = Period.half_year(2026, 1)


def test_key_figures_of_the_half_year(store: Store, dataset) -> None:
    home, _ = dataset
    with store.session() as session:
        stats = compute_statistics(session, S1_2026)
    assert stats.previous_period == Period.half_year(2025, 2)
    assert (stats.visits, stats.previous_visits) == (5, 1)  # the voided one left
    # « jeune-neet » is a SPIE journey (and a SPIE public); « chercher-emploi » is not
    assert (stats.spie_visits, stats.previous_spie_visits) == (1, 0)
    assert stats.spie_share == pytest.approx(1 / 5)
    assert stats.partners_total == 3 and stats.partners_mean == pytest.approx(3 / 5)
    assert stats.previous_partners_mean == 0
    assert set(stats.sites) == {home, "roye"}
    assert not stats.month_resolution and not stats.empty


def test_breakdowns(store: Store, dataset) -> None:
    with store.session() as session:
        stats = compute_statistics(session, S1_2026)

    def counts(dim: str) -> dict[str, tuple[int, int]]:
        return {r.value: (r.count, r.previous) for r in stats.breakdown(dim).rows}

    assert counts(tally.JOURNEY) == {
        "declarer-revenus": (4, 0),
        "jeune-neet": (1, 0),
        "chercher-emploi": (1, 1),
    }
    assert counts(tally.PARTNER) == {"mission-locale": (1, 0), "france-travail": (2, 0)}
    assert counts(tally.KIND) == {"appel": (1, 0), "information": (1, 0), "rendez-vous": (1, 0)}
    assert counts(tally.CHANNEL) == {"guichet": (3, 1), "telephone": (2, 0)}
    assert counts(tally.OUTCOME) == {"resolu": (3, 1), "oriente": (2, 0)}
    assert counts(tally.HOUR) == {"00": (1, 0), "09": (2, 0), "11": (0, 1), "14": (2, 0)}
    # Tuesday 10 Feb ×2, Saturday 6 June, Thursday 1 Jan (Paris), Tuesday 14 April
    assert counts(tally.WEEKDAY) == {"2": (3, 0), "6": (1, 0), "4": (1, 0), "1": (0, 1)}
    assert counts(tally.AGE_BAND) == {"16-25": (1, 0)}
    publics = counts(tally.PUBLIC)
    assert publics["jeune-neet:oui"] == (1, 0)
    assert all(key.endswith((":oui", ":a_verifier")) for key in publics)
    # labels are French; hours and weekdays in time order
    partner = stats.breakdown(tally.PARTNER).rows[0]
    assert (partner.value, partner.label) == ("france-travail", "France Travail")
    hours = stats.breakdown(tally.HOUR).rows
    assert [r.label for r in hours] == ["0\u00a0h", "9\u00a0h", "11\u00a0h", "14\u00a0h"]
    assert stats.breakdown(tally.WEEKDAY).rows[0].label == "lundi"


def test_one_site(store: Store, dataset) -> None:
    home, _ = dataset
    with store.session() as session:
        roye = compute_statistics(session, S1_2026, ["roye"])
        moreuil = compute_statistics(session, S1_2026, [home])
    assert (roye.visits, moreuil.visits) == (2, 3)
    assert roye.sites == ("roye",)


def test_void_then_counters_equal_a_recount(store: Store, dataset) -> None:
    with store.session() as session:
        kept = sorted(
            session.execute(
                select(
                    VisitTally.day,
                    VisitTally.site_id,
                    VisitTally.dim,
                    VisitTally.value,
                    VisitTally.n,
                )
            )
        )
    with store.transaction() as session:
        assert tally.rebuild_tally(session) == 6
    with store.session() as session:
        recounted = sorted(
            session.execute(
                select(
                    VisitTally.day,
                    VisitTally.site_id,
                    VisitTally.dim,
                    VisitTally.value,
                    VisitTally.n,
                )
            )
        )
    assert [row for row in kept if row[-1]] == recounted


def test_empty_period(store: Store, dataset) -> None:
    with store.session() as session:
        stats = compute_statistics(session, Period.year(2020))
    assert stats.empty and stats.spie_share is None and stats.partners_mean is None
    assert all(not b.rows for b in stats.breakdowns)


def test_periods() -> None:
    assert Period.month(2026, 12).end == date(2026, 12, 31)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.half_year(2026, 2).previous() == Period.half_year(2026, 1)
    assert Period.containing("trimestre", date(2026, 5, 5)) == Period.quarter(2026, 2)
    custom = Period(date(2026, 3, 10), date(2026, 3, 16))
    assert custom.previous() == Period(date(2026, 3, 3), date(2026, 3, 9))
    assert Period.quarter(2026, 1).label() == "1er trimestre 2026"
    assert Period.half_year(2026, 2).label() == "2e semestre 2026"
    assert Period.month(2026, 8).label() == "août 2026"
    assert custom.label() == "du 10/03/2026 au 16/03/2026"
    with pytest.raises(PeriodError, match="précède"):
        Period(date(2026, 3, 10), date(2026, 3, 9))


def test_french_formats() -> None:
    assert french_number(1234567) == "1\u202f234\u202f567"
    assert french_number(0.6, 1) == "0,6"
    assert french_percent(0.375) == "37,5\u00a0%"
    assert masked(0) == "0" and masked(4) == "<\u00a05" and masked(5) == "5"
    assert signed_change(12, 2) == "+10" and signed_change(2, 5) == "−3"
    assert signed_change(3, 3) == "="
