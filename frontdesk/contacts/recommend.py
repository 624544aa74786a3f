"""Which services to offer at the end of a visit, and whom to call there.

The partners come from ``suggest_partners`` (ranked by relevance), in its order. A
service belongs to a partner through its structure: the partner chosen by hand
(``spie_partner``), else the first of its data·inclusion networks that
``reseaux-partenaires.json`` names, so that an imported directory needs no hand edit
(``partner_index``). Then come structures with no partner at all, at most
``MAX_DIRECTORY_STRUCTURES``: those whose name holds a keyword of the chosen journeys
(« finances publiques » for « Je déclare mes revenus », « banque de france » for debts),
and those of the commune and its EPCI with a service sharing at least two of the
journeys' thematiques (one when the journeys have only one); named ones first.

Only services whose zone covers the commune (the visitor's, else the site's) are kept,
unless ``everywhere`` is asked: then the others follow, marked ``in_zone=False``. Within
a partner, at most ``MAX_SERVICES``, read from its nearest structures first: in the zone
first, then those sharing most thematiques with the journeys, then those located in the
commune, then by name. Each service comes with its direct contacts (its own and its
structure's), those whose SPIE publics or journeys match the visit first.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.contacts.models import DirectContact
from frontdesk.contacts.partner_index import (
    Catalogue,
    Found,
    catalogue,
    directory_services,
    nearest_services,
    quick_fold,
)
from frontdesk.orientation.journeys import Journey, fold, journeys, thematique_label
from frontdesk.orientation.results import Assessment, PublicResult
from frontdesk.orientation.rules import spie_rules
from frontdesk.orientation.suggest import (
    DIRECTORY_PREFIX,
    Source,
    SuggestedPartner,
    suggest_partners,
)

MAX_SERVICES = 5  # per partner or structure, the most relevant
MAX_DIRECTORY_STRUCTURES = 5  # structures found by the thematiques alone


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
    di_id: str = ""  # « source--id »
    in_zone: bool = True  # its zone covers the commune


@dataclass(frozen=True)
class PartnerGroup:
    """A suggested partner (or a structure found by thematiques) and its services."""

    partner: SuggestedPartner
    services: tuple[Recommendation, ...]


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


def _keywords(picked: Sequence[Journey]) -> re.Pattern[str] | None:
    return _keyword_pattern(frozenset(fold(k) for j in picked for k in j.keywords))


@lru_cache(maxsize=256)
def _keyword_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """Any of the words, whole (longest first)."""
    if not words:
        return None
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ordered) + r")\b")


def _directory_groups(
    session: Session, known: Catalogue, picked: Sequence[Journey], insee: str, *, everywhere: bool
) -> list[tuple[SuggestedPartner, list[Found]]]:
    """Structures with no partner whose services fit the journeys' thematiques or whose
    names hold their keywords, best first (see the module's text)."""
    if not picked:
        return []
    themes = list(dict.fromkeys(t for j in picked for t in j.thematiques))
    keywords = _keywords(picked)
    by_structure: dict[uuid.UUID, list[tuple[tuple[int, ...], Found, set[str]]]]
    by_structure = defaultdict(list)
    found = directory_services(
        session,
        known,
        themes,
        keywords,
        insee,
        everywhere=everywhere,
        named_most=2 * MAX_DIRECTORY_STRUCTURES,
        enough=MAX_DIRECTORY_STRUCTURES,
        min_shared=min(2, len(themes)),
        cap=MAX_SERVICES,
    )
    for row in found:
        shared = [t for t in themes if t in row.thematiques]
        names = quick_fold(f"{row.nom} {row.structure_nom}")
        named = set(keywords.findall(names)) if keywords else set()
        if named or len(shared) >= min(2, len(themes)):
            key = (-row.in_zone, -bool(named), -len(shared), -row.located)
            by_structure[row.structure_id].append((key, row, named | set(shared)))
    ranked = sorted(
        by_structure.values(),
        key=lambda items: (min(k for k, _r, _w in items), quick_fold(items[0][1].structure_nom)),
    )[:MAX_DIRECTORY_STRUCTURES]
    groups = []
    for items in ranked:
        items.sort(key=lambda item: (item[0], quick_fold(item[1].nom)))
        kept = items[:MAX_SERVICES]
        why = set().union(*(w for _k, _r, w in kept))
        sources = [Source("thematique", thematique_label(t)) for t in themes if t in why]
        sources += [Source("mot-cle", w) for w in sorted(why - set(themes))]
        best, first = kept[0][0], kept[0][1]
        slug, score = DIRECTORY_PREFIX + first.structure_di_id, -best[2] - 3 * best[1]
        partner = SuggestedPartner(slug, first.structure_nom, tuple(sources), score)
        groups.append((partner, [row for _k, row, _w in kept]))
    return groups


def _contacts(
    session: Session, services: Sequence[Found], publics: set[str], journey_ids: set[str]
) -> dict[uuid.UUID, tuple[ContactLine, ...]]:
    """Per service: its own contacts and its structure's, matching ones first."""
    structure_ids = {row.structure_id for row in services}
    by_structure: dict[uuid.UUID, list[tuple[uuid.UUID | None, ContactLine]]]
    by_structure = defaultdict(list)
    c = DirectContact
    query = select(
        c.structure_id, c.service_id, c.id, c.name, c.role, c.telephone, c.courriel,
        c.agent_note, c.a_verifier, c.spie_publics, c.journeys,
    ).where(c.structure_id.in_(structure_ids))  # fmt: skip
    for row in session.execute(query) if structure_ids else ():
        matches = bool(publics & set(row.spie_publics) or journey_ids & set(row.journeys))
        line = ContactLine(*row[2:9], matches)
        by_structure[row.structure_id].append((row.service_id, line))
    found = {}
    for service in services:
        mine = [
            line
            for owner, line in by_structure[service.structure_id]
            if owner in (None, service.id)
        ]
        found[service.id] = tuple(
            sorted(mine, key=lambda c: (not c.matches_visit, c.name.casefold()))
        )
    return found


def _partner_services(
    session: Session,
    known: Catalogue,
    partners: Sequence[SuggestedPartner],
    themes: set[str],
    insee: str,
    *,
    everywhere: bool,
) -> dict[str, list[Found]]:
    """Per partner, its ``MAX_SERVICES`` best services (see the module's text)."""
    rows = nearest_services(
        session,
        known,
        [p.slug for p in partners],
        insee,
        sorted(themes),
        everywhere=everywhere,
        enough=MAX_SERVICES,
    )
    rows.sort(
        key=lambda r: (not r.in_zone, -len(themes & set(r.thematiques)), not r.located,
                       quick_fold(r.nom), r.di_id)
    )  # fmt: skip
    found: dict[str, list[Found]] = defaultdict(list)
    for row in rows:
        if len(found[row.group]) < MAX_SERVICES:
            found[row.group].append(row)
    return found


def orient(
    session: Session,
    chosen: Sequence[Journey | str],
    statuses: Assessment | Mapping[str, str] | None,
    commune_insee: str,
    *,
    everywhere: bool = False,
) -> list[PartnerGroup]:
    """Every suggested partner in order with its services (maybe none), then the
    structures found by the journeys' thematiques; ``everywhere`` adds the services
    whose zone does not cover ``commune_insee`` (the visitor's, or the site's)."""
    picked = _journeys(chosen)
    assessment = as_assessment(statuses)
    partners = suggest_partners(picked, assessment)
    insee = commune_insee.strip().upper()
    themes = {t for j in picked for t in j.thematiques}
    known = catalogue(session)
    by_partner = _partner_services(session, known, partners, themes, insee, everywhere=everywhere)
    extra = _directory_groups(session, known, picked, insee, everywhere=everywhere)
    every_row = [r for p in partners for r in by_partner[p.slug]]
    every_row += [row for _p, found in extra for row in found]
    publics = {p.slug for p in (assessment.publics if assessment else ()) if p.status != "non"}
    contacts = _contacts(session, every_row, publics, {j.id for j in picked})

    def group(partner: SuggestedPartner, rows: Sequence[Found]) -> PartnerGroup:
        return PartnerGroup(
            partner,
            tuple(
                Recommendation(
                    partner=partner,
                    service_id=row.id,
                    nom=row.nom,
                    structure_nom=row.structure_nom,
                    commune=row.commune,
                    telephone=row.telephone,
                    a_verifier=row.a_verifier,
                    contacts=contacts[row.id],
                    di_id=row.di_id,
                    in_zone=row.in_zone,
                )
                for row in rows
            ),
        )

    return [group(p, by_partner[p.slug]) for p in partners] + [group(p, r) for p, r in extra]


def recommend_services(
    session: Session,
    chosen: Sequence[Journey | str],
    statuses: Assessment | Mapping[str, str] | None,
    site_commune_insee: str,
    *,
    everywhere: bool = False,
) -> list[Recommendation]:
    """The services to offer for this visit, in the order the agent should read them."""
    groups = orient(session, chosen, statuses, site_commune_insee, everywhere=everywhere)
    return [service for group in groups for service in group.services]
