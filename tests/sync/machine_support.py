"""Support for the sync state machine (``test_state_machine.py``): a hub served once by
uvicorn whose application is swapped for each example, set-up device stores copied from
templates (setting a PC up hashes a password: too slow to redo for every example), a
``HubClient`` that loses replies or « crashes » on request, and the comparisons of a
device's copy with the hub's."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import uvicorn
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.defaults import seed_default_directory
from frontdesk.hub import admin
from frontdesk.hub.db import HubStore, upgrade_hub
from frontdesk.hub.models import Device, Record
from frontdesk.setup import first_run, known_sites
from frontdesk.stats import tally
from frontdesk.stats.models import VisitTally
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store
from frontdesk.store.outbox import record_payload
from frontdesk.sync.batch import OutboxBatch
from frontdesk.sync.client import HubClient, HubUnavailable
from frontdesk.sync.entities import DIRECTORY, MODELS
from frontdesk.sync.protocol import PullResponse, PushResponse

PULL_PAGE = 3  # small pages: a sync pulls several, a crash can fall between two
# (name, site, a superviseur's PC: edits the directory; else a counter PC: proposes)
PCS = (("moreuil-1", "moreuil", True), ("moreuil-2", "moreuil", False), ("roye-1", "roye", True))
HUB_BODY_LIMIT = 4_000  # bytes: pushes of a few mutations already have to be cut to fit


# -- the hub --------------------------------------------------------------------------------


class SwitchableApp:
    """An ASGI application that forwards to the current example's hub."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # no lifespan, no websocket
            return
        await self.app(scope, receive, send)


class Server:
    """uvicorn on a loopback port, in a thread, for the whole test."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.switch = SwitchableApp()
        config = uvicorn.Config(
            self.switch,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            interface="asgi3",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started, "uvicorn did not start"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


# -- templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PcTemplate:
    name: str
    site: str
    path: Path  # the set-up store (not enrolled), default directory seeded
    profile: ProfileInfo
    editor: bool  # enrolled as a superviseur's PC


@dataclass(frozen=True)
class Templates:
    hub: Path  # a migrated hub database with both sites
    pcs: tuple[PcTemplate, ...]


def make_templates(root: Path) -> Templates:
    hub_path = root / "hub.db"
    hub = HubStore(f"sqlite:///{hub_path}")
    upgrade_hub(hub.engine)
    with hub.transaction() as session:
        admin.create_site(session, "moreuil", "France Services de Moreuil")
        admin.create_site(session, "roye", "France Services de Roye")
    hub.close()
    sites = {site.id: site for site in known_sites()}
    pcs = []
    for name, site, editor in PCS:
        path = root / name / "frontdesk.db"
        prepare_store(path, root / name / "sauvegardes")
        store = Store(path)
        with store.transaction() as session:
            profile = first_run(
                session, sites[site], f"Profil {name}", "superviseur", "motdepasse-sur"
            )
        with store.transaction() as session:  # as the app does at start
            seed_default_directory(session)
        store.close()
        pcs.append(PcTemplate(name, site, path, profile, editor))
    return Templates(hub_path, tuple(pcs))


def copy_database(source: Path, target: Path) -> None:
    """A closed SQLite database (its WAL checkpointed on close) and any journal left."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        origin = source.with_name(source.name + suffix)
        if origin.exists():
            shutil.copyfile(origin, target.with_name(target.name + suffix))


# -- faults -----------------------------------------------------------------------------------


class Crash(BaseException):
    """The PC stops here: nothing after this point runs, nothing uncommitted survives.
    A ``BaseException`` so that no ``except Exception`` of the code under test sees it."""


Method = Literal["push", "pull"]
When = Literal["before", "after"]
Kind = Literal["cut", "crash", "edit"]


@dataclass
class Fault:
    """At the ``call``-th ``method`` of one sync, ``before`` the request is sent or
    ``after`` the hub answered (the hub committed, the reply is lost): a network ``cut``
    (``HubUnavailable``), a ``crash`` (``Crash``), or an ``edit`` made by the agent while
    the background sync runs (``action``)."""

    method: Method
    call: int
    when: When
    kind: Kind
    action: Callable[[], None] | None = None
    fired: bool = False


