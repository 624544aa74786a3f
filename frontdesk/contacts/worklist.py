"""« Fiches à compléter »: what the directory lacks for the counter to hand a visitor
someone to reach, most needed first.

The partners that matter are those the SPIE rules and the journeys name (France Travail,
Mission locale, Cap emploi, the Département, the CAF, the CCAS…), the most named first.
A service is *reachable* when it, its structure or one of its direct contacts gives a
phone number, an e-mail, a web page, or a street address with opening hours. Each line
says what is missing (``MISSING`` order: téléphone, adresse, horaires, courriel) and
which record holds the field to fill, so that the form opens on it. A named partner with
no service at all in the directory gets a line of its own.

Order: the named partners' unreachable services, then their services that miss
something, then partners without any record; within a group, the partner named most
first, then the lowest quality, then the name. Other services follow only when they miss
a way to be reached at all. One read of the needed columns, then plain Python: a 20 000-
service directory is listed in well under 200 ms (``bench/worklist.py``).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from sqlalchemy.orm import Session

from frontdesk.orientation.journeys import journeys, network_partners
from frontdesk.orientation.rules import spie_rules

Field = Literal["telephone", "adresse", "horaires_accueil", "courriel"]
MISSING: tuple[Field, ...] = ("telephone", "adresse", "horaires_accueil", "courriel")
FIELD_LABELS: Mapping[Field, str] = {
    "telephone": "téléphone",
    "adresse": "adresse",
    "horaires_accueil": "horaires",
    "courriel": "courriel",
}
Group = Literal["injoignable", "incomplet", "absent", "autre"]
GROUP_ORDER: Mapping[Group, int] = {"injoignable": 0, "incomplet": 1, "absent": 2, "autre": 3}


class WorkItem(NamedTuple):
    group: Group
    partner: str | None  # slug of the SPIE partner, None for a service nobody names
    partner_label: str
    service_key: str | None  # the service's id as stored; None: the partner has no record
    name: str  # « Mission locale du Grand Amiénois — Accompagnement des jeunes »
    missing: tuple[Field, ...]
    quality: float | None = None  # data·inclusion's score, when a scorer is given

    @property
    def service_id(self) -> uuid.UUID | None:
        return None if self.service_key is None else uuid.UUID(hex=self.service_key)

    @property
    def reachable(self) -> bool:
        return self.group not in ("injoignable", "absent")

    def short(self) -> str:
        """For a table cell: « injoignable — téléphone, adresse », « courriel »."""
        if self.service_key is None:
            return "aucune fiche"
        missing = ", ".join(FIELD_LABELS[f] for f in self.missing)
        return missing if self.reachable else f"injoignable — {missing}"

    def says(self) -> str:
        """« Manque : téléphone, horaires » or « Aucune fiche dans l'annuaire »."""
        if self.service_key is None:
            return "Aucune fiche dans l'annuaire."
        missing = ", ".join(FIELD_LABELS[f] for f in self.missing)
        if not self.reachable:
            return f"Aucun moyen de le joindre ; manque : {missing}."
        return f"Manque : {missing}."


def named_partners() -> dict[str, int]:
    """The partners the rules and the journeys name, with how often (most named first)."""
    counts: Counter[str] = Counter()
    for public in spie_rules().publics:
        counts.update(public.spec.partners)
    for journey in journeys().all:
        counts.update(journey.partners)
    return dict(counts.most_common())


# What each record gives, as bits (phone, address, hours, e-mail, web page), computed by
# SQLite: services, structures and direct contacts are each read once, no join, no text
# but the names (a service's own, its structure's, its contacts' bits are or-ed).
PHONE, PLACE, HOURS, MAIL, WEB = 1, 2, 4, 8, 16
_BITS = " + ".join(
    f"{bit} * ifnull({column} > '', 0)"
    for bit, column in (
        (PHONE, "telephone"),
        (PLACE, "adresse"),
        (HOURS, "horaires_accueil"),
        (MAIL, "courriel"),
        (WEB, "site_web"),
    )
)
SERVICES = f"SELECT id, structure_id, nom, {_BITS} FROM service"
STRUCTURES = f"SELECT id, nom, spie_partner, reseaux_porteurs, {_BITS} FROM structure"
CONTACTS = (
    "SELECT coalesce(service_id, structure_id),"
    f" max({PHONE} * ifnull(telephone > '', 0) + {MAIL} * ifnull(courriel > '', 0))"
    " FROM direct_contact GROUP BY 1"
)


