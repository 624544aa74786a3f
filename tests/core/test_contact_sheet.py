"""Contact sheet PDF: content, French typography, embedded fonts, nothing about the visitor."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from frontdesk.contacts.sheet import render_booklet, render_contact_sheet
from frontdesk.contacts.sheet_content import (
    ContactSheet,
    SheetContact,
    SheetEntry,
    describe_hours,
    phone,
    qr_payload,
    typography,
)
from frontdesk.moments import long_date_text

NBSP = "\u00a0"
SECRET = "Appeler Mme Durand avant 10 h, code porte 4512"
ENTRIES = (
    SheetEntry(
        "Accompagnement global vers l'emploi",
        "France Travail — agence d'Amiens Nord",
        contacts=(SheetContact("Mme Élodie Durand", "conseillère", "03 22 45 67 89", "e@ft.fr"),),
        telephone="3949",
        adresse=("12 rue de l'Église", "80000 Amiens"),
        horaires="Mo-Fr 08:30-12:00,13:30-17:00; PH off",
        site_web="www.francetravail.fr",
        agent_note=SECRET,
    ),
    SheetEntry(
        "RSA : accompagnement social",
        "Département de la Somme",
        telephone="0322000000",
        courriel="mds.moreuil@somme.fr",
        horaires="Tu,Th 09:00-12:00",
    ),
    SheetEntry(
        "Mission locale",
        "Mission locale du Grand Amiénois",
        site_web="https://www.mission-locale.fr/rdv",
    ),
)
DOCUMENTS = ("Pièce d'identité en cours de validité", "Justificatif de domicile")
SHEET = ContactSheet("France Services de Moreuil", date(2026, 11, 23), ENTRIES, DOCUMENTS)


def render(sheet: ContactSheet = SHEET) -> PdfReader:
    buffer = io.BytesIO()
    render_contact_sheet(sheet, buffer)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def text_of(reader: PdfReader) -> str:
    """Page text with no-break spaces read as spaces and lines joined."""
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace(NBSP, " ").split())


@pytest.fixture(scope="module")
def sheet_text() -> str:
    return text_of(render())


def test_sheet_holds_site_date_services_and_documents(sheet_text: str) -> None:
    assert "France Services de Moreuil" in sheet_text
    assert "23 novembre 2026" in sheet_text
    for entry in ENTRIES:
        assert entry.title.replace("'", "’") in sheet_text
    assert "Pièces à apporter" in sheet_text
    assert "Pièce d’identité en cours de validité" in sheet_text
    assert "Justificatif de domicile" in sheet_text
    assert "aucune information vous concernant" in sheet_text


def test_phone_numbers_addresses_and_hours(sheet_text: str) -> None:
    assert "03 22 00 00 00" in sheet_text
    assert "03 22 45 67 89" in sheet_text
    assert "39 49" in sheet_text
    assert "12 rue de l’Église" in sheet_text
    assert "du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h" in sheet_text
    assert "mds.moreuil@somme.fr" in sheet_text


def test_accents_survive(sheet_text: str) -> None:
    for word in ("Pièces", "Département", "Élodie", "Amiénois", "fériés", "conseillère"):
        assert word in sheet_text


def test_no_break_spaces_keep_phone_numbers_on_one_line() -> None:
    """reportlab writes U+00A0 as a plain space code, but never breaks a line there."""
    long_role = "conseillère en insertion professionnelle référente du parcours"
    contact = SheetContact("Mme Élodie Durand", long_role, "03 22 45 67 89", "e@ft.fr")
    for padding in range(0, 40, 3):  # move the phone number across the line end
        moved = replace(contact, name=contact.name + " x" * padding)
        entry = SheetEntry("S", contacts=(moved,))
        reader = render(ContactSheet("Roye", date(2027, 1, 5), (entry,)))
        lines = reader.pages[0].extract_text().splitlines()
        assert any("03 22 45 67 89" in line for line in lines), lines


def test_a4_and_embedded_truetype_fonts() -> None:
    reader = render()
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:  # no font left to the viewer's substitution
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_the_visitor_sheet_never_prints_the_agent_note(sheet_text: str) -> None:
    assert "code porte" not in sheet_text
    assert "Note pour" not in sheet_text


def test_the_booklet_prints_the_agent_note(tmp_path: Path) -> None:
    target = tmp_path / "fiches.pdf"
    render_booklet("Retour à l'emploi", [SHEET, ENTRIES[2]], target, site_name="Roye")
    text = text_of(PdfReader(target))
    assert "code porte 4512" in text
    assert "Note pour l’agent" in text
    assert "Parcours « Retour à l’emploi »" in text
    assert "France Services de Roye" in text
    assert text.count("Mission locale du Grand Amiénois") == 2


def test_qr_payload_prefers_a_phone_then_the_website() -> None:
    assert qr_payload(ENTRIES[0]) == "tel:3949"
    assert qr_payload(ENTRIES[1]) == "tel:+33322000000"
    assert qr_payload(ENTRIES[2]) == "https://www.mission-locale.fr/rdv"
    assert qr_payload(SheetEntry("S", site_web="www.caf.fr")) == "https://www.caf.fr"
    direct = SheetContact("Ligne directe", telephone="03 22 45 67 89")
    assert qr_payload(SheetEntry("S", contacts=(direct,))) == "tel:+33322456789"
    assert (
        qr_payload(SheetEntry("S", telephone="à demander", site_web="caf.fr")) == "https://caf.fr"
    )
    assert qr_payload(SheetEntry("S")) is None


def test_phone_formats() -> None:
    assert phone("0322000000") == (f"03{NBSP}22{NBSP}00{NBSP}00{NBSP}00", "tel:+33322000000")
    assert phone("+33 3 22 00 00 00")[1] == "tel:+33322000000"
    assert phone("3949") == (f"39{NBSP}49", "tel:3949")
    assert phone("à demander") == ("à demander", None)


@pytest.mark.parametrize(
    ("osm", "french"),
    [
        (
            "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
            "du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h ; fermé les jours fériés",
        ),
        ("Tu,Th 09:00-12:00", "le mardi et le jeudi, 9 h – 12 h"),
        ("PH off", "fermé les jours fériés"),
        ("Mo,We,Fr 14:00-16:30", "le lundi, le mercredi et le vendredi, 14 h – 16 h 30"),
        ("Mo-Fr 09:00-12:00; Sa closed", "du lundi au vendredi, 9 h – 12 h ; fermé le samedi"),
        ("Mo-Su 07:00-19:00", "tous les jours, 7 h – 19 h"),
        ("24/7", "tous les jours, 24 h sur 24"),
        ('Mo-Fr 09:00-17:00 "sur rendez-vous"', 'Mo-Fr 09:00-17:00 "sur rendez-vous"'),
        ("Jan-Mar Mo 09:00-12:00", "Jan-Mar Mo 09:00-12:00"),
        ("PH-Fr 09:00-12:00", "PH-Fr 09:00-12:00"),
        ("sunrise-sunset", "sunrise-sunset"),
    ],
)
def test_describe_hours(osm: str, french: str) -> None:
    assert describe_hours(osm).replace(NBSP, " ") == french


def test_describe_hours_keeps_times_together() -> None:
    assert describe_hours("Mo 08:30-12:00") == f"le lundi, 8{NBSP}h{NBSP}30{NBSP}– 12{NBSP}h"
    assert SheetEntry("S", horaires="PH off").horaires_texte == "fermé les jours fériés"
    assert SheetEntry("S", horaires="PH off", horaires_texte="Fermé").horaires_texte == "Fermé"


def test_french_date_and_typography() -> None:
    assert long_date_text(date(2026, 11, 23)) == "23 novembre 2026"
    assert long_date_text(date(2027, 8, 1)) == "1er août 2027"
    assert typography("« Oui ! » : l'aide ?") == f"«{NBSP}Oui{NBSP}!{NBSP}»{NBSP}: l’aide{NBSP}?"


def test_twelve_entries_span_several_pages() -> None:
    entries = tuple(ENTRIES[i % 3] for i in range(12))
    reader = render(ContactSheet("Roye", date(2027, 1, 5), entries, DOCUMENTS))
    assert len(reader.pages) >= 2
    text = text_of(reader)
    assert text.count("Département de la Somme") == 4
    assert "France Services de Roye" in text
    assert "Pièces à apporter" in text
    assert "code porte" not in text
