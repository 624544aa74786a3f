"""The counter journeys: France Services démarches and SPIE journeys, read from data.

``resources/journeys.json`` maps each journey to data·inclusion v1 thematiques, France
Services operators, whether the SPIE checklist applies and the partners to suggest. A
superviseur adds a local journey there, without code. A file that fails validation raises
``JourneysError`` naming the file, the journey and the problem; nothing of it is used.

``resources/directory/reseaux-partenaires.json`` says which data·inclusion networks
(``reseaux_porteurs``) are which of those partners, so that an imported structure with no
partner chosen by hand still answers for one (``network_partners``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from frontdesk.resources import ResourceError, load_json, validation_problems

JOURNEYS_FILE = "journeys.json"
OPERATORS_FILE = "vocabularies/france-services-operateurs.json"
NETWORKS_FILE = "directory/reseaux-partenaires.json"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class JourneysError(ResourceError):
    """The journeys file is invalid (message in French naming the journey)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PartnerSpec(_Strict):
    slug: str = Field(pattern=SLUG)
    label: str = Field(min_length=1)


class JourneySpec(_Strict):
    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=1)
    kind: Literal["demarche", "spie"]
    spie_checklist: StrictBool
    thematiques: tuple[str, ...] = Field(min_length=1, max_length=4)
    operators: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


class JourneysFileSpec(_Strict):
    comment: str = Field("", alias="$comment")
    partners: tuple[PartnerSpec, ...] = Field(min_length=1)
    journeys: tuple[dict[str, Any], ...] = Field(min_length=1)


@dataclass(frozen=True)
class Journey:
    id: str
    label: str
    kind: Literal["demarche", "spie"]
    spie_checklist: bool
    thematiques: tuple[str, ...]
    operators: tuple[str, ...]
    partners: tuple[str, ...]
    keywords: tuple[str, ...]


