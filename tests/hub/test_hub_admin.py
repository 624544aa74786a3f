"""Administering a hub: the ``frontdesk-hub admin`` commands and the routine upkeep."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdesk.hub.cli import main
from frontdesk.hub.maintenance import (
    purge_replies,
    purge_tombstones,
    restored,
    routine_upkeep,
    safe_horizon,
)
from frontdesk.hub.models import Counter, IdempotentReply, Record
from frontdesk.hub.models import Device as HubDevice
from frontdesk.store.base import utcnow
from tests.hub.conftest import Device, beyond_defaults


def test_admin_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    assert main(["--db", url, "admin", "site", "moreuil", "France Services de Moreuil"]) == 0
    assert main(["--db", url, "admin", "site", "moreuil", "Encore"]) == 1
    assert "existe déjà" in capsys.readouterr().err
    assert main(["--db", url, "admin", "site", "Mauvais Id", "x"]) == 1
    assert main(["--db", url, "admin", "code", "--site", "roye"]) == 1  # unknown site
    assert "Site inconnu" in capsys.readouterr().err
    assert main(["--db", url, "admin", "code", "--site", "moreuil"]) == 0
    out = capsys.readouterr().out
    assert "un poste d'accueil du site « moreuil »" in out
    code = out.strip().splitlines()[-1]
    assert len(code) == 14 and code.count("-") == 2
    assert main(["--db", url, "admin", "code", "--site", "moreuil", "--superviseur"]) == 0
    assert "un poste superviseur du site « moreuil »" in capsys.readouterr().out
    assert main(["--db", url, "admin", "code", "--tuteur"]) == 0
    assert main(["--db", url, "admin", "postes"]) == 0
    assert main(["--db", url, "admin", "revoquer", str(uuid.uuid4())]) == 1
    assert "Poste inconnu" in capsys.readouterr().err
    assert main(["--db", url, "admin", "entretien"]) == 0
    assert "Entretien fait : 0 suppression(s)" in capsys.readouterr().out


def test_upkeep_keeps_what_an_active_device_has_not_pulled(
    moreuil: Device, roye: Device, hub_store
) -> None:
    contacts = [uuid.uuid4() for _ in range(3)]
    for contact in contacts:
        moreuil.push(moreuil.mutation("direct_contact", contact, name="Accueil"))
    moreuil.pull()
    roye.pull()  # both hold the three contacts
    for contact in contacts:
        moreuil.push(moreuil.mutation("direct_contact", contact, "delete", base=1))
    moreuil.pull()  # Moreuil has seen the tombstones, Roye has not
    with hub_store.transaction() as session:
        held_by_roye = safe_horizon(session, 90)
        horizon, purged, _ = routine_upkeep(session, 90)
        assert (horizon, purged) == (held_by_roye, 0)  # Roye still needs them
    roye.pull()  # receives the tombstones…
    with hub_store.transaction() as session:  # (the cursor is recorded once a minute)
        for device in (roye, moreuil):
            session.get(HubDevice, uuid.UUID(device.id)).last_seen_at -= timedelta(minutes=2)
    for device in (roye, moreuil):
        device.pull()  # …and the hub learns it at the next pull, from the cursor sent
    with hub_store.transaction() as session:
        horizon, purged, _ = routine_upkeep(session, 90)
        assert purged == 3
        assert session.scalar(select(func.count()).select_from(Record).where(Record.deleted)) == 0
    # a device silent for longer than the window no longer holds the horizon back
    with hub_store.transaction() as session:
        silent = session.get(HubDevice, uuid.UUID(roye.id))
        silent.last_seen_at = utcnow() - timedelta(days=200)
        silent.last_cursor = 0
        assert safe_horizon(session, 90) == horizon


def test_push_replies_are_forgotten_after_a_day(moreuil: Device, hub_store) -> None:
    moreuil.push(moreuil.mutation("visit", uuid.uuid4(), outcome="resolu"), key="cle-0000001")
    with hub_store.transaction() as session:
        assert purge_replies(session) == 0
        assert purge_replies(session, utcnow() + timedelta(hours=25)) == 1
        assert session.scalar(select(func.count()).select_from(IdempotentReply)) == 0


def test_a_reload_after_a_restore_is_a_reset_once_tombstones_it_lacks_are_purged(
    moreuil: Device, roye: Device, hub_store
) -> None:
    """A device that found the hub restored reloads from cursor 0 keeping what it holds
    (the hub may have lost it). Its reload is a reset only if the hub purged tombstones
    beyond the history the device held, by the cursor recorded for it (the backup's): it
    would keep the records they deleted. Pulls with a cursor of another history are not
    recorded."""
    contacts = [uuid.uuid4() for _ in range(2)]
    for contact in contacts:
        moreuil.push(moreuil.mutation("direct_contact", contact, name="Accueil"))

    def pull(**params: Any) -> dict:
        with hub_store.transaction() as session:  # a minute later: the cursor is recorded
            session.get(HubDevice, uuid.UUID(roye.id)).last_seen_at = None
        answer = roye.client.get("/v1/pull", params=params, headers=roye.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def recorded() -> int:
        with hub_store.transaction() as session:
            return session.get(HubDevice, uuid.UUID(roye.id)).last_cursor

    first = pull(cursor=0)
    held, epoch = first["cursor"], first["hub_epoch"]
    pull(cursor=held, epoch=epoch)
    assert recorded() == held
    with hub_store.transaction() as session:
        restored(session)  # the database came back from a backup
    moreuil.push(moreuil.mutation("direct_contact", contacts[0], "delete", base=1))
    page = pull(cursor=held + 5, epoch=epoch)  # a cursor of the lost history
    assert page["hub_epoch"] != epoch and recorded() == held  # not recorded
    with hub_store.transaction() as session:
        purge_tombstones(session, held)  # the device had every tombstone purged
    page = pull(cursor=0, epoch=page["hub_epoch"], reload="true")
    assert not page["reset"] and recorded() == held
    with hub_store.transaction() as session:  # the deletion's tombstone goes too
        purge_tombstones(session, session.scalar(select(Counter.value)))
    page = pull(cursor=0, epoch=page["hub_epoch"], reload="true")
    assert page["reset"]  # the device drops what the hub no longer holds
    assert str(contacts[0]) not in beyond_defaults(page["changes"])
    assert not pull(cursor=0)["reset"]  # a first load (a new device) is never a reset
