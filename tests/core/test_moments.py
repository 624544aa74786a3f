"""Dates and times at the counters' time (Paris), whatever zone the PC is set to."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

import frontdesk.store.base
from frontdesk import moments
from frontdesk.moments import (
    LOCAL_ZONE,
    date_text,
    date_time_text,
    day_bounds,
    day_start,
    local,
    long_date_text,
    moment_text,
    start_of_day,
    time_text,
    today,
)

NBSP = "\u00a0"
# Monday 7 December 2026, 23:30 UTC: already Tuesday 8 December, 00:30, in Paris (winter)
LATE = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)


@pytest.fixture(params=["UTC", "America/New_York"])
def pc_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The PC's own time zone: never the one the counters read."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(frontdesk.store.base, "utcnow", lambda: LATE)
    yield


@pytest.mark.usefixtures("pc_zone", "clock")
def test_a_utc_pc_after_midnight_in_paris_is_on_the_next_day() -> None:
    assert LATE.astimezone().date() != date(2026, 12, 8)  # what the PC itself would say
    assert local(LATE) == datetime(2026, 12, 8, 0, 30, tzinfo=LOCAL_ZONE)
    assert today() == today(LATE) == date(2026, 12, 8)
    assert moments.now() == LATE
    assert date_text(LATE) == "08/12/2026"
    assert time_text(LATE) == f"0{NBSP}h{NBSP}30"
    assert date_time_text(LATE) == f"08/12/2026 à 0{NBSP}h{NBSP}30"
    # « today » for the visits of the day: from Paris midnight, 23:00 UTC the day before
    start = start_of_day(LATE)
    assert start == datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
    assert start.tzinfo is UTC
    assert day_bounds(today()) == (start, start + timedelta(days=1))
    assert LATE - timedelta(minutes=31) < start <= LATE - timedelta(minutes=30)


@pytest.mark.usefixtures("pc_zone")
def test_summer_time_is_two_hours_ahead() -> None:
    evening = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)
    assert time_text(evening) == f"23{NBSP}h{NBSP}30"
    assert today(evening) == date(2026, 7, 1)
    assert today(evening + timedelta(hours=1)) == date(2026, 7, 2)
    assert date_time_text(evening + timedelta(hours=1)) == f"02/07/2026 à 0{NBSP}h{NBSP}30"
    assert start_of_day(evening) == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    assert day_start(date(2026, 12, 8)) == datetime(2026, 12, 7, 23, 0, tzinfo=UTC)


def test_the_days_the_clocks_change_have_23_and_25_hours() -> None:
    spring, autumn = day_bounds(date(2026, 3, 29)), day_bounds(date(2026, 10, 25))
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)
    assert spring[0] == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert autumn[1] == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def test_a_naive_moment_is_utc_as_stored() -> None:
    naive = datetime(2026, 12, 7, 13, 5)
    assert local(naive) == datetime(2026, 12, 7, 14, 5, tzinfo=LOCAL_ZONE)
    assert time_text(naive) == f"14{NBSP}h{NBSP}05"


def test_every_formatter() -> None:
    moment = datetime(2026, 12, 7, 13, 5, 9, tzinfo=UTC)  # 14:05:09 in Paris
    assert date_text(date(2026, 12, 7)) == "07/12/2026"
    assert date_text(moment) == "07/12/2026"
    assert time_text(moment) == f"14{NBSP}h{NBSP}05"
    assert time_text(moment, seconds=True) == f"14{NBSP}h{NBSP}05{NBSP}min{NBSP}09{NBSP}s"
    assert time_text(datetime(2026, 12, 7, 8, 0, tzinfo=UTC)) == f"9{NBSP}h{NBSP}00"
    assert date_time_text(moment) == f"07/12/2026 à 14{NBSP}h{NBSP}05"
    assert date_time_text(moment, seconds=True).endswith(f"05{NBSP}min{NBSP}09{NBSP}s")
    assert moment_text(moment) == f"07/12/2026 à 14{NBSP}h{NBSP}05"
    assert moment_text(None) == "jamais"
    assert long_date_text(date(2026, 12, 7)) == "7 décembre 2026"
    assert long_date_text(date(2027, 8, 1)) == "1er août 2027"
    assert long_date_text(LATE) == "8 décembre 2026"  # a moment: its day in Paris
