"""Checking a directory form: pure functions returning the cleaned value or raising
``FieldError`` (French message naming the field); and ``resources/directory/rules.json``:
when an entry turns « à vérifier », which reasons « signaler une erreur » offers. The
lengths the data·inclusion v1 schema sets come from its package (``contacts.schema``)."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import PhoneNumberFormat as Format
from phonenumbers import shortnumberinfo
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frontdesk.contacts import hours_fr
from frontdesk.contacts.geo import FRANCE, somme
from frontdesk.contacts.schema import NAME_LENGTH
from frontdesk.errors import UserError
from frontdesk.resources import ResourceError, load_json

RULES_FILE = "directory/rules.json"
MOTIFS_FILE = "vocabularies/dora-signalement-fiche-motifs.json"
NBSP = "\u00a0"
LABELS = {"nom": "Nom", "name": "Nom", "telephone": "Téléphone", "courriel": "Courriel"}
LABELS |= {
    "site_web": "Site web",
    "lien_source": "Lien vers la source",
    "code_postal": "Code postal",
}
LABELS |= {"lien_mobilisation": "Lien de mobilisation", "code_insee": "Code INSEE"}
LABELS |= {"zone_eligibilite": "Zone d'éligibilité", "horaires_accueil": "Horaires d'accueil"}
DOMAIN = r"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
EMAIL = re.compile(
    r"^[\w!#$%&'*+/=?^`{|}~-]+(\.[\w!#$%&'*+/=?^`{|}~-]+)*@" + DOMAIN + "$", re.ASCII
)
HOST = re.compile(f"^{DOMAIN}$")
INSEE = re.compile(r"^(\d{2}|2[AB])\d{3}$")


def quoted(text: str) -> str:
    """« text » with no-break spaces inside the guillemets."""
    return f"«{NBSP}{text}{NBSP}»"


class FieldError(UserError, ValueError):
    """One field of a form is invalid; ``message`` is French and names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _error(field: str, problem: str) -> FieldError:
    return FieldError(field, f"{LABELS.get(field, field)}{NBSP}: {problem}")


def clean_name(
    raw: str, field: str = "nom", min_length: int = NAME_LENGTH[0], max_length: int = NAME_LENGTH[1]
) -> str:
    name = " ".join(raw.split())
    if not min_length <= len(name) <= max_length:
        raise _error(field, f"entre {min_length} et {max_length} caractères attendus.")
    if name.endswith("."):
        raise _error(field, "le nom ne doit pas finir par un point.")
    return name


def clean_phone(raw: str, field: str = "telephone") -> str:
    """E.164 for a normal number (« 03 22 12 34 56 » → « +33322123456 »); a French short
    service number (3949, 3646, 115…) is kept as its digits."""
    text = raw.strip()
    example = NBSP.join(("03", "22", "12", "34", "56"))
    problem = f"numéro non reconnu ({quoted(text)}), par exemple {example}."
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException as exc:
        raise _error(field, problem) from exc
    if re.search(r"[^\d\s.+()-]", text):  # letters the parser would read as digits
        raise _error(field, problem)
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, Format.E164)
    if not text.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(number, "FR"):
        return re.sub(r"\D", "", text)
    raise _error(field, problem)


def format_phone(stored: str) -> str:
    """« 03 22 12 34 56 » with no-break spaces for a French number, international format
    for another country, short numbers as they are; anything unreadable as stored."""
    try:
        number = phonenumbers.parse(stored, "FR")
    except phonenumbers.NumberParseException:
        return stored
    if not phonenumbers.is_valid_number(number):
        return stored
    kind = Format.NATIONAL if number.country_code == 33 else Format.INTERNATIONAL
    return phonenumbers.format_number(number, kind).replace(" ", NBSP)


def clean_email(raw: str, field: str = "courriel") -> str:
    text = raw.strip()
    if len(text) > 254 or not EMAIL.match(text):
        raise _error(field, f"adresse non valide ({quoted(text)}), par exemple accueil@mairie.fr.")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def clean_url(raw: str, field: str = "site_web") -> str:
    """http or https only; « www.somme.fr » becomes « https://www.somme.fr »."""
    text = raw.strip()
    if not text or re.search(r"\s", text):
        raise _error(field, "l'adresse ne doit pas contenir d'espace.")
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+-]*):", text)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise _error(
            field, f"seules les adresses http:// ou https:// sont acceptées ({quoted(text)})."
        )
    url = text if "://" in text else f"https://{text}"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed port or bracket
        host = ""
    if len(url) <= 500 and HOST.match(host):
        return url
    raise _error(field, f"adresse web non valide ({quoted(text)}).")


