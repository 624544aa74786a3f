"""Applying a device's push: every mutation once, in order, in the caller's transaction.

- The device row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite has one writer):
  concurrent copies of one push wait, then find their mutations already applied.
- ``seq`` at or below the device's ``last_seq``: skipped (already applied). The first new
  one must be ``last_seq + 1``: a gap refuses the whole push (``SeqGapError``).
- Scope is checked for every mutation BEFORE anything is written: one mutation outside
  the device's rights refuses the whole push (``ScopeError``, HTTP 403).
- A mutation that can never apply (unknown parent, malformed payload) is recorded as
  rejected and still acknowledged, so it never blocks the queue.
- Merge, field by field, with no clock: a field another device changed after the hub
  version this device started from (``base_version``) keeps the hub's value and a
  ``Conflict`` row records the device's; an edit of a deleted record (even one whose
  tombstone was purged) is a conflict and the record stays deleted; a delete of a record
  others edited meanwhile applies, and is reported to the device as a conflict.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from frontdesk.hub.models import Conflict, Counter, Device, Record, Rejection
from frontdesk.sync.protocol import DIRECTORY, Mutation, MutationResult, PushResponse

BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "site_id", "device_id"})
STAMPS = ("updated_at",)  # bookkeeping an applied edit brings along
PARENTS = {"visit_review": "visit_id", "review_comment": "visit_id"}


class SeqGapError(Exception):
    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"seq {got} received, {expected} expected")
        self.expected, self.got = expected, got


class ScopeError(Exception):
    """The device may not write this (French message)."""


def next_change_id(session: Session, count: int = 1) -> int:
    """Bump the counter by ``count`` inside the caller's transaction (its row lock, held
    until commit, orders commits); the last id reserved."""
    counter = Counter.__table__  # Core: no ORM bookkeeping while the row is locked
    return (
        session.connection()
        .execute(
            update(counter)
            .where(counter.c.id == 1)
            .values(value=counter.c.value + count)
            .returning(counter.c.value)
        )
        .scalar_one()
    )


KNOWN, TOUCHED = "hub_records", "hub_touched"  # session.info keys, for one push


@dataclass
class NewRecord:
    """A record the batch creates: plain attributes, written in one bulk INSERT when the
    batch ends (the ORM's unit of work costs more than the merge for 500 new visits)."""

    entity: str
    id: uuid.UUID
    site_id: str
    version: int
    payload: dict[str, Any]
    field_versions: dict[str, Any]
    deleted: bool = False
    parent_id: uuid.UUID | None = None
    echo_device: uuid.UUID | None = None
    change_id: int = 0


AnyRecord = Record | NewRecord


def _preload(session: Session, mutations: list[Mutation]) -> None:
    """Load (and lock) every record the batch names, and the visits its reviews and
    comments hang on, in one query per entity: the mutations then run without SQL."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for mutation in mutations:
        wanted.setdefault(mutation.entity, set()).add(mutation.record_id)
        parent = _parent_id(mutation)
        if parent is not None:
            wanted.setdefault("visit", set()).add(parent)
    known: dict[tuple[str, uuid.UUID], AnyRecord | None] = {}
    for entity, ids in wanted.items():
        listed = list(ids)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            query = select(Record).where(Record.entity == entity, Record.id.in_(chunk))
            for record in session.scalars(query.with_for_update()):
                known[(entity, record.id)] = record
        known.update({(entity, i): None for i in ids if (entity, i) not in known})
    session.info[KNOWN], session.info[TOUCHED] = known, {}


def _lookup(session: Session, entity: str, record_id: uuid.UUID) -> AnyRecord | None:
    known = session.info.get(KNOWN)
    if known is not None and (entity, record_id) in known:
        return known[(entity, record_id)]
    return session.get(Record, (entity, record_id))


def _touch(session: Session, record: AnyRecord, echo: uuid.UUID | None = None) -> None:
    """The record changed: it gets a change id when the batch ends (in touch order).
    ``echo``: the device that pushed it holds exactly this copy (its pulls skip it)."""
    record.echo_device = echo
    touched = session.info[TOUCHED]
    touched.pop((record.entity, record.id), None)
    touched[(record.entity, record.id)] = record
    session.info[KNOWN][(record.entity, record.id)] = record


def _stamp_changes(session: Session) -> None:
    """Reserve the batch's change ids in ONE counter update, at the very end: the counter
    row stays locked only for the final flush and the commit."""
    touched = list(session.info.pop(TOUCHED, {}).values())
    session.info.pop(KNOWN, None)
    if not touched:
        return
    last = next_change_id(session, len(touched))
    for offset, record in enumerate(touched):
        record.change_id = last - len(touched) + 1 + offset
    created = [vars(r) for r in touched if isinstance(r, NewRecord)]
    if created:
        session.connection().execute(insert(Record.__table__), created)


def _scope_site(session: Session, mutation: Mutation) -> str | None:
    """The site a record belongs to: its own for a visit, its visit's for a review or a
    comment; None for the directory (shared by every site)."""
    if mutation.entity in DIRECTORY:
        return None
    if mutation.entity == "visit":
        existing = _lookup(session, "visit", mutation.record_id)
        return existing.site_id if existing else str(mutation.payload.get("site_id", ""))
    parent = _parent_id(mutation)
    visit = _lookup(session, "visit", parent) if parent else None
    return visit.site_id if visit else None


def _parent_id(mutation: Mutation) -> uuid.UUID | None:
    field = PARENTS.get(mutation.entity)
    raw = mutation.payload.get(field) if field else None
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


def check_scope(session: Session, device: Device, mutation: Mutation) -> None:
    entity = mutation.entity
    if device.kind == "tuteur":
        if entity not in {"visit_review", "review_comment", "directory_report"}:
            raise ScopeError(
                "Un poste de tuteur ne modifie que des relectures et des commentaires."
            )
        return
    if entity == "visit_review":
        raise ScopeError("Seul un poste de tuteur peut relire une visite.")
    if entity in DIRECTORY:
        return
    site = _scope_site(session, mutation)
    if site is not None and site != device.site_id:
        raise ScopeError("Ce poste ne peut pas écrire les données d'un autre site.")


def apply_push(
    session: Session,
    device_id: uuid.UUID,
    mutations: list[Mutation],
    then: Callable[[PushResponse], None] | None = None,
) -> PushResponse:
    """Apply the batch; ``then`` runs with the answer before the change ids are stamped
    (the API keeps the answer for its Idempotency-Key there). Everything is written
    before the counter is bumped: its row, which orders every push, stays locked only for
    the change ids and the commit."""
    # read afresh under the lock: a copy of the device loaded earlier in the session
    # (authentication) may predate a concurrent push of the same batch
    device = session.execute(
        select(Device)
        .where(Device.id == device_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    fresh = [m for m in mutations if m.seq > device.last_seq]
    for offset, mutation in enumerate(fresh):
        expected = device.last_seq + 1 + offset
        if mutation.seq != expected:
            raise SeqGapError(expected, mutation.seq)
    results = [
        MutationResult(seq=m.seq, status="skipped") for m in mutations if m.seq <= device.last_seq
    ]
    with session.no_autoflush:  # new records are inserted once their change id is known
        _preload(session, fresh)
        for mutation in fresh:
            check_scope(session, device, mutation)
        for mutation in fresh:
            results.append(_apply(session, device, mutation))
            device.last_seq = mutation.seq
        response = PushResponse(last_seq=device.last_seq, results=results)
        if then is not None:
            then(response)
        session.flush()  # all but the change ids
        _stamp_changes(session)
    session.flush()
    return response


def _apply(session: Session, device: Device, mutation: Mutation) -> MutationResult:
    problem = _malformed(session, mutation)
    if problem:
        session.add(
            Rejection(
                device_id=device.id,
                seq=mutation.seq,
                mutation_id=mutation.mutation_id,
                entity=mutation.entity,
                record_id=mutation.record_id,
                reason=problem,
            )
        )
        return MutationResult(seq=mutation.seq, status="rejected", reason=problem)
    record = _lookup(session, mutation.entity, mutation.record_id)
    if mutation.op == "delete":
        return _delete(session, device, mutation, record)
    if record is None:
        if mutation.op == "update" and mutation.base_version > 0:
            # the device had it from the hub: deleted there and its tombstone purged since
            return _gone(session, device, mutation)
        return _create(session, device, mutation)
    return _merge(session, device, mutation, record)


GONE = "Cet enregistrement a été supprimé ailleurs : la modification n'est pas appliquée."


def _gone(session: Session, device: Device, mutation: Mutation) -> MutationResult:
    """An edit of a record whose tombstone was purged: it stays deleted, on record."""
    session.add(
        Conflict(
            entity=mutation.entity,
            record_id=mutation.record_id,
            site_id=_scope_site(session, mutation) or device.site_id or "",
            field="*",
            hub_value=None,
            device_value=mutation.payload,
            device_id=device.id,
            mutation_id=mutation.mutation_id,
        )
    )
    return MutationResult(seq=mutation.seq, status="conflict", reason=GONE)


def _malformed(session: Session, mutation: Mutation) -> str | None:
    if mutation.op != "delete" and str(mutation.payload.get("id")) != str(mutation.record_id):
        return "Contenu incohérent : l'identifiant ne correspond pas à l'enregistrement."
    if mutation.entity in PARENTS and mutation.op != "delete":
        parent = _parent_id(mutation)
        visit = _lookup(session, "visit", parent) if parent else None
        if visit is None or visit.deleted:
            return "La visite concernée est inconnue du hub (supprimée ou jamais envoyée)."
    return None


def _content(mutation: Mutation) -> dict[str, Any]:
    return {k: v for k, v in mutation.payload.items() if k not in BOOKKEEPING or k == "id"}


def _create(session: Session, device: Device, mutation: Mutation) -> MutationResult:
    payload = dict(mutation.payload)
    author = [1, str(device.id)]
    site = _scope_site(session, mutation) or str(payload.get("site_id") or "")
    payload["version"] = 1
    record = NewRecord(
        entity=mutation.entity,
        id=mutation.record_id,
        site_id=site,
        version=1,
        payload=payload,
        field_versions=dict.fromkeys(_content(mutation), author),
        parent_id=_parent_id(mutation),
    )
    _touch(session, record, echo=device.id)
    return MutationResult(seq=mutation.seq, status="applied", version=1, echo=True)


def _merge(
    session: Session, device: Device, mutation: Mutation, record: AnyRecord
) -> MutationResult:
    if record.deleted:
        _conflict(
            session,
            device,
            mutation,
            record,
            field="*",
            hub_value=None,
            device_value=mutation.payload,
        )
        return MutationResult(
            seq=mutation.seq, status="conflict", version=record.version, reason=GONE
        )
    fields = mutation.changed if mutation.op == "update" else list(_content(mutation))
    payload, versions = dict(record.payload), dict(record.field_versions)
    version = record.version + 1
    applied, conflicts = [], []
    for field in fields:
        if field in BOOKKEEPING or field not in mutation.payload:
            continue
        new = mutation.payload[field]
        if payload.get(field) == new:
            continue
        hub_version, author = versions.get(field, [0, None])
        if hub_version > mutation.base_version and author != str(device.id):
            conflicts.append(field)
            _conflict(
                session,
                device,
                mutation,
                record,
                field=field,
                hub_value=payload.get(field),
                device_value=new,
            )
            continue
        payload[field] = new
        versions[field] = [version, str(device.id)]
        applied.append(field)
    if applied:
        payload["version"] = version
        payload.update({k: mutation.payload[k] for k in STAMPS if k in mutation.payload})
        record.payload, record.field_versions, record.version = payload, versions, version
    # always a new change id, even when nothing differed: the device may have skipped
    # this record in a pull (it had unsent changes), and must now receive the hub's copy,
    # unless that copy is exactly its own
    echo = not conflicts and _same_content(payload, mutation.payload)
    _touch(session, record, echo=device.id if echo else None)
    if conflicts:
        reason = "Modifié aussi sur le hub, valeur du hub conservée : " + ", ".join(conflicts)
        return MutationResult(
            seq=mutation.seq, status="conflict", version=record.version, reason=reason
        )
    return MutationResult(seq=mutation.seq, status="applied", version=record.version, echo=echo)


def _same_content(hub: dict[str, Any], device: dict[str, Any]) -> bool:
    """The hub's payload is the device's, every field (the version aside)."""
    return hub.keys() - {"version"} == device.keys() - {"version"} and all(
        hub[k] == v for k, v in device.items() if k != "version"
    )


def _delete(
    session: Session, device: Device, mutation: Mutation, record: AnyRecord | None
) -> MutationResult:
    status: Literal["applied", "conflict"] = "applied"
    reason: str | None = None
    if record is None:  # deleted before the hub saw it: keep a tombstone all the same
        record = NewRecord(
            entity=mutation.entity,
            id=mutation.record_id,
            site_id=device.site_id or "",
            version=0,
            payload={},
            field_versions={},
        )
    elif record.deleted:
        return MutationResult(seq=mutation.seq, status="applied", version=record.version)
    elif _edited_by_others_since(record, device, mutation.base_version):
        # deleted on this device, edited elsewhere meanwhile: the delete wins, on record,
        # and the device is told (its superviseur sees it in the Synchronisation section)
        _conflict(
            session,
            device,
            mutation,
            record,
            field="*",
            hub_value=record.payload,
            device_value=None,
        )
        status, reason = "conflict", EDITED_ELSEWHERE
    record.deleted = True
    record.version += 1
    _touch(session, record, echo=device.id)  # the device has deleted it already
    return MutationResult(seq=mutation.seq, status=status, version=record.version, reason=reason)


EDITED_ELSEWHERE = (
    "Cet enregistrement avait été modifié ailleurs entre-temps : la suppression est"
    " appliquée, la version modifiée est conservée dans le journal des conflits du hub."
)


def _edited_by_others_since(record: AnyRecord, device: Device, base: int) -> bool:
    return any(
        version > base and author != str(device.id)
        for version, author in record.field_versions.values()
    )


def _conflict(
    session: Session,
    device: Device,
    mutation: Mutation,
    record: AnyRecord,
    *,
    field: str,
    hub_value: Any,
    device_value: Any,
) -> None:
    session.add(
        Conflict(
            entity=record.entity,
            record_id=record.id,
            site_id=record.site_id,
            field=field,
            hub_value=hub_value,
            device_value=device_value,
            device_id=device.id,
            mutation_id=mutation.mutation_id,
        )
    )
