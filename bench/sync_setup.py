"""Helpers for ``bench/sync.py``: the hub served by uvicorn in a child process (with a
trivial echo route added to the app instance, for the bench only), a throwaway
PostgreSQL, set-up device stores filled quickly, and devices simulated over HTTP.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from fastapi import FastAPI, Request, Response
from sqlalchemy import create_engine, select

from frontdesk.contacts.models import Service, Structure
from frontdesk.hub import admin
from frontdesk.hub.app import create_app
from frontdesk.hub.cli import THREADS, THREADS_ENV
from frontdesk.hub.db import HubStore, upgrade_hub
from frontdesk.hub.models import Counter
from frontdesk.setup import first_run, known_sites
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store
from frontdesk.sync.protocol import PROTOCOL_VERSION
from frontdesk.visits.record import VisitInput, save_visit
from tests.hub.postgres import PostgresServer

PAGES_ENV = "FRONTDESK_BENCH_PAGES"  # folder of the bytes the echo route serves
JOURNEYS = ("declarer-revenus", "permis-carte-identite", "preparer-retraite", "demander-aide")
OUTCOMES = ("resolu", "a-revoir")


# --- the hub, in a child process ---------------------------------------------------------


def bench_app() -> FastAPI:
    """The production app (``create_app``) plus two trivial routes on THIS instance only:
    POST ``/bench/echo`` reads the body and answers its length; GET
    ``/bench/echo/{name}`` answers the bytes of a file written by the bench."""
    threads = int(os.environ.get(THREADS_ENV, THREADS))  # as ``frontdesk-hub serve``
    app = create_app(HubStore(os.environ["FRONTDESK_HUB_DB"]), threads=threads)
    folder = Path(os.environ.get(PAGES_ENV, "."))

    async def echo_post(request: Request) -> Response:
        body = await request.body()
        return Response(b'{"octets":%d}' % len(body), media_type="application/json")

    def echo_get(name: str) -> Response:
        return Response((folder / Path(name).name).read_bytes(), media_type="application/json")

    app.add_api_route("/bench/echo", echo_post, methods=["POST"])
    app.add_api_route("/bench/echo/{name}", echo_get, methods=["GET"])
    return app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HubServer:
    """``uvicorn bench.sync_setup:bench_app --factory --workers N`` on a loopback port,
    the database named by ``FRONTDESK_HUB_DB`` as ``frontdesk-hub serve`` does."""

    def __init__(self, db_url: str, folder: Path, workers: int = 1) -> None:
        self.db_url, self.folder, self.workers = db_url, folder, workers
        self.port = free_port()
        self.log = folder / f"hub-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HubServer:
        code = (
            "import sys, uvicorn; uvicorn.run('bench.sync_setup:bench_app', factory=True,"
            " host='127.0.0.1', port=int(sys.argv[1]), workers=int(sys.argv[2]),"
            " log_level='warning', access_log=False, lifespan='on')"
        )
        env = os.environ | {"FRONTDESK_HUB_DB": self.db_url, PAGES_ENV: str(self.folder)}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, str(self.port), str(self.workers)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=Path(__file__).resolve().parent.parent,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.url + "/v1/health", timeout=1).ok:
                    time.sleep(0.5 if self.workers > 1 else 0)  # every worker up
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"Le hub n'a pas démarré : voir {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def postgres_database(name: str = "hub_banc") -> Iterator[str]:
    """A throwaway PostgreSQL server (as the hub tests start it) and an empty database."""
    server = PostgresServer().start()
    try:
        engine = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
        engine.dispose()
        yield server.url(name)
    finally:
        server.stop()


def prepare_hub(db_url: str, sites: list[str]) -> HubStore:
    """The schema, the two known sites and ``sites``: the bench's own admin access."""
    store = HubStore(db_url)
    upgrade_hub(store.engine)
    with store.transaction() as session:
        for site in [s.id for s in known_sites()] + sites:
            admin.create_site(session, site, f"France Services {site}")
    return store


def issue_code(store: HubStore, site: str | None) -> str:
    with store.transaction() as session:
        kind = "tuteur" if site is None else "site"
        return admin.issue_enrollment(session, kind, site, directory_editor=kind == "site").code


def counter_value(store: HubStore) -> int:
    with store.transaction() as session:
        return session.scalar(select(Counter.value).where(Counter.id == 1)) or 0


# --- device stores --------------------------------------------------------------------


def device_store(folder: Path, name: str, site: int = 0) -> Store:
    """A set-up device store (0 Moreuil, 1 Roye), as the first-run wizard leaves it."""
    path = folder / name / "frontdesk.db"
    prepare_store(path, folder / name / "sauvegardes")
    store = Store(path)
    with store.transaction() as session:
        store.profile = first_run(
            session, known_sites()[site], f"Banc {name}", "superviseur", "motdepasse-banc"
        )
    return store


