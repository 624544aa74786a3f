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
  seconds only. The budget bounds everything a request may wait for: connecting, reading,
  and the waits between urllib3's retries (a hub's or a proxy's ``Retry-After``), which no
  socket timeout covers.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from urllib3.util.timeout import Timeout

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
        factor: int = 2 ** min(self.failures - 1, 40)  # typeshed: int ** int is Any
        return min(self.max_retry, self.first_retry * factor)

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


class _DeadlineTimeout(Timeout):
    """Connect and read timeouts shrunk to what is left before the deadline, worked out
    when each attempt connects and reads: urllib3 clones the timeout for every attempt,
    so a retry made late in the budget gets only what remains of it."""

    def __init__(self, connect: float, read: float, deadline: float) -> None:
        super().__init__(connect=connect, read=read)
        self.deadline = deadline
        # urllib3 types ``_connect``/``_read`` as float, None or its default sentinel
        self.connect_seconds, self.read_seconds = connect, read

    def clone(self) -> _DeadlineTimeout:
        return _DeadlineTimeout(self.connect_seconds, self.read_seconds, self.deadline)

    def _left(self) -> float:
        return max(0.001, self.deadline - time.monotonic())  # 0 would mean « no timeout »

    @property
    def connect_timeout(self) -> float:
        return min(self.connect_seconds, self._left())

    @property
    def read_timeout(self) -> float:
        return min(self.read_seconds, self._left())


class _DeadlineSession(requests.Session):
    """Every request ends before the deadline: a sync never holds the work lane long."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if self.deadline - time.monotonic() <= 0:
            raise requests.Timeout("sync time budget spent")
        connect, read = kwargs.get("timeout") or TIMEOUT
        kwargs["timeout"] = _DeadlineTimeout(connect, read, self.deadline)
        return super().request(method, url, *args, **kwargs)


class BoundedClient(HubClient):
    """A ``HubClient`` whose requests all end within ``seconds`` of its creation (the
    start of a sync), the waits between retries included. Past it, the sync stops as if
    the hub were unavailable: nothing is lost, what was acknowledged is kept, the rest
    goes with the next sync."""

    def __init__(
        self, url: str, token: str | None = None, *, retries: int = 2, seconds: float = SYNC_BUDGET
    ) -> None:
        deadline = time.monotonic() + seconds
        super().__init__(url, token, retries=retries, deadline=deadline)
        bounded = _DeadlineSession(deadline)
        bounded.headers.update(self.session.headers)
        for prefix, adapter in self.session.adapters.items():
            bounded.mount(prefix, adapter)  # the adapters carry the urllib3 retries
        self.session = bounded
