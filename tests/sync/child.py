"""A client process the reliability tests kill: it saves visits on a device store, then
syncs once, and SIGKILLs itself at the point named by the environment (a test hook made
by wrapping the client's functions here, production code unchanged).

    python tests/sync/child.py STORE_PATH PROFILE_ID VISITS

Environment:
- ``FRONTDESK_TEST_KILL``: ``point:n``, where point is
  ``before-send`` (the n-th push, before it leaves), ``after-reply`` (the n-th push's
  answer received: the hub committed, the device has not processed it),
  ``before-delete-commit`` (the n-th acknowledgement: outbox rows deleted inside the
  local transaction, killed before it commits), ``before-pull`` (the n-th pull, before it
  leaves: n-1 pages applied and committed), ``before-page-commit`` (the n-th page
  applied, killed before its transaction commits).
- ``FRONTDESK_TEST_BATCH``: outbox rows per push; ``FRONTDESK_TEST_PAGE``: changes per
  pull page.
Exit status 0 when the sync finished without reaching the kill point.
"""

from __future__ import annotations

import os
import signal
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from frontdesk.device import get_setting
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.sync import run
from frontdesk.sync.apply import CURSOR_SETTING
from frontdesk.sync.client import HubClient
from frontdesk.visits.record import VisitInput, save_visit


def die(note: str = "") -> None:
    """SIGKILL this process, after printing what the parent checks (its state then)."""
    print(note, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def install_hooks(point: str, nth: int) -> None:
    calls: dict[str, int] = {"push": 0, "ack": 0, "pull": 0, "page": 0}
    acknowledging = {"now": False}
    real_push, real_pull = HubClient.push, HubClient.pull
    real_acknowledge, real_apply_page = run._acknowledge, run.apply_page
    page = int(os.environ.get("FRONTDESK_TEST_PAGE", "0")) or None

    def push(self: HubClient, mutations: Any, key: str) -> Any:
        calls["push"] += 1
        if point == "before-send" and calls["push"] == nth:
            die()
        answer = real_push(self, mutations, key)
        if point == "after-reply" and calls["push"] == nth:
            die()
        return answer

    def acknowledge(*args: Any) -> None:
        calls["ack"] += 1
        acknowledging["now"] = point == "before-delete-commit" and calls["ack"] == nth
        real_acknowledge(*args)

    def pull(
        self: HubClient, cursor: int, limit: int | None = None, acked: int | None = None,
        lost: bool = False, **options: Any,
    ) -> Any:  # fmt: skip
        calls["pull"] += 1
        if point == "before-pull" and calls["pull"] == nth:
            die()
        return real_pull(self, cursor, page or limit, acked, lost, **options)

    def apply_page(session: Session, answer: Any) -> int:
        calls["page"] += 1
        written = real_apply_page(session, answer)
        if point == "before-page-commit" and calls["page"] == nth:
            session.flush()
            die(f"cursor={get_setting(session, CURSOR_SETTING)}")
        return written

    @event.listens_for(Session, "before_commit")
    def _before_commit(session: Session) -> None:
        if acknowledging["now"]:
            session.flush()  # the DELETE of the outbox rows ran, the commit has not
            left = session.scalars(select(Outbox.seq).order_by(Outbox.seq)).all()
            die(f"outbox={','.join(map(str, left))}")

    HubClient.push = push  # type: ignore[method-assign]
    HubClient.pull = pull  # type: ignore[method-assign]
    run._acknowledge = acknowledge  # type: ignore[assignment]
    run.apply_page = apply_page


def main() -> None:
    path, profile, visits = Path(sys.argv[1]), uuid.UUID(sys.argv[2]), int(sys.argv[3])
    if os.environ.get("FRONTDESK_TEST_BATCH"):
        run.MAX_PUSH_MUTATIONS = int(os.environ["FRONTDESK_TEST_BATCH"])
    kill = os.environ.get("FRONTDESK_TEST_KILL")
    if kill:
        point, _, nth = kill.partition(":")
        install_hooks(point, int(nth or 1))
    store = Store(path)
    with store.transaction() as session:
        for hour in range(visits):
            visit = VisitInput(
                started_at=datetime(2026, 4, 7, 8 + hour % 10, hour, tzinfo=UTC),
                channel="guichet",
                journeys=("declarer-revenus",),
                outcome="resolu",
            )
            save_visit(session, visit, profile)
    report = run.sync_once(store)
    print(report.summary())
    store.close()


if __name__ == "__main__":
    main()
