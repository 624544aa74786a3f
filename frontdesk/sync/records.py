"""What a synced record may hold: one check, run by the hub on every mutation a PC pushes
and by every PC on every record it pulls.

The shape comes from the local tables themselves (``frontdesk.sync.entities.MODELS``):
each column's type, length and nullability, and for a JSON column its Python annotation
(``Mapped[list[str]]``…).
The closed lists come from the shipped data (journeys, channels, outcomes, SPIE publics,
report reasons…). A payload is JSON: identifiers, dates and times travel as text and are
checked as such, so that what the hub stores and forwards is exactly what a PC can write.

``check_payload`` raises ``RecordProblem`` naming the record and the field in French. The
hub is strict (an unknown key is refused: PCs and hub ship together, the hub first); a PC
ignores a key it does not know (a record written by a newer version).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, get_args, get_type_hints

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model
from sqlalchemy import JSON, BigInteger, Boolean, Date, Integer, String, Text, Uuid

from frontdesk.store.base import UTCDateTime
from frontdesk.sync.entities import LABELS, MODELS

TEXT_MAX = 100_000  # characters in a free-text column (a note, a description)
JSON_DEPTH = 6  # nesting of a JSON column (a report's resolution is the deepest: 2)
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text holds no NUL, nor should anything else
UUID_TEXT = r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$"


class RecordProblem(ValueError):
    """A record that cannot be stored as it is (``str()``: French, names record and field)."""

    def __init__(self, entity: str, record_id: object, field: str, problem: str) -> None:
        self.entity, self.record_id, self.field, self.problem = entity, record_id, field, problem
        label = LABELS.get(entity, entity)
        where = f"champ « {field} »" if field else "contenu"
        super().__init__(f"{label} {record_id} : {where} {problem}.")


def _aware(text: str) -> str:
    if datetime.fromisoformat(text).tzinfo is None:
        raise ValueError("no time zone")
    return text


def _day(text: str) -> str:
    date.fromisoformat(text)
    return text


def _depth(value: Any, level: int = 0) -> Any:
    if level > JSON_DEPTH:
        raise ValueError("too deep")
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                raise ValueError("NUL")
            _depth(item, level + 1)
    elif isinstance(value, list):
        for item in value:
            _depth(item, level + 1)
    elif isinstance(value, str) and "\x00" in value:
        raise ValueError("NUL")
    return value


def _leaves(annotation: Any) -> set[Any]:
    """The types at the leaves of a generic annotation (``dict[str, Any]`` → str, Any)."""
    args = get_args(annotation)
    return {leaf for arg in args for leaf in _leaves(arg)} if args else {annotation}


def _text(length: int | None) -> Any:
    return Annotated[str, Field(max_length=length or TEXT_MAX, pattern=NO_NUL)]


def _column_type(column: Any, annotation: Any) -> Any:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return Annotated[str, Field(max_length=40), AfterValidator(_aware)]
    if isinstance(kind, Date):
        return Annotated[str, Field(max_length=10), AfterValidator(_day)]
    if isinstance(kind, Uuid):
        return Annotated[str, Field(pattern=UUID_TEXT)]
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, BigInteger):
        return Annotated[int, Field(ge=-(2**63), lt=2**63)]
    if isinstance(kind, Integer):
        return Annotated[int, Field(ge=-(2**31), lt=2**31)]
    if isinstance(kind, String | Text):
        return _text(getattr(kind, "length", None))
    if isinstance(kind, JSON):
        inner = get_args(annotation)[0]  # Mapped[X] -> X
        if isinstance(inner, UnionType):  # X | None: nullability is the column's
            inner = next(a for a in get_args(inner) if a is not type(None))
        if Any in _leaves(inner):  # free-form: bounded by hand (the typed ones by type)
            return Annotated[inner, AfterValidator(_depth)]
        return inner
    raise TypeError(f"no payload check for {column.key}: {kind!r}")


def _model(entity: str, extra: Literal["forbid", "ignore"]) -> type[BaseModel]:
    model = MODELS[entity]
    hints = get_type_hints(model)
    fields: dict[str, Any] = {}
    for column in model.__table__.c:
        kind = _column_type(column, hints[column.key])
        if column.nullable:
            fields[column.key] = (kind | None, None)  # an older PC may not send it
        else:
            fields[column.key] = (kind, ...)
    config = ConfigDict(strict=True, extra=extra)
    return create_model(f"{model.__name__}Payload", __config__=config, **fields)


@cache
def _models(strict_keys: bool) -> dict[str, type[BaseModel]]:
    return {entity: _model(entity, "forbid" if strict_keys else "ignore") for entity in MODELS}


PROBLEMS = {  # pydantic error types, in French
    "missing": "absent",
    "extra_forbidden": "inconnu",
    "string_too_long": "trop long",
    "string_pattern_mismatch": "mal formé",
    "string_type": "n'est pas un texte",
    "int_type": "n'est pas un nombre entier",
    "bool_type": "n'est pas un booléen (vrai ou faux)",
    "less_than": "hors limites",
    "greater_than_equal": "hors limites",
    "list_type": "n'est pas une liste",
    "dict_type": "n'est pas un objet",
    "value_error": "invalide",
}


def check_payload(
    entity: str, record_id: object, payload: Mapping[str, Any], *, strict_keys: bool
) -> None:
    """Raise ``RecordProblem`` if ``payload`` is not a record this project can store."""
    model = _models(strict_keys).get(entity)
    if model is None:
        raise RecordProblem(entity, record_id, "", "d'un type inconnu")
    try:
        model.model_validate(payload)
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        raise RecordProblem(
            entity, record_id, field, PROBLEMS.get(error["type"], "invalide")
        ) from exc
    if str(payload.get("id")) != str(record_id):
        raise RecordProblem(entity, record_id, "id", "ne correspond pas à l'enregistrement")
    domain = _DOMAIN.get(entity)
    problem = domain(payload) if domain is not None else None
    if problem is not None:
        raise RecordProblem(entity, record_id, *problem)


def check_id(entity: str, record_id: object, payload: Mapping[str, Any]) -> None:
    """A deletion carries only the record's id."""
    if entity not in MODELS:
        raise RecordProblem(entity, record_id, "", "d'un type inconnu")
    if set(payload) - {"id"} or str(payload.get("id", record_id)) != str(record_id):
        raise RecordProblem(entity, record_id, "id", "ne correspond pas à l'enregistrement")


