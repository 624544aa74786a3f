"""Hub fixtures: a hub on a fresh SQLite file, served in-process by FastAPI's TestClient."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from frontdesk.contacts.defaults import default_records
from frontdesk.hub import admin
from frontdesk.hub.app import create_app
from frontdesk.hub.db import HubStore, upgrade_hub
from frontdesk.sync.protocol import PROTOCOL_VERSION
from tests.hub.postgres import PostgresServer
from tests.sync.payloads import full_payload


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> str:
    """A database at the hub's head revision, copied for each test (fast)."""
    template = HubStore(postgres.url("hub_template"))
    _create_database(postgres, "hub_template")
    upgrade_hub(template.engine)
    template.close()
    return "hub_template"


def _create_database(server: PostgresServer, name: str, template: str | None = None) -> None:
    engine = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        suffix = f" TEMPLATE {template}" if template else ""
        connection.exec_driver_sql(f"CREATE DATABASE {name}{suffix}")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.db'}"
    server = request.getfixturevalue("postgres")
    template = request.getfixturevalue("postgres_template")
    name = f"hub_{uuid.uuid4().hex[:12]}"
    _create_database(server, name, template)
    return server.url(name)


@pytest.fixture
def hub_store(hub_url: str) -> Iterator[HubStore]:
    store = HubStore(hub_url)
    upgrade_hub(store.engine)
    with store.transaction() as session:
        admin.create_site(session, "moreuil", "France Services de Moreuil")
        admin.create_site(session, "roye", "France Services de Roye")
    yield store
    store.close()


@pytest.fixture
def client(hub_store: HubStore) -> TestClient:
    return TestClient(create_app(hub_store))


# the hub holds the shipped directory from its first migration, change ids 1 to SEEDED
SEEDED = len(default_records())
DEFAULT_IDS = frozenset(str(record.id) for record in default_records())


def beyond_defaults(changes: list[dict]) -> list[str]:
    """The ids of ``changes``, but the shipped directory's (a full reload brings it)."""
    return [c["record_id"] for c in changes if c["record_id"] not in DEFAULT_IDS]


class Device:
    """A simulated device: its token, its outbox sequence, helpers to push and pull. Like
    every PC, it holds the shipped directory already: its cursor starts past it."""

    def __init__(self, client: TestClient, token: str, device_id: str, site: str | None) -> None:
        self.client, self.token, self.id, self.site = client, token, device_id, site
        self.seq = 0
        self.cursor = SEEDED

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def mutation(
        self,
        entity: str,
        record_id: uuid.UUID,
        op: str = "create",
        *,
        base: int = 0,
        changed: list[str] | None = None,
        **payload: Any,
    ) -> dict:
        self.seq += 1
        body = (
            {"id": str(record_id)}  # a deletion carries the id alone
            if op == "delete"
            else full_payload(entity, record_id, self.site, **payload)
        )
        return {
            "seq": self.seq,
            "mutation_id": str(uuid.uuid4()),
            "entity": entity,
            "record_id": str(record_id),
            "op": op,
            "base_version": base,
            "version": base + 1,
            "changed": changed if changed is not None else sorted(payload),
            "payload": body,
        }

    def push(self, *mutations: dict, key: str | None = None):
        body = {"protocol": PROTOCOL_VERSION, "mutations": list(mutations)}
        headers = self.headers | {"Idempotency-Key": f'"{key or uuid.uuid4()}"'}
        return self.client.post("/v1/push", json=body, headers=headers)

    def pull(self, limit: int = 1000) -> dict:
        answer = self.client.get(
            "/v1/pull", params={"cursor": self.cursor, "limit": limit}, headers=self.headers
        )
        assert answer.status_code == 200, answer.text
        data = answer.json()
        self.cursor = data["cursor"]
        return data


def enroll(
    client: TestClient, hub_store: HubStore, site: str | None, *, editor: bool = True
) -> Device:
    """A device enrolled through the API: a tutor's (no site), else a site's, a
    superviseur's PC (``editor``) unless told otherwise."""
    kind = "tuteur" if site is None else "site"
    with hub_store.transaction() as session:
        code = admin.issue_enrollment(session, kind, site, directory_editor=editor).code
    answer = client.post(
        "/v1/enroll", json={"protocol": PROTOCOL_VERSION, "code": code, "label": "PC accueil"}
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()
    return Device(client, data["token"], data["device_id"], data["site_id"])


@pytest.fixture
def moreuil(client: TestClient, hub_store: HubStore) -> Device:
    return enroll(client, hub_store, "moreuil")


@pytest.fixture
def roye(client: TestClient, hub_store: HubStore) -> Device:
    return enroll(client, hub_store, "roye")


@pytest.fixture
def tutor(client: TestClient, hub_store: HubStore) -> Device:
    return enroll(client, hub_store, None)
