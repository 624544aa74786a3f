"""What a contact sheet says, before any PDF: the entries (plain frozen dataclasses;
``ContactSheet`` holds nothing about the visitor), and the French reading of their phone
numbers, opening hours and links. The directory's screens use these without loading
reportlab; ``frontdesk.contacts.sheet`` draws them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import phonenumbers
from phonenumbers import PhoneNumberFormat as Format
from phonenumbers import shortnumberinfo

from frontdesk.contacts.hours_osm import (
    FULL_DAY,
    PH,
    Spans,
    read_rule,
    without_afternoon,
    without_morning,
)

NBSP = "\u00a0"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True)
class SheetContact:
    """A named professional or a direct line (``DirectContact`` without its note)."""

    name: str
    role: str | None = None
    telephone: str | None = None
    courriel: str | None = None


@dataclass(frozen=True)
class SheetEntry:
    """One chosen service: whom to contact and how. ``horaires`` is the OSM string;
    ``horaires_texte`` its French rendering (``describe_hours`` when not given)."""

    title: str
    structure: str | None = None
    contacts: tuple[SheetContact, ...] = ()
    telephone: str | None = None
    courriel: str | None = None
    adresse: tuple[str, ...] = ()
    horaires: str | None = None
    horaires_texte: str | None = None
    site_web: str | None = None
    agent_note: str | None = field(default=None, repr=False)  # agents' booklet only

    def __post_init__(self) -> None:
        if self.horaires_texte is None and self.horaires:
            object.__setattr__(self, "horaires_texte", describe_hours(self.horaires))

    @property
    def reachable(self) -> bool:
        """Something the visitor can act on: a number, an e-mail, a web page, or a place
        with its opening hours (a street, not the town alone)."""
        ways = [self.telephone, self.courriel, self.site_web]
        ways += [way for c in self.contacts for way in (c.telephone, c.courriel)]
        return any(w and w.strip() for w in ways) or (bool(self.horaires) and len(self.adresse) > 1)


@dataclass(frozen=True)
class ContactSheet:
    site_name: str
    date: date
    entries: tuple[SheetEntry, ...]
    documents: tuple[str, ...] = ()


def typography(text: str) -> str:
    """Typographic apostrophe, no-break spaces before « : ; ! ? » and inside « guillemets »
    (the font has no narrow no-break space, so U+202F becomes U+00A0)."""
    text = text.replace("\u202f", NBSP).replace("'", "’")
    text = re.sub(r"[ \t]+([:;!?»])", NBSP + r"\1", text)
    return re.sub(r"«[ \t]+", "«" + NBSP, text)


def phone(raw: str) -> tuple[str, str | None]:
    """(display, ``tel:`` URI) of a phone number; French numbers read « 03 22 00 00 00 »
    with no-break spaces and dial as E.164. Unparsable numbers show as typed, no URI."""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return raw.strip(), None
    if phonenumbers.is_valid_number(number):
        kind = Format.NATIONAL if number.country_code == 33 else Format.INTERNATIONAL
        uri = "tel:" + phonenumbers.format_number(number, Format.E164)
        return phonenumbers.format_number(number, kind).replace(" ", NBSP), uri
    if shortnumberinfo.is_valid_short_number_for_region(number, "FR"):  # 3949, 3646…
        digits = str(number.national_number)
        return NBSP.join(digits[i : i + 2] for i in range(0, len(digits), 2)), f"tel:{digits}"
    return raw.strip(), None


def _join(parts: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return " et ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def _time(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


def _spans(spans: Spans) -> str:
    """« 8 h 30 – 12 h et 14 h – 17 h », « 24 h sur 24 »."""
    if spans == FULL_DAY:
        return f"24{NBSP}h sur 24"
    return _join([f"{_time(a)}{NBSP}– {_time(b)}" for a, b in spans])


def _days(days: tuple[int, ...]) -> str:
    """« du lundi au vendredi » (three days or more in a row, as written), « le mardi et
    le jeudi », « tous les jours », « les jours fériés »."""
    if sorted(days) == list(range(7)):
        return "tous les jours"
    runs: list[list[int]] = []
    for day in days:
        if runs and PH not in (day, runs[-1][-1]) and day == (runs[-1][-1] + 1) % 7:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if run == [PH]:
            parts.append("les jours fériés")
        elif len(run) > 2:
            parts.append(f"du {WEEKDAYS[run[0]]} au {WEEKDAYS[run[-1]]}")
        else:
            parts += [f"le {WEEKDAYS[day]}" for day in run]
    return _join(parts)


def describe_hours(osm: str) -> str:
    """French reading of common OSM opening hours (« Mo-Fr 08:30-12:00,13:30-17:00; PH off »
    → « du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h ; fermé les jours fériés »,
    with no-break spaces); a later rule keeping only the mornings of earlier hours reads
    « fermé le mercredi après-midi » (as ``hours_fr`` writes it). Anything else (months,
    comments, sunrise…) comes back as written."""
    text = osm.strip()
    said: list[str] = []
    hours: dict[int, Spans] = {}  # each day's hours so far: a later rule replaces them
    for rule in filter(None, (r.strip() for r in text.split(";"))):
        read = read_rule(rule)
        if read is None:
            return text
        days, spans = read
        before = {hours.get(day) for day in days}
        base = before.pop() if len(before) == 1 else None
        if not spans:
            said.append(f"fermé {_days(days)}")
        elif base and spans != base and spans == without_afternoon(base):
            said.append(f"fermé {_days(days)} après-midi")
        elif base and spans != base and spans == without_morning(base):
            said.append(f"fermé {_days(days)} matin")
        else:
            said.append(f"{_days(days)}, {_spans(spans)}")
        hours.update(dict.fromkeys(days, spans))
    return f"{NBSP}; ".join(said) or text


def qr_payload(entry: SheetEntry) -> str | None:
    """What the entry's QR code holds: ``tel:+33…`` for the first dialable number (the
    service's, else a direct contact's), else the website, else nothing."""
    for raw in (entry.telephone, *(c.telephone for c in entry.contacts)):
        uri = phone(raw)[1] if raw else None
        if uri:
            return uri
    return web_uri(entry.site_web) if entry.site_web else None


def web_uri(site: str) -> str:
    site = site.strip()
    return site if "://" in site else f"https://{site}"
