"""A service as the directory shows it: its facts, its structure's, its direct contacts.

Plain frozen dataclasses read in one session (the screen never touches the ORM), the
``SheetEntry`` handed to the contact sheet, the filter vocabularies and the commune a
typed text means. Where a service leaves a way of reaching it empty, its structure's is
used (phone, e-mail, website, address, hours), as the search does.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from frontdesk.contacts.geo import Commune, somme
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.schema import vocabulary
from frontdesk.contacts.sheet_content import SheetContact, SheetEntry, describe_hours
from frontdesk.resources import load_json

JOURNEYS_FILE = "journeys.json"
MODES_ACCUEIL = {"en-presentiel": "sur place", "a-distance": "à distance"}
FRAIS = {"gratuit": "gratuit", "payant": "payant"}


def thematique_categories() -> list[tuple[str, str]]:
    """(slug, label) of the thematique categories, by slug (data·inclusion's package)."""
    return list(vocabulary("categories").items())


def publics() -> list[tuple[str, str]]:
    """(slug, label) of the data·inclusion publics, by slug (data·inclusion's package)."""
    return list(vocabulary("publics").items())


@cache
def partner_labels() -> Mapping[str, str]:
    data = load_json(JOURNEYS_FILE)
    return MappingProxyType({p["slug"]: p["label"] for p in data.get("partners", [])})


def _label(name: str, slug: str) -> str:
    return vocabulary(name).get(slug, slug)


def find_commune(text: str) -> Commune | None:
    """The commune meant by a name, a postcode or an INSEE code (best match), or None."""
    text = text.strip()
    if not text:
        return None
    exact = somme().commune(text)
    if exact is not None:
        return exact
    found = somme().search(text)
    return found[0] if found else None


@dataclass(frozen=True)
class ContactDetail:
    name: str
    role: str | None
    telephone: str | None
    courriel: str | None
    agent_note: str | None
    a_verifier: bool
    for_service: bool  # this service's own contact, not one for the whole structure


@dataclass(frozen=True)
class ServiceDetail:
    service_id: uuid.UUID
    structure_id: uuid.UUID
    nom: str
    description: str
    structure_nom: str
    structure_description: str | None
    partner: str | None  # the SPIE partner's label
    thematiques: tuple[str, ...]  # labels
    publics: tuple[str, ...]  # labels
    publics_precisions: str | None
    conditions_acces: str | None
    frais: str | None
    modes_accueil: tuple[str, ...]  # « sur place », « à distance »
    zones: tuple[str, ...]  # « Somme (80) », « CC Avre Luce Noye »
    telephone: str | None
    courriel: str | None
    site_web: str | None
    adresse: tuple[str, ...]
    horaires: str | None  # OSM syntax, as written
    horaires_texte: str | None  # in French
    lien_mobilisation: str | None
    contacts: tuple[ContactDetail, ...]
    source: str
    source_note: str | None
    a_verifier: bool
    date_maj: date

    @property
    def agent_notes(self) -> tuple[str, ...]:
        return tuple(f"{c.name} : {c.agent_note}" for c in self.contacts if c.agent_note)

    def sheet_entry(self) -> SheetEntry:
        """What the visitor's sheet says about this service (no agent note on it)."""
        return SheetEntry(
            title=self.nom,
            structure=self.structure_nom,
            contacts=tuple(
                SheetContact(c.name, c.role, c.telephone, c.courriel) for c in self.contacts
            ),
            telephone=self.telephone,
            courriel=self.courriel,
            adresse=self.adresse,
            horaires=self.horaires,
            horaires_texte=self.horaires_texte,
            site_web=self.site_web,
            agent_note="\n".join(self.agent_notes) or None,
        )


def _address(record: Service | Structure) -> tuple[str, ...]:
    town = " ".join(filter(None, (record.code_postal, record.commune)))
    lines = (record.adresse, record.complement_adresse, town)
    return tuple(line.strip() for line in lines if line and line.strip())


def _same_town(service: Service, structure: Structure) -> bool:
    """The service names no commune, or its structure's (INSEE code, else name)."""
    if service.code_insee and structure.code_insee:
        return service.code_insee == structure.code_insee
    town = (service.commune or "").strip().casefold()
    return not town or town == (structure.commune or "").strip().casefold()


def _place(service: Service, structure: Structure) -> tuple[str, ...]:
    """Where to go: the service's own street address; else, when the service is held in its
    structure's commune (or names none), the structure's full address (a service that only
    names « Moreuil » is at its structure's street); else the service's commune alone."""
    own = _address(service)
    if (service.adresse or "").strip() or not _same_town(service, structure):
        return own
    return _address(structure) or own


def _first(*values: str | None) -> str | None:
    return next((v.strip() for v in values if v and v.strip()), None)


def _contacts(session: Session, service: Service) -> tuple[ContactDetail, ...]:
    rows = session.scalars(
        select(DirectContact)
        .where(DirectContact.structure_id == service.structure_id)
        .where(or_(DirectContact.service_id == service.id, DirectContact.service_id.is_(None)))
    ).all()
    rows = sorted(rows, key=lambda c: (c.service_id is None, c.name.casefold()))
    return tuple(
        ContactDetail(
            c.name,
            c.role,
            c.telephone,
            c.courriel,
            c.agent_note,
            c.a_verifier,
            c.service_id is not None,
        )
        for c in rows
    )


def load_service_detail(session: Session, service_id: uuid.UUID) -> ServiceDetail | None:
    """Everything about a service and its structure, or None when it no longer exists."""
    service = session.get(Service, service_id)
    if service is None:
        return None
    structure = session.get(Structure, service.structure_id)
    assert structure is not None  # foreign key
    hours = _first(service.horaires_accueil, structure.horaires_accueil)
    return ServiceDetail(
        service_id=service.id,
        structure_id=service.structure_id,
        nom=service.nom,
        description=service.description,
        structure_nom=structure.nom,
        structure_description=structure.description,
        partner=partner_labels().get(structure.spie_partner or "", structure.spie_partner),
        thematiques=tuple(_label("thematiques", t) for t in service.thematiques),
        publics=tuple(_label("publics", p) for p in service.publics),
        publics_precisions=service.publics_precisions,
        conditions_acces=service.conditions_acces,
        frais=FRAIS.get(service.frais or "", service.frais),
        modes_accueil=tuple(MODES_ACCUEIL.get(m, m) for m in service.modes_accueil),
        zones=tuple(somme().describe_zone(z) for z in service.zone_eligibilite),
        telephone=_first(service.telephone, structure.telephone),
        courriel=_first(service.courriel, structure.courriel),
        site_web=_first(service.site_web, structure.site_web),
        adresse=_place(service, structure),
        horaires=hours,
        horaires_texte=describe_hours(hours) if hours else None,
        lien_mobilisation=service.lien_mobilisation,
        contacts=_contacts(session, service),
        source=service.source,
        source_note=service.source_note,
        a_verifier=service.a_verifier,
        date_maj=service.date_maj,
    )


def load_sheet_entries(session: Session, service_ids: Iterable[uuid.UUID]) -> list[SheetEntry]:
    """The sheet entries of the services still present, in the order given."""
    details = (load_service_detail(session, service_id) for service_id in service_ids)
    return [detail.sheet_entry() for detail in details if detail is not None]


def sheet_path(folder: Path, now: datetime) -> Path:
    """A new file for a contact sheet: « fiche-2026-11-24-10h30.pdf », numbered if taken."""
    stem = f"fiche-{now:%Y-%m-%d-%Hh%M}"
    path, number = folder / f"{stem}.pdf", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.pdf", number + 1
    return path
