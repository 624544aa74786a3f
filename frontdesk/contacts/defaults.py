"""The default directory (``resources/directory/default.json``): the charter's partner
institutions and the contact channels a stored source gives, each naming its source and « à
vérifier » until a superviseur confirms it. Validated whole; seeded with the same UUIDs on
every PC and without outbox mutations, since the hub ships the same defaults. Each entry
must also pass the data·inclusion v1 models of the official package (``contacts.schema``),
so that an export of the defaults is valid data·inclusion."""

from __future__ import annotations

import uuid
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.contacts.geo import FRANCE, somme
from frontdesk.contacts.models import Service, Structure
from frontdesk.contacts.schema import schema_problems, schema_record, slugs
from frontdesk.device import get_setting, put_setting
from frontdesk.orientation.journeys import journeys
from frontdesk.resources import ResourceError, load_json, validation_problems
from frontdesk.store.base import utcnow

DEFAULTS_FILE = "directory/default.json"
# Fixed forever: every PC and the hub derive the same record ids from it.
NAMESPACE = uuid.UUID("56029372-6857-4127-a2bc-d31abca22dbc")
DEFAULT_SITE = "defaut"
NIL_DEVICE = uuid.UUID(int=0)
DI_ID = r"^frontdesk--[a-z0-9]+(-[a-z0-9]+)*$"
URL = r"^https?://\S+$"
_MISSING = object()
SEEDED_SETTING = "directory_defaults_seeded"  # di_id of the default entries seeded here
# Checked against the package's models (schema_problems): only what they leave out is here.
FRONTDESK_FIELDS = frozenset({"di_id", "source_note", "a_verifier", "spie_partner"})


