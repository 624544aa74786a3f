"""Contact sheets: the A4 PDF handed to the visitor, and the agents' « fiches contacts ».

Input is plain frozen dataclasses (``ContactSheet`` holds nothing about the visitor). The
font is Bitstream Vera, shipped inside the reportlab wheel: it is on every machine that has
reportlab, covers French (accents, « », œ, no-break space, –, €), and is embedded as a subset.
``SheetEntry.agent_note`` is printed by ``render_booklet`` only, never on the visitor's sheet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import phonenumbers
import reportlab
from phonenumbers import PhoneNumberFormat as Format
from phonenumbers import shortnumberinfo
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reportlab.platypus.flowables import Flowable, KeepTogether, Spacer
from reportlab.platypus.tables import Table, TableStyle

from frontdesk.moments import long_date_text, today

BLEU_FRANCE = colors.HexColor("#000091")
GREY_TEXT = colors.HexColor("#161616")
GREY_MENTION = colors.HexColor("#666666")
GREY_BACKGROUND = colors.HexColor("#f6f6f6")
WARNING = colors.HexColor("#b34000")
NBSP = "\u00a0"
FONT, FONT_BOLD = "FrontdeskSans", "FrontdeskSans-Bold"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAYS = dict(zip(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"], WEEKDAYS, strict=True))
DAY_TOKEN = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
RULE = re.compile(
    rf"^(?P<days>{DAY_TOKEN}(?:-{DAY_TOKEN})?(?:,{DAY_TOKEN}(?:-{DAY_TOKEN})?)*)\s+"
    r"(?P<what>off|closed|\d\d:\d\d-\d\d:\d\d(?:,\s*\d\d:\d\d-\d\d:\d\d)*)$"
)
PAGE_MARGIN, BAND_HEIGHT, QR_SIZE = 1.8 * cm, 2.6 * cm, 2.8 * cm
WIDTH = A4[0] - 2 * PAGE_MARGIN - 12  # the frame's width less its 6 pt paddings
Target = str | os.PathLike[str] | IO[bytes]
DOCUMENT: dict[str, Any] = {"pagesize": A4, "author": "France Services", "creator": "Frontdesk"} | {
    "initialFontName": FONT,  # the canvas's first font, else an unembedded Helvetica is listed
    "leftMargin": PAGE_MARGIN,
    "rightMargin": PAGE_MARGIN,
    "topMargin": BAND_HEIGHT + 0.8 * cm,
    "bottomMargin": 2 * cm,
}
BLOCK_STYLE: list[tuple[Any, ...]] = [  # reportlab's table commands
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONT", (0, 0), (-1, -1), FONT),  # cells set a font even around flowables
    ("BACKGROUND", (0, 0), (-1, -1), GREY_BACKGROUND),
    ("LINEBEFORE", (0, 0), (0, -1), 3, BLEU_FRANCE),
    ("LEFTPADDING", (0, 0), (0, -1), 10),
    ("TOPPADDING", (0, 0), (-1, -1), 7),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
]


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


def _time(text: str) -> str:
    hours, minutes = text.split(":")
    return f"{int(hours)}{NBSP}h" + ("" if minutes == "00" else f"{NBSP}{minutes}")


def _days(text: str) -> str | None:
    """« du lundi au vendredi », « le mardi et le jeudi », « les jours fériés »."""
    if text == "Mo-Su":
        return "tous les jours"
    parts = []
    for piece in text.split(","):
        first, _, last = piece.partition("-")
        if "PH" in (first, last):
            parts.append("les jours fériés")
            if last:
                return None
        else:
            parts.append(f"du {DAYS[first]} au {DAYS[last]}" if last else f"le {DAYS[first]}")
    return _join(parts)


def describe_hours(osm: str) -> str:
    """French reading of common OSM opening hours (« Mo-Fr 08:30-12:00,13:30-17:00; PH off »
    → « du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h ; fermé les jours fériés »,
    with no-break spaces); anything else comes back as written."""
    text = osm.strip()
    if text == "24/7":
        return f"tous les jours, 24{NBSP}h sur 24"
    rules = []
    for rule in filter(None, (r.strip() for r in text.split(";"))):
        match = RULE.match(rule)
        days = _days(match["days"]) if match else None
        if match is None or days is None:
            return text
        if match["what"] in ("off", "closed"):
            rules.append(f"fermé {days}")
        else:
            spans = [s.strip().split("-") for s in match["what"].split(",")]
            rules.append(f"{days}, " + _join([f"{_time(a)}{NBSP}– {_time(b)}" for a, b in spans]))
    return f"{NBSP}; ".join(rules) or text


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


@cache
def register_fonts() -> tuple[str, str]:
    """Register Vera (regular, bold) from reportlab's own fonts folder, once."""
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in ((FONT, "Vera.ttf"), (FONT_BOLD, "VeraBd.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)  # <b> in paragraphs
    return FONT, FONT_BOLD


@cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, bulletFontName=FONT, fontSize=10, leading=13.5)
    base.textColor = GREY_TEXT
    bold = {"fontName": FONT_BOLD, "textColor": BLEU_FRANCE}
    variants: dict[str, dict[str, Any]] = {
        "title": {**bold, "fontSize": 16, "leading": 20, "spaceBefore": 4, "spaceAfter": 6},
        "entry": {**bold, "fontSize": 12.5, "leading": 16},
        "structure": {"textColor": GREY_MENTION, "spaceAfter": 3},
        "line": {"leftIndent": 72, "firstLineIndent": -72},
        "caption": {"fontSize": 7.5, "leading": 9, "textColor": GREY_MENTION, "alignment": 1},
        "bullet": {"leftIndent": 12, "bulletIndent": 2, "spaceAfter": 2},
        "note": {"textColor": WARNING},
    }
    return {"base": base} | {k: ParagraphStyle(k, base, **v) for k, v in variants.items()}


def _p(text: str, style: str, markup: bool = False) -> Paragraph:
    body = text if markup else escape(typography(text)).replace("\n", "<br/>")
    return Paragraph(body, _styles()[style])


def _line(label: str, value: str) -> Paragraph:
    return _p(f"<b>{escape(label)}{NBSP}:</b> {value}", "line", markup=True)


class _QrCode(QrCode):
    """reportlab's QR flowable (``QrCodeWidget``'s encoder, drawn straight: ~10 ms less)."""

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        super().draw()


def _entry_block(entry: SheetEntry, for_agents: bool) -> Flowable:
    def text(value: str) -> str:
        return escape(typography(value))

    def link(uri: str, shown: str) -> str:
        return f'<link href="{escape(uri)}">{escape(shown)}</link>'

    cells: list[Flowable] = [_p(entry.title, "entry")]
    if entry.structure and entry.structure != entry.title:
        cells.append(_p(entry.structure, "structure"))
    for contact in entry.contacts:
        how = [text(contact.name + (f", {contact.role}" if contact.role else ""))]
        how += [text(phone(contact.telephone)[0])] if contact.telephone else []
        how += [link(f"mailto:{contact.courriel}", contact.courriel)] if contact.courriel else []
        cells.append(_line("Contact", " — ".join(how)))
    if entry.telephone:
        cells.append(_line("Téléphone", text(phone(entry.telephone)[0])))
    if entry.courriel:
        cells.append(_line("Courriel", link(f"mailto:{entry.courriel}", entry.courriel)))
    if entry.adresse:
        cells.append(_line("Adresse", "<br/>".join(text(a) for a in entry.adresse)))
    if entry.horaires_texte:
        cells.append(_line("Horaires", text(entry.horaires_texte)))
    if entry.site_web:
        cells.append(_line("Site web", link(web_uri(entry.site_web), entry.site_web)))
    if for_agents and entry.agent_note:
        note = f"<b>Note pour l’agent (à ne pas remettre)</b><br/>{text(entry.agent_note)}"
        cells += [Spacer(1, 4), _p(note.replace("\n", "<br/>"), "note", markup=True)]
    payload = qr_payload(entry)
    side: list[Flowable] = []
    if payload:
        caption = "Scannez pour appeler" if payload.startswith("tel:") else "Scannez pour le site"
        qr = _QrCode(payload, width=QR_SIZE, height=QR_SIZE, qrLevel="M")
        side = [qr, _p(caption, "caption")]
    table = Table([[cells, side]], colWidths=[WIDTH - QR_SIZE - 0.6 * cm, QR_SIZE + 0.6 * cm])
    table.setStyle(TableStyle(BLOCK_STYLE))
    return KeepTogether([table, Spacer(1, 0.35 * cm)])


def _site_label(name: str) -> str:
    """« France Services de Moreuil » as is; a bare « Moreuil » gets the prefix."""
    return name if name.startswith("France Services") else f"France Services de {name}"


def _build(target: Target, story: list[Flowable], band: tuple[str, str, str], footer: str) -> None:
    """A4 pages with the bleu France band at the top and the footer line at the bottom."""
    heading, subtitle, right = band

    def decorate(canvas: Any, doc: Any) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(BLEU_FRANCE)
        canvas.rect(0, height - BAND_HEIGHT, width, BAND_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(FONT_BOLD, 20)
        canvas.drawString(PAGE_MARGIN, height - 1.25 * cm, heading)
        canvas.setFont(FONT, 11)
        canvas.drawString(PAGE_MARGIN, height - 1.95 * cm, subtitle)
        canvas.drawRightString(width - PAGE_MARGIN, height - 1.95 * cm, right)
        canvas.setFillColor(GREY_MENTION)
        canvas.setFont(FONT, 8)
        canvas.drawString(PAGE_MARGIN, 1.1 * cm, footer)
        canvas.drawRightString(width - PAGE_MARGIN, 1.1 * cm, f"page {doc.page}")
        canvas.restoreState()

    target = os.fspath(target) if isinstance(target, os.PathLike) else target
    doc = SimpleDocTemplate(target, title=f"{heading} — {subtitle}", **DOCUMENT)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


def render_contact_sheet(sheet: ContactSheet, target: Target) -> None:
    """The visitor's sheet: whom to contact and how, and the documents to bring."""
    site = _site_label(sheet.site_name)
    story: list[Flowable] = [_p("Vos contacts", "title")]
    story += [_entry_block(entry, for_agents=False) for entry in sheet.entries]
    documents = list(dict.fromkeys(d for d in sheet.documents if d.strip()))
    if documents:
        items = [Paragraph(escape(typography(d)), _styles()["bullet"], "•") for d in documents]
        story.append(KeepTogether([_p("Pièces à apporter", "title"), *items]))
    footer = f"Fiche remise par la {site} — elle ne contient aucune information vous concernant."
    _build(target, story, ("France Services", site, long_date_text(sheet.date)), typography(footer))


def render_booklet(
    title: str, items: Iterable[ContactSheet | SheetEntry], target: Target, site_name: str = ""
) -> None:
    """The agents' « fiches contacts » for a journey, dated today: one block per entry,
    never split across pages, with the agents' notes (this booklet is not for the public)."""
    entries: list[SheetEntry] = []
    for item in items:
        entries += item.entries if isinstance(item, ContactSheet) else [item]
    story: list[Flowable] = [_p(f"Parcours « {title} »", "title")]
    story += [_entry_block(entry, for_agents=True) for entry in entries]
    if not entries:
        story.append(_p("Aucun contact pour ce parcours.", "base"))
    site = _site_label(site_name) if site_name else ""
    footer = typography(
        " — ".join(filter(None, ("Usage interne", site, "à ne pas remettre au public.")))
    )
    _build(
        target,
        story,
        ("Fiches contacts", site, long_date_text(today())),
        footer,
    )
