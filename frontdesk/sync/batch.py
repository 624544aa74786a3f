"""A push batch read from the outbox: the JSON body built by SQLite itself, the rows kept
as stored (payloads are JSON text already), and what the acknowledgement needs.

Reading 500 outbox rows into objects only to write them out again as JSON cost more than
the hub took to apply them; ``json_object`` splices the stored text instead. The same
rows always give the same bytes, so a retried batch keeps its ``Idempotency-Key``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from frontdesk.sync.protocol import (
    MAX_BODY_BYTES,
    MAX_PUSH_MUTATIONS,
    PROTOCOL_VERSION,
    Mutation,
    PushRequest,
)

# base_version: the hub version the device's copy came from (0 for a record it created)
BATCH_SQL = text(
    """
    SELECT o.seq, o.entity, o.record_id, o.op,
           json_object('seq', o.seq, 'mutation_id', o.mutation_id, 'entity', o.entity,
                       'record_id', o.record_id, 'op', o.op,
                       'base_version', coalesce(v.hub_version, 0), 'version', o.version,
                       'changed', json(o.changed), 'payload', json(o.payload)) AS mutation
    FROM outbox AS o
    LEFT JOIN sync_version AS v ON v.entity = o.entity AND v.record_id = o.record_id
    WHERE o.seq > :after
    ORDER BY o.seq
    LIMIT :size
    """
)


class Queued(NamedTuple):
    seq: int
    entity: str
    record_id: uuid.UUID
    op: str


@dataclass(frozen=True)
class OutboxBatch:
    rows: list[Queued]
    body: bytes  # the push request, as sent
    oversize: int | None = None  # one mutation of that many bytes, sent without payload

    @property
    def first_seq(self) -> int:
        return self.rows[0].seq

    @property
    def last_seq(self) -> int:
        return self.rows[-1].seq

    def mutations(self) -> list[Mutation]:
        """The batch as protocol objects (tests and tools; the sync sends ``body``)."""
        return PushRequest.model_validate_json(self.body).mutations


ENVELOPE = len(f'{{"protocol":{PROTOCOL_VERSION},"mutations":[]}}') + 64  # and some margin


class HeldByRelay(ValueError):
    """The first row fits the hub's limit but not what a proxy before it takes: it must
    wait for the proxy to be fixed (sent without its content, it would be lost)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_batch(
    session: Session,
    after: int = 0,
    size: int = MAX_PUSH_MUTATIONS,
    max_bytes: int = MAX_BODY_BYTES,
    hub_limit: int | None = None,
) -> OutboxBatch | None:
    """The outbox rows after ``after``, in seq order, at most ``size`` and at most
    ``max_bytes`` of body; None when empty. A first row too large for any body the hub
    takes (``hub_limit``, the limit it announced; ``max_bytes`` when None) goes alone,
    its payload left out (``oversize``): the hub refuses it on record, and the queue
    behind it goes on. One within the hub's limit but above ``max_bytes`` (a proxy's,
    lower) raises ``HeldByRelay``."""
    found = session.execute(BATCH_SQL, {"after": after, "size": size}).all()
    if not found:
        return None
    taken, used = [], ENVELOPE
    for row in found:
        used += len(row.mutation.encode()) + 1
        if used > max_bytes:
            break
        taken.append(row)
    if not taken:
        first = len(found[0].mutation.encode()) + 1 + ENVELOPE
        if hub_limit is not None and first <= hub_limit:
            raise HeldByRelay(first)
        return _oversize(found[0])
    rows = [Queued(r.seq, r.entity, uuid.UUID(r.record_id), r.op) for r in taken]
    return OutboxBatch(rows=rows, body=_body(r.mutation for r in taken))


def _body(mutations: Iterable[str]) -> bytes:
    return f'{{"protocol":{PROTOCOL_VERSION},"mutations":[{",".join(mutations)}]}}'.encode()


def _oversize(row: Any) -> OutboxBatch:
    mutation = json.loads(row.mutation)
    size = len(row.mutation.encode())
    mutation |= {"payload": {"id": mutation["record_id"]}, "changed": [], "oversize": size}
    queued = Queued(row.seq, row.entity, uuid.UUID(row.record_id), row.op)
    return OutboxBatch(rows=[queued], body=_body([json.dumps(mutation)]), oversize=size)
