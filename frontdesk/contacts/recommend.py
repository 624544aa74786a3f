"""Which services to offer at the end of a visit, and whom to call there.

The partners come from ``suggest_partners`` (publics « oui », then journeys, hints,
publics « à vérifier »), in its order; a service belongs to a partner through its
structure's ``spie_partner``. Only services whose zone covers the site's commune are
kept. Within a partner: services sharing most thematiques with the chosen journeys
first, then those located in the site's commune, then by name. Each service comes with
its direct contacts (its own and its structure's), those whose SPIE publics or journeys
match the visit first.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.contacts.geo import somme
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.orientation.journeys import Journey, journeys
from frontdesk.orientation.results import Assessment, PublicResult
from frontdesk.orientation.rules import spie_rules
from frontdesk.orientation.suggest import SuggestedPartner, suggest_partners


@dataclass(frozen=True)
class ContactLine:
    contact_id: uuid.UUID
    name: str
    role: str | None
    telephone: str | None
    courriel: str | None
    agent_note: str | None  # for agents only: never on the visitor's sheet
    a_verifier: bool
    matches_visit: bool  # its SPIE publics or journeys are the visit's


@dataclass(frozen=True)
class Recommendation:
    partner: SuggestedPartner  # slug, label and the reasons for it
    service_id: uuid.UUID
    nom: str
    structure_nom: str
    commune: str | None
    telephone: str | None
    a_verifier: bool
    contacts: tuple[ContactLine, ...]


def as_assessment(statuses: Assessment | Mapping[str, str] | None) -> Assessment | None:
    """An assessment as is, or one made from ``{public slug: status}`` and the SPIE rules."""
    if statuses is None or isinstance(statuses, Assessment):
        return statuses
    publics = tuple(
        PublicResult(p.slug, p.spec.label, statuses[p.slug], (), (), tuple(p.spec.partners))
        for p in spie_rules().publics
        if p.slug in statuses
    )
    return Assessment(publics)


def _journeys(chosen: Sequence[Journey | str]) -> list[Journey]:
    known = journeys()
    found = [known.get(j) if isinstance(j, str) else j for j in chosen]
    return [j for j in found if j is not None]


def _contact_line(contact: DirectContact, publics: set[str], journey_ids: set[str]) -> ContactLine:
    matches = bool(publics & set(contact.spie_publics) or journey_ids & set(contact.journeys))
    return ContactLine(
        contact.id,
        contact.name,
        contact.role,
        contact.telephone,
        contact.courriel,
        contact.agent_note,
        contact.a_verifier,
        matches,
    )


def _contacts(
    session: Session, services: Sequence[Service], publics: set[str], journey_ids: set[str]
) -> dict[uuid.UUID, tuple[ContactLine, ...]]:
    """Per service: its own contacts and its structure's, matching ones first."""
    structure_ids = {s.structure_id for s in services}
    rows = session.scalars(
        select(DirectContact).where(DirectContact.structure_id.in_(structure_ids))
    ).all()
    found = {}
    for service in services:
        mine = [
            c
            for c in rows
            if c.structure_id == service.structure_id and c.service_id in (None, service.id)
        ]
        lines = [_contact_line(c, publics, journey_ids) for c in mine]
        lines.sort(key=lambda c: (not c.matches_visit, c.name.casefold()))
        found[service.id] = tuple(lines)
    return found


def recommend_services(
    session: Session,
    chosen: Sequence[Journey | str],
    statuses: Assessment | Mapping[str, str] | None,
    site_commune_insee: str,
) -> list[Recommendation]:
    """The services to offer for this visit, in the order the agent should read them."""
    picked = _journeys(chosen)
    assessment = as_assessment(statuses)
    partners = suggest_partners(picked, assessment)
    if not partners:
        return []
    rows = session.execute(
        select(Service, Structure)
        .join(Structure, Structure.id == Service.structure_id)
        .where(Structure.spie_partner.in_([p.slug for p in partners]))
    ).all()
    territory, insee = somme(), site_commune_insee.strip().upper()
    covering = [
        (service, structure)
        for service, structure in rows
        if any(territory.zone_covers(zone, insee) for zone in service.zone_eligibilite)
    ]
    themes = {t for j in picked for t in j.thematiques}
    publics = {p.slug for p in (assessment.publics if assessment else ()) if p.status != "non"}
    contacts = _contacts(session, [s for s, _ in covering], publics, {j.id for j in picked})
    # Keyed by « str | None » as ``spie_partner`` is typed: the query kept only known slugs.
    rank: dict[str | None, int] = {p.slug: i for i, p in enumerate(partners)}

    def order(pair: tuple[Service, Structure]) -> tuple[object, ...]:
        service, structure = pair
        located = (service.code_insee or structure.code_insee) == insee
        shared = len(themes & set(service.thematiques))
        return (rank[structure.spie_partner], -shared, not located, service.nom.casefold())

    by_slug: dict[str | None, SuggestedPartner] = {p.slug: p for p in partners}
    return [
        Recommendation(
            partner=by_slug[structure.spie_partner],
            service_id=service.id,
            nom=service.nom,
            structure_nom=structure.nom,
            commune=service.commune or structure.commune,
            telephone=service.telephone or structure.telephone,
            a_verifier=service.a_verifier,
            contacts=contacts[service.id],
        )
        for service, structure in sorted(covering, key=order)
    ]
