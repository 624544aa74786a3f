"""The one background helper: run slow work off the GUI thread, get the result back.

Modelled on Anki's ``taskman``: work runs on a single-worker executor (one writer
lane for the database, so work items never race each other), and the completion
callback is handed back to the GUI thread through a queued Qt signal. Never touch a
widget from ``work``; pass plain values in and out.

Work that waits on the network (the sync with the hub) runs on its own lane
(``lane="reseau"``), also one worker: a hub that does not answer must never make a
visit's save wait. Its database writes are short transactions that SQLite serialises
with the main lane's (busy timeout).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

SuccessCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class TaskRunner(QObject):
    # Carries a closure to run on the GUI thread; emitted from the worker thread.
    _completed = Signal(object)
    busy_changed = Signal(bool)
    # (OpChanges, initiator): what a write just changed, for every open screen; the
    # initiator, when given, already shows its own change (see ui/ops.py)
    changed = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executors: dict[str, ThreadPoolExecutor] = {}  # per lane, made on first use
        self._closed = False
        self._running = 0
        self._completed.connect(self._deliver)
        self.default_error: ErrorCallback = _log_error

    @property
    def running(self) -> int:
        return self._running

    def run(
        self,
        work: Callable[[], Any],
        on_success: SuccessCallback | None = None,
        on_error: ErrorCallback | None = None,
        *,
        owner: QObject | None = None,
        lane: str = "main",
    ) -> Future[Any]:
        """Run ``work()`` in the background, then a callback on the GUI thread.

        ``owner``: a widget the callbacks belong to; if it has been deleted by the time
        the work finishes, the callbacks are dropped instead of touching a dead object.
        """
        executor = self._executor(lane)
        # The work waits until ``finished`` is attached: attached to a future already
        # done, it would run (and emit) right here, calling back before run() returns.
        attached = threading.Event()

        def attached_first() -> Any:
            attached.wait()
            return work()

        future = executor.submit(attached_first)
        self._running += 1  # the work cannot finish before attached.set() below
        if self._running == 1:
            self.busy_changed.emit(True)

        def finished(done: Future[Any]) -> None:
            self._completed.emit(lambda: self._finish(done, on_success, on_error, owner))

        future.add_done_callback(finished)
        attached.set()
        return future

    def _executor(self, lane: str) -> ThreadPoolExecutor:
        if self._closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        executor = self._executors.get(lane)
        if executor is None:
            from concurrent.futures import ThreadPoolExecutor

            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"frontdesk-{lane}")
            self._executors[lane] = executor
        return executor

    def _deliver(self, callback: Callable[[], None]) -> None:
        callback()

    def _finish(
        self,
        future: Future[Any],
        on_success: SuccessCallback | None,
        on_error: ErrorCallback | None,
        owner: QObject | None,
    ) -> None:
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)
        if future.cancelled():  # dropped by shutdown() before it started
            return
        if owner is not None and not shiboken6.isValid(owner):
            return
        error = future.exception()
        if error is not None:
            (on_error or self.default_error)(error)
        elif on_success is not None:
            on_success(future.result())

    def shutdown(self) -> None:
        """Wait for the work in progress (a write must not be cut in half), then stop."""
        self._closed = True
        for executor in self._executors.values():
            executor.shutdown(wait=True, cancel_futures=True)


def _log_error(error: BaseException) -> None:
    log.error("background task failed", exc_info=error)
