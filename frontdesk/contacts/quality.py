"""The quality score of a service: data·inclusion's own, ``score_qualite`` of the official
``data-inclusion-schema`` package, computed on the service as Frontdesk exports it (its own
fields, as data·inclusion scores a record: the structure's phone is not lent to it), with
what is missing, in French.

Speed: the package's scorer is too slow to run on a whole worklist each time. Per
service, its pydantic ``Service`` costs 7 µs (40 with an e-mail), its date criterion 28 µs
(pendulum), its mobilisation criterion 20 µs (pattern matching on the model), reading and
decoding the row as much again: scoring 20 000 services from nothing takes 1.2 to 2.6 s,
where a worklist of 20 000 services has 200 ms. So ``qualities`` keeps each service's
criteria in memory by (id, ``version``, ``updated_at``), which every edit, import and
synchronisation changes: only what changed is scored again, and 20 000 unchanged services
take 50 to 130 ms (one read of three columns). The date criterion, the only one that
ages, is not kept with them: it is computed once per (source, ``date_maj``) and per day.
The mean is the package's (``score_qualite.score``); a test checks that ``qualities``
gives exactly the package's score on every kind of service.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from data_inclusion.schema.v1 import score_qualite  # type: ignore[import-untyped]
from pydantic import ValidationError
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from frontdesk.contacts.importing import SERVICE_FIELDS
from frontdesk.contacts.models import Service
from frontdesk.contacts.schema import schema_record

SchemaService: Any = score_qualite.Service  # data_inclusion.schema.v1.Service
STAMPS = "SELECT id, version, updated_at FROM service"  # as stored, no conversion
DATE_CRITERION = "date_maj_recente"  # reads only ``source`` and ``date_maj``; ages daily
# What each criterion asks for, in French, and the field to fill (None: Frontdesk does
# not keep it: ``mobilisable_par`` and ``frais_precisions`` are not in its directory).
# A criterion a new version of the package adds is shown by its name until it is here.
_FIELDS = {
    "adresse_bien_definie": ("adresse", "adresse (accueil sur place)"),
    "au_moins_un_public": ("publics", "publics visés"),
    "au_moins_une_thematique": ("thematiques", "thématiques"),
    "au_moins_un_moyen_de_contact": (
        "telephone",
        "moyen de contact du service (téléphone, courriel ou lien de mobilisation)",
    ),
    "courriel_bien_defini": ("courriel", "courriel (mobilisation par courriel)"),
    "telephone_bien_defini": ("telephone", "téléphone (mobilisation par téléphone)"),
    DATE_CRITERION: ("date_maj", "vérification de moins de 6 mois"),
}


@dataclass(frozen=True)
class Missing:
    criterion: str  # the package's criterion (function name)
    field: str | None  # the data·inclusion field to fill; None when Frontdesk cannot
    text: str  # French, e.g. « téléphone (mobilisation par téléphone) »


@dataclass(frozen=True)
class Quality:
    score: float  # 0 to 1, two decimals, as data·inclusion shows it
    criteria: Mapping[str, float | None]  # None: the criterion does not apply
    missing: tuple[Missing, ...]  # the criteria below 1, in the package's order

    def says(self) -> str:
        """« Qualité 62 % : manque téléphone (…), frais (gratuit ou payant). »"""
        head = f"Qualité {round(self.score * 100)}\u00a0%"
        if not self.missing:
            return f"{head}."
        return f"{head}\u00a0: manque {', '.join(m.text for m in self.missing)}."


def _missing(name: str, value: float, modes: bool, long_text: bool) -> Missing:
    if name == "modes_mobilisation_bien_definis":
        if modes:
            return Missing(name, None, "qui peut mobiliser le service (usagers, professionnels)")
        return Missing(name, "modes_mobilisation", "modes de mobilisation")
    if name == "frais_bien_definis":
        if value == 0:
            return Missing(name, "frais", "frais (gratuit ou payant)")
        return Missing(name, None, "précisions sur les frais")
    if name == "description_bien_definie":
        if long_text:
            return Missing(
                name, "description", "description plus courte (2\u00a0000 caractères au plus)"
            )
        return Missing(name, "description", "description plus détaillée (200 caractères au moins)")
    if name in _FIELDS:
        return Missing(name, *_FIELDS[name])
    return Missing(name, None, f"critère data·inclusion {name.replace('_', ' ')}")


_made: dict[tuple[Any, ...], Quality] = {}  # services scored alike share one Quality


def _flags(service: Any) -> tuple[bool, bool]:
    return bool(service.modes_mobilisation), len(service.description) >= 2000


def _combine(criteria: Mapping[str, float | None], flags: tuple[bool, bool]) -> Quality:
    """The package's mean (``score_qualite.score``): applicable criteria rounded, averaged."""
    modes, long_text = flags
    key = (*criteria.items(), *flags)
    found = _made.get(key)
    if found is None:
        relevant = [round(value, 2) for value in criteria.values() if value is not None]
        missing = tuple(
            _missing(name, value, modes, long_text)
            for name, value in criteria.items()
            if value is not None and value < 1
        )
        score = round(sum(relevant) / len(relevant), 2)
        found = Quality(score, MappingProxyType(dict(criteria)), missing)
        if len(_made) > 10_000:
            _made.clear()
        _made[key] = found
    return found


