"""Exporting the directory: data·inclusion v1 JSON (``{"structures": [...], "services":
[...]}``, ids « source--id », ISO dates) and CSV for French Excel (``;``, UTF-8 with BOM,
multi-line cells quoted, dates JJ/MM/AAAA, phones written as « 03 22 35 32 82 » so Excel
keeps them as text, a text starting with « = », « + », « - », « @ » behind an apostrophe so
Excel never runs it as a formula). Importing an export changes nothing: every line comes back
unchanged (the import takes those apostrophes off again).
Frontdesk's own fields (``a_verifier``, ``source_note``, ``spie_partner``) are not exported.
Every JSON record passes the official package's ``Structure`` / ``Service`` model: an empty
list (a field nobody filled, such as ``modes_mobilisation``) is written null, as
data·inclusion writes « not given », never [] which the schema refuses; an import reads
null back as an empty list, so the round trip changes nothing.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.contacts.importing import (
    CSV_COLUMNS,
    LIST_SEPARATOR,
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
)
from frontdesk.contacts.models import Service, Structure
from frontdesk.contacts.schema import schema_record
from frontdesk.errors import UserError
from frontdesk.spreadsheet_cells import neutral_row

FORMATS = ("csv", "json")


class ExportError(UserError, OSError):
    """The export file could not be written (French message)."""


def _di(record: Structure | Service, fields: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record.di_id}
    for name in fields[1:]:
        value = extra[name] if name in extra else getattr(record, name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    return schema_record(out)


def directory_json(session: Session) -> dict[str, list[dict[str, Any]]]:
    """The whole directory as data·inclusion v1 records."""
    structures = list(session.scalars(select(Structure).order_by(Structure.di_id)))
    services = session.scalars(select(Service).order_by(Service.di_id))
    by_id = {s.id: s for s in structures}
    return {
        "structures": [_di(s, STRUCTURE_FIELDS) for s in structures],
        "services": [
            _di(s, SERVICE_FIELDS, structure_id=by_id[s.structure_id].di_id) for s in services
        ],
    }


def phone_for_excel(stored: str | None) -> str:
    """« 03 22 35 32 82 » (international format abroad): Excel would turn « +33… » into a
    number. Importing normalises it back to E.164."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, "FR")
    except phonenumbers.NumberParseException:
        return stored
    if not phonenumbers.is_valid_number(number):
        return stored  # a short number (3949) or something kept as it was
    kind = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        number, kind.NATIONAL if number.country_code == 33 else kind.INTERNATIONAL
    )


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name.endswith("date_maj"):  # ISO in the JSON form, JJ/MM/AAAA for Excel
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(value)
    if name.removeprefix("structure_") == "telephone":
        return phone_for_excel(value)
    return str(value)


def csv_rows(session: Session) -> Iterator[list[str]]:
    """The header, then one row per service with its structure's columns; a structure
    without a service gets a row of its own (empty service columns)."""
    data = directory_json(session)
    structures = {s["id"]: {f"structure_{k}": v for k, v in s.items()} for s in data["structures"]}
    yield list(CSV_COLUMNS)
    used = set()
    for service in data["services"]:
        used.add(service["structure_id"])
        values = service | structures[service["structure_id"]]
        yield [_cell(column, values.get(column)) for column in CSV_COLUMNS]
    for di_id, values in structures.items():
        if di_id not in used:
            yield [_cell(column, values.get(column)) for column in CSV_COLUMNS]


def _write_atomically(path: Path, write: Any, encoding: str) -> None:
    """Write next to the target then rename: a failed export never leaves half a file."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
                write(handle)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"Impossible d'écrire « {path} » : {exc.strerror or exc}.") from exc


def export_directory(session: Session, path: Path, fmt: str) -> int:
    """Write the directory to ``path`` as ``csv`` or ``json``; return the number of lines
    (services, plus structures without a service in CSV; structures + services in JSON)."""
    if fmt not in FORMATS:
        raise ValueError(f"format inconnu « {fmt} » (csv ou json)")
    if fmt == "json":
        data = directory_json(session)
        text = json.dumps(data, ensure_ascii=False, indent=1)
        _write_atomically(path, lambda h: h.write(text + "\n"), "utf-8")
        return len(data["structures"]) + len(data["services"])
    rows = list(csv_rows(session))

    def write(handle: Any) -> None:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerows(map(neutral_row, rows))  # no cell runs as a formula in Excel

    _write_atomically(path, write, "utf-8-sig")
    return len(rows) - 1
