"""The counter journeys: France Services démarches and SPIE journeys, read from data.

``resources/journeys.json`` maps each journey to data·inclusion v1 thematiques, France
Services operators, whether the SPIE checklist applies and the partners to suggest. A
superviseur adds a local journey there, without code. A file that fails validation raises
``JourneysError`` naming the file, the journey and the problem; nothing of it is used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from frontdesk.resources import ResourceError, load_json, validation_problems

JOURNEYS_FILE = "journeys.json"
THEMATIQUES_FILE = "vocabularies/data-inclusion-v1-thematiques.json"
OPERATORS_FILE = "vocabularies/france-services-operateurs.json"
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
        """Journeys whose label or keywords contain every word of ``text`` (file order)."""
        words = fold(text).split()
        found = []
        for journey in self.all:
            haystack = "\n".join(fold(s) for s in (journey.label, *journey.keywords))
            if all(word in haystack for word in words):
                found.append(journey)
        return found


@cache
def _vocabulary(name: str) -> Mapping[str, str]:
    return MappingProxyType({entry["slug"]: entry["label"] for entry in load_json(name)})


def thematique_label(slug: str) -> str:
    return _vocabulary(THEMATIQUES_FILE)[slug]


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
    _check_refs(where, "thématique inconnue", spec.thematiques, _vocabulary(THEMATIQUES_FILE))
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