@dataclass(frozen=True)
class InseeCode:
    code: str
    commune: str | None  # the commune's name when it is in the Somme
    outside: bool  # accepted although not a commune of the bundled list


def clean_insee_commune(
    raw: str, field: str = "code_insee", *, allow_outside: bool = False
) -> InseeCode:
    code = raw.strip().upper()
    commune = somme().commune(code) if code else None
    if commune is not None:
        return InseeCode(commune.insee, commune.nom, False)
    if allow_outside and INSEE.match(code):
        return InseeCode(code, None, True)
    expected = "un code INSEE (5 caractères)" if allow_outside else "une commune de la Somme"
    raise _error(field, f"{quoted(code)} n'est pas {expected}.")


def clean_postcode(raw: str, field: str = "code_postal", insee: InseeCode | None = None) -> str:
    code = raw.strip()
    if not re.fullmatch(r"\d{5}", code):
        raise _error(field, f"5 chiffres attendus ({quoted(code)}).")
    commune = somme().commune(insee.code) if insee and not insee.outside else None
    if commune is not None and code not in commune.codes_postaux:
        raise _error(field, f"{quoted(code)} n'est pas un code postal de {commune.nom}.")
    return code


def clean_zone(
    codes: Iterable[str], field: str = "zone_eligibilite", *, required: bool = True
) -> list[str]:
    """Commune, EPCI, département codes or « france »; duplicates dropped, order kept."""
    territory, cleaned, unknown = somme(), [], []
    for raw in codes:
        code = raw.strip()
        if not code:
            continue
        code = FRANCE if code.casefold() == FRANCE else code.upper()
        if not territory.is_known_zone(code):
            unknown.append(quoted(code))
        elif code not in cleaned:
            cleaned.append(code)
    if unknown:
        raise _error(field, f"zone inconnue {', '.join(unknown)} (commune, EPCI, 80 ou france).")
    if required and not cleaned:
        raise _error(field, "au moins une zone est nécessaire.")
    return cleaned


def clean_hours(raw: str, field: str = "horaires_accueil") -> str:
    """Opening hours typed the French way (« lun-ven 9h-12h, 14h-17h ; fermé le mercredi
    après-midi ») or in OSM syntax, stored in OSM (« Mo-Fr 08:30-12:00,13:30-17:00; PH off »),
    checked by the parser (``hours_fr``)."""
    text = " ".join(raw.split())
    if len(text) > 500:
        raise _error(field, "500 caractères au plus.")
    try:
        return hours_fr.to_osm(text)
    except hours_fr.HoursError as exc:  # « Horaires d'accueil non compris : … Exemple : … »
        message = f"{LABELS.get(field, field)} non compris{NBSP}: {exc.detail}."
        raise FieldError(field, f"{message} Exemple{NBSP}: {hours_fr.EXAMPLE}") from exc


class ReportReason(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)
    label: str = Field(min_length=1)
    needs_comment: bool = False  # from DORA's « other » flag (« merci de préciser »)


class DirectoryRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    comment: str = Field(alias="$comment", min_length=1)
    stale_months: int = Field(alias="directory_stale_months", ge=1, le=120)
    report_reasons: tuple[ReportReason, ...] = Field(min_length=1)


def load_directory_rules(data: Any, motifs: Any) -> DirectoryRules:
    """Validate the rules; each reason's label must be a DORA motif, every motif once."""
    where = f"Fichier {quoted(RULES_FILE)} invalide{NBSP}: "
    other = {m["label"]: bool(m.get("other")) for m in motifs}
    try:
        rules = DirectoryRules.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
        raise ResourceError(f"{where}champ {fields} manquant ou mal formé.") from exc
    slugs, labels = zip(*((r.slug, r.label) for r in rules.report_reasons), strict=True)
    if len(set(slugs)) != len(slugs) or sorted(labels) != sorted(other):
        raise ResourceError(f"{where}les motifs doivent reprendre ceux de DORA, une fois.")
    reasons = tuple(
        r.model_copy(update={"needs_comment": other[r.label]}) for r in rules.report_reasons
    )
    return rules.model_copy(update={"report_reasons": reasons})


@cache
def directory_rules() -> DirectoryRules:
    return load_directory_rules(load_json(RULES_FILE), load_json(MOTIFS_FILE))


def stale_before(today: date) -> date:
    """Entries updated before this day are « à vérifier » (12 months, from the rules)."""
    year, month = divmod(today.year * 12 + today.month - 1 - directory_rules().stale_months, 12)
    return date(year, month + 1, min(today.day, monthrange(year, month + 1)[1]))  # 29/2 → 28/2


def stale(date_maj: date | None, today: date) -> bool:
    return date_maj is None or date_maj < stale_before(today)
