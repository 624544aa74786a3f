"""Sync: a hub on loopback (uvicorn in a child process), once on SQLite and once on
PostgreSQL, each figure next to its baseline measured in the same run:

1. a device pushes 10 000 visits with ``sync_once`` (target ≤ 3 s), next to ``requests``
   POSTing the same JSON bodies (same batches) to a trivial route of the same server;
2. a fresh device pulls 20 000 directory records that another device pushed (≤ 3 s),
   next to GETting the same page bytes from the trivial route;
3. a sync with nothing to do, median of 20 (≤ 30 ms), next to a GET of ``/v1/health``;
4. 50 devices simulated over HTTP (threads, each enrolled with its own token) pushing
   1 to 5 visits then pulling, in a loop, for 60 s (``--duree``): zero errors, p99 of
   push and of pull ≤ 250 ms.

SQLite is served by one uvicorn worker, PostgreSQL by ``--workers`` (default 2).
Run from the repository root: ``.venv/bin/python -m bench.sync``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

from bench.sync_setup import (
    HubServer,
    SimDevice,
    add_directory,
    add_visits,
    counter_value,
    device_store,
    issue_code,
    percentile,
    postgres_database,
    prepare_hub,
)
from frontdesk.hub.db import HubStore
from frontdesk.hub.models import Device
from frontdesk.stats.french import french_number as fr
from frontdesk.store.engine import Store
from frontdesk.sync.batch import OutboxBatch, read_batch
from frontdesk.sync.client import HubClient
from frontdesk.sync.protocol import PROTOCOL_VERSION, PullResponse, PushResponse
from frontdesk.sync.run import enroll_device, sync_once

VISITS, STRUCTURES, SERVICES_EACH = 10_000, 2_000, 9  # 2 000 + 18 000 = 20 000 records
PUSH_TARGET_S, PULL_TARGET_S, IDLE_TARGET_MS, P99_TARGET_MS = 3.0, 3.0, 30.0, 250.0
IDLE_RUNS = 20
SITES = [f"banc-{n:02d}" for n in range(1, 11)]  # the simulated devices' sites, 5 each
SIMULATORS = 2  # processes simulating the devices


def verdict(ok: bool) -> str:
    return "atteinte" if ok else "NON ATTEINTE"


def line(label: str, text: str) -> None:
    print(f"  {label:<28}: {text}")


class TimedClient(HubClient):
    """The real client, adding up the time spent in HTTP calls (request, answer, parsing)."""

    spent: dict[str, float]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spent = TIMES

    def push(self, batch: OutboxBatch, key: str) -> PushResponse:
        start = time.perf_counter()
        try:
            return super().push(batch, key)
        finally:
            self.spent["push"] += time.perf_counter() - start

    def pull(self, cursor: int, *more: Any, **options: Any) -> PullResponse:
        start = time.perf_counter()
        try:
            return super().pull(cursor, *more, **options)
        finally:
            self.spent["pull"] += time.perf_counter() - start


TIMES: dict[str, float] = {"push": 0.0, "pull": 0.0}


def timed_sync(store: Store) -> tuple[float, Any]:
    TIMES.update(push=0.0, pull=0.0)
    start = time.perf_counter()
    report = sync_once(store, TimedClient)
    return time.perf_counter() - start, report


def push_bodies(store: Store) -> list[bytes]:
    """The push bodies ``sync_once`` will send, batch by batch, as ``requests`` encodes them."""
    bodies, after = [], 0
    with store.session() as session:
        while batch := read_batch(session, after):
            bodies.append(batch.body)
            after = batch.last_seq
    return bodies


def post_all(url: str, bodies: list[bytes]) -> float:
    headers = {"Content-Type": "application/json"}
    with requests.Session() as http:
        for _ in range(3):  # every worker has served a request
            http.post(url + "/bench/echo", data=b"{}", headers=headers, timeout=30)
        start = time.perf_counter()
        for body in bodies:
            http.post(
                url + "/bench/echo", data=body, headers=headers, timeout=30
            ).raise_for_status()
        return time.perf_counter() - start


def bench_push(hub: HubServer, hub_store: HubStore, folder: Path) -> tuple[bool, Store]:
    store = device_store(folder, "accueil-moreuil", 0)
    start = time.perf_counter()
    add_visits(store, VISITS)
    made = time.perf_counter() - start
    enroll_device(store, hub.url, issue_code(hub_store, "moreuil"), "PC banc envoi")
    bodies = push_bodies(store)
    echo_s = post_all(hub.url, bodies)
    sync_s, report = timed_sync(store)
    size = sum(len(b) for b in bodies)
    ok = sync_s <= PUSH_TARGET_S and report.pushed == VISITS
    print(f"1. Envoi de {fr(VISITS)} visites (créées en {fr(made, 1)} s par save_visit)")
    line(
        "sync_once",
        f"{fr(sync_s, 2)} s ({fr(report.pushed)} envoyées, {len(bodies)} lots,"
        f" {fr(size / 1e6, 1)} Mo ; HTTP envoi {fr(TIMES['push'], 2)} s, réception de ses"
        f" propres visites {fr(TIMES['pull'], 2)} s ({fr(report.pulled)} fiches), base locale"
        f" {fr(sync_s - TIMES['push'] - TIMES['pull'], 2)} s)",
    )
    line("requests, mêmes octets", f"{fr(echo_s, 2)} s (POST vers une route triviale)")
    line("cible ≤ 3 s", f"{verdict(ok)} (rapport {fr(sync_s / echo_s, 1)} × la route triviale)")
    return ok, store


def pull_pages(hub: HubServer, hub_store: HubStore, folder: Path) -> list[str]:
    """Pages a fresh Roye device receives, saved for the echo route; their file names."""
    witness = SimDevice.enroll(hub.url, issue_code(hub_store, "roye"), "témoin", "roye", 0)
    names, more = [], True
    headers = {"Authorization": f"Bearer {witness.token}"}
    while more:
        params = {"cursor": witness.cursor, "protocol": PROTOCOL_VERSION}
        answer = requests.get(hub.url + "/v1/pull", params=params, headers=headers, timeout=60)
        answer.raise_for_status()
        data = answer.json()
        witness.cursor, more = data["cursor"], data["more"]
        name = f"page-{len(names):03d}.json"
        (folder / name).write_bytes(answer.content)
        names.append(name)
    return names


def get_all(url: str, names: list[str], folder: Path) -> tuple[float, int]:
    with requests.Session() as http:
        start = time.perf_counter()
        size = 0
        for name in names:
            answer = http.get(f"{url}/bench/echo/{name}", timeout=30)
            answer.raise_for_status()
            size += len(answer.content)
        seconds = time.perf_counter() - start
    assert size == sum((folder / n).stat().st_size for n in names)
    return seconds, size


def bench_pull(hub: HubServer, hub_store: HubStore, folder: Path) -> bool:
    source = device_store(folder, "annuaire", 1)
    add_directory(source, STRUCTURES, SERVICES_EACH)
    enroll_device(source, hub.url, issue_code(hub_store, "roye"), "PC banc annuaire")
    sent_s, sent = timed_sync(source)
    source.close()
    fresh = device_store(folder, "accueil-roye", 1)
    enroll_device(fresh, hub.url, issue_code(hub_store, "roye"), "PC banc réception")
    sync_s, report = timed_sync(fresh)
    fresh.close()
    names = pull_pages(hub, hub_store, folder)
    echo_s, size = get_all(hub.url, names, folder)
    records = STRUCTURES * (1 + SERVICES_EACH)
    ok = sync_s <= PULL_TARGET_S and report.pulled >= records
    print(
        f"2. Réception de {fr(records)} fiches d'annuaire par un poste neuf (envoyées d'un autre"
        f" poste en {fr(sent_s, 1)} s, {fr(sent.pushed)} fiches)"
    )
    line(
        "sync_once",
        f"{fr(sync_s, 2)} s ({fr(report.pulled)} fiches, {len(names)} pages,"
        f" {fr(size / 1e6, 1)} Mo ; HTTP {fr(TIMES['pull'], 2)} s, base locale"
        f" {fr(sync_s - TIMES['pull'] - TIMES['push'], 2)} s)",
    )
    line("requests, mêmes octets", f"{fr(echo_s, 2)} s (GET d'une route triviale)")
    line("cible ≤ 3 s", f"{verdict(ok)} (rapport {fr(sync_s / echo_s, 1)} × la route triviale)")
    return ok


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_idle(hub: HubServer, store: Store) -> bool:
    sync_once(store)  # the directory pushed meanwhile: receive it first
    sync_ms = median_ms(lambda: sync_once(store), IDLE_RUNS)
    health_ms = median_ms(lambda: requests.get(hub.url + "/v1/health", timeout=10), IDLE_RUNS)
    ok = sync_ms <= IDLE_TARGET_MS
    print("3. Synchronisation sans rien à faire")
    line("sync_once", f"{fr(sync_ms, 1)} ms (médiane de {IDLE_RUNS})")
    line("GET /v1/health", f"{fr(health_ms, 1)} ms (médiane de {IDLE_RUNS}, nouvelle connexion)")
    line("cible ≤ 30 ms", verdict(ok))
    return ok


@dataclass
class Tally:
    push: list[float] = field(default_factory=list)
    pull: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def device_loop(device: SimDevice, deadline: float, tally: Tally) -> None:
    push, pull, errors = [], [], 0
    while time.perf_counter() < deadline:
        with requests.Session() as http:  # one connection per sync, as sync_once does
            seconds, ok = device.push(http, device.rng.randint(1, 5))
            push.append(seconds)
            errors += not ok
            more = ok
            while more:
                seconds, ok, more = device.pull(http)
                pull.append(seconds)
                errors += not ok
    with tally.lock:
        tally.push += push
        tally.pull += pull
        tally.errors += errors


def run_devices(devices: list[SimDevice], seconds: float) -> tuple[Tally, dict[str, int]]:
    """One simulator process: a thread per device for ``seconds``; the latencies and
    each device's last seq."""
    tally = Tally()
    deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=device_loop, args=(d, deadline, tally)) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.lock = None  # type: ignore[assignment]  # travels back to the parent (pickle)
    return tally, {d.id: d.seq for d in devices}


