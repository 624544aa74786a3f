"""Contact sheets: the A4 PDF handed to the visitor, and the agents' « fiches contacts ».

Input is ``frontdesk.contacts.sheet_content``'s frozen dataclasses. The
font is Bitstream Vera, shipped inside the reportlab wheel: it is on every machine that has
reportlab, covers French (accents, « », œ, no-break space, –, €), and is embedded as a subset.
``SheetEntry.agent_note`` is printed by ``render_booklet`` only, never on the visitor's sheet.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import reportlab
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

from frontdesk.contacts.sheet_content import (
    NBSP,
    ContactSheet,
    SheetEntry,
    phone,
    qr_payload,
    typography,
    web_uri,
)
from frontdesk.moments import long_date_text, today

BLEU_FRANCE = colors.HexColor("#000091")
GREY_TEXT = colors.HexColor("#161616")
GREY_MENTION = colors.HexColor("#666666")
GREY_BACKGROUND = colors.HexColor("#f6f6f6")
WARNING = colors.HexColor("#b34000")
FONT, FONT_BOLD = "FrontdeskSans", "FrontdeskSans-Bold"
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


def _entry_block(entry: SheetEntry, for_agents: bool, site: str = "") -> Flowable:
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
    if not entry.reachable:  # never an empty box: where to turn instead
        where = f"l'accueil de la {site}" if site else "l'accueil France Services"
        said = (
            "aucun moyen de contact connu ; fiche à compléter dans l'annuaire."
            if for_agents
            else f"nous n'avons pas encore leurs coordonnées ; {where} vous met en relation."
        )
        cells.append(_line("À savoir", text(said)))
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
    story += [_entry_block(entry, for_agents=False, site=site) for entry in sheet.entries]
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
