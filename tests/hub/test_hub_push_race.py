"""Two PCs pushing the first version of the same record at the same moment, on
PostgreSQL: neither sees the other's uncommitted row when it loads the record, so both
try to insert it. The second must end as the conflict it is (merged field by field on a
retry of its transaction), never as a 500."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from frontdesk.hub.models import Record
from tests.hub.conftest import Device, enroll
from tests.sync.conftest import RunningHub

ROUNDS = 40


@pytest.mark.parametrize("hub_url", ["postgresql"], indirect=True)
def test_concurrent_first_versions_of_one_record_end_as_a_conflict(hub_store) -> None:
    hub = RunningHub(hub_store).start()
    clients = [httpx.Client(base_url=hub.url, timeout=30) for _ in range(2)]
    try:
        # two superviseurs' PCs, one per site: both may write the shared directory
        devices = [
            enroll(http, hub_store, site)  # type: ignore[arg-type]
            for http, site in zip(clients, ("moreuil", "roye"), strict=True)
        ]
        start = threading.Barrier(2)

        def push(device: Device, record_id: uuid.UUID) -> tuple[int, Any]:
            mutation = device.mutation("direct_contact", record_id, name=f"Accueil {device.site}")
            start.wait(timeout=10)
            try:
                answer = device.push(mutation)
            except httpx.TransportError as exc:  # the server dropped the connection
                device.seq -= 1
                return 0, repr(exc)
            if answer.status_code != 200:
                device.seq -= 1  # not applied: the next round reuses its seq
                return answer.status_code, answer.text
            [result] = answer.json()["results"]
            return 200, result["status"]

        failures, outcomes = [], []
        with ThreadPoolExecutor(2) as pool:
            for round_ in range(ROUNDS):
                record_id = uuid.uuid4()
                answers = list(pool.map(push, devices, [record_id] * 2))
                if any(code != 200 for code, _ in answers):
                    failures.append((round_, answers))
                    continue
                outcomes.append(sorted(status for _, status in answers))
                with hub_store.transaction() as session:
                    held = session.scalar(
                        select(func.count()).select_from(Record).where(Record.id == record_id)
                    )
                assert held == 1
        assert failures == [], f"{len(failures)} courses sur {ROUNDS} : {failures[:3]}"
        # the first to commit creates the contact; the other's differing name is a
        # conflict (the hub's value kept), whichever way the race went
        assert outcomes == [["applied", "conflict"]] * ROUNDS
    finally:
        for http in clients:
            http.close()
        hub.stop()


@pytest.mark.parametrize("hub_url", ["postgresql"], indirect=True)
def test_a_structure_deleted_while_a_service_is_added_never_leaves_an_orphan(hub_store) -> None:
    """One superviseur's PC deletes a structure while another adds a service to it: one of
    the two is refused, never both applied (a live service under a deleted structure,
    which every PC would set aside for ever)."""
    hub = RunningHub(hub_store).start()
    clients = [httpx.Client(base_url=hub.url, timeout=30) for _ in range(2)]
    try:
        deleter, adder = (
            enroll(http, hub_store, site)  # type: ignore[arg-type]
            for http, site in zip(clients, ("moreuil", "roye"), strict=True)
        )
        start = threading.Barrier(2)

        def push(device: Device, mutation: dict) -> str:
            start.wait(timeout=10)
            answer = device.push(mutation)
            assert answer.status_code == 200, answer.text
            return answer.json()["results"][0]["status"]

        orphans = []
        with ThreadPoolExecutor(2) as pool:
            for round_ in range(ROUNDS // 2):
                structure = uuid.uuid4()
                made = deleter.mutation("structure", structure, nom=f"Structure {round_}")
                assert deleter.push(made).json()["results"][0]["status"] == "applied"
                gone = deleter.mutation("structure", structure, "delete", base=1)
                added = adder.mutation("service", uuid.uuid4(), structure_id=str(structure))
                list(pool.map(push, (deleter, adder), (gone, added)))
                with hub_store.transaction() as session:
                    rows = session.execute(
                        select(Record.entity, Record.deleted).where(
                            (Record.id == structure)
                            | (Record.payload["structure_id"].as_string() == str(structure))
                        )
                    ).all()
                states = dict(rows)
                if states.get("structure") and states.get("service") is False:
                    orphans.append(round_)
        assert orphans == [], f"{len(orphans)} services orphelins sur {ROUNDS // 2}"
    finally:
        for http in clients:
            http.close()
        hub.stop()
