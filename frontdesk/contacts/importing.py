"""Importing the directory: CSV as French Excel writes it, and data·inclusion v1 JSON (open-data
file, API answer, our own export). Rows become validated plain records; a bad row is rejected
with its line and a French reason, never stopping the others. Everything is then applied in ONE
transaction, upserting by ``di_id`` field by field: an unchanged row writes nothing. A field
absent from the file is left as it is; an empty cell or ``null`` clears it. New records get
ids derived from their ``di_id``, so two PCs importing one file make the same records.
Every row must also pass the data·inclusion v1 model of the official package
(``contacts.schema``): what is imported can be exported as valid data·inclusion."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import phonenumbers
from phonenumbers import PhoneNumber, shortnumberinfo

from frontdesk.contacts.geo import FRANCE, somme
from frontdesk.contacts.models import Service, Structure
from frontdesk.contacts.schema import schema_problems, schema_record, slugs
from frontdesk.errors import UserError
from frontdesk.spreadsheet_cells import restore_text
from frontdesk.store.engine import Store

PLACE = "telephone courriel site_web adresse complement_adresse code_postal commune code_insee"
PLACE += " horaires_accueil"
STRUCTURE_FIELDS = tuple(
    f"id source nom description siret reseaux_porteurs lien_source {PLACE} date_maj".split()
)
SERVICE_FIELDS = tuple(
    f"id structure_id source nom description type thematiques publics"
    " publics_precisions conditions_acces frais zone_eligibilite modes_accueil"
    f" modes_mobilisation lien_mobilisation {PLACE} date_maj".split()
)
# One CSV row = one service, then its structure's columns prefixed « structure_ »
# (« structure_id » is both). A row with an empty « id » carries a structure alone.
CSV_COLUMNS = SERVICE_FIELDS + tuple(f"structure_{f}" for f in STRUCTURE_FIELDS[1:])
CSV_REQUIRED: tuple[str, ...] = ("id", "nom", "description", "date_maj", "structure_id")
CSV_REQUIRED += ("structure_nom", "structure_date_maj")
REQUIRED: dict[str, tuple[str, ...]] = {"structure": ("id", "nom", "date_maj")}
REQUIRED["service"] = (*REQUIRED["structure"], "description", "structure_id")
LIST_SEPARATOR = ","  # inside a CSV cell: « famille--garde-denfants, sante--... »
UNKNOWN = {"thematiques": "thématique inconnue", "publics": "public inconnu"}
UNKNOWN |= {"reseaux_porteurs": "réseau porteur inconnu", "modes_accueil": "mode d'accueil inconnu"}
UNKNOWN |= {"modes_mobilisation": "mode de mobilisation inconnu", "type": "type inconnu"}
UNKNOWN |= {"frais": "frais inconnus"}
LISTS = set(UNKNOWN) - {"type", "frais"} | {"zone_eligibilite"}
_COLUMNS = [c for model in (Structure, Service) for c in model.__table__.c]
MAX_LENGTH: dict[str, int] = {
    c.name: length for c in _COLUMNS if (length := getattr(c.type, "length", None))
}
MAX_LENGTH["id"] = MAX_LENGTH["di_id"]
# Frontdesk's own rules; the schema's (codes, e-mail, links…) are the package model's.
_PATTERN_TEXTS = {"id": r"[^\s]+--\S+", "structure_id": r"[^\s]+--\S+"}
_PATTERN_TEXTS |= {"site_web": r"https?://\S+"}  # a service's is not in the schema
PATTERNS = {name: re.compile(pattern) for name, pattern in _PATTERN_TEXTS.items()}
FRENCH_PHONE = re.compile(r"(?:\+33\s?|0)([1-9](?:[\s.-]?\d{2}){4})")


class ImportFileError(UserError, ValueError):
    """The whole file is refused (French message): nothing was imported."""


class Rejected(NamedTuple):
    line: int  # CSV: line where the row starts (header = 1); JSON: rank in its list
    di_id: str
    reason: str  # French


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in French, one line per rejected row."""
        head = (
            f"Import terminé : {self.created} fiche(s) créée(s), {self.updated} mise(s) à jour,"
            f" {self.unchanged} inchangée(s), {len(self.rejected)} ligne(s) refusée(s)."
        )
        return [head, *(f"  ligne {r.line} ({r.di_id or '?'}) : {r.reason}" for r in self.rejected)]


@dataclass
class Record:
    kind: str  # "structure" | "service"
    line: int
    di_id: str
    values: dict[str, Any]  # model attribute → clean value, only for fields the file has
    structure_di_id: str = ""


