"""Deleting directory entries: a contact, a service with its own contacts; outbox, rights."""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo, create_profile
from frontdesk.contacts.editing import (
    ContactForm,
    DirectoryEditError,
    delete_contact,
    delete_service,
    save_contact,
    save_service,
    save_structure,
)
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from tests.core.test_directory_editing import MAIRIE, service_form


@pytest.fixture
def agent(store: Store, manager: ProfileInfo) -> ProfileInfo:
    with store.transaction() as session:
        return create_profile(session, "Agent", "agent", "motdepasse-agent", actor_id=manager.id)


@pytest.fixture
def entries(store: Store, manager: ProfileInfo) -> dict[str, uuid.UUID]:
    """A structure, one service, a contact of that service and one of the structure."""
    with store.transaction() as session:
        structure_id = save_structure(session, MAIRIE, manager)
        service_id = save_service(session, service_form(structure_id), manager)
        own = ContactForm(
            structure_id=structure_id,
            service_id=service_id,
            name="Mme Leroy",
            telephone="03 22 35 32 80",
        )
        own_id = save_contact(session, own, manager)
        shared = ContactForm(structure_id=structure_id, name="Accueil", courriel="a@moreuil.fr")
        shared_id = save_contact(session, shared, manager)
    return {
        "structure": structure_id,
        "service": service_id,
        "own": own_id,
        "shared": shared_id,
    }


def ops(store: Store, record_id: uuid.UUID) -> list[str]:
    with store.session() as session:
        query = select(Outbox.op).where(Outbox.record_id == record_id).order_by(Outbox.seq)
        return list(session.scalars(query))


def test_delete_contact_queues_a_delete_and_logs(
    store: Store, manager: ProfileInfo, entries, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        store.transaction() as session,
        caplog.at_level(logging.INFO, logger="frontdesk.contacts.editing"),
    ):
        delete_contact(session, entries["own"], manager)
    assert str(entries["own"]) in caplog.text and "deleted" in caplog.text
    with store.session() as session:
        assert session.get(DirectContact, entries["own"]) is None
        assert session.get(DirectContact, entries["shared"]) is not None
    assert ops(store, entries["own"]) == ["create", "delete"]
    with store.session() as session:
        row = session.scalars(
            select(Outbox).where(Outbox.record_id == entries["own"], Outbox.op == "delete")
        ).one()
        assert row.entity == "direct_contact" and row.payload == {"id": str(entries["own"])}
        assert row.base_version == 1 and row.version == 2


def test_delete_service_takes_its_own_contacts_only(
    store: Store, manager: ProfileInfo, entries
) -> None:
    with store.transaction() as session:
        assert delete_service(session, entries["service"], manager) == 1
    with store.session() as session:
        assert session.get(Service, entries["service"]) is None
        assert session.get(DirectContact, entries["own"]) is None
        assert session.get(DirectContact, entries["shared"]) is not None  # the structure's
        assert session.get(Structure, entries["structure"]) is not None
    assert ops(store, entries["service"]) == ["create", "delete"]
    assert ops(store, entries["own"]) == ["create", "delete"]
    assert ops(store, entries["shared"]) == ["create"]
    with store.session() as session:
        entities = session.scalars(select(Outbox.entity).where(Outbox.op == "delete")).all()
        assert entities == ["direct_contact", "service"]  # the contact first


def test_deleting_what_is_gone_says_so_in_french(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session:
        with pytest.raises(DirectoryEditError, match="Ce contact n'existe plus"):
            delete_contact(session, uuid.uuid4(), manager)
        with pytest.raises(DirectoryEditError, match="Ce service n'existe plus"):
            delete_service(session, uuid.uuid4(), manager)


def test_an_agent_cannot_delete(store: Store, agent: ProfileInfo, entries) -> None:
    with store.transaction() as session:
        with pytest.raises(DirectoryEditError, match="Votre rôle ne permet pas de modifier"):
            delete_contact(session, entries["own"], agent)
        with pytest.raises(DirectoryEditError, match="Votre rôle ne permet pas de modifier"):
            delete_service(session, entries["service"], agent)
    with store.session() as session:
        assert session.get(Service, entries["service"]) is not None
        assert session.get(DirectContact, entries["own"]) is not None
    assert ops(store, entries["service"]) == ["create"]


def test_an_unknown_profile_cannot_delete(store: Store, entries) -> None:
    gone = ProfileInfo(uuid.uuid4(), "Ancien", "superviseur", True)
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="n'existe plus"):
        delete_contact(session, entries["own"], gone)
