"""The communes and EPCI of the Somme (``resources/geo/somme.json``, from the official
geographic code by ``scripts/build_geo.py``) and the eligibility zones: a zone code covers a
commune when it is the commune, its département, its EPCI (SIREN) or ``france``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass as std_dataclass
from functools import cache
from types import MappingProxyType
from typing import Annotated, Any, TypeVar

from pydantic import ConfigDict, Field, StrictBool, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

from frontdesk.orientation.journeys import fold
from frontdesk.resources import ResourceError, load_json

GEO_FILE = "geo/somme.json"
FRANCE = "france"
Insee = Annotated[str, Field(pattern=r"^(\d{2}|2A|2B)\d{3}$")]
Siren = Annotated[str, Field(pattern=r"^\d{9}$")]
Postcode = Annotated[str, Field(pattern=r"^\d{5}$")]
T = TypeVar("T")
EPCI_KINDS = (("Communauté de communes ", "CC "), ("Communauté d'agglomération ", "CA "))
STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class GeoError(ResourceError):
    """The communes file is invalid (message in French naming the entry)."""


@dataclass(frozen=True, config=STRICT)
class Commune:
    insee: Insee
    nom: Annotated[str, Field(min_length=1)]
    epci: Siren | None
    codes_postaux: Annotated[tuple[Postcode, ...], Field(min_length=1)]

    @property
    def label(self) -> str:
        return f"{self.nom} ({self.insee})"


@dataclass(frozen=True, config=STRICT)
class Epci:
    code: Siren
    nom: Annotated[str, Field(min_length=1)]
    interdepartemental: StrictBool
    communes: Annotated[tuple[Insee, ...], Field(min_length=1)]

    @property
    def label(self) -> str:
        """Short name: « Communauté de communes Avre Luce Noye » → « CC Avre Luce Noye »."""
        for long, short in EPCI_KINDS:
            if self.nom.startswith(long):
                return short + self.nom.removeprefix(long)
        return self.nom


@dataclass(frozen=True, config=STRICT)
class _Departement:
    code: Annotated[str, Field(pattern=r"^(\d{2}|2A|2B|97\d)$")]
    nom: Annotated[str, Field(min_length=1)]


@dataclass(frozen=True, config=STRICT)
class _File:
    source: Annotated[dict[str, Any], Field(min_length=1)]
    departement: _Departement
    epci: tuple[Any, ...]
    communes: Annotated[tuple[Any, ...], Field(min_length=1)]


def _words(text: str) -> str:
    """Folded, with hyphens and apostrophes as spaces (« Saint-Fuscien » → « saint fuscien »)."""
    return " ".join(re.sub(r"[-'’]", " ", fold(text)).split())


@std_dataclass(frozen=True)
class Territory:
    departement: str
    departement_nom: str
    source: Mapping[str, Any]
    communes: Mapping[str, Commune]
    epcis: Mapping[str, Epci]

    def commune(self, insee: str) -> Commune | None:
        return self.communes.get(insee.strip().upper())

    def epci(self, code: str) -> Epci | None:
        return self.epcis.get(code.strip())

    def search(self, text: str) -> list[Commune]:
        """Name contains the words, postcode or INSEE starts with the numbers (« amiens »,
        « 80570 », « 80110 moreuil »); exact matches first, then name prefixes, then by name."""
        words = _words(text).split()
        numbers = [w for w in words if w.isdigit()]
        name = " ".join(w for w in words if not w.isdigit())
        found = []
        for commune in self.communes.values() if words else ():
            codes = (commune.insee, *commune.codes_postaux)
            folded = _words(commune.nom)
            if name in folded and all(any(c.startswith(n) for c in codes) for n in numbers):
                exact = folded == name and all(n in codes for n in numbers)
                found.append((not exact, not folded.startswith(name), folded, commune))
        return [item[-1] for item in sorted(found, key=lambda item: item[:3])]

    def _zone(self, code: str) -> Epci | Commune | str | None:
        code = code.strip()
        if code.casefold() == FRANCE or code == self.departement:
            return code if code == self.departement else FRANCE
        return self.epci(code) or self.commune(code)

    def is_known_zone(self, code: str) -> bool:
        return self._zone(code) is not None

    def zone_covers(self, zone_code: str, insee: str) -> bool:
        """Whether the zone (``france``, département, EPCI or commune) covers the commune."""
        zone, insee = self._zone(zone_code), insee.strip().upper()
        if zone == FRANCE:
            return True
        if zone == self.departement:
            return insee in self.communes
        if isinstance(zone, Epci):
            return insee in zone.communes
        return zone_code.strip().upper() == insee

    def describe_zone(self, code: str) -> str:
        """« France entière », « Somme (80) », « CC Avre Luce Noye », « Moreuil (80570) »."""
        zone = self._zone(code)
        if zone == FRANCE:
            return "France entière"
        if zone == self.departement:
            return f"{self.departement_nom} ({zone})"
        if isinstance(zone, Epci | Commune):
            return zone.label
        return f"{code.strip()} (zone inconnue)"


# French wording, by the first word of pydantic's error type (missing_argument, string_too_short…)
FRENCH = {"missing": "manquant", "extra": "inconnu", "unexpected": "inconnu", "string": "mal formé"}


def _problem(error: Mapping[str, Any]) -> str:
    field = ".".join(str(p) for p in error["loc"]) or "entrée"
    return f"champ « {field} » {FRENCH.get(error['type'].split('_')[0], ': ' + error['msg'])}"


def _validate(kind: type[T], raw: Any, where: str) -> T:
    try:
        return TypeAdapter(kind).validate_python(raw)
    except ValidationError as exc:
        problems = " ; ".join(_problem(error) for error in exc.errors())
        raise GeoError(f"{where} : {problems}") from exc


def _entries(kind: type[T], raws: tuple[Any, ...], key: str, label: str) -> dict[str, T]:
    """Validate each entry, named by its code in messages; refuse a code seen twice."""
    found: dict[str, T] = {}
    for i, raw in enumerate(raws):
        code = raw.get(key) if isinstance(raw, dict) else None
        where = f"{GEO_FILE}, {label} " + (f"« {code} »" if code else f"n° {i + 1}")
        entry = _validate(kind, raw, where)
        if getattr(entry, key) in found:
            raise GeoError(f"{where} : code en double")
        found[getattr(entry, key)] = entry
    return found


def load_territory(data: Any) -> Territory:
    """Validate the whole file; raise ``GeoError`` rather than return part of it."""
    spec = _validate(_File, data, f"Le fichier « {GEO_FILE} » est invalide")
    dep = spec.departement.code
    communes = _entries(Commune, spec.communes, "insee", "commune")
    epcis = _entries(Epci, spec.epci, "code", "EPCI")
    for commune in communes.values():
        where = f"{GEO_FILE}, commune « {commune.insee} »"
        if not commune.insee.startswith(dep):
            raise GeoError(f"{where} : commune hors du département {dep}")
        if commune.epci is not None and commune.epci not in epcis:
            raise GeoError(f"{where} : EPCI inconnu « {commune.epci} »")
        if commune.epci is not None and commune.insee not in epcis[commune.epci].communes:
            raise GeoError(f"{where} : absente de la liste des communes de son EPCI")
    for epci in epcis.values():
        where = f"{GEO_FILE}, EPCI « {epci.code} »"
        if len(set(epci.communes)) != len(epci.communes):
            raise GeoError(f"{where} : commune en double")
        for insee in epci.communes:
            if insee not in communes or communes[insee].epci != epci.code:
                raise GeoError(f"{where} : commune « {insee} » inconnue ou d'un autre EPCI")
    ro = MappingProxyType
    return Territory(dep, spec.departement.nom, ro(spec.source), ro(communes), ro(epcis))


@cache
def somme() -> Territory:
    return load_territory(load_json(GEO_FILE))
