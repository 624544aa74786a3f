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
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.hub.changes import (
    AnyRecord,
    NewRecord,
    lookup,
    parent_id,
    preload,
    stamp_changes,
    touch,
)
from frontdesk.hub.fitness import malformed, unfit
from frontdesk.hub.models import Conflict, Device, Rejection
from frontdesk.hub.proposals import PROPOSED, proposal_payload
from frontdesk.hub.scope import ReportRefused, check_scope, scope_site
from frontdesk.sync.entities import DIRECTORY_ENTRIES
from frontdesk.sync.protocol import (
    Mutation,
    MutationResult,
    PushResponse,
)

BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "site_id", "device_id"})
STAMPS = ("updated_at",)  # bookkeeping an applied edit brings along


class SeqGapError(Exception):
    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"seq {got} received, {expected} expected")
        self.expected, self.got = expected, got


def apply_push(
    session: Session,
    device_id: uuid.UUID,
    mutations: list[Mutation],
    then: Callable[[PushResponse], None] | None = None,
    locked: Device | None = None,
) -> PushResponse:
    """Apply the batch; ``then`` runs with the answer before the change ids are stamped
    (the API keeps the answer for its Idempotency-Key there). Everything is written
    before the counter is bumped: its row, which orders every push, stays locked only for
    the change ids and the commit."""
    # read afresh under the lock (``locked``: the caller just did): a copy of the device
    # loaded earlier in the session may predate a concurrent push of the same batch
    device = (
        locked
        or session.execute(
            select(Device)
            .where(Device.id == device_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one()
    )
    fresh = [m for m in mutations if m.seq > device.last_seq]
    for offset, mutation in enumerate(fresh):
        expected = device.last_seq + 1 + offset
        if mutation.seq != expected:
            raise SeqGapError(expected, mutation.seq)
    results = [
        MutationResult(seq=m.seq, status="skipped") for m in mutations if m.seq <= device.last_seq
    ]
    with session.no_autoflush:  # new records are inserted once their change id is known
        preload(session, fresh)
        # a malformed record is refused on its own (its site may be garbage); the scope of
        # every other one is checked before anything is written
        problems = [malformed(mutation) for mutation in fresh]
        for index, mutation in enumerate(fresh):
            if problems[index] is None:
                try:
                    check_scope(session, device, mutation)
                except ReportRefused as refused:  # an honest PC's queue must go on
                    problems[index] = str(refused)
        for mutation, problem in zip(fresh, problems, strict=True):
            results.append(_apply(session, device, mutation, problem))
            device.last_seq = mutation.seq
        response = PushResponse(last_seq=device.last_seq, results=results)
        if then is not None:
            then(response)
        session.flush()  # all but the change ids
        stamp_changes(session)
    session.flush()
    return response


def _apply(
    session: Session, device: Device, mutation: Mutation, problem: str | None
) -> MutationResult:
    record = lookup(session, mutation.entity, mutation.record_id)
    proposal = (
        mutation.entity in DIRECTORY_ENTRIES
        and device.kind == "site"
        and not device.directory_editor
    )
    if problem is None and not proposal:
        problem = unfit(session, mutation)
    if problem:
        if record is not None:  # the PC changed its copy: it gets the hub's back
            touch(session, record)
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
    if proposal:
        return _propose(session, device, mutation, record)
    if mutation.op == "delete":
        return _delete(session, device, mutation, record)
    if record is None:
        if mutation.op == "update" and mutation.base_version > 0:
            # the device had it from the hub: deleted there and its tombstone purged since
            return _gone(session, device, mutation)
        return _create(session, device, mutation)
    return _merge(session, device, mutation, record)


def _propose(
    session: Session, device: Device, mutation: Mutation, record: AnyRecord | None
) -> MutationResult:
    """A counter PC's directory edit: a report for the superviseurs, and the hub's copy
    sent back to the PC. An entry the hub does not hold gets no tombstone: its id may be
    shared (a default, an id derived from a data·inclusion source id that a superviseur's
    PC imports too), and a tombstone would delete it on every PC."""
    payload = proposal_payload(device, mutation)
    known = lookup(session, "directory_report", uuid.UUID(payload["id"]))
    if known is not None:  # the same mutation again (sent anew after a restore, a re-enrollment)
        return MutationResult(seq=mutation.seq, status="rejected", reason=PROPOSED)
    report = NewRecord(
        entity="directory_report",
        id=uuid.UUID(payload["id"]),
        site_id=device.site_id or "",
        version=1,
        payload=payload,
        field_versions={key: [1, str(device.id)] for key in payload.keys() - BOOKKEEPING},
    )
    touch(session, report)
    if record is not None:
        touch(session, record)  # not an echo: the PC's copy differs from the hub's
    return MutationResult(seq=mutation.seq, status="rejected", reason=PROPOSED)


GONE = "Cet enregistrement a été supprimé ailleurs : la modification n'est pas appliquée."


def _gone(session: Session, device: Device, mutation: Mutation) -> MutationResult:
    """An edit of a record whose tombstone was purged: it stays deleted, on record."""
    session.add(
        Conflict(
            entity=mutation.entity,
            record_id=mutation.record_id,
            site_id=scope_site(session, mutation) or device.site_id or "",
            field="*",
            hub_value=None,
            device_value=mutation.payload,
            device_id=device.id,
            mutation_id=mutation.mutation_id,
        )
    )
    return MutationResult(seq=mutation.seq, status="conflict", reason=GONE)


def _content(mutation: Mutation) -> dict[str, Any]:
    return {k: v for k, v in mutation.payload.items() if k not in BOOKKEEPING or k == "id"}


def _create(session: Session, device: Device, mutation: Mutation) -> MutationResult:
    payload = dict(mutation.payload)
    author = [1, str(device.id)]
    site = scope_site(session, mutation) or str(payload.get("site_id") or "")
    payload["version"] = 1
    record = NewRecord(
        entity=mutation.entity,
        id=mutation.record_id,
        site_id=site,
        version=1,
        payload=payload,
        field_versions=dict.fromkeys(_content(mutation), author),
        parent_id=parent_id(mutation),
    )
    touch(session, record, echo=device.id)
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
    touch(session, record, echo=device.id if echo else None)
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
        record = _tombstone(device, mutation)
    elif record.deleted:
        return MutationResult(seq=mutation.seq, status="applied", version=record.version)
    else:
        if _edited_by_others_since(record, device, mutation.base_version):
            # deleted on this device, edited elsewhere meanwhile: the delete wins, on
            # record, and the device is told (its superviseur sees it in Synchronisation)
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
    touch(session, record, echo=device.id)  # the device has deleted it already
    return MutationResult(seq=mutation.seq, status=status, version=record.version, reason=reason)


def _tombstone(device: Device, mutation: Mutation) -> NewRecord:
    """A deleted record the hub never held (version 1): the devices drop their copies."""
    return NewRecord(
        entity=mutation.entity,
        id=mutation.record_id,
        site_id=device.site_id or "",
        version=1,
        payload={},
        field_versions={},
        deleted=True,
    )


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
