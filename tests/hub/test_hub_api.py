"""The hub's API: enrollment, push applied once, scope, pull pages and tombstones, merge."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from frontdesk.hub import admin
from frontdesk.hub.models import Conflict, Record
from frontdesk.sync.protocol import PROTOCOL_VERSION
from tests.hub.conftest import Device, beyond_defaults, enroll


def visit(device: Device, record_id: uuid.UUID | None = None, **fields) -> dict:
    return device.mutation("visit", record_id or uuid.uuid4(), outcome="resolu", **fields)


def records(hub_store, entity: str = "visit") -> int:
    with hub_store.transaction() as session:
        return session.scalar(
            select(func.count()).select_from(Record).where(Record.entity == entity)
        )


def test_health_and_openapi(client) -> None:
    assert client.get("/v1/health").json() == {"status": "ok", "protocol": PROTOCOL_VERSION}
    assert "/v1/push" in client.get("/v1/openapi.json").json()["paths"]


def test_enrollment_code_is_single_use(client, hub_store) -> None:
    with hub_store.transaction() as session:
        code = admin.issue_enrollment(session, "site", "roye").code
    body = {"protocol": PROTOCOL_VERSION, "code": code.lower(), "label": "PC 1"}
    assert client.post("/v1/enroll", json=body).status_code == 200
    again = client.post("/v1/enroll", json=body)
    assert again.status_code == 403 and "déjà utilisé" in again.json()["message"]


def test_push_is_applied_once_and_replayed_by_key(moreuil: Device, hub_store) -> None:
    first = moreuil.push(visit(moreuil), visit(moreuil), key="cle-push-0001")
    assert first.status_code == 200, first.text
    assert first.json()["last_seq"] == 2
    assert [r["status"] for r in first.json()["results"]] == ["applied", "applied"]
    moreuil.seq = 0  # the same batch again (lost reply): same key, same answer
    mutations = [visit(moreuil), visit(moreuil)]
    replay = moreuil.push(*mutations, key="cle-push-0001")
    assert replay.status_code == 422  # same key, other payload (new ids)
    again = moreuil.push(*mutations, key="cle-push-0002")  # new key, seqs already applied
    assert [r["status"] for r in again.json()["results"]] == ["skipped", "skipped"]
    assert records(hub_store) == 2


def test_a_gap_is_refused_and_changes_nothing(moreuil: Device, hub_store) -> None:
    moreuil.seq = 1  # seq 2 without seq 1
    answer = moreuil.push(visit(moreuil))
    assert answer.status_code == 409 and answer.json()["code"] == "trou-de-sequence"
    assert records(hub_store) == 0


def test_writing_another_site_is_forbidden(moreuil: Device, roye: Device, hub_store) -> None:
    mine, theirs = visit(moreuil), visit(moreuil)
    theirs["payload"]["site_id"] = "roye"
    answer = moreuil.push(mine, theirs)
    assert answer.status_code == 403 and "autre site" in answer.json()["message"]
    assert records(hub_store) == 0  # not even the good one
    moreuil.seq = 0
    review = moreuil.mutation("visit_review", uuid.uuid4(), visit_id=str(uuid.uuid4()))
    assert moreuil.push(review).status_code == 403


def test_revoked_and_unknown_tokens(moreuil: Device, hub_store) -> None:
    with hub_store.transaction() as session:
        admin.revoke_device(session, moreuil.id)
    assert moreuil.push(visit(moreuil)).status_code == 401
    moreuil.token = "n-importe-quoi"
    assert moreuil.client.get("/v1/pull", headers=moreuil.headers).status_code == 401


def test_protocol_mismatch_is_explained(moreuil: Device) -> None:
    body = {"protocol": 99, "mutations": [visit(moreuil)]}
    headers = moreuil.headers | {"Idempotency-Key": '"cle-protocole"'}
    answer = moreuil.client.post("/v1/push", json=body, headers=headers)
    assert answer.status_code == 400 and "Mettez Frontdesk à jour" in answer.json()["message"]


def test_pull_scope_pages_and_tombstones(moreuil: Device, roye: Device, tutor: Device) -> None:
    kept, gone = uuid.uuid4(), uuid.uuid4()
    assert moreuil.push(visit(moreuil, kept), visit(moreuil, gone)).status_code == 200
    assert roye.push(visit(roye)).status_code == 200
    contact = uuid.uuid4()
    assert roye.push(roye.mutation("direct_contact", contact, name="Accueil")).status_code == 200
    seen = tutor.pull(limit=1)
    assert seen["more"] and len(seen["changes"]) == 1
    rest = tutor.pull()
    assert len({c["record_id"] for c in seen["changes"] + rest["changes"]}) == 4  # everything
    # a site device reads the directory and its site's visits, but not its own writes
    # back (it holds them already): here, Roye's contact only
    assert [c["record_id"] for c in moreuil.pull()["changes"]] == [str(contact)]
    roye.cursor = 0
    assert beyond_defaults(roye.pull()["changes"]) == []  # all its own
    assert moreuil.push(moreuil.mutation("visit", gone, "delete", base=1)).status_code == 200
    tombstone = tutor.pull()["changes"]
    assert [(c["record_id"], c["deleted"], c["payload"]) for c in tombstone] == [
        (str(gone), True, None)
    ]
    assert moreuil.pull()["changes"] == []  # it deleted the visit itself
    assert tutor.pull()["changes"] == []


def test_own_writes_come_back_in_a_reset_and_after_a_merge(moreuil: Device, roye: Device) -> None:
    mine = uuid.uuid4()
    moreuil.push(visit(moreuil, mine))
    moreuil.cursor = 10_000  # unknown to the hub: a full reload, its own visit included
    answer = moreuil.pull()
    assert answer["reset"] and beyond_defaults(answer["changes"]) == [str(mine)]
    contact = uuid.uuid4()
    roye.push(roye.mutation("direct_contact", contact, name="Accueil", role="standard"))
    assert [c["record_id"] for c in moreuil.pull()["changes"]] == [str(contact)]
    # Moreuil edits the role from a copy that lacks nothing: its copy is the hub's
    edit = moreuil.mutation(
        "direct_contact", contact, "update", base=1, changed=["role"], name="Accueil",
        role="accueil", site_id="roye",
    )  # fmt: skip
    result = moreuil.push(edit).json()["results"][0]
    assert result["status"] == "applied" and result["echo"]
    assert moreuil.pull()["changes"] == []
    # Roye edits the name from an older copy: merged, so Roye gets the hub's copy back
    stale = roye.mutation(
        "direct_contact", contact, "update", base=1, changed=["name"], name="Guichet",
        role="standard",
    )  # fmt: skip
    result = roye.push(stale).json()["results"][0]
    assert result["status"] == "applied" and not result["echo"]
    [change] = roye.pull()["changes"]
    assert (change["payload"]["name"], change["payload"]["role"]) == ("Guichet", "accueil")


def test_unknown_cursor_gets_a_reset(moreuil: Device) -> None:
    moreuil.push(visit(moreuil))
    moreuil.cursor = 10_000
    answer = moreuil.pull()
    assert answer["reset"] and len(beyond_defaults(answer["changes"])) == 1


def test_merge_field_by_field(moreuil: Device, roye: Device, hub_store) -> None:
    contact = uuid.uuid4()
    moreuil.push(
        moreuil.mutation(
            "direct_contact", contact, name="Accueil", role="standard", telephone="0322000000"
        )
    )
    # both devices start from hub version 1 and edit offline
    moreuil.push(
        moreuil.mutation(
            "direct_contact", contact, "update", base=1, changed=["role"], role="référente RSA"
        )
    )
    answer = roye.push(
        roye.mutation(
            "direct_contact",
            contact,
            "update",
            base=1,
            changed=["telephone", "role"],
            telephone="0322111111",
            role="accueil",
        )
    )
    result = answer.json()["results"][0]
    assert result["status"] == "conflict" and "role" in result["reason"]
    with hub_store.transaction() as session:
        record = session.get(Record, ("direct_contact", contact))
        assert record.payload["role"] == "référente RSA"  # the hub's value kept
        assert record.payload["telephone"] == "0322111111"  # the other field merged
        conflicts = session.scalars(select(Conflict)).all()
        assert [(c.field, c.hub_value, c.device_value) for c in conflicts] == [
            ("role", "référente RSA", "accueil")
        ]
    # the same device's second offline edit of a field it changed itself is no conflict
    again = moreuil.push(
        moreuil.mutation(
            "direct_contact", contact, "update", base=1, changed=["role"], role="référente emploi"
        )
    )
    assert again.json()["results"][0]["status"] == "applied"


def test_edit_versus_delete_stays_deleted(moreuil: Device, roye: Device, hub_store) -> None:
    contact = uuid.uuid4()
    moreuil.push(moreuil.mutation("direct_contact", contact, name="Accueil"))
    moreuil.push(moreuil.mutation("direct_contact", contact, "delete", base=1))
    answer = roye.push(
        roye.mutation(
            "direct_contact", contact, "update", base=1, changed=["name"], name="Accueil général"
        )
    )
    assert answer.json()["results"][0]["status"] == "conflict"
    with hub_store.transaction() as session:
        assert session.get(Record, ("direct_contact", contact)).deleted
        assert session.scalar(select(func.count()).select_from(Conflict)) == 1


def test_a_comment_on_an_unknown_visit_is_rejected_but_acknowledged(tutor: Device) -> None:
    comment = tutor.mutation("review_comment", uuid.uuid4(), visit_id=str(uuid.uuid4()), body="?")
    answer = tutor.push(comment).json()
    assert answer["last_seq"] == 1
    assert answer["results"][0]["status"] == "rejected"


def test_tutor_reviews_a_visit_the_site_reads_it(
    moreuil: Device, tutor: Device, client, hub_store
) -> None:
    seen = uuid.uuid4()
    moreuil.push(visit(moreuil, seen))
    review = tutor.mutation("visit_review", uuid.uuid4(), visit_id=str(seen), status="a_revoir")
    assert tutor.push(review).json()["results"][0]["status"] == "applied"
    other = enroll(client, hub_store, "roye")
    entities = {c["entity"] for c in moreuil.pull()["changes"]}
    assert entities == {"visit_review"}  # its own visit it holds already
    assert other.pull()["changes"] == []  # Roye sees neither