def add_visits(store: Store, count: int, seed: int = 6) -> None:
    """``count`` visits through ``save_visit`` in one transaction (outbox rows included)."""
    rng = random.Random(seed)
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    with store.transaction() as session:
        for n in range(count):
            visit = VisitInput(
                started_at=start + timedelta(minutes=7 * n),
                channel="guichet",
                journeys=(rng.choice(JOURNEYS),),
                outcome=rng.choice(OUTCOMES),
            )
            save_visit(session, visit, store.profile.id)


def add_directory(store: Store, structures: int, services_each: int) -> None:
    """Structures and their services through the ORM (outbox rows by the store's hook)."""
    today = date(2026, 2, 1)
    with store.transaction() as session:
        for s in range(structures):
            structure = Structure(
                di_id=f"banc--s{s}",
                nom=f"Structure d'insertion n° {s}",
                description="Accueil, information et accompagnement des habitants.",
                telephone=f"03 22 {s // 100 % 100:02d} {s % 100:02d} 00",
                courriel=f"accueil{s}@exemple.fr",
                code_postal="80110",
                commune="Moreuil",
                code_insee="80570",
                date_maj=today,
                source="banc",
            )
            session.add(structure)
            session.flush()
            for k in range(services_each):
                n = s * services_each + k
                session.add(
                    Service(
                        di_id=f"banc--v{n}",
                        structure_id=structure.id,
                        nom=f"Service n° {n}",
                        description="Un accompagnement individuel, sur rendez-vous. " * 4,
                        type="accompagnement",
                        thematiques=["numerique", "famille"],
                        publics=["familles-enfants"],
                        frais="gratuit",
                        zone_eligibilite=["80"],
                        modes_accueil=["en-presentiel"],
                        telephone=f"03 22 {n // 10000:02d} {n // 100 % 100:02d} {n % 100:02d}",
                        date_maj=today,
                        source="banc",
                    )
                )


# --- devices simulated over HTTP ------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(share * 1000) - 1]


class SimDevice:
    """A device at the HTTP level: its token, its outbox seq, its pull cursor."""

    def __init__(self, url: str, token: str, device_id: str, site: str, cursor: int) -> None:
        self.url, self.token, self.id, self.site = url, token, device_id, site
        self.seq, self.cursor = 0, cursor
        self.rng = random.Random(device_id)

    @classmethod
    def enroll(cls, url: str, code: str, label: str, site: str, cursor: int) -> SimDevice:
        body = {"protocol": PROTOCOL_VERSION, "code": code, "label": label}
        answer = requests.post(url + "/v1/enroll", json=body, timeout=30)
        answer.raise_for_status()
        data = answer.json()
        return cls(url, data["token"], data["device_id"], site, cursor)

    def _visit(self) -> dict[str, Any]:
        self.seq += 1
        record = str(uuid.uuid4())
        now = datetime.now(UTC).isoformat()
        payload = {
            "id": record,
            "site_id": self.site,
            "device_id": self.id,
            "agent_id": self.id,
            "started_at": now,
            "ended_at": now,
            "channel": "guichet",
            "journeys": [self.rng.choice(JOURNEYS)],
            "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
            "operators": ["dgfip"],
            "publics": {},
            "orientations": [],
            "outcome": self.rng.choice(OUTCOMES),
            "age_band": None,
            "commune_insee": None,
            "note": None,
            "voided_at": None,
            "void_reason": None,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        return {
            "seq": self.seq,
            "mutation_id": str(uuid.uuid4()),
            "entity": "visit",
            "record_id": record,
            "op": "create",
            "base_version": 0,
            "version": 1,
            "changed": sorted(k for k in payload if k not in {"id", "site_id", "device_id"}),
            "payload": payload,
        }

    def push(self, http: requests.Session, count: int) -> tuple[float, bool]:
        """One push of ``count`` new visits: (seconds, ok). A failed push is sent again
        with the same seqs next time, as a real device would."""
        first = self.seq + 1
        mutations = [self._visit() for _ in range(count)]
        body = {"protocol": PROTOCOL_VERSION, "mutations": mutations}
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Idempotency-Key": f'"{self.id}.{first}.{self.seq}"',
        }
        start = time.perf_counter()
        try:
            answer = http.post(self.url + "/v1/push", json=body, headers=headers, timeout=30)
            ok = answer.status_code == 200 and answer.json()["last_seq"] == self.seq
        except requests.RequestException:
            ok = False
        seconds = time.perf_counter() - start
        if not ok:
            self.seq = first - 1
        return seconds, ok

    def pull(self, http: requests.Session) -> tuple[float, bool, bool]:
        """One page: (seconds, ok, more)."""
        params = {"cursor": self.cursor, "protocol": PROTOCOL_VERSION}
        headers = {"Authorization": f"Bearer {self.token}"}
        start = time.perf_counter()
        try:
            answer = http.get(self.url + "/v1/pull", params=params, headers=headers, timeout=30)
            ok = answer.status_code == 200
            data = answer.json() if ok else {}
        except requests.RequestException:
            ok, data = False, {}
        seconds = time.perf_counter() - start
        if ok:
            self.cursor = data["cursor"]
        return seconds, ok, bool(data.get("more"))
