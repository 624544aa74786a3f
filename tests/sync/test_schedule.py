"""The background sync policy: healthy interval, back-off with full jitter, refusals."""

from __future__ import annotations

import random

import pytest

from frontdesk.sync.client import HubRefused, HubUnavailable
from frontdesk.sync.schedule import (
    HEALTHY_INTERVAL,
    HEALTHY_JITTER,
    MAX_RETRY,
    MIN_DELAY,
    BoundedClient,
    SyncSchedule,
)

DOWN = HubUnavailable("Hub injoignable")


class Highest(random.Random):
    """Always draws the top of the range: the ceilings themselves."""

    def uniform(self, a: float, b: float) -> float:
        return b


class Lowest(random.Random):
    def uniform(self, a: float, b: float) -> float:
        return a


def test_healthy_interval_spreads_a_little() -> None:
    schedule = SyncSchedule(rng=random.Random(4))
    delays = [schedule.succeeded() for _ in range(200)]
    spread = HEALTHY_INTERVAL * HEALTHY_JITTER
    assert all(HEALTHY_INTERVAL - spread <= d <= HEALTHY_INTERVAL + spread for d in delays)
    assert len({round(d) for d in delays}) > 10  # not all the PCs in the same second


def test_back_off_doubles_up_to_the_cap() -> None:
    schedule = SyncSchedule(rng=Highest())
    ceilings = [schedule.failed(DOWN) for _ in range(8)]
    assert ceilings == [30, 60, 120, 240, 480, 900, 900, 900]
    for _ in range(1000):  # however long the hub stays down
        assert schedule.failed(DOWN) == MAX_RETRY


def test_full_jitter_draws_below_the_ceiling_with_a_floor() -> None:
    schedule = SyncSchedule(rng=random.Random(7))
    for failures in range(1, 12):
        delay = schedule.failed(DOWN)
        assert delay is not None
        assert MIN_DELAY <= delay <= max(MIN_DELAY, schedule.ceiling())
        assert schedule.failures == failures
    assert SyncSchedule(rng=Lowest()).failed(DOWN) == MIN_DELAY


def test_success_resets_the_back_off() -> None:
    schedule = SyncSchedule(rng=Highest())
    for _ in range(5):
        schedule.failed(DOWN)
    assert schedule.succeeded() == pytest.approx(HEALTHY_INTERVAL * (1 + HEALTHY_JITTER))
    assert schedule.failures == 0
    assert schedule.failed(DOWN) == 30


def test_a_refusal_waits_for_a_person() -> None:
    schedule = SyncSchedule(rng=Highest())
    schedule.failed(DOWN)
    assert schedule.failed(HubRefused("Jeton refusé")) is None
    assert schedule.next_delay() is None
    assert schedule.failed(DOWN) is None  # still paused: nothing automatic
    schedule.person_acted()
    assert schedule.next_delay() == 60  # the back-off is kept until a success
    assert schedule.succeeded() is not None and not schedule.paused


def test_unexpected_errors_back_off_like_an_unavailable_hub() -> None:
    schedule = SyncSchedule(rng=Highest())
    assert schedule.failed(RuntimeError("bug")) == 30


def test_a_sync_past_its_time_budget_stops_as_unavailable() -> None:
    spent = BoundedClient("http://127.0.0.1:9", "jeton", seconds=0)
    with pytest.raises(HubUnavailable, match="injoignable"):
        spent.health()
    fresh = BoundedClient("http://127.0.0.1:9", "jeton", retries=0, seconds=30)
    assert fresh.session.headers["Authorization"] == "Bearer jeton"
    assert fresh.session.get_adapter("http://x").max_retries.total == 0