# -- the closed lists ------------------------------------------------------------------------


@cache
def _lists() -> dict[str, frozenset[str]]:
    """Every closed list a record refers to, read once from the shipped data."""
    from frontdesk.config import roles
    from frontdesk.contacts.schema import slugs
    from frontdesk.contacts.validation import directory_rules
    from frontdesk.orientation.journeys import OPERATORS_FILE, journeys
    from frontdesk.orientation.rules import spie_rules
    from frontdesk.resources import load_json
    from frontdesk.visits.options import visit_options

    options, known = visit_options(), journeys()
    return {
        "journeys": frozenset(j.id for j in known.all),
        "partners": frozenset(known.partners),
        "thematiques": slugs("thematiques"),  # data·inclusion's package
        "operators": frozenset(e["slug"] for e in load_json(OPERATORS_FILE)),
        "channels": options.ids("channels"),
        "outcomes": options.ids("outcomes"),
        "orientation_kinds": options.ids("orientation_kinds"),
        "age_bands": options.ids("age_bands"),
        "publics": frozenset(p.slug for p in spie_rules().publics),
        "roles": frozenset(roles().roles),
        "report_reasons": frozenset(r.slug for r in directory_rules().report_reasons),
    }


def _outside(values: Any, name: str) -> bool:
    return any(value not in _lists()[name] for value in values)


def _visit(payload: Mapping[str, Any]) -> tuple[str, str] | None:
    from frontdesk.visits.options import visit_options

    for field, name in (("journeys", "journeys"), ("thematiques", "thematiques"),
                        ("operators", "operators")):  # fmt: skip
        if _outside(payload[field], name):
            return field, "contient une valeur inconnue"
    if not payload["journeys"]:
        return "journeys", "est vide"
    for field, name in (("channel", "channels"), ("outcome", "outcomes")):
        if payload[field] not in _lists()[name]:
            return field, "a une valeur inconnue"
    if payload.get("age_band") is not None and _outside([payload["age_band"]], "age_bands"):
        return "age_band", "a une valeur inconnue"
    commune = payload.get("commune_insee")
    if commune is not None and (len(commune) != 5 or not commune.isalnum()):
        return "commune_insee", "n'est pas un code INSEE"
    note = payload.get("note")
    if note is not None and len(note) > visit_options().note_max_length:
        return "note", "est trop longue"
    for slug, status in payload["publics"].items():
        if slug not in _lists()["publics"] or status.get("status") not in STATUSES:
            return "publics", "contient une valeur inconnue"
    for orientation in payload["orientations"]:
        if (
            set(orientation) - {"partner", "kind"}
            or orientation.get("partner") not in _lists()["partners"]
            or orientation.get("kind") not in _lists()["orientation_kinds"]
        ):
            return "orientations", "contient une valeur inconnue"
    return None


STATUSES = frozenset({"oui", "non", "a_verifier"})


def _choice(field: str, allowed: Callable[[], frozenset[str]]) -> Callable[..., Any]:
    def check(payload: Mapping[str, Any]) -> tuple[str, str] | None:
        return None if payload[field] in allowed() else (field, "a une valeur inconnue")

    return check


def _report(payload: Mapping[str, Any]) -> tuple[str, str] | None:
    if payload["target_kind"] not in {"structure", "service", "contact"}:
        return "target_kind", "a une valeur inconnue"
    if payload.get("status", "ouvert") not in {"ouvert", "traite"}:
        return "status", "a une valeur inconnue"
    if payload["reason"] not in _lists()["report_reasons"]:
        return "reason", "a une valeur inconnue"
    return None


_DOMAIN: dict[str, Callable[[Mapping[str, Any]], tuple[str, str] | None]] = {
    "visit": _visit,
    "visit_review": _choice("status", lambda: frozenset({"a_revoir", "valide"})),
    "review_comment": _choice("author_role", lambda: _lists()["roles"]),
    "directory_report": _report,
}
