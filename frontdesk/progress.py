"""Progress and cancellation of long work (imports, exports, fetch, bilan, backup).

The work calls ``progress.step(done, total, label)`` as it goes; the screen reads
``progress.snapshot()`` on its own timer and may call ``cancel()`` at any moment, from
another thread. The next ``step`` (or ``check``) then raises ``Cancelled``, which the
work lets through: its transaction rolls back, or its half-written file is removed, so a
cancelled operation leaves nothing behind.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from frontdesk.errors import UserError


class Cancelled(UserError):
    """The person cancelled the work; nothing it started was kept."""

    def __init__(self) -> None:
        super().__init__("Opération annulée : rien n'a été enregistré.")


@dataclass(frozen=True)
class Snapshot:
    done: int
    total: int | None  # None while unknown: the bar shows movement, not a share
    label: str

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(self.done / self.total, 1.0)


class Progress:
    """Shared by the work (one thread) and the screen (another)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot = Snapshot(0, None, "")
        self._cancelled = threading.Event()

    def step(self, done: int, total: int | None = None, label: str | None = None) -> None:
        """Where the work is; raises ``Cancelled`` if the person asked to stop."""
        with self._lock:
            previous = self._snapshot
            self._snapshot = Snapshot(
                done,
                total if total is not None else previous.total,
                label if label is not None else previous.label,
            )
        self.check()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot


class NoProgress(Progress):
    """For callers with no screen (the CLI, tests): steps are noted, never cancelled."""
