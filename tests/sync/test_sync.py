"""End to end: devices enrol, push their outbox and pull through a real hub on loopback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from frontdesk.contacts.models import DirectContact, Structure
from frontdesk.hub.models import Record
from frontdesk.stats.figures import compute_statistics
from frontdesk.stats.periods import Period
from frontdesk.store.models import Outbox
from frontdesk.sync.client import HubClient, HubRefused, HubUnavailable, check_hub_url
from frontdesk.sync.models import SyncIssue
from frontdesk.sync.run import enroll_device, is_enrolled, sync_once
from frontdesk.visits.models import Visit
from frontdesk.visits.record import VisitInput, save_visit, void_visit


def log_visits(store, count: int, day: int = 10) -> list:
    ids = []
    with store.transaction() as session:
        for hour in range(count):
            visit = VisitInput(
                started_at=datetime(2026, 3, day, 8 + hour, tzinfo=UTC),
                channel="guichet",
                journeys=("declarer-revenus",),
                outcome="resolu",
            )
            ids.append(save_visit(session, visit, store.profile.id))
    return ids


def add_shared_contact(store) -> None:
    """A structure of the shared directory and its one direct contact, « Accueil »."""
    with store.transaction() as session:
        structure = Structure(
            di_id="frontdesk--test",
            nom="CCAS de test",
            source="frontdesk",
            date_maj=date(2026, 11, 1),
        )
        session.add(structure)
        session.flush()
        session.add(
            DirectContact(
                structure_id=structure.id,
                name="Accueil",
                role="standard",
                date_maj=date(2026, 11, 1),
            )
        )


def count(store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_visits_reach_the_hub_once_and_the_tutor(hub, make_device) -> None:
    moreuil, tutor = make_device("moreuil", 0), make_device("tuteur", 1)
    enroll_device(moreuil, hub.url, hub.code("moreuil"), "PC accueil 1")
    assert enroll_device(tutor, hub.url, hub.code(None), "PC Ddets") == "tuteur"
    ids = log_visits(moreuil, 3)
    with moreuil.transaction() as session:
        void_visit(session, ids[0], "erreur de saisie")
    report = sync_once(moreuil)
    assert report.pushed == 4 and count(moreuil, Outbox) == 0
    assert sync_once(moreuil).pushed == 0  # nothing left to send
    with hub.store.transaction() as session:
        visits = select(func.count()).select_from(Record).where(Record.entity == "visit")
        assert session.scalar(visits) == 3
    sync_once(tutor)
    with tutor.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 3
        stats = compute_statistics(session, Period.month(2026, 3), ["moreuil"])
    assert stats.visits == 2  # the voided one is not counted on the tutor's PC either


def test_directory_edits_travel_and_conflicts_are_listed(hub, make_device) -> None:
    first, second = make_device("a", 0), make_device("b", 1)
    for device, site in ((first, "moreuil"), (second, "roye")):
        enroll_device(device, hub.url, hub.code(site), "PC")
    add_shared_contact(first)
    sync_once(first)
    sync_once(second)
    with second.session() as session:
        contact = session.scalars(select(DirectContact)).one()
        contact_id = contact.id
    # both edit the role offline; the second also changes the phone
    for device, role in ((first, "accueil du matin"), (second, "accueil du soir")):
        with device.transaction() as session:
            edited = session.get(DirectContact, contact_id)
            edited.role = role
            if device is second:
                edited.telephone = "03 22 00 00 00"
    sync_once(first)
    report = sync_once(second)
    assert report.conflicts == 1
    with second.session() as session:
        merged = session.get(DirectContact, contact_id)
        assert (merged.role, merged.telephone) == ("accueil du matin", "03 22 00 00 00")
        issue = session.scalars(select(SyncIssue)).one()
        assert issue.kind == "conflict" and "role" in issue.reason
    sync_once(first)
    with first.session() as session:
        assert session.get(DirectContact, contact_id).telephone == "03 22 00 00 00"


def test_hub_down_keeps_the_outbox(hub, make_device) -> None:
    device = make_device("a", 0)
    enroll_device(device, hub.url, hub.code("moreuil"), "PC")
    log_visits(device, 2)
    hub.stop()

    def no_retry(url, token=None):
        return HubClient(url, token, retries=0)

    with pytest.raises(HubUnavailable, match="injoignable"):
        sync_once(device, no_retry)
    assert count(device, Outbox) == 2 and is_enrolled(device)


def test_revoked_device_is_told(hub, make_device) -> None:
    from frontdesk.device import get_setting
    from frontdesk.hub import admin
    from frontdesk.sync.run import DEVICE

    device = make_device("a", 0)
    enroll_device(device, hub.url, hub.code("moreuil"), "PC")
    with device.session() as session:
        hub_device = get_setting(session, DEVICE)
    with hub.store.transaction() as session:
        admin.revoke_device(session, hub_device)
    log_visits(device, 1)
    with pytest.raises(HubRefused, match="Jeton refusé"):
        sync_once(device)
    assert count(device, Outbox) == 1


def test_plain_http_only_to_this_pc() -> None:
    assert check_hub_url("http://127.0.0.1:8765/") == "http://127.0.0.1:8765"
    assert check_hub_url("https://hub.somme.fr") == "https://hub.somme.fr"
    with pytest.raises(HubRefused, match="non chiffrée"):
        check_hub_url("http://hub.somme.fr")


def test_enrollment_compacts_the_outbox_and_refuses_demo_data(hub, make_device) -> None:
    from frontdesk.device import get_setting
    from frontdesk.stats.demo import DEMO_SETTING, clear_demo, generate_demo

    device = make_device("a", 0)
    ids = log_visits(device, 3)
    with device.transaction() as session:  # a visit gone before the first sync (purged)
        session.execute(Visit.__table__.delete().where(Visit.id == ids[1]))
        generate_demo(session, 50, 3)
    with pytest.raises(HubRefused, match="démonstration"):
        enroll_device(device, hub.url, hub.code("moreuil"), "PC")
    with device.transaction() as session:
        clear_demo(session)
        assert get_setting(session, DEMO_SETTING) is None
    enroll_device(device, hub.url, hub.code("moreuil"), "PC")
    with device.session() as session:
        assert session.scalars(select(Outbox.seq).order_by(Outbox.seq)).all() == [1, 2]
    assert sync_once(device).pushed == 2
    log_visits(device, 1, day=11)
    assert sync_once(device).pushed == 1  # numbering goes on after the compaction


def test_a_whole_directory_arrives_with_one_index_rebuild(hub, make_device) -> None:
    """Pages bringing a directory pause the search triggers; the pull's end rebuilds the
    index. A pull cut short leaves it paused (searchable, stale) until the next sync."""
    from frontdesk.contacts.search import search_structures
    from frontdesk.contacts.search_index import PAUSED_SETTING
    from frontdesk.device import get_setting

    source, fresh = make_device("a", 0), make_device("b", 1)
    for device, site in ((source, "moreuil"), (fresh, "roye")):
        enroll_device(device, hub.url, hub.code(site), "PC")
    with source.transaction() as session:
        session.add_all(
            Structure(
                di_id=f"frontdesk--lot-{n}",
                nom=f"Maison de quartier {n:04d}" if n != 1199 else "Épicerie solidaire",
                source="frontdesk",
                date_maj=date(2026, 11, 1),
            )
            for n in range(1200)
        )
    sync_once(source)

    class CutAfterOnePage(HubClient):
        pages = 0

        def pull(self, cursor, *more, **options):  # type: ignore[no-untyped-def]
            CutAfterOnePage.pages += 1
            if CutAfterOnePage.pages > 1:
                raise HubUnavailable("coupure")
            return super().pull(cursor, *more, **options)

    def found(text: str) -> list[str]:
        with fresh.session() as session:
            hits = search_structures(session, text)
        return [hit.nom for hit in hits]

    with pytest.raises(HubUnavailable):
        sync_once(fresh, CutAfterOnePage)
    with fresh.session() as session:
        assert get_setting(session, PAUSED_SETTING) is not None
        lot = Structure.di_id.like("frontdesk--lot-%")
        assert session.scalar(select(func.count()).where(lot)) >= 900  # a page's worth
    assert found("epicerie") == []  # not received yet
    sync_once(fresh)
    with fresh.session() as session:
        assert get_setting(session, PAUSED_SETTING) is None
    assert found("epicerie") == ["Épicerie solidaire"]
    assert "Maison de quartier 0007" in found("quartier 0007")


def test_a_counter_pc_proposes_and_the_superviseur_sees_it(hub, make_device) -> None:
    """A counter PC (enrolled without ``--superviseur``): its directory edit reaches the
    superviseurs' report queue, and its own copy comes back as the hub's."""
    from frontdesk.contacts.reports import open_reports
    from frontdesk.sync.models import SyncIssue

    boss, counter = make_device("a", 0), make_device("b", 0)
    assert enroll_device(boss, hub.url, hub.code("moreuil"), "PC direction") == "site"
    code = hub.code("moreuil", editor=False)
    assert enroll_device(counter, hub.url, code, "PC accueil 2") == "accueil"
    with boss.transaction() as session:
        structure = Structure(
            di_id="frontdesk--ccas", nom="CCAS", source="frontdesk", date_maj=date(2026, 11, 1)
        )
        session.add(structure)
    sync_once(boss)
    sync_once(counter)
    with counter.transaction() as session:
        session.scalars(
            select(Structure).where(Structure.di_id == "frontdesk--ccas")
        ).one().nom = "CCAS de Moreuil"
    report = sync_once(counter)
    assert report.rejected == 1
    with counter.session() as session:
        assert session.scalars(select(SyncIssue)).one().reason.startswith("Ce poste d'accueil")
        names = session.scalars(select(Structure.nom).where(Structure.di_id == "frontdesk--ccas"))
        assert list(names) == ["CCAS"]  # the hub's copy is back
    sync_once(boss)
    with boss.session() as session:
        [queued] = open_reports(session)
        assert queued.target_name == "CCAS" and "« CCAS de Moreuil »" in (queued.comment or "")
        assert queued.reporter_name is None  # a profile of another PC
        assert session.scalars(select(Structure.nom)).all().count("CCAS") == 1
