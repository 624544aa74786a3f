"""Directory reports (« Signaler une erreur ») belong to a site: a site PC reports for its
own site and updates or deletes only its own site's reports; a superviseur's PC
(directory editor) also resolves every other site's, since superviseurs handle every
site's proposals; a tutor's PC reports but never updates or deletes one. The site of a
report the hub holds is the hub's, whatever the pushed payload says. Creating a report
for another site refuses the whole push (only a forged record does it); an update or a
deletion outside those rights is refused alone (a superviseur may close one from the
shared queue on a counter PC in good faith) and the PC gets the hub's copy back."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select

from frontdesk.hub.models import Conflict, Counter, IdempotentReply, Record, Rejection
from frontdesk.hub.models import Device as HubDevice
from tests.hub.conftest import Device, enroll
from tests.sync.payloads import default_structure

RESOLVED_AT = "2026-04-08T09:00:00+00:00"


def report(device: Device, record_id: uuid.UUID | None = None, **fields: Any) -> dict:
    """A new report on the shipped directory's first structure."""
    return device.mutation(
        "directory_report", record_id or uuid.uuid4(), target_kind="structure",
        target_id=str(default_structure()), **fields,
    )  # fmt: skip


def resolve(device: Device, record_id: uuid.UUID, **fields: Any) -> dict:
    """A superviseur closing the report (« traité »), from the hub's version 1."""
    return device.mutation(
        "directory_report", record_id, "update", base=1, changed=["resolved_at", "status"],
        target_kind="structure", target_id=str(default_structure()), status="traite",
        resolved_at=RESOLVED_AT, **fields,
    )  # fmt: skip


def remove(device: Device, record_id: uuid.UUID) -> dict:
    return device.mutation("directory_report", record_id, "delete", base=1)


def applied(device: Device, *mutations: dict) -> list[str]:
    answer = device.push(*mutations)
    assert answer.status_code == 200, answer.text
    return [result["status"] for result in answer.json()["results"]]


def payload(record: Record) -> str:
    return json.dumps(record.payload, sort_keys=True)


def snapshot(hub_store) -> dict[str, Any]:
    """Everything a refused push must leave as it was."""
    with hub_store.transaction() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        return {
            "records": sorted(
                (r.entity, str(r.id), r.version, r.deleted, r.change_id, r.site_id, payload(r))
                for r in session.scalars(select(Record))
            ),
            "counter": counter.value,
            "seqs": sorted((str(d.id), d.last_seq) for d in session.scalars(select(HubDevice))),
            "replies": len(session.scalars(select(IdempotentReply)).all()),
            "conflicts": len(session.scalars(select(Conflict)).all()),
            "rejections": len(session.scalars(select(Rejection)).all()),
        }


def refused(hub_store, device: Device, *mutations: dict, saying: str) -> None:
    """The whole push is refused (403, French message) and nothing is written; the
    device's sequence is rewound, as its outbox still holds the rows."""
    before = snapshot(hub_store)
    answer = device.push(*mutations)
    assert answer.status_code == 403, answer.text
    assert answer.json()["code"] == "hors-perimetre"
    assert saying in answer.json()["message"]
    assert snapshot(hub_store) == before
    device.seq -= len(mutations)


def declined(hub_store, device: Device, *mutations: dict, saying: str) -> None:
    """An update or deletion of a report outside the device's rights: its superviseur may
    have made it in good faith from the shared queue, so the push goes through, each such
    mutation refused on record (acknowledged: the PC's queue goes on), the report left as
    the hub holds it, and sent back to the PC."""
    before = snapshot(hub_store)
    answer = device.push(*mutations)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * len(mutations)
    assert all(saying in r["reason"] for r in results)
    after = snapshot(hub_store)
    unchanged = [(e, i, v, d, s, p) for e, i, v, d, _c, s, p in before["records"]]
    assert [(e, i, v, d, s, p) for e, i, v, d, _c, s, p in after["records"]] == unchanged
    assert after["rejections"] == before["rejections"] + len(mutations)


def stored(hub_store, record_id: uuid.UUID) -> Record:
    with hub_store.transaction() as session:
        found = session.get(Record, ("directory_report", record_id))
        assert found is not None
        return found


def test_a_site_pc_reports_for_its_own_site_only(client, hub_store) -> None:
    for editor in (True, False):
        moreuil = enroll(client, hub_store, "moreuil", editor=editor)
        mine = uuid.uuid4()
        good, theirs = report(moreuil, mine), report(moreuil, site_id="roye")
        refused(hub_store, moreuil, good, theirs, saying="autre site")
        assert applied(moreuil, report(moreuil, mine)) == ["applied"]
        assert stored(hub_store, mine).site_id == "moreuil"