class DirectoryDataError(ResourceError):
    """The default directory file is invalid (message in French naming the entry)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _Entry(_Strict):
    """Fields structures and services share (data·inclusion v1 names)."""

    di_id: str = Field(pattern=DI_ID, max_length=200)
    nom: str = Field(max_length=150)  # the schema's rules: schema_problems
    telephone: str | None = Field(None, min_length=3, max_length=40)
    courriel: str | None = Field(None, max_length=254)
    site_web: str | None = Field(None, max_length=500, pattern=URL)
    adresse: str | None = Field(None, min_length=1, max_length=300)
    complement_adresse: str | None = Field(None, min_length=1, max_length=300)
    code_postal: str | None = None
    commune: str | None = Field(None, min_length=1, max_length=150)
    code_insee: str | None = None
    horaires_accueil: str | None = Field(None, min_length=1, max_length=500)
    date_maj: date = Field(ge=date(2000, 1, 1))  # the schema's, less « not in the future »
    source: Literal["frontdesk-defaut"]
    source_note: str = Field(min_length=10)
    a_verifier: Literal[True]


class StructureSpec(_Entry):
    description: str | None = None
    siret: str | None = None
    reseaux_porteurs: tuple[str, ...] = ()
    lien_source: str | None = Field(None, max_length=500)
    spie_partner: str | None = None  # a partner slug of journeys.json


class ServiceSpec(_Entry):
    structure_id: str = Field(pattern=DI_ID)  # the structure's di_id, as in data·inclusion
    description: str
    type: str | None = None
    thematiques: tuple[str, ...] = Field(min_length=1)
    publics: tuple[str, ...] = Field(min_length=1)
    publics_precisions: str | None = Field(None, min_length=1)
    conditions_acces: str | None = Field(None, min_length=1)
    frais: str | None = None
    zone_eligibilite: tuple[str, ...] = Field(min_length=1)
    modes_accueil: tuple[str, ...] = Field(min_length=1)
    modes_mobilisation: tuple[str, ...] = ()  # unknown for the defaults: exported null
    lien_mobilisation: str | None = Field(None, max_length=500)


class _FileSpec(_Strict):
    comment: str = Field(alias="$comment", min_length=1)
    source_vintage: str = Field(min_length=1)
    structures: tuple[Any, ...] = Field(min_length=1)
    services: tuple[Any, ...] = Field(min_length=1)


E = TypeVar("E", bound=_Entry)


@dataclass(frozen=True)
class DefaultDirectory:
    source_vintage: str
    structures: tuple[StructureSpec, ...]
    services: tuple[ServiceSpec, ...]


def _check(where: str, kind: str, values: tuple[str, ...], known: Container[str]) -> None:
    if len(set(values)) != len(values):
        raise DirectoryDataError(f"{where} : valeur en double dans {list(values)}")
    for value in values:
        if value not in known:
            raise DirectoryDataError(f"{where} : {kind} « {value} »")


def _zones() -> frozenset[str]:
    territory = somme()
    return frozenset((FRANCE, territory.departement, *territory.epcis, *territory.communes))


def _entry(kind: type[E], label: str, i: int, raw: Any, seen: set[str]) -> tuple[E, str]:
    ident = raw.get("di_id") if isinstance(raw, dict) else None
    where = f"{DEFAULTS_FILE}, {label} " + (f"« {ident} »" if ident else f"n° {i + 1}")
    try:
        spec = kind.model_validate(raw)
    except ValidationError as exc:
        raise DirectoryDataError(f"{where} : {validation_problems(exc)}") from exc
    if spec.di_id in seen:
        raise DirectoryDataError(f"{where} : identifiant en double")
    seen.add(spec.di_id)
    if spec.nom.endswith("."):
        raise DirectoryDataError(f"{where} : le nom ne doit pas finir par un point")
    if spec.code_insee is not None and somme().commune(spec.code_insee) is None:
        raise DirectoryDataError(f"{where} : commune inconnue « {spec.code_insee} »")
    return spec, where


def _conforms(where: str, kind: Literal["structure", "service"], spec: _Entry) -> None:
    """The entry as exported must pass the package's model. Its date is left out: the file
    is dated the day it was written, which a PC whose clock is late would call the future."""
    values = spec.model_dump(exclude=set(FRONTDESK_FIELDS | {"date_maj"}))
    record = schema_record({**values, "id": spec.di_id, "date_maj": date(2000, 1, 1)})
    problems = schema_problems(kind, record)
    if problems:
        field, problem = next(iter(problems.items()))
        raise DirectoryDataError(f"{where} : champ « {field} » : {problem}")


def load_default_directory(data: Any) -> DefaultDirectory:
    """Validate the whole file; raise ``DirectoryDataError`` rather than return part of it."""
    try:
        spec = _FileSpec.model_validate(data)
    except ValidationError as exc:
        raise DirectoryDataError(
            f"Fichier « {DEFAULTS_FILE} » invalide : {validation_problems(exc)}"
        ) from exc
    seen: set[str] = set()
    structures = []
    for i, raw in enumerate(spec.structures):
        entry, where = _entry(StructureSpec, "structure", i, raw, seen)
        _check(where, "réseau porteur inconnu", entry.reseaux_porteurs, slugs("reseaux_porteurs"))
        _conforms(where, "structure", entry)
        partner = (entry.spie_partner,) if entry.spie_partner is not None else ()
        _check(where, "partenaire inconnu", partner, journeys().partners)
        structures.append(entry)
    structure_ids = {s.di_id for s in structures}
    services = []
    for i, raw in enumerate(spec.services):
        service, where = _entry(ServiceSpec, "service", i, raw, seen)
        _check(where, "structure inconnue", (service.structure_id,), structure_ids)
        _check(where, "thématique inconnue", service.thematiques, slugs("thematiques"))
        _check(where, "public inconnu", service.publics, slugs("publics"))
        _check(where, "zone inconnue", service.zone_eligibilite, _zones())
        _conforms(where, "service", service)
        services.append(service)
    return DefaultDirectory(spec.source_vintage, tuple(structures), tuple(services))


@cache
def default_directory() -> DefaultDirectory:
    return load_default_directory(load_json(DEFAULTS_FILE))


def default_id(di_id: str) -> uuid.UUID:  # the same on every PC
    return uuid.uuid5(NAMESPACE, di_id)


def _record(model: Any, spec: _Entry, stamp: Mapping[str, Any], **extra: Any) -> Any:
    values = {**spec.model_dump(), **stamp, **extra, "id": default_id(spec.di_id)}
    return model(**{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()})


def default_records(directory: DefaultDirectory | None = None) -> list[Structure | Service]:
    """The default entries as records (not added to any session), stamped the same way
    wherever they are built: the hub seeds exactly these (``frontdesk.hub.defaults``)."""
    directory = directory or default_directory()
    structures = {spec.di_id: default_id(spec.di_id) for spec in directory.structures}

    def stamp(spec: _Entry) -> dict[str, Any]:
        at = datetime.combine(spec.date_maj, time(), UTC)
        return {"created_at": at, "updated_at": at, "version": 1, "site_id": DEFAULT_SITE,
                "device_id": NIL_DEVICE}  # fmt: skip

    return [
        *(_record(Structure, spec, stamp(spec)) for spec in directory.structures),
        *(
            _record(Service, spec, stamp(spec), structure_id=structures[spec.structure_id])
            for spec in directory.services
        ),
    ]


def seed_default_directory(session: Session, directory: DefaultDirectory | None = None) -> int:
    """Insert the default entries this PC lacks (by ``di_id`` or id); return how many.
    An entry already present is never touched, even one a superviseur edited; one that
    was seeded once and then deleted stays deleted (the seeded ``di_id`` are remembered
    in the ``SEEDED_SETTING`` setting)."""
    directory = directory or default_directory()
    session.flush()  # earlier pending changes must still reach the outbox
    structures = dict(session.execute(select(Structure.di_id, Structure.id)).all())
    structure_ids = set(structures.values())
    services = set(session.scalars(select(Service.di_id)))
    service_ids = set(session.scalars(select(Service.id)))
    seeded = set(get_setting(session, SEEDED_SETTING, []))
    # entries present count as seeded (databases seeded before the setting existed)
    seeded |= {s.di_id for s in directory.structures if s.di_id in structures}
    seeded |= {s.di_id for s in directory.services if s.di_id in services}
    services |= seeded
    now = utcnow()
    stamp: Mapping[str, Any] = {"created_at": now, "updated_at": now, "version": 1}
    stamp = {**stamp, "site_id": session.info.get("site_id") or DEFAULT_SITE}
    stamp = {**stamp, "device_id": session.info.get("device_id") or NIL_DEVICE}
    new_structures = [
        _record(Structure, spec, stamp)
        for spec in directory.structures
        if spec.di_id not in seeded and default_id(spec.di_id) not in structure_ids
    ]
    structures.update((r.di_id, r.id) for r in new_structures)
    for spec in directory.structures:  # present under another di_id (renamed by an import)
        if default_id(spec.di_id) in structure_ids:
            structures.setdefault(spec.di_id, default_id(spec.di_id))
    new_services = [  # a deleted structure's services are not brought back either
        _record(Service, spec, stamp, structure_id=structures[spec.structure_id])
        for spec in directory.services
        if spec.di_id not in services
        and default_id(spec.di_id) not in service_ids
        and spec.structure_id in structures
    ]
    previous = session.info.get("replicating", _MISSING)
    session.info["replicating"] = True
    try:
        for records in (new_structures, new_services):  # structures first: foreign keys
            session.add_all(records)
            session.flush()
    finally:
        session.info.pop("replicating")
        if previous is not _MISSING:
            session.info["replicating"] = previous
    seeded |= {r.di_id for r in (*new_structures, *new_services)}
    if sorted(seeded) != get_setting(session, SEEDED_SETTING, []):
        put_setting(session, SEEDED_SETTING, sorted(seeded))
    return len(new_structures) + len(new_services)
