"""A push batch read from the outbox: the JSON body built by SQLite itself, the rows kept
as stored (payloads are JSON text already), and what the acknowledgement needs.

Reading 500 outbox rows into objects only to write them out again as JSON cost more than
the hub took to apply them; ``json_object`` splices the stored text instead. The same
rows always give the same bytes, so a retried batch keeps its ``Idempotency-Key``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from frontdesk.sync.protocol import MAX_PUSH_MUTATIONS, PROTOCOL_VERSION, Mutation, PushRequest

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

    @property
    def first_seq(self) -> int:
        return self.rows[0].seq

    @property
    def last_seq(self) -> int:
        return self.rows[-1].seq

    def mutations(self) -> list[Mutation]:
        """The batch as protocol objects (tests and tools; the sync sends ``body``)."""
        return PushRequest.model_validate_json(self.body).mutations


def read_batch(
    session: Session, after: int = 0, size: int = MAX_PUSH_MUTATIONS
) -> OutboxBatch | None:
    """The outbox rows after ``after``, in seq order, at most ``size``; None when empty."""
    found = session.execute(BATCH_SQL, {"after": after, "size": size}).all()
    if not found:
        return None
    rows = [Queued(r.seq, r.entity, uuid.UUID(r.record_id), r.op) for r in found]
    body = f'{{"protocol":{PROTOCOL_VERSION},"mutations":[{",".join(r.mutation for r in found)}]}}'
    return OutboxBatch(rows=rows, body=body.encode())
