"""Complete, valid record payloads for tests that build mutations by hand: the hub checks
every record against the PCs' own tables (``frontdesk.sync.records``), so a test states
only the fields it is about and this fills in the rest."""

from __future__ import annotations

import uuid
from typing import Any

from frontdesk.contacts.defaults import default_directory, default_id

STAMP = "2026-04-07T08:00:00+00:00"
NIL = "00000000-0000-0000-0000-000000000001"


def default_structure() -> uuid.UUID:
    """A structure every hub and PC holds (the shipped directory's first)."""
    return default_id(default_directory().structures[0].di_id)


def _bases() -> dict[str, dict[str, Any]]:
    structure = str(default_structure())
    return {
        "visit": {"agent_id": NIL, "started_at": STAMP, "ended_at": STAMP, "channel": "guichet",
                  "journeys": ["declarer-revenus"], "thematiques": [], "operators": [],
                  "publics": {}, "orientations": [], "outcome": "resolu", "age_band": None,
                  "commune_insee": None, "note": None, "voided_at": None, "void_reason": None},
        "visit_review": {"visit_id": NIL, "status": "a_revoir", "reviewer_id": NIL,
                         "reviewer_name": "Tuteur"},
        "review_comment": {"visit_id": NIL, "author_id": NIL, "author_name": "Tuteur",
                           "author_role": "tuteur", "body": "Bien.", "read_at": None},
        "structure": {"di_id": f"frontdesk--t-{uuid.uuid4().hex[:8]}", "nom": "Structure",
                      "date_maj": "2026-11-01", "source": "frontdesk", "a_verifier": True,
                      "reseaux_porteurs": []},
        "service": {"di_id": f"frontdesk--s-{uuid.uuid4().hex[:8]}", "structure_id": structure,
                    "nom": "Service", "description": "Une description.",
                    "date_maj": "2026-11-01", "source": "frontdesk", "a_verifier": True,
                    "thematiques": [], "publics": [], "zone_eligibilite": [],
                    "modes_accueil": [], "modes_mobilisation": []},
        "direct_contact": {"structure_id": structure, "service_id": None, "name": "Accueil",
                           "spie_publics": [], "journeys": [], "date_maj": "2026-11-01",
                           "a_verifier": True},
        "directory_report": {"target_kind": "structure", "target_id": structure,
                             "reason": "autre", "comment": "À revoir.", "reporter_id": NIL,
                             "status": "ouvert"},
    }  # fmt: skip


def full_payload(
    entity: str, record_id: uuid.UUID | str, site: str | None, **fields: Any
) -> dict[str, Any]:
    """``fields`` over a valid record of ``entity`` (bookkeeping included)."""
    stamp = {"id": str(record_id), "created_at": STAMP, "updated_at": STAMP, "version": 1,
             "site_id": site or "moreuil", "device_id": NIL}  # fmt: skip
    return stamp | _bases()[entity] | fields
