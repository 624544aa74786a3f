"""The counter's « visites du jour »: mine, on this PC, today, not voided, newest first."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.visits.models import Visit
from frontdesk.visits.queries import recent_visits, start_of_local_day
from frontdesk.visits.record import VisitInput, save_visit, void_visit


def visit(journey: str = "declarer-revenus") -> VisitInput:
    return VisitInput(started_at=utcnow(), channel="guichet", journeys=(journey,), outcome="resolu")


def test_start_of_local_day_is_local_midnight() -> None:
    now = datetime(2026, 3, 14, 15, 30, tzinfo=UTC)
    start = start_of_local_day(now)
    assert start.tzinfo is not None
    local = start.astimezone()
    assert (local.hour, local.minute) == (0, 0)
    assert local.date() == now.astimezone().date()
    assert start <= now < start + timedelta(days=1, hours=1)


def test_recent_visits_are_mine_on_this_pc_today_not_voided(store: Store, manager) -> None:
    device_id = store.identity()["device_id"]
    today = start_of_local_day(utcnow())
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