class FaultyClient(HubClient):
    """The real client (requests, no retry), with one fault injected around a call."""

    def __init__(self, url: str, token: str | None = None, *, fault: Fault | None = None) -> None:
        super().__init__(url, token, retries=0)
        self.fault = fault
        self.calls: Counter[str] = Counter()
        self.resetting = False

    def _fault(self, method: Method, when: When) -> None:
        fault = self.fault
        if fault is None or fault.fired or (fault.method, fault.when) != (method, when):
            return
        if fault.call != self.calls[method]:
            return
        fault.fired = True
        if fault.kind == "cut":
            raise HubUnavailable("Réseau coupé (test).")
        if fault.kind == "crash":
            raise Crash
        assert fault.action is not None
        fault.action()

    def push(self, batch: OutboxBatch, key: str) -> PushResponse:
        self.calls["push"] += 1
        self._fault("push", "before")
        answer = super().push(batch, key)
        self._fault("push", "after")
        return answer

    def pull(
        self,
        cursor: int,
        limit: int | None = None,
        acked: int | None = None,
        lost: bool = False,
        **options: Any,
    ) -> PullResponse:
        self.calls["pull"] += 1
        self._fault("pull", "before")
        page = super().pull(cursor, PULL_PAGE, acked, lost, **options)
        if options.get("reload"):  # found the hub restored: its reload starts afresh
            self.resetting = False
        # a reset of several pages must go on where its last page stopped, not start again
        assert not (self.resetting and page.reset), f"the reset starts again at cursor {cursor}"
        self.resetting = (self.resetting or page.reset) and page.more
        self._fault("pull", "after")
        return page


# -- comparisons ------------------------------------------------------------------------------

Copy = dict[tuple[str, uuid.UUID], dict[str, Any]]


def local_copy(store: Store) -> Copy:
    """Every synced record the device holds, as the JSON its outbox would send (the
    shipped directory included: the hub holds it too)."""
    found: Copy = {}
    with store.session() as session:
        for entity, model in MODELS.items():
            for record in session.scalars(select(model)):
                found[(entity, record.id)] = record_payload(record)
    return found


def hub_copy(hub: HubStore, site: str, leave_out: Collection[uuid.UUID] = ()) -> Copy:
    """The live hub records a site device may read: the directory, its site's visits
    (but ``leave_out``: records no PC can store, set aside by each)."""
    found: Copy = {}
    with hub.transaction() as session:
        for record in session.scalars(select(Record).where(Record.deleted.is_(False))):
            readable = record.entity in DIRECTORY or record.site_id == site
            if readable and record.id not in leave_out:
                found[(record.entity, record.id)] = record.payload | {"version": record.version}
    return found


def differences(mine: Copy, hubs: Copy) -> list[str]:
    lines = [f"missing on the device: {key}" for key in sorted(hubs.keys() - mine.keys())]
    lines += [f"not on the hub: {key}" for key in sorted(mine.keys() - hubs.keys())]
    for key in sorted(mine.keys() & hubs.keys()):
        mine_, hub_ = mine[key], hubs[key]
        fields = sorted(k for k in mine_.keys() | hub_.keys() if mine_.get(k) != hub_.get(k))
        if fields:
            shown = (f"{f} device={mine_.get(f)!r} hub={hub_.get(f)!r}" for f in fields)
            lines.append(f"{key} differs: " + ", ".join(shown))
    return lines


def tally_rows(session: Session) -> set[tuple[Any, ...]]:
    columns = (VisitTally.day, VisitTally.site_id, VisitTally.dim, VisitTally.value)
    query = select(*columns, VisitTally.n, VisitTally.monthly).where(VisitTally.n != 0)
    return {tuple(row) for row in session.execute(query)}


def tally_drift(store: Store) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """(counters held, counters recounted from the visits held): equal when no path
    counted a visit twice or forgot one. The recount is rolled back."""
    with store.session() as session:
        held = tally_rows(session)
        tally.rebuild_tally(session)
        recounted = tally_rows(session)
        session.rollback()
    return held, recounted


def hub_device(hub: HubStore, device_id: uuid.UUID) -> Device:
    with hub.transaction() as session:
        device = session.get(Device, device_id)
        assert device is not None
        session.expunge(device)
        return device
