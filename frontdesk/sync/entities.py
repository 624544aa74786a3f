"""The synced entities, declared once: every table that travels between a PC and the hub.

One row per entity, in the order records are applied (parents first: a reset empties
the tables in reverse, parked records are retried in this order). Everything else that
lists entities is derived from ``SYNCED``: the protocol's names, the directory's
entries, the parents the hub checks and locks, the French labels. Adding a synced table
means adding its row here (``tests/sync/test_entities.py`` says which is missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from frontdesk.contacts.models import DirectContact, DirectoryReport, Service, Structure
from frontdesk.visits.models import ReviewComment, Visit, VisitReview


@dataclass(frozen=True)
class SyncedEntity:
    name: str  # the protocol's name, the local table's name too
    model: type[Any]  # the local table (a ``SyncedMixin`` model)
    label: str  # French, short: names a record in a refusal (« Visite 1234 : … »)
    described: str  # French, in the list of sync issues (« Relecture d'une visite »)
    parents: tuple[tuple[str, str], ...] = ()  # (field, parent entity) it hangs on
    directory: bool = False  # shared: every device pulls it, whatever its site
    indexed: bool = False  # an editable directory entry, covered by the search index
    tutor_writes: bool = False  # a tutor's PC writes it (on every site)


SYNCED: tuple[SyncedEntity, ...] = (
    SyncedEntity("structure", Structure, "Structure", "Structure de l'annuaire",
                 directory=True, indexed=True),
    SyncedEntity("service", Service, "Service", "Service de l'annuaire",
                 parents=(("structure_id", "structure"),), directory=True, indexed=True),
    SyncedEntity("direct_contact", DirectContact, "Contact direct", "Contact direct",
                 parents=(("structure_id", "structure"), ("service_id", "service")),
                 directory=True, indexed=True),
    SyncedEntity("directory_report", DirectoryReport, "Signalement", "Signalement d'erreur",
                 directory=True, tutor_writes=True),
    SyncedEntity("visit", Visit, "Visite", "Visite"),
    SyncedEntity("visit_review", VisitReview, "Relecture", "Relecture d'une visite",
                 parents=(("visit_id", "visit"),), tutor_writes=True),
    SyncedEntity("review_comment", ReviewComment, "Commentaire", "Message sur une visite",
                 parents=(("visit_id", "visit"),), tutor_writes=True),
)  # fmt: skip

# The same names for the type checker and the protocol's validation (a test keeps both equal).
Entity = Literal[
    "structure",
    "service",
    "direct_contact",
    "directory_report",
    "visit",
    "visit_review",
    "review_comment",
]

BY_NAME = {entity.name: entity for entity in SYNCED}
ENTITIES = tuple(BY_NAME)  # parents first
ORDER = ENTITIES
MODELS: dict[str, Any] = {entity.name: entity.model for entity in SYNCED}
LABELS = {entity.name: entity.label for entity in SYNCED}
DESCRIBED = {entity.name: entity.described for entity in SYNCED}
PARENTS = {entity.name: entity.parents for entity in SYNCED}
DIRECTORY = frozenset(entity.name for entity in SYNCED if entity.directory)
DIRECTORY_ENTRIES = frozenset(entity.name for entity in SYNCED if entity.indexed)
INDEXED = tuple(entity.name for entity in SYNCED if entity.indexed)
TUTOR_WRITES = frozenset(entity.name for entity in SYNCED if entity.tutor_writes)
# A record hanging on a visit (a review, a comment) belongs to that visit's site: by field.
SITE_PARENT = {e.name: field for e in SYNCED for field, parent in e.parents if parent == "visit"}
# Records that carry their own site (a visit, a report): not shared entries, no visit above.
OWN_SITE = frozenset(e.name for e in SYNCED if not e.indexed and e.name not in SITE_PARENT)
