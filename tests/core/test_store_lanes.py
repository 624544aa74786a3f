"""Two lanes on one database (the app's sync lane and its work lane, each on its own
connection) never make each other fail: a writer takes the write lock when its
transaction begins, so the other waits its turn (busy timeout) instead of finding its
read snapshot stale at its first write (SQLITE_BUSY, at once, no timeout)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from sqlalchemy import func, select

from frontdesk.device import get_setting, put_setting
from frontdesk.store.engine import Store
from frontdesk.visits.models import Visit
from frontdesk.visits.record import VisitInput, save_visit


def test_a_counter_action_during_a_sync_write_fails_neither(store: Store, manager) -> None:
    counter = Store(store.path)  # the work lane: another connection
    read_done, counter_going = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def sync_lane() -> None:  # as applying a pull page: reads, then writes
        try:
            with store.transaction() as session:
                get_setting(session, "sync_cursor", 0)
                read_done.set()
                counter_going.wait(5)
                time.sleep(0.3)  # the counter's commit would land here
                put_setting(session, "sync_cursor", 7)
        except BaseException as exc:  # the failure under test
            errors.append(exc)

    lane = threading.Thread(target=sync_lane)
    lane.start()
    assert read_done.wait(5)
    counter_going.set()
    visit = VisitInput(
        started_at=datetime(2026, 3, 10, 9, tzinfo=UTC),
        channel="guichet",
        journeys=("declarer-revenus",),
        outcome="resolu",
    )
    with counter.transaction() as session:
        save_visit(session, visit, manager.id)
    lane.join(10)
    counter.close()
    assert errors == []
    with store.session() as session:
        assert get_setting(session, "sync_cursor") == 7
        assert session.scalar(select(func.count()).select_from(Visit)) == 1
