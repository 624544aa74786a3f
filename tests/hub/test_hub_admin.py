"""Administering a hub: the ``frontdesk-hub admin`` commands and the routine upkeep."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from frontdesk.hub.cli import main
from frontdesk.hub.maintenance import purge_replies, routine_upkeep, safe_horizon
from frontdesk.hub.models import Device as HubDevice
from frontdesk.hub.models import IdempotentReply, Record
from frontdesk.store.base import utcnow
from tests.hub.conftest import Device


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