def bench_devices(hub: HubServer, hub_store: HubStore, count: int, seconds: float) -> bool:
    cursor = counter_value(hub_store)  # devices already up to date with the directory
    devices = [
        SimDevice.enroll(hub.url, issue_code(hub_store, site), f"poste {n}", site, cursor)
        for n in range(count)
        for site in [SITES[n % len(SITES)]]
    ]
    # the simulated PCs in several processes, as real PCs are: one Python process for 50
    # devices would add its own GIL queue to the latencies it measures
    groups = [devices[i::SIMULATORS] for i in range(SIMULATORS)]
    start = time.perf_counter()
    # spawned, not forked: a fork would share this process's database connections
    with ProcessPoolExecutor(SIMULATORS, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(run_devices, groups, [seconds] * SIMULATORS))
    elapsed = time.perf_counter() - start
    tally, seqs = Tally(), {}
    for part, part_seqs in results:
        tally.push += part.push
        tally.pull += part.pull
        tally.errors += part.errors
        seqs |= part_seqs
    with hub_store.transaction() as session:
        acked = {
            row.id: row.last_seq for row in session.execute(select(Device.id, Device.last_seq))
        }
        enrolled = session.scalar(select(func.count()).select_from(Device))
    lost = sum(1 for d in devices if acked.get(uuid.UUID(d.id)) != seqs[d.id])
    requests_ = len(tally.push) + len(tally.pull)
    p99 = max(percentile(tally.push, 0.99), percentile(tally.pull, 0.99)) * 1000
    ok = tally.errors == 0 and lost == 0 and p99 <= P99_TARGET_MS
    visits = sum(seqs.values())
    print(
        f"4. {count} postes simulés en parallèle pendant {fr(seconds)} s"
        f" ({len(SITES)} sites, {enrolled} postes inscrits au hub ; simulés par"
        f" {SIMULATORS} processus, un fil par poste)"
    )
    line(
        "requêtes",
        f"{fr(requests_)} ({fr(len(tally.push))} envois, {fr(len(tally.pull))} réceptions ;"
        f" {fr(requests_ / elapsed)} par seconde ; {fr(visits)} visites envoyées)",
    )
    line("erreurs", f"{fr(tally.errors)} ; postes dont le hub n'a pas tout : {lost}")
    for label, values in (("envoi", tally.push), ("réception", tally.pull)):
        line(
            f"latence {label}",
            f"p50 {fr(percentile(values, 0.5) * 1000, 1)} ms, p95"
            f" {fr(percentile(values, 0.95) * 1000, 1)} ms, p99"
            f" {fr(percentile(values, 0.99) * 1000, 1)} ms",
        )
    line("cible 0 erreur, p99 ≤ 250 ms", verdict(ok))
    return ok


