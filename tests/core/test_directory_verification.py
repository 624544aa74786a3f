"""« Marquer comme vérifiée »: a superviseur confirms a structure, a service or a direct
contact as it stands; date and « à vérifier » reset the 12-month clock, the audit log
says who and when, the outbox carries it to the hub; nobody else may."""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from frontdesk import audit, moments
from frontdesk.accounts import ProfileInfo, create_profile
from frontdesk.contacts.defaults import default_id, seed_default_directory
from frontdesk.contacts.editing import DirectoryEditError, mark_stale_entries
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.reports import directory_rules, report_error
from frontdesk.contacts.verification import Target, mark_verified
from frontdesk.store.engine import Store
from frontdesk.store.models import AuditEvent, Outbox

OLD = date(2025, 1, 15)
TARGETS: dict[Target, type[Structure | Service | DirectContact]] = {
    "structure": Structure,
    "service": Service,
    "contact": DirectContact,
}


@pytest.fixture
def entries(store: Store, manager: ProfileInfo) -> dict[Target, uuid.UUID]:
    """A shipped structure and service, and a contact, all « à vérifier » since long ago."""
    structure_id = default_id("frontdesk--mission-locale")
    with store.transaction() as session:
        seed_default_directory(session)
        service_id = session.scalar(
            select(Service.id).where(Service.structure_id == structure_id).limit(1)
        )
        contact = DirectContact(
            structure_id=structure_id,
            name="Ligne directe",
            telephone="+33322000000",
            date_maj=OLD,
            a_verifier=True,
        )
        session.add(contact)
        session.flush()
        session.info["replicating"] = True  # as received from the hub: nothing queued
        for model, record_id in ((Structure, structure_id), (Service, service_id)):
            record = session.get(model, record_id)
            record.date_maj, record.a_verifier = OLD, True
    assert service_id is not None
    return {"structure": structure_id, "service": service_id, "contact": contact.id}


def other(store: Store, manager: ProfileInfo, role: str) -> ProfileInfo:
    with store.transaction() as session:
        return create_profile(
            session, f"Profil {role}", role, "motdepasse-sur", actor_id=manager.id
        )


def queued(store: Store, record_id: uuid.UUID) -> list[Outbox]:
    with store.session() as session:
        rows = select(Outbox).where(Outbox.record_id == record_id).order_by(Outbox.seq)
        return list(session.scalars(rows))


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_superviseur_verifies_and_the_clock_restarts(
    store: Store,
    manager: ProfileInfo,
    entries: dict[Target, uuid.UUID],
    target: Target,
    caplog: pytest.LogCaptureFixture,
) -> None:
    record_id, model = entries[target], TARGETS[target]
    already = len(queued(store, record_id))  # the contact's creation
    with store.transaction() as session, caplog.at_level(logging.INFO):
        done = mark_verified(session, target, record_id, manager)
    today = moments.today()
    assert (done.target, done.record_id, done.date_maj, done.changed) == (
        target,
        record_id,
        today,
        True,
    )
    with store.session() as session:
        record = session.get(model, record_id)
        assert (record.date_maj, record.a_verifier) == (today, False)
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.kind, event.profile_id) == ("directory_verified", manager.id)  # who
    assert event.detail == {"entity": model.__tablename__, "id": str(record_id)}
    assert abs((event.at - moments.now()).total_seconds()) < 60  # when
    [row] = queued(store, record_id)[already:]  # for the hub and the other PCs
    assert (row.op, sorted(row.changed)) == ("update", ["a_verifier", "date_maj"])
    assert manager.display_name not in caplog.text and str(record_id) in caplog.text
    months = directory_rules().stale_months
    with store.transaction() as session:  # 12 months from today, not from the old date
        assert mark_stale_entries(session, today + timedelta(days=months * 30)) == 0
        assert session.get(model, record_id).a_verifier is False
        mark_stale_entries(session, today + timedelta(days=months * 31 + 1))
        assert session.get(model, record_id).a_verifier is True


def test_twice_the_same_day_sends_nothing_new(
    store: Store, manager: ProfileInfo, entries: dict[Target, uuid.UUID]
) -> None:
    service_id = entries["service"]
    with store.transaction() as session:
        assert mark_verified(session, "service", service_id, manager).changed
    with store.transaction() as session:
        again = mark_verified(session, "service", service_id, manager)
    assert not again.changed
    assert len(queued(store, service_id)) == 1
    with store.session() as session:
        kinds = [e.kind for e in audit.recent(session)]
    assert kinds[:2] == ["directory_verified", "directory_verified"]  # each act is recorded


@pytest.mark.parametrize("role", ["agent", "tuteur", "administrateur"])
def test_only_the_superviseur_may(
    store: Store, manager: ProfileInfo, entries: dict[Target, uuid.UUID], role: str
) -> None:
    someone = other(store, manager, role)
    with store.transaction() as session, pytest.raises(DirectoryEditError) as refused:
        mark_verified(session, "structure", entries["structure"], someone)
    assert str(refused.value) == (
        "Votre rôle ne permet pas de marquer une fiche de l'annuaire comme vérifiée."
    )
    with store.session() as session:
        assert session.get(Structure, entries["structure"]).a_verifier is True
    assert queued(store, entries["structure"]) == []


def test_a_deleted_entry_is_told(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="n'existe plus"):
        mark_verified(session, "contact", uuid.uuid4(), manager)


def test_open_reports_are_counted(
    store: Store, manager: ProfileInfo, entries: dict[Target, uuid.UUID]
) -> None:
    reason = directory_rules().report_reasons[0]
    with store.transaction() as session:
        report_error(session, "service", entries["service"], reason.slug, "Vu sur place.", manager)
        assert mark_verified(session, "service", entries["service"], manager).open_reports == 1
        assert mark_verified(session, "structure", entries["structure"], manager).open_reports == 0