@dataclass
class Parsed:
    structures: list[Record] = field(default_factory=list)
    services: list[Record] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


class _Reject(ValueError):
    pass


@lru_cache(maxsize=100_000)
def normalise_phone(raw: str) -> str | None:
    """E.164 (« 03 22 35 32 82 » → « +33322353282 »), a French short number as digits, or None."""
    if re.search(r"[^\d\s.+()/-]", raw):
        return None
    if found := FRENCH_PHONE.fullmatch(raw):  # the usual case, without a full parse
        national = re.sub(r"\D", "", found.group(1))
        if phonenumbers.is_valid_number(
            PhoneNumber(country_code=33, national_number=int(national))
        ):
            return "+33" + national
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not raw.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(number, "FR"):
        return re.sub(r"\D", "", raw)
    return None


def _date(raw: Any) -> date:
    text = str(raw).strip()
    head = text.split(" ")[0].split("T")[0]  # « 2026-02-01T00:00:00 » from some exports
    with suppress(ValueError):
        if "/" not in head:
            return date.fromisoformat(head)
        day, month, year = head.split("/")
        if len(year) == 4:
            return date(int(year), int(month), int(day))
    raise _Reject(f"date « {text} » illisible (JJ/MM/AAAA ou AAAA-MM-JJ attendu)")


@lru_cache(maxsize=4096)
def _known_zone(code: str) -> bool:  # is_known_zone, cached: the same codes come back
    return somme().is_known_zone(code)


def _list(name: str, raw: Any) -> list[str]:
    items = raw.split(LIST_SEPARATOR) if isinstance(raw, str) else ([] if raw is None else raw)
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise _Reject(f"champ « {name} » : liste de textes attendue")
    values = list(dict.fromkeys(stripped for i in items if (stripped := i.strip())))
    if name == "zone_eligibilite":  # unknown codes dropped, as data·inclusion does
        known = [FRANCE if c.casefold() == FRANCE else c.upper() for c in values]
        known = [c for c in dict.fromkeys(known) if _known_zone(c)]
        if values and not known:
            raise _Reject(f"aucune zone d'éligibilité connue dans « {', '.join(values)} »")
        return known
    vocabulary = slugs(name)
    if not vocabulary.issuperset(values):
        raise _Reject(f"{UNKNOWN[name]} « {next(v for v in values if v not in vocabulary)} »")
    return values


def _value(name: str, raw: Any, csv_cell: bool) -> Any:
    if raw is None and name not in REQUIRED["service"]:
        return [] if name in LISTS else None
    if name in LISTS:
        return _list(name, raw)
    if name == "date_maj":
        return _date(raw)
    if raw is not None and not isinstance(raw, str):
        raise _Reject(f"champ « {name} » : texte attendu")
    text = (raw or "").replace("\r\n", "\n").strip()
    if csv_cell and name in ("code_postal", "code_insee") and re.fullmatch(r"\d{4}", text):
        text = "0" + text  # Excel drops the leading zero
    if not text:
        return None
    if name == "telephone":
        if (phone := normalise_phone(text)) is None:
            raise _Reject(f"téléphone non reconnu « {text} »")
        return phone
    if len(text) > MAX_LENGTH.get(name, 10_000):
        raise _Reject(f"champ « {name} » : {MAX_LENGTH.get(name, 10_000)} caractères au plus")
    if name in PATTERNS and not PATTERNS[name].fullmatch(text):
        raise _Reject(f"champ « {name} » mal formé « {text} »")
    if name in ("type", "frais") and text not in slugs(name):
        raise _Reject(f"{UNKNOWN[name]} « {text} »")
    return re.sub(r"@.*", lambda m: m.group().lower(), text) if name == "courriel" else text


def clean_record(kind: str, line: int, raw: Mapping[str, Any], csv_cells: bool) -> Record:
    """Validate one structure or service (data·inclusion v1 keys); ``_Reject`` if bad."""
    names = SERVICE_FIELDS if kind == "service" else STRUCTURE_FIELDS
    for name in REQUIRED[kind]:
        if raw.get(name) in (None, ""):
            raise _Reject(f"champ « {name} » manquant")
    values = {name: _value(name, raw[name], csv_cells) for name in names if name in raw}
    di_id = values["id"]
    if not values.get("source"):
        values["source"] = di_id.split("--", 1)[0]
    if problems := schema_problems(kind, schema_record(values)):  # the package's model
        field, problem = next(iter(problems.items()))
        raise _Reject(f"champ « {field} » : {problem}")
    del values["id"]
    structure = values.pop("structure_id", "") or ""
    return Record(kind, line, di_id, values, structure)


