"""Retention: old visits go, their counts stay (month, quarter, half-year unchanged)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.accounts import ProfileInfo
from frontdesk.device import SettingError, get_setting, set_retention_months
from frontdesk.moments import LOCAL_ZONE
from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.stats.models import VisitTally
from frontdesk.stats.retention import (
    LAST_RUN_KEY,
    cutoff_for,
    purge_expired,
    run_retention_if_due,
)
from frontdesk.stats.tally import rebuild_tally
from frontdesk.store.engine import Store
from frontdesk.store.models import AuditEvent, Outbox
from frontdesk.visits.models import ReviewComment, Visit, VisitDraft, VisitReview
from frontdesk.visits.record import Orientation, VisitInput, save_visit, void_visit

TODAY = date(2026, 3, 15)  # 24 months: the cutoff is 1 March 2024 (local time)
Sums = dict[tuple[str, str], int]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_ZONE)  # type: ignore[misc]


def neet_visit(started: datetime) -> VisitInput:
    assessment = assess(
        parse_situation({"age": 20, "employed": False, "student": False, "in_training": False})
    )
    return VisitInput(
        started_at=started,
        channel="rendez-vous",
        journeys=("jeune-neet", "declarer-revenus"),
        outcome="oriente",
        assessment=assessment,
        orientations=(Orientation("mission-locale", "appel"),),
        age_band="16-25",
    )


def simple_visit(started: datetime) -> VisitInput:
    return VisitInput(
        started_at=started, channel="guichet", journeys=("declarer-revenus",), outcome="resolu"
    )


# (local start, full SPIE visit?) : old ones before 1 March 2024, recent ones after
OLD = [
    (local(2023, 9, 4, 9, 15), True),
    (local(2023, 9, 4, 16, 40), False),
    (local(2023, 10, 1, 0, 30), False),  # the first of a month: day row and month row share a key
    (local(2023, 12, 31, 23, 50), True),  # 22:50 UTC: still December locally
    (local(2024, 1, 15, 11, 0), True),
    (local(2024, 2, 29, 23, 30), False),  # the last local day before the cutoff
]
RECENT = [
    (local(2024, 3, 1, 0, 10), True),  # 29 February 23:10 UTC, but March locally: kept
    (local(2025, 6, 2, 14, 0), False),
    (local(2026, 3, 14, 10, 0), True),
]


def add_visits(store: Store, agent: ProfileInfo, plan: list[tuple[datetime, bool]]) -> list:
    ids = []
    with store.transaction() as session:
        for started, spie in plan:
            visit = neet_visit(started) if spie else simple_visit(started)
            ids.append(save_visit(session, visit, agent.id, now=started + timedelta(minutes=12)))
    return ids


def add_feedback(store: Store, visit_id: uuid.UUID, tutor_id: uuid.UUID) -> None:
    with store.transaction() as session:
        session.add(
            VisitReview(
                visit_id=visit_id, status="a_revoir", reviewer_id=tutor_id, reviewer_name="Tuteur"
            )
        )
        for body in ("Pensez au CEJ.", "Merci, c'est noté."):
            session.add(
                ReviewComment(
                    visit_id=visit_id,
                    author_id=tutor_id,
                    author_name="Tuteur",
                    author_role="tuteur",
                    body=body,
                )
            )


@pytest.fixture
def history(store: Store, manager: ProfileInfo) -> dict[str, list[uuid.UUID]]:
    old, recent = add_visits(store, manager, OLD), add_visits(store, manager, RECENT)
    with store.transaction() as session:
        void_visit(session, old[1], "saisie en double", now=OLD[1][0] + timedelta(hours=1))
    tutor = uuid.uuid4()
    for visit_id in (old[0], old[4], recent[0], recent[2]):
        add_feedback(store, visit_id, tutor)
    return {"old": old, "recent": recent}


def sums(store: Store, start: date, end: date) -> Sums:
    """What the statistics read: n summed per dimension and value over the period."""
    with store.session() as session:
        rows = session.execute(
            select(VisitTally.dim, VisitTally.value, func.sum(VisitTally.n))
            .where(VisitTally.day >= start, VisitTally.day <= end)
            .group_by(VisitTally.dim, VisitTally.value)
        ).all()
    return {(dim, value): int(n) for dim, value, n in rows if n}


def month_end(start: date, months: int) -> date:
    return cutoff_for(start, -months) - timedelta(days=1)


PERIODS = [
    (date(year, month, 1), length)
    for length in (1, 3, 6)
    for year in (2023, 2024, 2025, 2026)
    for month in range(1, 13, length)
]


def all_periods(store: Store) -> dict[tuple[date, int], Sums]:
    return {(start, n): sums(store, start, month_end(start, n)) for start, n in PERIODS}


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_cutoff_is_the_first_of_a_month_n_months_back() -> None:
    assert cutoff_for(TODAY, 24) == date(2024, 3, 1)
    assert cutoff_for(date(2026, 1, 31), 1) == date(2025, 12, 1)
    assert cutoff_for(date(2026, 1, 1), 13) == date(2024, 12, 1)
    assert cutoff_for(date(2026, 12, 31), 60) == date(2021, 12, 1)


def test_purge_keeps_statistics_and_removes_details(
    store: Store, history: dict[str, list[uuid.UUID]]
) -> None:
    before = all_periods(store)
    assert before[(date(2023, 9, 1), 1)][("visites", "")] == 1  # one of the two is voided
    assert before[(date(2024, 1, 1), 6)][("visites", "")] == 3  # January, February, 1 March
    outbox = count(store, Outbox)

    with store.transaction() as session:
        report = purge_expired(session, TODAY)

    assert report.cutoff == date(2024, 3, 1)
    assert (report.visits, report.reviews, report.comments) == (6, 2, 4)
    assert report.tally_rows > 0
    assert all_periods(store) == before  # month, quarter, half-year: identical
    assert count(store, Outbox) == outbox  # a local purge: nothing to send
    with store.session() as session:
        kept = set(session.scalars(select(Visit.id)))
        reviewed = set(session.scalars(select(VisitReview.visit_id)))
        commented = Counter(session.scalars(select(ReviewComment.visit_id)))
        old_tally = session.scalars(select(VisitTally).where(VisitTally.day < report.cutoff)).all()
        new_tally = session.scalars(select(VisitTally).where(VisitTally.day >= report.cutoff)).all()
    recent = history["recent"]
    assert kept == set(recent)
    assert reviewed == {recent[0], recent[2]}
    assert commented == {recent[0]: 2, recent[2]: 2}
    assert old_tally and all(row.monthly and row.day.day == 1 for row in old_tally)
    assert new_tally and not any(row.monthly for row in new_tally)


def test_purge_is_idempotent_and_audited_once(store: Store, history: object) -> None:
    with store.transaction() as session:
        first = purge_expired(session, TODAY)
    tally = all_periods(store)
    with store.transaction() as session:
        second = purge_expired(session, TODAY)
    with store.transaction() as session:
        next_day = purge_expired(session, TODAY + timedelta(days=1))

    assert first.changed
    assert not second.changed and not next_day.changed
    assert all_periods(store) == tally
    with store.session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.kind == "retention_purge")
        ).all()
    assert len(events) == 1
    assert events[0].detail == {
        "cutoff": "2024-03-01",
        "months": 24,
        "visits": 6,
        "reviews": 2,
        "comments": 4,
        "drafts": 0,
        "tally_rows": first.tally_rows,
    }


def test_rebuilding_the_counters_after_a_purge_changes_nothing(
    store: Store, history: object
) -> None:
    with store.transaction() as session:
        purge_expired(session, TODAY)
    before = all_periods(store)
    with store.transaction() as session:
        rebuild_tally(session)
    assert all_periods(store) == before


def test_a_shorter_retention_moves_the_cutoff(store: Store, history: object) -> None:
    before = all_periods(store)
    with store.transaction() as session:
        report = purge_expired(session, TODAY, months=6)
    assert report.cutoff == date(2025, 9, 1)
    assert report.visits == 8  # all but the visit of 14 March 2026
    assert all_periods(store) == before


def test_old_drafts_are_deleted(store: Store, manager: ProfileInfo) -> None:
    stale, fresh = uuid.uuid4(), uuid.uuid4()
    with store.transaction() as session:
        session.add(VisitDraft(profile_id=stale, state={}, saved_at=local(2023, 5, 2, 9, 0)))
        session.add(VisitDraft(profile_id=fresh, state={}, saved_at=local(2026, 3, 10, 9, 0)))
    with store.transaction() as session:
        report = purge_expired(session, TODAY)
    assert report.drafts == 1
    with store.session() as session:
        assert list(session.scalars(select(VisitDraft.profile_id))) == [fresh]


def test_nothing_to_purge_records_no_audit_event(store: Store, manager: ProfileInfo) -> None:
    add_visits(store, manager, RECENT)
    with store.transaction() as session:
        report = purge_expired(session, TODAY)
    assert not report.changed
    with store.session() as session:
        kinds = list(session.scalars(select(AuditEvent.kind)))
    assert "retention_purge" not in kinds


def test_the_daily_run_happens_once_a_day_with_the_setting(
    store: Store, manager: ProfileInfo
) -> None:
    add_visits(store, manager, OLD + RECENT)
    with store.transaction() as session:
        set_retention_months(session, 60, manager.id)
    with store.transaction() as session:
        report = run_retention_if_due(session, TODAY)
    assert report is not None and report.cutoff == date(2021, 3, 1) and not report.changed

    with store.transaction() as session:
        set_retention_months(session, 12, manager.id)
    with store.transaction() as session:
        assert run_retention_if_due(session, TODAY) is None  # already ran today
    with store.transaction() as session:
        report = run_retention_if_due(session, TODAY + timedelta(days=1))
    assert report is not None and report.cutoff == date(2025, 3, 1)
    assert report.visits == len(OLD) + 1
    with store.session() as session:
        assert get_setting(session, LAST_RUN_KEY) == "2026-03-16"


def test_retention_setting_is_bounded_and_audited(store: Store, manager: ProfileInfo) -> None:
    for months in (5, 61):
        with pytest.raises(SettingError, match="entre 6 et 60"), store.transaction() as session:
            set_retention_months(session, months, manager.id)
    with store.transaction() as session:
        set_retention_months(session, 36, manager.id)
    with store.session() as session:
        assert get_setting(session, "retention_months") == 36
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (event.kind, event.detail) == (
        "setting_changed",
        {"key": "retention_months", "value": 36},
    )


def test_no_purge_on_a_trial_pc_with_demonstration_data(store: Store, manager: ProfileInfo) -> None:
    from frontdesk.device import put_setting
    from frontdesk.stats.demo import DEMO_SETTING

    add_visits(store, manager, OLD)
    with store.transaction() as session:
        put_setting(session, DEMO_SETTING, {"visits": 10, "seed": 1})
        assert run_retention_if_due(session, TODAY) is None
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == len(OLD)
