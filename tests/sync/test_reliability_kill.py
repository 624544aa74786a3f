"""The client killed (SIGKILL, a subprocess: ``child.py``) while it pushes or pulls, then
synced again normally: every visit exists once on the hub, the outbox empties, the
local copy equals the hub's (issue 6, reliability tests 1 and 5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from frontdesk.contacts.models import DirectContact
from frontdesk.store.engine import Store
from frontdesk.sync.apply import CURSOR_SETTING
from frontdesk.sync.run import sync_once
from frontdesk.visits.models import Visit
from frontdesk.visits.record import void_visit
from tests.hub.conftest import SEEDED
from tests.sync.conftest import RunningHub
from tests.sync.test_reliability import (
    delete_record,
    enrolled,
    hub_copy,
    hub_counter,
    hub_ids,
    hub_last_seq,
    local_copy,
    local_ids,
    new_contact,
    outbox_seqs,
    save_visits,
    setting,
)

CHILD = Path(__file__).with_name("child.py")


def run_child(store: Store, visits: int, kill: str | None, **env: int) -> tuple[int, str]:
    """Run the client in a subprocess: its exit status (-9 when it was killed) and the
    last line it printed (its state when it was killed)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_TEST_")}
    environment |= {f"FRONTDESK_TEST_{k.upper()}": str(v) for k, v in env.items()}
    if kill:
        environment["FRONTDESK_TEST_KILL"] = kill
    done = subprocess.run(
        [sys.executable, str(CHILD), str(store.path), str(store.profile.id), str(visits)],
        env=environment,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, -signal.SIGKILL), done.stderr
    lines = done.stdout.strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


# 5 visits pushed 2 by 2: the first batch is acknowledged, the second is hit.
# (kill point, visits on the hub after the kill)
POINTS = [
    ("before-send:2", 2),  # the second batch never left
    ("after-reply:2", 4),  # the hub committed it, the device never processed the reply
    ("before-delete-commit:2", 4),  # the device's acknowledgement was rolled back
    ("before-send:1", 0),  # nothing had left yet
]


@pytest.mark.parametrize(("kill", "on_hub"), POINTS, ids=[p for p, _ in POINTS])
def test_killed_while_pushing_then_synced(
    hub: RunningHub, make_device: Callable[..., Store], kill: str, on_hub: int
) -> None:
    device = enrolled(hub, make_device, "a", 0)
    status, note = run_child(device, 5, kill, batch=2)
    assert status == -signal.SIGKILL
    if kill.startswith("before-delete-commit"):
        assert note == "outbox=5"  # killed after the DELETE of seq 3 and 4, before COMMIT
    visits = local_ids(device, Visit)
    assert len(visits) == 5  # saved before the sync started
    assert len(hub_ids(hub)) == on_hub and hub_last_seq(hub, device) == on_hub
    assert outbox_seqs(device) == list(range(min(on_hub, 2) + 1, 6))
    report = sync_once(device)
    assert outbox_seqs(device) == []
    assert sorted(hub_ids(hub)) == sorted(visits)  # each exactly once
    assert hub_counter(hub)[0] == SEEDED + 5 and hub_last_seq(hub, device) == 5  # once
    assert report.pushed == 5 - on_hub  # the rows the hub had are skipped
    assert local_copy(device) == hub_copy(hub, device)


def test_the_child_syncs_when_not_killed(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    device = enrolled(hub, make_device, "a", 0)
    assert run_child(device, 3, None, batch=2)[0] == 0
    assert outbox_seqs(device) == [] and len(hub_ids(hub)) == 3


# pages of 4 changes: the shipped directory fills the first ten, the writer's records the
# next five; the kill lands in those
@pytest.mark.parametrize("kill", ["before-pull:13", "before-page-commit:13"])
def test_killed_while_pulling_then_pulled_again(
    hub: RunningHub, make_device: Callable[..., Store], kill: str
) -> None:
    writer = enrolled(hub, make_device, "writer", 0)
    visits = save_visits(writer, 12)
    contacts = [new_contact(writer, role=f"r{n}") for n in range(4)]
    sync_once(writer)
    with writer.transaction() as session:
        for visit_id in visits[:3]:
            void_visit(session, visit_id, "erreur de saisie")
    for contact in contacts[:2]:
        delete_record(writer, DirectContact, contact)
    sync_once(writer)  # tombstones and updates in the pages too
    reader = enrolled(hub, make_device, "reader", 0)
    status, note = run_child(reader, 0, kill, page=4)
    assert status == -signal.SIGKILL
    cursor = setting(reader, CURSOR_SETTING)
    assert SEEDED < cursor < hub_counter(hub)[0]  # twelve pages applied, the next lost
    if kill.startswith("before-page-commit"):  # the page's cursor was not kept
        assert note.startswith("cursor=") and cursor < int(note.removeprefix("cursor="))
    partial = local_copy(reader)
    assert partial and hub_copy(hub, reader) - partial  # some pages arrived, not all
    sync_once(reader)
    assert local_copy(reader) == hub_copy(hub, reader)
    assert local_ids(reader, DirectContact) == set(contacts[2:])
    assert outbox_seqs(reader) == []
