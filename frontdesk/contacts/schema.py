"""The data·inclusion v1 schema, from the official ``data-inclusion-schema`` package: its
vocabularies with their French labels, the lengths it allows, and its ``Structure`` and
``Service`` models as the last word on a record (problems told in French).

The package is the reference, not a copy: a schema update is a version bump of the
package (``pyproject.toml``), never an edit of copied JSON. What the schema does not
hold (a service's ``site_web``, ``a_verifier``, ``source_note``, ``spie_partner``, the
direct contacts) stays Frontdesk's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from data_inclusion.schema import v1  # type: ignore[import-untyped]  # no py.typed marker
from pydantic import ValidationError

SCHEMA_MODELS: Mapping[str, Any] = MappingProxyType(
    {"structure": v1.Structure, "service": v1.Service}
)
VOCABULARY_ENUMS: Mapping[str, Any] = MappingProxyType(
    {
        "thematiques": v1.Thematique,
        "categories": v1.Categorie,  # of the thematiques: the part of a slug before « -- »
        "publics": v1.Public,
        "reseaux_porteurs": v1.ReseauPorteur,
        "modes_accueil": v1.ModeAccueil,
        "modes_mobilisation": v1.ModeMobilisation,
        "type": v1.TypeService,
        "frais": v1.Frais,
    }
)
NBSP = "\u00a0"
_PROBLEMS = {
    "missing": "champ obligatoire",
    "enum": "valeur inconnue",
    "string_pattern_mismatch": "format non valide",
    "date_parsing": "date illisible",
    "date_from_datetime_parsing": "date illisible",
    "date_type": "date illisible",
}


@cache
def vocabulary(name: str) -> Mapping[str, str]:
    """slug → French label of a v1 vocabulary (a key of ``VOCABULARY_ENUMS``), in the
    order of the slugs, as the package's ``as_dict_list`` gives them."""
    members = sorted(VOCABULARY_ENUMS[name], key=lambda member: str(member.value))
    return MappingProxyType({str(m.value): str(m.label) for m in members})


@cache
def slugs(name: str) -> frozenset[str]:
    return frozenset(vocabulary(name))


def thematique_groups() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(category label, ((slug, label), …)) for every category, thematiques by slug."""
    themes = vocabulary("thematiques").items()
    return tuple(
        (label, tuple((slug, text) for slug, text in themes if slug.split("--")[0] == category))
        for category, label in vocabulary("categories").items()
    )


def schema_length(kind: str, field: str) -> tuple[int, int]:
    """(min, max) length the package's model allows for a text field."""
    metadata = SCHEMA_MODELS[kind].model_fields[field].metadata
    low = next((m.min_length for m in metadata if hasattr(m, "min_length")), 0)
    high = next((m.max_length for m in metadata if hasattr(m, "max_length")), 10_000)
    return int(low), int(high)


NAME_LENGTH = schema_length("service", "nom")  # a structure's: the same, 3 to 150


def schema_record(values: Mapping[str, Any]) -> dict[str, Any]:
    """A record as data·inclusion v1 writes it: an empty list means « not given » and is
    written null (the schema refuses [] for publics, zone_eligibilite, modes_mobilisation;
    an import reads null back as an empty list)."""
    return {k: None if v in ([], ()) else v for k, v in values.items()}


def _quoted(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def _problem(field: str, error: Mapping[str, Any]) -> str:
    kind, ctx, value = str(error["type"]), error.get("ctx") or {}, error.get("input")
    shown = f" {_quoted(str(value))}" if isinstance(value, str | int | float) else ""
    if kind in ("string_too_short", "too_short"):
        return (
            f"{ctx['min_length']} caractères au moins"
            if isinstance(value, str)
            else ("une valeur au moins")
        )
    if kind in ("string_too_long", "too_long"):
        unit = "caractères" if isinstance(value, str) else "valeurs"
        return f"{ctx['max_length']} {unit} au plus"
    if kind.startswith("url_"):
        return f"adresse web non valide{shown}"
    if kind == "value_error" and field == "courriel":
        return f"adresse non valide{shown}"
    if kind == "value_error":  # the package's own checks speak French: `x` becomes « x »
        message = str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
        message = re.sub(r"`([^`]+)`", lambda found: _quoted(found.group(1)), message)
        return (message[:1].lower() + message[1:]).rstrip(".")
    return _PROBLEMS.get(kind, "valeur refusée par le schéma data·inclusion") + shown


def schema_problems(kind: str, record: Mapping[str, Any]) -> dict[str, str]:
    """What the package's ``Structure`` or ``Service`` model refuses in ``record`` (v1 keys,
    shaped by ``schema_record``): field → French problem (no final point), the first
    one of each field; empty when the record is valid."""
    try:
        SCHEMA_MODELS[kind].model_validate(record)
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else kind
            problems.setdefault(field, _problem(field, error))
        return problems
    return {}


def form_problems(kind: str, values: Mapping[str, Any]) -> dict[str, str]:
    """The package's problems with the fields a form gives (``values``, v1 keys). The
    record's identity, source and date are the application's: stand-ins here."""
    stand_in = {"id": "x--x", "structure_id": "x--x", "source": "x", "date_maj": date(2000, 1, 1)}
    problems = schema_problems(kind, schema_record({**values, **stand_in}))
    return {field: text for field, text in problems.items() if field not in stand_in}