def _decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        raise ImportFileError(f"« {name} » est en UTF-16 : enregistrez-le en CSV UTF-8.")
    for encoding in ("utf-8-sig", "cp1252"):
        with suppress(UnicodeDecodeError):
            return data.decode(encoding)
    raise ImportFileError(f"« {name} » n'est ni en UTF-8 ni en Windows-1252 : encodage inconnu.")


def _csv_records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, its cells), each cell without the apostrophe our export
    puts before a formula trigger. A cell longer than the ``csv`` module accepts refuses
    the whole file, naming its line (the limit is left as it is: such a file is not a
    directory)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" not in str(exc):
                raise ImportFileError(f"« {name} », ligne {start} : CSV illisible.") from exc
            limit = csv.field_size_limit() // 1024
            raise ImportFileError(
                f"« {name} », ligne {start} : une cellule dépasse {limit} Kio."
            ) from exc
        yield start, [restore_text(cell) for cell in row]
        start = reader.line_num + 1


def parse_csv(text: str, name: str = "fichier") -> Parsed:
    records = _csv_records(text, name)
    header = [h.strip().lower() for h in next(records, (1, []))[1]]
    if missing := [c for c in CSV_REQUIRED if c not in header]:
        hint = " (le séparateur doit être « ; »)" if len(header) <= 1 else ""
        refused = f"« {name} » refusé : colonne(s) manquante(s) {', '.join(missing)}{hint}."
        raise ImportFileError(refused)
    parsed, structures = Parsed(), set()
    for start, row in records:
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        di_id = cells.get("id", "").strip()
        if len(row) != len(header):
            reason = f"{len(row)} cellules au lieu de {len(header)}"
            parsed.rejected.append(Rejected(start, di_id, reason))
            continue
        own = {k[10:]: v for k, v in cells.items() if k.startswith("structure_")}
        kind = "structure"
        try:
            if own["id"].strip() not in structures:
                record = clean_record("structure", start, own, csv_cells=True)
                parsed.structures.append(record)
                structures.add(record.di_id)
            if di_id:
                kind = "service"
                fields = {k: v for k, v in cells.items() if k in SERVICE_FIELDS}
                parsed.services.append(clean_record("service", start, fields, csv_cells=True))
        except _Reject as exc:
            parsed.rejected.append(Rejected(start, di_id or own["id"].strip(), f"{kind} : {exc}"))
    return parsed


def _json_lists(data: Any) -> tuple[list[Any], list[Any]]:
    if isinstance(data, dict) and ("structures" in data or "services" in data):
        return data.get("structures") or [], data.get("services") or []
    items = data.get("items") if isinstance(data, dict) else data  # API page, open-data file
    if not isinstance(items, list):
        raise ImportFileError("JSON data·inclusion attendu : {« structures », « services »}.")
    services = [i for i in items if isinstance(i, dict) and "structure_id" in i]
    return [i for i in items if not (isinstance(i, dict) and "structure_id" in i)], services


def parse_json(data: Any) -> Parsed:
    parsed = Parsed()
    structures, services = _json_lists(data)
    for kind, items in (("structure", structures), ("service", services)):
        target = parsed.structures if kind == "structure" else parsed.services
        for rank, raw in enumerate(items, start=1):
            ident = raw.get("id") if isinstance(raw, dict) else None
            try:
                if not isinstance(raw, dict):
                    raise _Reject("objet JSON attendu")
                target.append(clean_record(kind, rank, raw, csv_cells=False))
            except _Reject as exc:
                parsed.rejected.append(Rejected(rank, str(ident or ""), f"{kind} : {exc}"))
    return parsed


def read_file(path: Path, fmt: str | None = None) -> Parsed:
    """Parse a CSV or JSON file (format from the extension unless given)."""
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "csv")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Impossible de lire « {path.name} » : {exc.strerror}.") from exc
    if fmt == "csv":
        return parse_csv(_decode(data, path.name), path.name)
    try:
        return parse_json(json.loads(data.decode("utf-8-sig")))
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"« {path.name} » n'est pas en UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"« {path.name} » n'est pas du JSON valide (ligne {exc.lineno}) : {exc.msg}."
        ) from exc


def import_file(store: Store, path: Path, fmt: str | None = None) -> ImportReport:
    """Parse then apply in one transaction; ``ImportFileError`` leaves the base untouched."""
    return import_parsed(store, read_file(path, fmt))


def import_parsed(store: Store, parsed: Parsed) -> ImportReport:
    """One transaction: a database error rolls the whole import back."""
    from frontdesk.contacts.upsert import apply_records  # the writing side

    with store.transaction() as session:
        return apply_records(session, parsed)