def schema_service(record: Mapping[str, Any]) -> Any:
    """The package's ``Service`` for a record (v1 keys). A value the model refuses is
    dropped, as data·inclusion drops it (an invalid e-mail counts as no e-mail); a record
    whose required fields are refused is taken as it is (``model_construct``)."""
    values = schema_record(record)
    try:
        return SchemaService.model_validate(values)
    except ValidationError as exc:
        refused = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
    optional = {k for k, f in SchemaService.model_fields.items() if not f.is_required()}
    kept = {k: (None if k in refused & optional else v) for k, v in values.items()}
    try:
        return SchemaService.model_validate(kept)
    except ValidationError:
        return SchemaService.model_construct(**kept)


def service_quality(record: Mapping[str, Any]) -> Quality:
    """One service (v1 keys), scored by the package's ``score_qualite.score`` itself."""
    service = schema_service(record)
    _score, criteria = score_qualite.score(service)
    return _combine(criteria, _flags(service))


@dataclass(slots=True)
class _Kept:
    """What a service's score needs, without the pydantic object (20 000 of those would
    make every garbage collection slower)."""

    stamp: tuple[Any, ...]  # (version, updated_at): a change makes a new one
    source: str
    date_maj: date
    criteria: Mapping[str, float | None]  # all but the date criterion
    flags: tuple[bool, bool]  # what the French of the missing needs (``_flags``)
    quality: Quality | None = None  # last computed, with the date criterion's value:
    date_value: float | None = None


_lock = threading.Lock()
_kept: dict[str, _Kept] = {}  # by the id as stored (32 hex digits): no UUID to build
_dates: dict[tuple[str, date, date], float | None] = {}


def _criteria(service: Any) -> dict[str, float | None]:
    return {c.__name__: c(service) for c in score_qualite.CRITERES if c.__name__ != DATE_CRITERION}


def _date_score(kept: _Kept, today: date) -> float | None:
    key = (kept.source, kept.date_maj, today)
    if key not in _dates:
        if len(_dates) > 10_000:
            _dates.clear()
        stand_in = SchemaService.model_construct(source=kept.source, date_maj=kept.date_maj)
        _dates[key] = getattr(score_qualite, DATE_CRITERION)(stand_in)
    return _dates[key]