def test_a_counter_pc_updates_and_deletes_its_own_sites_reports_only(client, hub_store) -> None:
    roye = enroll(client, hub_store, "roye", editor=False)
    theirs = uuid.uuid4()
    assert applied(roye, report(roye, theirs)) == ["applied"]
    counter = enroll(client, hub_store, "moreuil", editor=False)
    declined(hub_store, counter, resolve(counter, theirs), saying="autre site")
    declined(hub_store, counter, remove(counter, theirs), saying="autre site")
    # another PC of the report's own site may
    neighbour = enroll(client, hub_store, "roye", editor=False)
    assert applied(neighbour, resolve(neighbour, theirs, site_id="roye")) == ["applied"]
    assert applied(neighbour, remove(neighbour, theirs)) == ["applied"]
    assert stored(hub_store, theirs).deleted


def test_a_superviseur_pc_resolves_every_sites_reports_deletes_its_own_only(
    client, hub_store
) -> None:
    roye = enroll(client, hub_store, "roye", editor=False)
    theirs = uuid.uuid4()
    assert applied(roye, report(roye, theirs)) == ["applied"]
    superviseur = enroll(client, hub_store, "moreuil")
    assert applied(superviseur, resolve(superviseur, theirs)) == ["applied"]
    closed = stored(hub_store, theirs)
    assert closed.payload["status"] == "traite" and closed.site_id == "roye"
    declined(hub_store, superviseur, remove(superviseur, theirs), saying="supprimer")
    mine = uuid.uuid4()
    assert applied(superviseur, report(superviseur, mine)) == ["applied"]
    assert applied(superviseur, remove(superviseur, mine)) == ["applied"]
    assert stored(hub_store, mine).deleted and not stored(hub_store, theirs).deleted


def test_a_superviseur_pc_closes_a_proposal_of_another_site(client, hub_store) -> None:
    """The report the hub makes of a counter PC's directory edit is that PC's site's:
    a superviseur's PC of any site closes it, another site's counter PC may not."""
    counter = enroll(client, hub_store, "roye", editor=False)
    assert applied(counter, counter.mutation("structure", uuid.uuid4(), nom="Épicerie")) == [
        "rejected"
    ]
    [proposal] = [c for c in counter.pull()["changes"] if c["entity"] == "directory_report"]
    proposal_id = uuid.UUID(proposal["record_id"])
    assert proposal["site_id"] == "roye"
    stranger = enroll(client, hub_store, "moreuil", editor=False)
    declined(hub_store, stranger, resolve(stranger, proposal_id), saying="autre site")
    superviseur = enroll(client, hub_store, "moreuil")
    assert applied(superviseur, resolve(superviseur, proposal_id)) == ["applied"]
    assert stored(hub_store, proposal_id).payload["status"] == "traite"


def test_a_tutor_pc_reports_but_never_updates_or_deletes(client, hub_store) -> None:
    tutor = enroll(client, hub_store, None)
    mine = uuid.uuid4()
    assert applied(tutor, report(tutor, mine, site_id="roye")) == ["applied"]
    declined(hub_store, tutor, resolve(tutor, mine), saying="tuteur")
    declined(hub_store, tutor, remove(tutor, mine), saying="tuteur")
    declined(hub_store, tutor, remove(tutor, uuid.uuid4()), saying="tuteur")  # never held
    # a create of a report the hub holds rewrites it: an update all the same
    declined(hub_store, tutor, report(tutor, mine, comment="Autre texte."), saying="tuteur")
    assert stored(hub_store, mine).payload["status"] == "ouvert"


def test_the_hub_keeps_the_site_of_a_report_it_holds(client, hub_store) -> None:
    """A PC cannot move another site's report to its own by rewriting ``site_id``; a
    report the hub does not hold is judged on the payload's."""
    roye = enroll(client, hub_store, "roye", editor=False)
    theirs = uuid.uuid4()
    assert applied(roye, report(roye, theirs)) == ["applied"]
    counter = enroll(client, hub_store, "moreuil", editor=False)
    declined(hub_store, counter, resolve(counter, theirs, site_id="moreuil"), saying="autre site")
    declined(
        hub_store, counter, report(counter, theirs, comment="Repris."), saying="autre site"
    )  # a « create » of a report the hub holds is an update of it
    superviseur = enroll(client, hub_store, "moreuil")
    assert applied(superviseur, resolve(superviseur, theirs, site_id="moreuil")) == ["applied"]
    kept = stored(hub_store, theirs)
    assert kept.site_id == "roye" and kept.payload["site_id"] == "roye"
    # not held: an update from version 0 creates it, on the payload's site
    unheld = counter.mutation(
        "directory_report", uuid.uuid4(), "update", target_kind="structure",
        target_id=str(default_structure()), site_id="roye",
    )  # fmt: skip
    refused(hub_store, counter, unheld, saying="autre site")
    # a deletion of a report the hub never held leaves a tombstone for the PC's own site
    gone = uuid.uuid4()
    assert applied(counter, remove(counter, gone)) == ["applied"]
    assert stored(hub_store, gone).deleted and stored(hub_store, gone).site_id == "moreuil"
