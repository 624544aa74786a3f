"""The counter's « visites du jour »: mine, on this PC, today, not voided, newest first."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from frontdesk.moments import LOCAL_ZONE, start_of_day
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.visits.models import Visit
from frontdesk.visits.queries import recent_visits
from frontdesk.visits.record import VisitInput, save_visit, void_visit


def visit(journey: str = "declarer-revenus") -> VisitInput:
    return VisitInput(started_at=utcnow(), channel="guichet", journeys=(journey,), outcome="resolu")


def test_the_day_starts_at_midnight_at_the_counters() -> None:
    now = datetime(2026, 3, 14, 15, 30, tzinfo=UTC)
    start = start_of_day(now)
    assert start.tzinfo is not None
    local = start.astimezone(LOCAL_ZONE)
    assert (local.hour, local.minute) == (0, 0)
    assert local.date() == now.astimezone(LOCAL_ZONE).date()
    assert start <= now < start + timedelta(days=1, hours=1)


def test_recent_visits_are_mine_on_this_pc_today_not_voided(store: Store, manager) -> None:
    device_id = store.identity()["device_id"]
    today = start_of_day(utcnow())
    other_agent = uuid.uuid4()
    ids = []
    with store.transaction() as session:
        for n in range(7):
            ids.append(
                save_visit(session, visit(), manager.id, now=utcnow() + timedelta(seconds=n))
            )
        save_visit(session, visit(), other_agent)
        yesterday = save_visit(session, visit(), manager.id, now=today - timedelta(minutes=1))
    with store.transaction() as session:
        void_visit(session, ids[6], "Saisie en double")
        session.get(Visit, ids[5]).device_id = uuid.uuid4()  # made on another PC

    with store.session() as session:
        found = recent_visits(session, manager.id, device_id, today)
    assert [v.id for v in found] == [ids[4], ids[3], ids[2], ids[1], ids[0]]
    assert yesterday not in [v.id for v in found]
    first = found[0]
    assert first.journeys == ("declarer-revenus",) and first.outcome == "resolu"
    assert first.ended_at.tzinfo is not None

    with store.session() as session:
        assert len(recent_visits(session, manager.id, device_id, today, limit=2)) == 2
        assert recent_visits(session, other_agent, uuid.uuid4(), today) == []


def test_today_is_the_counters_day_on_a_pc_set_to_utc(
    store: Store, manager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        late = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)  # 00:30 on 8 December in Paris
        with store.transaction() as session:
            began = late - timedelta(minutes=50)
            kept = save_visit(
                session, visit_at(began), manager.id, now=late - timedelta(minutes=20)
            )
            save_visit(session, visit_at(began), manager.id, now=late - timedelta(minutes=40))
        with store.session() as session:
            since = start_of_day(late)  # Paris midnight: 23:00 UTC
            found = recent_visits(session, manager.id, store.identity()["device_id"], since)
        assert [v.id for v in found] == [kept]  # 00:10 is today, 23:50 was yesterday
    finally:
        monkeypatch.undo()
        time.tzset()


def visit_at(started_at: datetime) -> VisitInput:
    return VisitInput(
        started_at=started_at, channel="guichet", journeys=("declarer-revenus",), outcome="resolu"
    )