class Qualities(Mapping[uuid.UUID, Quality]):
    """Qualities by service id, kept by the id as stored (32 hex digits): building 20 000
    ``UUID`` objects would cost half the time allowed."""

    def __init__(self, by_hex: Mapping[str, Quality]) -> None:
        self._by_hex = by_hex

    def __getitem__(self, service_id: uuid.UUID) -> Quality:
        return self._by_hex[service_id.hex]

    def __iter__(self) -> Iterator[uuid.UUID]:
        return (uuid.UUID(hex=key) for key in self._by_hex)

    def __len__(self) -> int:
        return len(self._by_hex)

    def score(self, service_key: str) -> float | None:
        """The score of a service by its id as stored (32 hex digits), or None for a
        service not scored (for ``build_worklist``)."""
        found = self._by_hex.get(service_key)
        return None if found is None else found.score


def _raw(column: Any) -> Any:
    return type_coerce(column, String).label(column.key)  # as stored: no conversion


def _rows(session: Session, columns: list[Any], ids: list[uuid.UUID] | None) -> Iterable[Any]:
    query = select(*columns)
    if ids is None:  # fetchall: far fewer calls than row by row
        yield from session.execute(query).mappings().all()
        return
    id_column = Service.__table__.c.id
    for start in range(0, len(ids), 500):
        chunk = query.where(id_column.in_(ids[start : start + 500]))
        yield from session.execute(chunk).mappings().all()


def _keep(row: Mapping[str, Any], stamp: tuple[Any, ...]) -> _Kept:
    record = {name: row[name] for name in SERVICE_FIELDS[1:]}
    record["id"] = row["di_id"]
    service = schema_service(record)
    return _Kept(stamp, service.source, service.date_maj, _criteria(service), _flags(service))


def qualities(session: Session, ids: Iterable[uuid.UUID] | None = None) -> Qualities:
    """The quality of many services (all of them when ``ids`` is None), by id: the same as
    ``service_quality`` of each, scored again only for the services changed since."""
    table = Service.__table__
    wanted = None if ids is None else list(ids)
    stamp_columns = [_raw(table.c.id), table.c.version, _raw(table.c.updated_at)]
    if wanted is None:  # plain tuples from the driver: the fewest objects to make
        found_rows = session.connection().connection.execute(STAMPS).fetchall()  # DB-API rows
        stamps = {key: (version, updated) for key, version, updated in found_rows}
    else:
        rows = _rows(session, stamp_columns, wanted)
        stamps = {row["id"]: (row["version"], row["updated_at"]) for row in rows}
    today = date.today()  # the package's clock (pendulum.now())
    names = [c.__name__ for c in score_qualite.CRITERES]
    with _lock:
        stale = {
            key for key, stamp in stamps.items() if key not in _kept or _kept[key].stamp != stamp
        }
        if stale:
            fields = (
                _raw(table.c[n]) if n == "structure_id" else table.c[n] for n in SERVICE_FIELDS[1:]
            )
            columns = [*stamp_columns, table.c.di_id, *fields]
            whole = len(stale) > len(stamps) // 2  # read the table rather than id by id
            chosen = None if whole else [uuid.UUID(hex=key) for key in stale]
            for row in _rows(session, columns, chosen):
                if row["id"] in stale:
                    _kept[row["id"]] = _keep(row, (row["version"], row["updated_at"]))
        if ids is None:  # forget the services deleted since
            for gone in _kept.keys() - stamps.keys():
                del _kept[gone]
        found = {}
        for key in stamps:
            kept = _kept.get(key)
            if kept is None:  # deleted between the two reads
                continue
            value = _date_score(kept, today)
            if kept.quality is None or value != kept.date_value:
                criteria = {n: value if n == DATE_CRITERION else kept.criteria[n] for n in names}
                kept.quality, kept.date_value = _combine(criteria, kept.flags), value
            found[key] = kept.quality
    return Qualities(found)


def quality_scorer(session: Session) -> Callable[[str], float | None]:
    """``service id as stored → score`` for every service, for ``build_worklist``."""
    return qualities(session).score
