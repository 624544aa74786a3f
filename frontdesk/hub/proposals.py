"""A counter PC's edit of the shared directory, turned into a proposal.

Only a superviseur's PC (enrolled with ``--superviseur``) edits the directory every site
shares. A directory edit from any other site device is not applied: it becomes a
``directory_report`` (« Signaler une erreur », reason « autre ») that lists the proposed
values and travels to every device, where superviseurs find it in their queue; the
device that sent it is told why and receives the hub's copy back.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from frontdesk.hub.models import Device
from frontdesk.sync.protocol import Mutation

PROPOSED = (
    "Ce poste d'accueil ne modifie pas l'annuaire partagé : la modification est transmise"
    " aux superviseurs comme proposition (signalement), la fiche reste inchangée."
)
TARGET_KINDS = {"structure": "structure", "service": "service", "direct_contact": "contact"}
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "site_id", "device_id"})
MAX_COMMENT = 2000  # as a report's comment typed on a PC
_NAMESPACE = uuid.UUID("6f0c1d2e-3b4a-5c6d-8e9f-a0b1c2d3e4f5")


def proposal_id(mutation: Mutation) -> uuid.UUID:
    """The report's id, from the mutation's: one proposal per mutation, however often
    the push is replayed."""
    return uuid.uuid5(_NAMESPACE, str(mutation.mutation_id))


def proposal_payload(
    device: Device, mutation: Mutation, now: datetime | None = None
) -> dict[str, Any]:
    """The ``directory_report`` a device would have written itself, as JSON."""
    stamp = (now or datetime.now(UTC)).isoformat()
    return {
        "id": str(proposal_id(mutation)),
        "created_at": stamp,
        "updated_at": stamp,
        "version": 1,
        "site_id": device.site_id or "",
        "device_id": str(mutation.payload.get("device_id") or device.id),
        "target_kind": TARGET_KINDS[mutation.entity],
        "target_id": str(mutation.record_id),
        "reason": "autre",
        "comment": summary(device, mutation),
        "reporter_id": str(device.id),
        "status": "ouvert",
        "resolved_at": None,
        "resolution": None,
    }


def summary(device: Device, mutation: Mutation) -> str:
    """What the counter PC proposed, in French, for the superviseur's queue."""
    where = f"« {device.label} »"
    if mutation.op == "delete":
        return f"Proposition du poste {where} : supprimer cette fiche."
    fields = mutation.changed if mutation.op == "update" else sorted(mutation.payload)
    shown = [
        f"{field} → {_value(mutation.payload.get(field))}"
        for field in fields
        if field not in BOOKKEEPING
    ]
    verb = "créer cette fiche" if mutation.op == "create" else "modifier cette fiche"
    text = f"Proposition du poste {where} : {verb}. " + " ; ".join(shown)
    return text if len(text) <= MAX_COMMENT else text[: MAX_COMMENT - 1] + "…"


def _value(value: Any) -> str:
    if value is None or value in ("", []):
        return "(vide)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return f"« {value} »"
