"""The sync protocol between a device and the hub: request and answer bodies (pydantic),
shared by the client (``frontdesk.sync``) and the hub (``frontdesk.hub``).

Push: the device sends its outbox rows in ``seq`` order; the hub applies each mutation
once (a ``seq`` at or below the device's ``last_seq`` is skipped, a gap refused) in one
transaction that also records the new ``last_seq``. Pull: the changes after the device's
``cursor``, a counter the hub bumps inside its write transactions, with tombstones;
``reset`` tells the device to reload the synced tables (its cursor was unknown or too
old). Limits keep a body small enough to apply in one short transaction.
"""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from frontdesk.sync.entities import Entity  # what travels: the synced tables

PROTOCOL_VERSION = 1
MAX_PUSH_MUTATIONS = 500
MAX_PULL_CHANGES = 1000
MAX_BODY_BYTES = 8 * 1024 * 1024
DeviceKind = Literal["site", "tuteur"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mutation(_Body):
    """One outbox row. ``base_version`` is the HUB version the device's copy came from
    (0 for a record it created): several local edits of one record all carry the same
    base, and the hub tells them from another device's edits by their author."""

    seq: int = Field(ge=1)
    mutation_id: uuid.UUID
    entity: Entity
    record_id: uuid.UUID
    op: Literal["create", "update", "delete"]
    base_version: int = Field(ge=0)
    version: int = Field(ge=1)
    changed: list[str] = Field(default_factory=list, max_length=100)
    payload: dict[str, Any]
    # the size in bytes of a mutation too large for any push the hub takes: sent with the
    # record's id alone, so that its seq is acknowledged (refused, on record) and the
    # queue goes on
    oversize: int | None = Field(default=None, ge=1)


class PushRequest(_Body):
    protocol: int
    mutations: list[Mutation] = Field(min_length=1, max_length=MAX_PUSH_MUTATIONS)


class MutationResult(_Body):
    seq: int
    status: Literal["applied", "skipped", "rejected", "conflict"]
    version: int | None = None  # the record's hub version after this mutation
    reason: str | None = None  # French, shown to the superviseur for rejections/conflicts
    # the hub's copy is now exactly the device's (same content): the device takes the
    # version and its pulls skip the record
    echo: bool = False


class PushResponse(_Body):
    protocol: int = PROTOCOL_VERSION
    last_seq: int  # every outbox row up to this seq may be deleted by the device
    results: list[MutationResult]


class Change(_Body):
    entity: Entity
    record_id: uuid.UUID
    site_id: str
    version: int
    deleted: bool
    payload: dict[str, Any] | None  # None for a tombstone


class PullResponse(_Body):
    protocol: int = PROTOCOL_VERSION
    reset: bool  # reload: drop the synced rows held (keep the outbox), then apply
    changes: list[Change]
    cursor: int  # to send with the next pull
    more: bool  # another page is waiting
    # what the device checks before applying anything: the hub's history (a new one after
    # a restore from a backup), the last of its seqs the hub holds (behind what the hub
    # once acknowledged: the hub lost some), the largest push body the hub takes
    hub_epoch: str | None = None
    last_seq: int | None = None
    max_push_bytes: int | None = None


class EnrollRequest(_Body):
    protocol: int
    code: str = Field(min_length=6, max_length=64)
    label: str = Field(min_length=1, max_length=120)  # e.g. the PC's name
    # the seq of the device's next outbox row; the hub keeps it in a 64-bit integer
    next_seq: int = Field(default=1, ge=1, le=2**63 - 1)
    # drawn by the device and kept before it asks: the same code with the same key again
    # (the first answer was lost) gets the same device back with a new token, never a
    # second device. Optional: a device without one simply cannot retry.
    attempt_key: str | None = Field(
        default=None, min_length=32, max_length=100, pattern=r"^[A-Za-z0-9_-]+$"
    )

    @field_validator("code", "label")
    @classmethod
    def _printable(cls, value: str) -> str:
        """Control characters (Unicode « C* », NUL included) are refused: PostgreSQL
        cannot store a NUL, and an escape sequence in a label would act on the terminal
        of the administrator who lists the devices."""
        if any(unicodedata.category(char).startswith("C") for char in value):
            raise ValueError("caractère de contrôle refusé")
        return value


class EnrollResponse(_Body):
    protocol: int = PROTOCOL_VERSION
    device_id: uuid.UUID
    token: str  # shown once; the hub keeps only its hash
    site_id: str | None  # None for a tutor device (both sites)
    kind: DeviceKind
    directory_editor: bool = False  # its directory edits apply (else: proposals)


class ErrorBody(_Body):
    """Every refusal: a stable code for programs and a French message for people."""

    code: str
    message: str
    last_seq: int | None = None  # a seq gap: the last of the device's seqs the hub holds
