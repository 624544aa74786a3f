"""The paths every real deployment takes (issue 11): the shipped directory on every PC,
counter PCs next to superviseur PCs, a shared import. Each test reproduces what a fault
campaign saw stop the network's sync or erase data, through a real hub on loopback."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests
from sqlalchemy import delete, select, update

from frontdesk.contacts.defaults import default_directory, default_id
from frontdesk.contacts.importing import import_parsed, parse_json
from frontdesk.contacts.models import DirectContact, DirectoryReport, Service, Structure
from frontdesk.contacts.reports import report_error
from frontdesk.device import get_setting, put_setting
from frontdesk.hub.changes import next_change_id
from frontdesk.hub.maintenance import purge_tombstones, restored
from frontdesk.hub.models import Counter, Device, HubBase, Record
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.sync import run
from frontdesk.sync.batch import read_batch
from frontdesk.sync.client import HubClient, HubUnavailable
from frontdesk.sync.models import SyncIssue, SyncSent
from frontdesk.sync.protocol import MAX_BODY_BYTES
from frontdesk.sync.run import PUSH_LIMIT, enroll_device, sync_once
from frontdesk.visits.models import Visit
from frontdesk.visits.record import void_visit
from tests.core.test_directory_import import di_service, di_structure
from tests.sync.conftest import RunningHub
from tests.sync.test_reliability import (
    SITES,
    delete_record,
    hub_copy,
    hub_ids,
    hub_snapshot,
    hub_value,
    issues,
    local_copy,
    local_ids,
    new_contact,
    outbox_mutations,
    outbox_seqs,
    raw_push,
    save_visits,
    seed_defaults,
    setting,
)

MISSING = object()


def _nested(depth: int) -> Any:
    value: Any = "fin"
    for _ in range(depth):
        value = {"n": value}
    return value


def pc(
    hub: RunningHub, make_device: Callable[..., Store], name: str, site: int, *, editor: bool
) -> Store:
    """A PC as installed: the shipped directory seeded, then enrolled (a superviseur's PC
    edits the shared directory, a counter PC proposes)."""
    store = make_device(name, site)
    seed_defaults(store)
    enroll_device(store, hub.url, hub.code(SITES[site], editor=editor), f"PC {name}")
    return store


def hub_record(hub: RunningHub, entity: str, record_id: uuid.UUID) -> Record | None:
    with hub.store.transaction() as session:
        return session.scalars(
            select(Record).where(Record.entity == entity, Record.id == record_id)
        ).one_or_none()


def test_a_counter_pc_edit_of_a_default_entry_keeps_it_everywhere(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    superviseur = pc(hub, make_device, "sup", 0, editor=True)
    counter = pc(hub, make_device, "accueil", 1, editor=False)
    directory = default_directory()
    structure_id = default_id(directory.structures[0].di_id)
    service_id = default_id(directory.services[0].di_id)
    for store in (superviseur, counter):
        sync_once(store)
    with counter.transaction() as session:
        session.get(Structure, structure_id).telephone = "+33322000000"
        session.get(Service, service_id).telephone = "+33322000001"
    sync_once(counter)
    for store in (superviseur, counter):
        sync_once(store)  # must not fail, and nothing may disappear
        assert structure_id in local_ids(store, Structure)
        assert service_id in local_ids(store, Service)
        with store.session() as session:
            proposals = session.scalars(select(DirectoryReport.target_id)).all()
        assert sorted(proposals) == sorted([structure_id, service_id])
    kept = hub_record(hub, "structure", structure_id)
    assert kept is not None and not kept.deleted and kept.payload.get("telephone") is None
    with counter.session() as session:  # the counter PC's copy is the hub's again
        assert session.get(Structure, structure_id).telephone is None


def test_a_shared_import_on_a_counter_pc_then_the_superviseur_keeps_every_entry(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    superviseur = pc(hub, make_device, "sup", 0, editor=True)
    counter = pc(hub, make_device, "accueil", 1, editor=False)
    data = {"structures": [di_structure(0)], "services": [di_service(1)]}
    assert import_parsed(counter, parse_json(data)).created == 2
    sync_once(counter)
    assert import_parsed(superviseur, parse_json(data)).created == 2
    for store in (superviseur, counter, superviseur):
        sync_once(store)
    imported = {default_id("dora--str-0"), default_id("dora--svc-1")}
    for store in (superviseur, counter):
        assert imported <= local_ids(store, Structure) | local_ids(store, Service)
        assert [kind for kind, _ in issues(store) if kind == "conflict"] == []
    assert not hub_record(hub, "structure", default_id("dora--str-0")).deleted


# -- 2. one bad record --------------------------------------------------------------------------

POISONS: list[tuple[str, str, Any]] = [  # (entity, field, value) a PC once pushed
    ("directory_report", "created_at", "pas-une-date"),
    ("directory_report", "target_id", "pas-un-uuid"),
    ("visit", "note", _nested(150)),
    ("visit", "age_band", 10**40),
    ("visit", "journeys", ["motif-inexistant"]),
    ("visit", "channel", "pigeon-voyageur"),
    ("visit", "thematiques", ["categorie-inexistante"]),
    ("visit", "site_id", "m" * 65),
    ("visit", "site_id", "moreuil\x00"),
    ("visit", "outcome", MISSING),
]


@pytest.mark.parametrize(("entity", "field", "value"), POISONS)
def test_the_hub_refuses_a_poison_record_and_the_network_goes_on(
    hub: RunningHub, make_device: Callable[..., Store], entity: str, field: str, value: Any
) -> None:
    sender = pc(hub, make_device, "sender", 0, editor=False)
    other = pc(hub, make_device, "other", 0, editor=True)
    report_target = default_id(default_directory().structures[0].di_id)
    with sender.transaction() as session:
        report_error(session, "structure", report_target, "autre", "Le numéro a changé.",
                     sender.profile)  # fmt: skip
    save_visits(sender, 1)
    [*_, report, visit] = outbox_mutations(sender).values()
    poisoned = report if entity == "directory_report" else visit
    if value is MISSING:
        del poisoned.payload[field]
    else:
        poisoned.payload[field] = value
    before = hub_snapshot(hub)
    answer = raw_push(hub, sender, [report, visit])
    assert answer.status_code == 200, answer.text
    results = {r["seq"]: r for r in answer.json()["results"]}
    assert results[poisoned.seq]["status"] == "rejected"
    assert f"« {field} »" in results[poisoned.seq]["reason"]
    assert answer.json()["last_seq"] == visit.seq  # acknowledged: it never blocks the queue
    stored = hub_ids(hub, entity)
    assert poisoned.record_id not in stored
    assert len(hub_snapshot(hub)["records"]) == len(before["records"]) + 1
    later = save_visits(sender, 2, day=9)
    with sender.transaction() as session:
        session.execute(delete(Outbox).where(Outbox.seq <= visit.seq))  # sent above
    sync_once(sender)
    sync_once(other)  # the other PC's sync is untouched, and gets the later visits
    assert set(later) <= local_ids(other, Visit)


def test_a_pc_sets_aside_a_record_it_cannot_apply_and_takes_the_rest(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    """A record the hub holds but a PC cannot store (an older hub accepted it; the
    structure's services are still on the PC): set aside with a French reason, shown in
    Synchronisation, and every later change still arrives."""
    sender = pc(hub, make_device, "sender", 0, editor=True)
    reader = pc(hub, make_device, "reader", 0, editor=True)
    [bad_visit] = save_visits(sender, 1)
    sync_once(sender)
    structure = default_id(default_directory().structures[0].di_id)
    with hub.store.transaction() as session:  # what an unchecking hub once let through
        record = session.get(Record, ("visit", bad_visit))
        record.payload = {**record.payload, "created_at": "pas-une-date"}
        session.get(Record, ("structure", structure)).deleted = True
        next_id = next_change_id(session, 2)
        record.change_id = next_id - 1
        session.get(Record, ("structure", structure)).change_id = next_id
    later = save_visits(sender, 2, day=9)
    sync_once(sender)
    report = sync_once(reader)
    assert set(later) <= local_ids(reader, Visit)
    assert bad_visit not in local_ids(reader, Visit)
    assert structure in local_ids(reader, Structure)  # its services still need it
    problems = [reason for kind, _, reason in parked(reader)]
    assert len(problems) == 2 and any("« created_at »" in p for p in problems)
    assert any("en dépendent encore" in p for p in problems)
    assert report.pulled >= 2
    sync_once(reader)  # tried again, still set aside, told once
    assert len(parked(reader)) == 2
    with hub.store.transaction() as session:  # the hub is repaired: the next sync takes it
        record = session.get(Record, ("visit", bad_visit))
        record.payload = {**record.payload, "created_at": "2026-04-07T08:00:00+00:00"}
        record.change_id = next_change_id(session)
    sync_once(reader)
    assert bad_visit in local_ids(reader, Visit)


def parked(store: Store) -> list[tuple[str, uuid.UUID, str]]:
    with store.session() as session:
        return [
            (i.kind, i.record_id, i.reason)
            for i in session.scalars(select(SyncIssue).where(SyncIssue.kind == "parked"))
        ]


# -- 3. a hub restored from a backup --------------------------------------------------------------


def backup(hub: RunningHub) -> dict[str, list[dict[str, Any]]]:
    """Every row of every hub table, as a dump would keep them."""
    with hub.store.transaction() as session:
        return {
            table.name: [dict(row._mapping) for row in session.execute(table.select())]
            for table in HubBase.metadata.sorted_tables
        }


def restore_backup(hub: RunningHub, dump: dict[str, list[dict[str, Any]]]) -> None:
    """The hub's database as it was at ``dump`` (the server keeps running, as a database
    restored under it)."""
    tables = HubBase.metadata.sorted_tables
    with hub.store.transaction() as session:
        for table in reversed(tables):
            session.execute(table.delete())
        for table in tables:
            if dump[table.name]:
                session.execute(table.insert(), dump[table.name])


@pytest.mark.parametrize("declared", [False, True], ids=["found", "declared"])
def test_a_hub_restored_from_a_backup_gets_back_what_it_lost(
    hub: RunningHub, make_device: Callable[..., Store], declared: bool
) -> None:
    counter = pc(hub, make_device, "accueil", 0, editor=False)
    reader = pc(hub, make_device, "lecteur", 0, editor=True)  # pulls, never pushes
    older = save_visits(counter, 3)
    sync_once(counter)
    dump = backup(hub)
    newer = save_visits(counter, 3, day=9)
    with counter.transaction() as session:
        void_visit(session, older[0], "erreur de saisie")  # an edit the backup lacks too
    sync_once(counter)
    sync_once(reader)
    restore_backup(hub, dump)
    if declared:
        with hub.store.transaction() as session:
            restored(session)
    if declared:  # the PC that only pulled learns it from the new epoch
        sync_once(reader)
        assert set(older) | set(newer) <= local_ids(reader, Visit)  # nothing deleted
    report = sync_once(counter)
    assert any("restauré" in message for message in report.messages)
    assert set(older) | set(newer) <= local_ids(counter, Visit)  # nothing deleted here
    assert sorted(hub_ids(hub)) == sorted(older + newer)  # the hub has them all again
    with hub.store.transaction() as session:
        assert session.get(Record, ("visit", older[0])).payload["voided_at"] is not None
    sync_once(counter)  # and later syncs are normal again
    save_visits(counter, 1, day=10)
    sync_once(counter)
    sync_once(reader)
    assert local_copy(reader) == hub_copy(hub, reader) == local_copy(counter)


def test_a_backup_older_than_the_kept_acknowledgements_brings_back_every_visit(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    counter = pc(hub, make_device, "accueil", 0, editor=False)
    dump = backup(hub)
    visits = save_visits(counter, 4)
    sync_once(counter)
    with counter.transaction() as session:
        session.execute(delete(SyncSent))  # forgotten (older than SENT_KEEP)
    restore_backup(hub, dump)
    with counter.transaction() as session:  # not sent yet: it waits for its visit
        void_visit(session, visits[0], "erreur de saisie")
    sync_once(counter)
    assert sorted(hub_ids(hub)) == sorted(visits)
    with hub.store.transaction() as session:
        assert session.get(Record, ("visit", visits[0])).payload["voided_at"] is not None
    assert all_issues(counter) == []  # the void came after its visit: no « supprimé ailleurs »
    assert local_copy(counter) == hub_copy(hub, counter)


def cursors_recorded(hub: RunningHub, *stores: Store) -> int:
    """The hub records a device's cursor with « last seen », once a minute: as a minute
    later, each syncs and the hub records the cursor it holds (returned, the same for
    all: they are up to date)."""
    with hub.store.transaction() as session:
        session.execute(update(Device).values(last_seen_at=None))
    for store in stores:
        sync_once(store)
    with hub.store.transaction() as session:
        ids = [uuid.UUID(setting(store, run.DEVICE)) for store in stores]
        [held] = set(session.scalars(select(Device.last_cursor).where(Device.id.in_(ids))))
    return held


def test_a_reload_after_a_restore_keeps_what_the_hub_lost_but_not_what_it_deleted(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    """Found by the state machine: a PC that finds the hub restored reloads keeping what
    it holds (the hub may have lost it, and its author sends it back), but a record
    deleted on the restored hub, its tombstone purged before that PC synced, stayed on
    it for good. The reload is a reset when the hub purged tombstones beyond the history
    that PC held (the cursor the hub recorded for it, the backup's)."""
    superviseur = pc(hub, make_device, "sup", 0, editor=True)
    readers = [pc(hub, make_device, f"lecteur-{n}", 1, editor=True) for n in range(2)]
    early = new_contact(superviseur)
    for store in (superviseur, *readers):
        sync_once(store)
    held = cursors_recorded(hub, *readers)
    assert held > 0
    dump = backup(hub)
    late = new_contact(superviseur)  # the backup lacks it
    for store in (superviseur, *readers):
        sync_once(store)
    restore_backup(hub, dump)
    with hub.store.transaction() as session:
        restored(session)
        purge_tombstones(session, held)  # nothing the readers lack
        assert session.scalar(select(Counter.horizon)) == held
    sync_once(readers[0])
    assert late in local_ids(readers[0], DirectContact)  # kept: the hub lost it
    assert late not in hub_ids(hub, "direct_contact")
    assert any("restauré" in message for message in sync_once(superviseur).messages)
    assert late in hub_ids(hub, "direct_contact")  # sent back by its author
    delete_record(superviseur, DirectContact, early)
    sync_once(superviseur)
    with hub.store.transaction() as session:  # its tombstone goes before lecteur-1 syncs
        purge_tombstones(session, hub_value(session))
    for store in (readers[1], readers[0], superviseur):
        sync_once(store)
        assert early not in local_ids(store, DirectContact)
        assert late in local_ids(store, DirectContact)
        assert local_copy(store) == hub_copy(hub, store)


# -- 4. push batches fit the body limit -----------------------------------------------------------


def long_services(count: int, size: int) -> dict[str, Any]:
    """A data·inclusion file: ``count`` services of about ``3 * size`` characters."""
    text = ("Accompagnement vers l'emploi et la formation. " * (size // 46 + 1))[:size]
    services = [
        di_service(n) | {"description": text, "conditions_acces": text, "publics_precisions": text}
        for n in range(count)
    ]
    return {"structures": [di_structure(0)], "services": services}


def test_a_large_import_is_sent_in_batches_that_fit(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    superviseur = pc(hub, make_device, "sup", 0, editor=True)
    reader = pc(hub, make_device, "lecteur", 1, editor=True)
    assert import_parsed(superviseur, parse_json(long_services(400, 9_500))).created == 401
    with superviseur.session() as session:
        assert len(read_batch(session, 0, 10_000, 10**9).body) > MAX_BODY_BYTES  # one would not fit
    [visit] = save_visits(superviseur, 1)
    sync_once(superviseur)
    assert outbox_seqs(superviseur) == []
    assert visit in hub_ids(hub)
    assert len(hub_ids(hub, "service")) == 400 + len(default_directory().services)
    sync_once(reader)
    assert len(local_ids(reader, Service)) == len(hub_ids(hub, "service"))


def test_a_record_too_large_for_any_push_is_reported_and_the_queue_goes_on(
    hub_store: Any, make_device: Callable[..., Store]
) -> None:
    small = RunningHub(hub_store, max_body_bytes=20_000).start()  # as behind a strict proxy
    try:
        superviseur = make_device("sup", 0)
        seed_defaults(superviseur)
        enroll_device(superviseur, small.url, small.code("moreuil"), "PC sup")
        sync_once(superviseur)  # learns the hub's limit
        import_parsed(superviseur, parse_json(long_services(1, 9_500)))
        [visit] = save_visits(superviseur, 1)
        report = sync_once(superviseur)
        assert outbox_seqs(superviseur) == [] and visit in hub_ids(small)
        [kind] = [k for k, _, reason in all_issues(superviseur) if "volumineuse" in reason]
        assert kind == "rejected" and report.rejected == 1
        # a proxy that takes less than the hub announces: batches shrink until they pass
        with superviseur.transaction() as session:
            put_setting(session, PUSH_LIMIT, MAX_BODY_BYTES)
        more = save_visits(superviseur, 30, day=11)
        sync_once(superviseur)
        assert set(more) <= set(hub_ids(small))
    finally:
        small.stop()


def all_issues(store: Store) -> list[tuple[str, uuid.UUID, str]]:
    with store.session() as session:
        return [(i.kind, i.record_id, i.reason) for i in session.scalars(select(SyncIssue))]


# -- the client checks what the hub tells it ------------------------------------------------------


def test_an_acknowledgement_beyond_the_batch_deletes_nothing_unsent(
    hub: RunningHub, make_device: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Boasting(HubClient):  # a hub (or a man in the middle) acknowledging too much
        def push(self, batch: Any, key: str) -> Any:
            answer = super().push(batch, key)
            return answer.model_copy(update={"last_seq": answer.last_seq + 50})

    monkeypatch.setattr(run, "MAX_PUSH_MUTATIONS", 2)
    device = pc(hub, make_device, "a", 0, editor=True)
    visits = save_visits(device, 5)
    sync_once(device, Boasting)
    assert sorted(hub_ids(hub)) == sorted(visits) and outbox_seqs(device) == []


def test_a_pull_that_says_more_forever_ends(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    calls = {"pull": 0}

    class Endless(HubClient):
        def pull(self, cursor: int, *more: Any, **options: Any) -> Any:
            calls["pull"] += 1
            page = super().pull(cursor, *more, **options)
            return page.model_copy(update={"changes": [], "more": True})

    device = pc(hub, make_device, "a", 0, editor=True)
    with pytest.raises(HubUnavailable, match="incohérente"):
        sync_once(device, Endless)
    assert calls["pull"] == 1


def test_a_record_a_proxy_refuses_but_the_hub_takes_waits_and_is_never_cut(
    hub_store: Any, make_device: Callable[..., Store]
) -> None:
    """The proxy before the hub takes less than the hub announces (a misconfiguration):
    a record within the hub's limit is never sent without its content; it waits, with
    a French message, and the proxy's limit is remembered for a day only."""
    small = RunningHub(hub_store, max_body_bytes=20_000).start()  # the proxy's limit
    try:
        superviseur = make_device("sup", 0)
        seed_defaults(superviseur)
        enroll_device(superviseur, small.url, small.code("moreuil"), "PC sup")
        with superviseur.transaction() as session:  # what the hub behind it announces
            put_setting(session, PUSH_LIMIT, MAX_BODY_BYTES)
        import_parsed(superviseur, parse_json(long_services(1, 9_500)))
        waiting = outbox_seqs(superviseur)
        with pytest.raises(HubUnavailable, match="proxy du hub accepte"):
            sync_once(superviseur)
        assert outbox_seqs(superviseur)[-1] == waiting[-1]  # nothing cut, nothing lost
        with superviseur.session() as session:
            assert run.push_budget(session)[0] < 20_000
            ceiling = get_setting(session, run.PUSH_CEILING)
        with superviseur.transaction() as session:  # a day later
            put_setting(session, run.PUSH_CEILING, [ceiling[0], "2000-01-01T00:00:00+00:00"])
        with superviseur.session() as session:
            assert run.push_budget(session) == (MAX_BODY_BYTES, MAX_BODY_BYTES)
    finally:
        small.stop()


def test_only_a_device_the_hub_found_ahead_may_report_a_lost_history(
    hub: RunningHub, make_device: Callable[..., Store]
) -> None:
    """``lost`` renames the hub's history, and every PC reloads: the hub takes it only
    from a device whose push it refused for lacking seqs that device had sent."""
    device = pc(hub, make_device, "a", 0, editor=True)
    headers = {"Authorization": f"Bearer {setting(device, run.TOKEN)}"}

    def epoch_after_reporting(lost: bool = True) -> str:
        params = {"cursor": 0, "lost": "true" if lost else "false"}
        answer = requests.get(f"{hub.url}/v1/pull", params=params, headers=headers, timeout=10)
        return answer.json()["hub_epoch"]

    first = epoch_after_reporting(lost=False)
    assert epoch_after_reporting() == first  # a device the hub never found ahead
    save_visits(device, 2)
    [_, second] = outbox_mutations(device).values()
    assert raw_push(hub, device, [second]).status_code == 409  # seq 2 sent, 1 expected
    assert epoch_after_reporting() != first
