"""The synced entities are declared once (``frontdesk.sync.entities``): every synced table
is in it, and what is derived from it agrees with the tables themselves."""

from __future__ import annotations

from typing import get_args

from frontdesk.hub.fitness import PARENT_UNKNOWN
from frontdesk.store import all_models  # noqa: F401  (every table declared)
from frontdesk.store.base import Base, SyncedMixin
from frontdesk.sync.entities import (
    DIRECTORY,
    DIRECTORY_ENTRIES,
    ENTITIES,
    OWN_SITE,
    SITE_PARENT,
    SYNCED,
    TUTOR_WRITES,
    Entity,
)
from frontdesk.sync.protocol import Change, Mutation


def test_the_literal_names_the_same_entities() -> None:
    assert get_args(Entity) == ENTITIES
    assert get_args(Mutation.model_fields["entity"].annotation) == ENTITIES
    assert get_args(Change.model_fields["entity"].annotation) == ENTITIES


def test_every_synced_model_is_declared() -> None:
    synced = {
        mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, SyncedMixin)
    }
    assert len(synced) >= 7
    assert synced == {entity.model for entity in SYNCED}


def test_each_row_matches_its_table() -> None:
    for entity in SYNCED:
        table = entity.model.__table__
        assert entity.name == table.name
        links = {(fk.parent.key, fk.column.table.name) for fk in table.foreign_keys}
        assert set(entity.parents) == links, entity.name
        assert entity.label and entity.described


def test_parents_come_first_and_the_hub_names_each_missing_one() -> None:
    for position, entity in enumerate(ENTITIES):
        for _field, parent in next(e for e in SYNCED if e.name == entity).parents:
            assert ENTITIES.index(parent) < position
            assert parent in PARENT_UNKNOWN


def test_the_derived_sets() -> None:
    assert sorted(DIRECTORY) == ["direct_contact", "directory_report", "service", "structure"]
    assert sorted(DIRECTORY_ENTRIES) == ["direct_contact", "service", "structure"]
    assert sorted(TUTOR_WRITES) == ["directory_report", "review_comment", "visit_review"]
    assert sorted(SITE_PARENT.items()) == [
        ("review_comment", "visit_id"),
        ("visit_review", "visit_id"),
    ]
    assert sorted(OWN_SITE) == ["directory_report", "visit"]
