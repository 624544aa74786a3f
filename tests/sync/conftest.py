"""Sync fixtures: a real hub served by uvicorn on a loopback port (SQLite and
PostgreSQL), and set-up device stores, each in its own directory."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from frontdesk.hub import admin
from frontdesk.hub.app import create_app
from frontdesk.hub.db import HubStore
from frontdesk.setup import first_run, known_sites
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store
from tests.hub.conftest import hub_store, hub_url, postgres, postgres_template  # noqa: F401


class RunningHub:
    def __init__(self, store: HubStore, **options: Any) -> None:
        """``options``: for ``create_app`` (``max_body_bytes``…)."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(store, **options),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.store = store

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RunningHub:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def code(self, site: str | None, *, editor: bool = True) -> str:
        """A one-time code: a tutor's (no site), else a superviseur's PC unless told."""
        kind = "tuteur" if site is None else "site"
        with self.store.transaction() as session:
            return admin.issue_enrollment(session, kind, site, directory_editor=editor).code


@pytest.fixture
def hub(hub_store: HubStore) -> Iterator[RunningHub]:  # noqa: F811
    running = RunningHub(hub_store).start()
    yield running
    running.stop()


@pytest.fixture
def make_device(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """``make_device(name, site_index)``: a set-up device store (0 Moreuil, 1 Roye)."""
    opened: list[Store] = []

    def make(name: str, site: int = 0, role: str = "superviseur") -> Store:
        path = tmp_path / name / "frontdesk.db"
        prepare_store(path, tmp_path / name / "sauvegardes")
        store = Store(path)
        with store.transaction() as session:
            store.profile = first_run(
                session, known_sites()[site], f"Profil {name}", role, "motdepasse-sur"
            )
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