def fold(text: str) -> str:
    """Lower-case, accent-free form used for searching (« Santé » → « sante »)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Journeys:
    all: tuple[Journey, ...]
    partners: Mapping[str, str]

    def get(self, journey_id: str) -> Journey | None:
        return next((j for j in self.all if j.id == journey_id), None)

    def partner_label(self, slug: str) -> str:
        return self.partners[slug]

    def in_order(self, order: Sequence[str] | None) -> list[Journey]:
        """The journeys in a saved order (the superviseur's, see ``device.journey_order``):
        its known ids first, then any journey it does not name yet, in file order (a
        journey added to the file later comes last; an id no longer in the file is
        skipped). No order: the file's."""
        known = {journey.id: journey for journey in self.all}
        first = [known[i] for i in dict.fromkeys(order or ()) if i in known]
        named = {journey.id for journey in first}
        return first + [journey for journey in self.all if journey.id not in named]

    def search(self, text: str) -> list[Journey]:
        """Journeys whose label or keywords contain every word of ``text`` (file order).

        A word of five letters or more also matches without its plural or feminine mark
        (« crédits », « impayés », « endettée » find « credit », « impaye », « endette »)."""
        words = [_forms(word) for word in fold(text).split()]
        found = []
        for journey in self.all:
            haystack = "\n".join(fold(s) for s in (journey.label, *journey.keywords))
            if all(any(form in haystack for form in forms) for forms in words):
                found.append(journey)
        return found


def _forms(word: str) -> tuple[str, ...]:
    """The word and, from five letters, without a final s or x, then without a final e."""
    forms = [word]
    if len(word) >= 5:
        stem = word[:-1] if word[-1] in "sx" else word
        stem = stem[:-1] if stem.endswith("e") else stem
        forms.append(stem)
    return tuple(dict.fromkeys(forms))


@cache
def _vocabulary(name: str) -> Mapping[str, str]:
    return MappingProxyType({entry["slug"]: entry["label"] for entry in load_json(name)})


def _schema_vocabulary(name: str) -> Mapping[str, str]:
    """A data·inclusion v1 vocabulary, from the official package (``contacts.schema``),
    imported here rather than at the top: this module is read before anything needs the
    package, which is then loaded only when a journey is checked or labelled."""
    from frontdesk.contacts.schema import vocabulary

    return vocabulary(name)


def thematique_label(slug: str) -> str:
    return _schema_vocabulary("thematiques")[slug]


def operator_label(slug: str) -> str:
    return _vocabulary(OPERATORS_FILE)[slug]


def _check_refs(where: str, kind: str, values: tuple[str, ...], known: Mapping[str, str]) -> None:
    """``kind`` is e.g. « opérateur inconnu »: what an unknown value is called."""
    if len(set(values)) != len(values):
        raise JourneysError(f"{where} : valeur en double dans {list(values)}")
    for value in values:
        if value not in known:
            raise JourneysError(f"{where} : {kind} « {value} »")


def _journey(index: int, raw: Any, partners: Mapping[str, str], seen: set[str]) -> Journey:
    ident = raw.get("id") if isinstance(raw, dict) else None
    name = f"« {ident} »" if isinstance(ident, str) and ident else f"n° {index + 1} (sans id)"
    where = f"{JOURNEYS_FILE}, parcours {name}"
    if not isinstance(raw, dict):
        raise JourneysError(f"{where} : l'entrée doit être un objet")
    try:
        spec = JourneySpec.model_validate(raw)
    except ValidationError as exc:
        raise JourneysError(f"{where} : {validation_problems(exc)}") from exc
    if spec.id in seen:
        raise JourneysError(f"{where} : identifiant en double")
    seen.add(spec.id)
    _check_refs(where, "thématique inconnue", spec.thematiques, _schema_vocabulary("thematiques"))
    _check_refs(where, "opérateur inconnu", spec.operators, _vocabulary(OPERATORS_FILE))
    _check_refs(where, "partenaire inconnu", spec.partners, partners)
    for keyword in spec.keywords:
        if not keyword or keyword != keyword.lower():
            raise JourneysError(f"{where} : mot-clé « {keyword} » vide ou pas en minuscules")
    return Journey(
        spec.id,
        spec.label,
        spec.kind,
        spec.spie_checklist,
        spec.thematiques,
        spec.operators,
        spec.partners,
        spec.keywords,
    )


def load_journeys(data: Any) -> Journeys:
    """Validate the whole file; raise ``JourneysError`` rather than return part of it."""
    try:
        spec = JourneysFileSpec.model_validate(data)
    except ValidationError as exc:
        raise JourneysError(
            f"Le fichier des parcours « {JOURNEYS_FILE} » est invalide : {validation_problems(exc)}"
        ) from exc
    partners: dict[str, str] = {}
    for partner in spec.partners:
        if partner.slug in partners:
            raise JourneysError(
                f"{JOURNEYS_FILE}, partenaire « {partner.slug} » : identifiant en double"
            )
        partners[partner.slug] = partner.label
    seen: set[str] = set()
    frozen = MappingProxyType(partners)
    items = tuple(_journey(i, raw, frozen, seen) for i, raw in enumerate(spec.journeys))
    return Journeys(items, frozen)


@cache
def journeys() -> Journeys:
    return load_journeys(load_json(JOURNEYS_FILE))


# --- data·inclusion networks → SPIE partners


class NetworksError(ResourceError):
    """The networks file is invalid (message in French naming the line)."""


class NetworkSpec(_Strict):
    reseau: str = Field(pattern=SLUG)
    partner: str = Field(pattern=SLUG)


class NetworksFileSpec(_Strict):
    comment: str = Field("", alias="$comment")
    reseaux: tuple[dict[str, Any], ...] = Field(min_length=1)


@dataclass(frozen=True)
class NetworkPartners:
    """(network, partner) pairs, the first network a structure holds deciding."""

    pairs: tuple[tuple[str, str], ...]

    def networks_of(self, partner: str) -> tuple[str, ...]:
        return tuple(network for network, slug in self.pairs if slug == partner)

    def partner_of(self, spie_partner: str | None, reseaux: Iterable[str]) -> str | None:
        """The structure's partner: the one chosen by hand, else its first known network's."""
        if spie_partner:
            return spie_partner
        held = set(reseaux)
        return next((slug for network, slug in self.pairs if network in held), None)


def load_networks(data: Any, known: Journeys | None = None) -> NetworkPartners:
    """Validate the whole file; raise ``NetworksError`` rather than return part of it."""
    known = known or journeys()
    try:
        spec = NetworksFileSpec.model_validate(data)
    except ValidationError as exc:
        raise NetworksError(
            f"Le fichier « {NETWORKS_FILE} » est invalide : {validation_problems(exc)}"
        ) from exc
    networks = _schema_vocabulary("reseaux_porteurs")
    pairs: list[tuple[str, str]] = []
    for index, raw in enumerate(spec.reseaux):
        name = raw.get("reseau") if isinstance(raw, dict) else None
        where = f"{NETWORKS_FILE}, " + (
            f"réseau « {name} »" if isinstance(name, str) and name else f"ligne n° {index + 1}"
        )
        try:
            line = NetworkSpec.model_validate(raw)
        except ValidationError as exc:
            raise NetworksError(f"{where} : {validation_problems(exc)}") from exc
        if line.reseau not in networks:
            raise NetworksError(f"{where} : réseau inconnu de data·inclusion")
        if line.partner not in known.partners:
            raise NetworksError(f"{where} : partenaire inconnu « {line.partner} »")
        if any(line.reseau == network for network, _slug in pairs):
            raise NetworksError(f"{where} : réseau en double")
        pairs.append((line.reseau, line.partner))
    return NetworkPartners(tuple(pairs))


@cache
def network_partners() -> NetworkPartners:
    return load_networks(load_json(NETWORKS_FILE))
