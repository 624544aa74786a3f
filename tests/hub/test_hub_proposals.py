"""A counter PC (enrolled without ``--superviseur``) proposes directory edits; only a
superviseur's PC edits the shared directory."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from frontdesk.hub.models import Record
from tests.hub.conftest import Device, enroll


def hub_record(hub_store, entity: str, record_id: uuid.UUID) -> Record | None:
    with hub_store.transaction() as session:
        return session.scalars(
            select(Record).where(Record.entity == entity, Record.id == record_id)
        ).one_or_none()


def test_a_counter_pc_edit_becomes_a_proposal(moreuil: Device, client, hub_store) -> None:
    contact = uuid.uuid4()
    moreuil.push(moreuil.mutation("direct_contact", contact, name="Accueil", role="standard"))
    moreuil.pull()
    counter = enroll(client, hub_store, "moreuil", editor=False)
    counter.pull()
    edit = counter.mutation(
        "direct_contact", contact, "update", base=1, changed=["telephone"], name="Accueil",
        role="standard", telephone="03 22 00 00 00",
    )  # fmt: skip
    [result] = counter.push(edit).json()["results"]
    assert result["status"] == "rejected" and "proposition" in result["reason"]
    kept = hub_record(hub_store, "direct_contact", contact)
    assert kept is not None and "telephone" not in kept.payload and kept.version == 1
    # the proposal reaches every device as a report, with what was proposed
    [report] = [c for c in moreuil.pull()["changes"] if c["entity"] == "directory_report"]
    payload = report["payload"]
    assert (payload["target_kind"], payload["target_id"]) == ("contact", str(contact))
    assert payload["reason"] == "autre" and payload["status"] == "ouvert"
    assert "telephone → « 03 22 00 00 00 »" in payload["comment"]
    assert "PC accueil" in payload["comment"]
    # and the counter PC gets the hub's copy back, to undo its local edit
    back = {c["record_id"]: c for c in counter.pull()["changes"]}
    assert "telephone" not in back[str(contact)]["payload"]


def test_a_counter_pc_new_entry_is_proposed_never_tombstoned(client, hub_store) -> None:
    """The hub does not hold the entry: no tombstone, whose deletion would reach every
    PC (its id may be shared: a default, an id derived from an imported source id)."""
    counter = enroll(client, hub_store, "roye", editor=False)
    structure = uuid.uuid4()
    [result] = counter.push(counter.mutation("structure", structure, nom="Épicerie")).json()[
        "results"
    ]
    assert result["status"] == "rejected"
    assert hub_record(hub_store, "structure", structure) is None
    changes = counter.pull()["changes"]
    assert {(c["entity"], c["deleted"]) for c in changes} == {("directory_report", False)}
    # its own reports, visits and comments still go through as usual
    report = counter.mutation(
        "directory_report", uuid.uuid4(), target_kind="structure", target_id=str(structure),
        reason="autre", comment="Horaires changés", status="ouvert",
    )  # fmt: skip
    assert counter.push(report).json()["results"][0]["status"] == "applied"


def test_a_superviseur_pc_edits_the_directory(moreuil: Device, hub_store) -> None:
    contact = uuid.uuid4()
    [result] = moreuil.push(moreuil.mutation("direct_contact", contact, name="Accueil")).json()[
        "results"
    ]
    assert result["status"] == "applied"
    assert hub_record(hub_store, "direct_contact", contact) is not None


def test_a_proposal_sent_again_under_a_new_seq_is_made_once(client, hub_store) -> None:
    """The same mutation again (sent anew after a restored hub, a re-enrollment): one
    report, and no error."""
    counter = enroll(client, hub_store, "roye", editor=False)
    edit = counter.mutation("structure", uuid.uuid4(), nom="Épicerie")
    assert counter.push(edit).json()["results"][0]["status"] == "rejected"
    again = dict(edit, seq=edit["seq"] + 1)
    counter.seq += 1
    answer = counter.push(again)
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "rejected"
    reports = [c for c in counter.pull()["changes"] if c["entity"] == "directory_report"]
    assert len(reports) == 1


def test_a_default_tombstoned_by_an_earlier_hub_comes_back(hub_store) -> None:
    """An earlier hub turned a counter PC's proposal on a default it did not hold into a
    tombstone; a superviseur's deletion of a default stays."""
    from frontdesk.contacts.defaults import default_directory, default_id
    from frontdesk.hub.changes import next_change_id
    from frontdesk.hub.db import upgrade_hub

    mistaken, deleted = (default_id(s.di_id) for s in default_directory().structures[:2])
    with hub_store.transaction() as session:
        for record_id, echo in ((mistaken, None), (deleted, uuid.uuid4())):
            record = session.get(Record, ("structure", record_id))
            record.deleted, record.payload, record.version = True, {}, 1
            record.echo_device, record.change_id = echo, next_change_id(session)
    upgrade_hub(hub_store.engine)  # as at the hub's next start
    back = hub_record(hub_store, "structure", mistaken)
    assert back is not None and not back.deleted and back.payload["nom"]
    assert hub_record(hub_store, "structure", deleted).deleted
