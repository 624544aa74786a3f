"""When the next background sync runs (no Qt: the app's timer asks this policy).

- Healthy: every ``HEALTHY_INTERVAL`` seconds, give or take ``HEALTHY_JITTER`` so that
  the PCs of a network do not all knock on the hub in the same second.
- After failures (hub unavailable): exponential back-off with full jitter (a delay drawn
  between 0 and 30 s, 1 min, 2 min… capped at 15 min; AWS « Exponential Backoff And
  Jitter »), never under ``MIN_DELAY``. A success resets it.
- After a refusal (token revoked, protocol too old, not enrolled): no automatic retry
  at all until a person acts (« Synchroniser maintenant », a new enrollment): retrying
  cannot change the answer and would only fill the hub's logs.
- A time budget per sync (``BoundedClient``): the app's syncs share the one work lane
  with the counter's own work, so none may hold it long; the sync at closing gets a few
  seconds only.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from frontdesk.sync.client import TIMEOUT, HubClient, HubRefused

HEALTHY_INTERVAL = 5 * 60.0  # seconds between two syncs while everything works
HEALTHY_JITTER = 0.1  # ± 10 % of the interval
FIRST_RETRY = 30.0  # the back-off ceiling after a first failure
MAX_RETRY = 15 * 60.0  # the back-off ceiling never goes higher
MIN_DELAY = 5.0  # full jitter may draw 0: never hammer the hub
SYNC_BUDGET = 60.0  # seconds a background or « maintenant » sync may take
CLOSING_BUDGET = 8.0  # the sync when the app closes: best effort, the user is waiting


@dataclass
class SyncSchedule:
    """The back-off state of one device; ``rng`` is injectable for the tests."""

    interval: float = HEALTHY_INTERVAL
    first_retry: float = FIRST_RETRY
    max_retry: float = MAX_RETRY
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0
    paused: bool = False  # a refusal: wait for a person

    def ceiling(self) -> float:
        """The highest back-off delay after the current number of failures."""
        if self.failures <= 0:
            return 0.0
        # 2 ** 40 is far above any cap: no overflow however long the hub stays down
        return min(self.max_retry, self.first_retry * 2 ** min(self.failures - 1, 40))

    def next_delay(self) -> float | None:
        """Seconds until the next automatic sync, or None: none until a person acts."""
        if self.paused:
            return None
        if self.failures == 0:
            spread = self.interval * HEALTHY_JITTER
            return self.interval + self.rng.uniform(-spread, spread)
        return max(MIN_DELAY, self.rng.uniform(0.0, self.ceiling()))

    def succeeded(self) -> float | None:
        self.failures = 0
        self.paused = False
        return self.next_delay()

    def failed(self, error: BaseException) -> float | None:
        """Record a failed sync; a ``HubRefused`` stops the automatic retries."""
        if isinstance(error, HubRefused):
            self.paused = True
        else:
            self.failures += 1
        return self.next_delay()

    def person_acted(self) -> None:
        """« Synchroniser maintenant » or a new enrollment: automatic syncs may resume
        (the back-off itself is kept until a sync succeeds)."""
        self.paused = False


class _DeadlineSession(requests.Session):
    """Every request ends before the deadline: a sync never holds the work lane long."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise requests.Timeout("sync time budget spent")
        connect, read = kwargs.get("timeout") or TIMEOUT
        kwargs["timeout"] = (min(connect, left), min(read, left))
        return super().request(method, url, *args, **kwargs)


class BoundedClient(HubClient):
    """A ``HubClient`` whose requests all end within ``seconds`` of its creation (the
    start of a sync). Past it, the sync stops as if the hub were unavailable: nothing is
    lost, what was acknowledged is kept, the rest goes with the next sync."""

    def __init__(
        self, url: str, token: str | None = None, *, retries: int = 2, seconds: float = SYNC_BUDGET
    ) -> None:
        super().__init__(url, token, retries=retries)
        bounded = _DeadlineSession(time.monotonic() + seconds)
        bounded.headers.update(self.session.headers)
        for prefix, adapter in self.session.adapters.items():
            bounded.mount(prefix, adapter)  # the adapters carry the urllib3 retries
        self.session = bounded