def run_backend(
    title: str, db_url: str, folder: Path, workers: int, args: argparse.Namespace
) -> list[bool]:
    hub_store = prepare_hub(db_url, SITES)
    hub = HubServer(db_url, folder, workers).start()
    print(f"=== Hub sur {title} ({workers} processus uvicorn, boucle locale) ===")
    try:
        push_ok, store = bench_push(hub, hub_store, folder)
        pull_ok = bench_pull(hub, hub_store, folder)
        idle_ok = bench_idle(hub, store)
        store.close()
        devices_ok = bench_devices(hub, hub_store, args.postes, args.duree)
    finally:
        hub.stop()
        hub_store.close()
    return [push_ok, pull_ok, idle_ok, devices_ok]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=float, default=60.0, help="secondes de l'essai à 50 postes")
    parser.add_argument("--postes", type=int, default=50, help="postes simulés en parallèle")
    parser.add_argument("--workers", type=int, default=2, help="processus uvicorn (PostgreSQL)")
    parser.add_argument("--base", choices=("sqlite", "postgresql", "les-deux"), default="les-deux")
    args = parser.parse_args()
    results: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="frontdesk-banc-sync-") as tmp:
        if args.base in ("sqlite", "les-deux"):
            folder = Path(tmp) / "sqlite"
            folder.mkdir()
            results += run_backend("SQLite", f"sqlite:///{folder / 'hub.db'}", folder, 1, args)
        if args.base in ("postgresql", "les-deux"):
            folder = Path(tmp) / "postgresql"
            folder.mkdir()
            with postgres_database() as url:
                results += run_backend("PostgreSQL", url, folder, args.workers, args)
    missed = results.count(False)
    print(
        "Verdict : toutes les cibles sont atteintes."
        if not missed
        else f"Verdict : {missed} cible(s) NON ATTEINTE(S) sur {len(results)}."
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
