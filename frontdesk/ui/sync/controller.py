"""The background sync of the app: once after login, then as the schedule says, on
demand, and once when the app closes (a few seconds at most).

There is one controller for the app's life: the main window makes it, starts it at the
first login, feeds the status bar with it and hands it to each session
(``UiSession.sync``), where the Synchronisation section finds it. Every sync goes
through the TaskRunner's network lane, and a sync is never started while another one
runs. What a sync wrote is told to every open screen (``TaskRunner.changed``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from frontdesk.context import AppContext
from frontdesk.moments import local
from frontdesk.store.base import utcnow
from frontdesk.store.changes import Change, OpChanges, recording
from frontdesk.sync.client import HubUnavailable, SyncError
from frontdesk.sync.run import SyncReport, enroll_device, sync_once
from frontdesk.sync.schedule import CLOSING_BUDGET, BoundedClient, SyncSchedule
from frontdesk.sync.status import SyncFacts, read_facts
from frontdesk.ui.sync.status import Health, SyncStatus, bar_detail, bar_text
from frontdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
CLOSING_QUEUE = 4.0  # seconds the closing sync may wait for the work ahead of it
FACTS_REFRESH_MS = 30_000  # the pending count in the status bar follows the counter's work
UNEXPECTED = "erreur inattendue pendant la synchronisation (détails dans le journal technique)"


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    summary_changed = Signal(str, str)  # the status bar's word, its detail
    synced = Signal(object)  # SyncReport, after a successful sync
    enrolled = Signal(str)  # the device kind, after an enrollment

    def __init__(
        self,
        ctx: AppContext,
        tasks: TaskRunner,
        schedule: SyncSchedule | None = None,
        client_factory: Callable[..., BoundedClient] = BoundedClient,
    ) -> None:
        super().__init__(tasks)
        self.ctx = ctx
        self.tasks = tasks
        self.schedule = schedule or SyncSchedule()
        self.client_factory = client_factory
        self.status = SyncStatus()
        self._started = False
        self._again = False  # « maintenant » asked while a sync was running
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._automatic)
        self.facts_timer = QTimer(self)
        self.facts_timer.setInterval(FACTS_REFRESH_MS)
        self.facts_timer.timeout.connect(self.refresh)
        tasks.changed.connect(self._on_changes)  # a visit saved: one more to send
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.sync_at_close)

    # -- what others call -------------------------------------------------------------

    def start(self) -> None:
        """After a login: read the state; if the PC is enrolled, sync right away. Once."""
        if self._started:
            return
        self._started = True
        self.refresh(then_sync=True)

    def refresh(self, then_sync: bool = False) -> None:
        """Read the local state again (pending count, last success, open issues)."""
        store = self.ctx.store

        def work() -> SyncFacts:
            return store.read(read_facts)

        def done(facts: SyncFacts) -> None:
            self._publish(self.status.but(facts=facts))
            if not facts.enrolled:  # a PC not enrolled: nothing at all runs in the background
                self.facts_timer.stop()
            elif self._started and not self.facts_timer.isActive():
                self.facts_timer.start()
            if then_sync and facts.enrolled:
                self._run()

        self._submit(work, done, self._refresh_failed)

    def sync_now(self) -> None:
        """A person asked (« Synchroniser maintenant »): resumes after a refusal."""
        self.schedule.person_acted()
        if self.status.running:
            self._again = True
            return
        self._run()

    def enroll(
        self,
        url: str,
        code: str,
        label: str,
        *,
        on_done: Callable[[str], None],
        on_error: Callable[[BaseException], None],
        owner: QObject,
    ) -> None:
        """Spend a one-time code (in the background), then sync at once."""
        store = self.ctx.store
        factory = partial(self.client_factory, retries=1, seconds=30)

        def work() -> str:
            return enroll_device(store, url, code, label, factory)

        def done(kind: str) -> None:
            self._publish(self.status.but(health=Health.UNKNOWN, reason=""))
            self.enrolled.emit(kind)
            on_done(kind)
            self.sync_now()

        self._submit(work, done, on_error, owner)

    def sync_at_close(self) -> None:
        """The app is quitting (its window is gone): one last short sync if none runs,
        waited for here, at most about ``CLOSING_BUDGET`` seconds (best effort: the
        TaskRunner's shutdown would drop a task not started yet)."""
        self.timer.stop()
        self.facts_timer.stop()
        if not self._started or not self.status.enrolled or self.status.running:
            return
        store = self.ctx.store
        factory = partial(self.client_factory, retries=0, seconds=CLOSING_BUDGET)

        def work() -> None:
            try:
                sync_once(store, factory)
            except SyncError as exc:
                log.info("sync at close failed: %s", exc)

        future = self._submit(work)
        if future is None:
            return
        try:
            future.result(timeout=CLOSING_BUDGET + CLOSING_QUEUE)
        except TimeoutError:
            log.info("sync at close: still waiting for the work lane, given up")
        except Exception:  # a bug must not stop the app from closing
            log.exception("sync at close failed")

    # -- the sync itself --------------------------------------------------------------

    def _automatic(self) -> None:
        if self.status.enrolled and not self.status.running:
            self._run()

    def _run(self) -> None:
        if self.status.running:
            return
        self.timer.stop()
        store, factory = self.ctx.store, self.client_factory
        self._publish(self.status.but(running=True))
        written: set[str] = set()  # what this sync wrote, even if it failed half-way

        def work() -> tuple[SyncReport, SyncFacts]:
            with recording() as tables:
                try:
                    report = sync_once(store, factory)
                finally:
                    written.update(tables)
            return report, store.read(read_facts)

        def broadcast() -> None:
            changes = OpChanges.of_tables(written)
            if changes:
                self.tasks.changed.emit(changes, self)  # its facts are read already

        def succeeded(result: tuple[SyncReport, SyncFacts]) -> None:
            self._succeeded(result)
            broadcast()

        def failed(error: BaseException) -> None:
            self._failed(error)
            broadcast()

        if self._submit(work, succeeded, failed) is None:
            self.status = self.status.but(running=False)

    def _succeeded(self, result: tuple[SyncReport, SyncFacts]) -> None:
        report, facts = result
        delay = self.schedule.succeeded()
        self._after_run(self.status.but(facts=facts, health=Health.ONLINE, reason=""), delay)
        self.synced.emit(report)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, HubUnavailable):
            health, reason = Health.OFFLINE, str(error)
        elif isinstance(error, SyncError):
            health, reason = Health.ERROR, str(error)
        else:  # a bug: logged with its traceback, never a crash of the counter's app
            log.error("sync failed", exc_info=error)
            health, reason = Health.ERROR, UNEXPECTED
        delay = self.schedule.failed(error)
        self._after_run(self.status.but(health=health, reason=reason), delay)
        self.refresh()  # the pending count may have moved (a part was acknowledged)

    def _after_run(self, status: SyncStatus, delay: float | None) -> None:
        if self._again:
            self._again = False
            delay = 0
        next_at = None if delay is None else utcnow() + timedelta(seconds=delay)
        self._publish(status.but(running=False, next_attempt=_local(next_at)))
        if delay is not None:
            self.timer.start(int(delay * 1000))

    def _submit(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Future[Any] | None:
        """``tasks.run``; None once the TaskRunner is shut down (the app is closing):
        the timers stop, nothing more is tried."""
        try:
            return self.tasks.run(work, on_success, on_error, owner=owner or self, lane="reseau")
        except RuntimeError:  # « cannot schedule new futures after shutdown »
            self.timer.stop()
            self.facts_timer.stop()
            return None

    def _on_changes(self, changes: OpChanges, initiator: object) -> None:
        if initiator is not self and changes.touches(Change.SYNC) and not self.status.running:
            self.refresh()

    def _refresh_failed(self, error: BaseException) -> None:
        log.error("reading the sync state failed", exc_info=error)

    def summary(self) -> tuple[str, str]:
        """What ``summary_changed`` said last: the state's word and its detail."""
        return bar_text(self.status), bar_detail(self.status)

    def _publish(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)
        self.summary_changed.emit(bar_text(status), bar_detail(status))


def _local(moment: datetime | None) -> datetime | None:
    return None if moment is None else local(moment)