class _Structure(NamedTuple):
    name: str
    partner: str | None  # the named SPIE partner it is, if any
    bits: int


def _structures(
    rows: Iterable[tuple[str, str, str | None, str | None, int]],
    named: Mapping[str, int],
    partner_of: Callable[[str | None, Iterable[str]], str | None],
) -> dict[str, _Structure]:
    found = {}
    for key, name, slug, reseaux, bits in rows:
        partner = partner_of(slug or None, json.loads(reseaux or "[]"))
        found[key] = _Structure(name, partner if partner in named else None, bits)
    return found


@dataclass(frozen=True)
class Worklist:
    items: list[WorkItem]
    # the named partners none of whose services can be reached, or with no record: the
    # counter has nobody to give the visitor for them (worklist order)
    unreachable: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.unreachable


def build_worklist(
    session: Session,
    *,
    partner_of: Callable[[str | None, Iterable[str]], str | None] | None = None,
    quality: Callable[[str], float | None] | None = None,
) -> Worklist:
    """The lines of « Fiches à compléter », most needed first (see the module's text).

    ``partner_of(spie_partner, reseaux_porteurs)`` says which SPIE partner a structure
    is (default: the one chosen by hand, else its data·inclusion networks' —
    ``resources/directory/reseaux-partenaires.json``); ``quality(service_key)`` a
    service's score by its id as stored (32 hex digits), if known."""
    named = named_partners()
    labels = journeys().partners
    # bits → (what is missing, whether the service can be reached)
    shapes = {
        bits: (
            tuple(f for f, bit in zip(MISSING, (PHONE, PLACE, HOURS, MAIL), strict=True)
                  if not bits & bit),
            bool(bits & (PHONE | MAIL | WEB)) or bits & (PLACE | HOURS) == PLACE | HOURS,
        )
        for bits in range(32)
    }  # fmt: skip
    dbapi = session.connection().connection  # plain tuples: 20 000 rows, no Row objects
    which = partner_of or network_partners().partner_of  # by hand, else by its networks
    structures = _structures(dbapi.execute(STRUCTURES), named, which)
    ways = dict(dbapi.execute(CONTACTS).fetchall())
    items: list[WorkItem] = []
    covered: set[str] = set()  # named partners with at least one record
    reached: set[str] = set()  # named partners with at least one reachable service
    for key, parent_key, name, own in dbapi.execute(SERVICES).fetchall():
        parent = structures.get(parent_key)
        if parent is None:
            continue
        bits = own | parent.bits | ways.get(key, 0) | ways.get(parent_key, 0)
        missing, reachable = shapes[bits]
        partner = parent.partner
        if partner is not None:
            covered.add(partner)
            if reachable:
                reached.add(partner)
        elif reachable:
            continue  # nobody names it and it can be reached: not the counter's first need
        if not missing:
            continue
        group: Group = "autre" if partner is None else "incomplet" if reachable else "injoignable"
        items.append(
            WorkItem(
                group,
                partner,
                labels.get(partner, "") if partner else "",
                key,
                f"{parent.name} — {name}",
                missing,
                quality(key) if quality else None,
            )
        )
    for partner in named:
        if partner not in covered:
            label = labels.get(partner, partner)
            items.append(WorkItem("absent", partner, label, None, label, MISSING))
    rank = {partner: n for n, partner in enumerate(named)}
    items.sort(
        key=lambda item: (
            GROUP_ORDER[item.group],
            rank.get(item.partner or "", len(rank)),
            item.quality if item.quality is not None else 0.0,
            item.name.casefold(),
        )
    )
    unreachable = [p for p in dict.fromkeys(i.partner for i in items if i.partner)]
    return Worklist(items, tuple(p for p in unreachable if p and p not in reached))
