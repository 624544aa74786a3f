"""Contact sheet PDF: median time to render a three-service sheet, over 30 runs.

Prints the median render time (into memory) next to a bare reportlab canvas with one line
of text, measured in the same run, and the first render apart (it loads the fonts once).
Target (issue « fiche contacts »): a median of at most 100 ms.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date

from reportlab.pdfgen.canvas import Canvas

from frontdesk.contacts.sheet import render_contact_sheet
from frontdesk.contacts.sheet_content import ContactSheet, SheetContact, SheetEntry

RUNS = 30
TARGET_MS = 100.0
SHEET = ContactSheet(
    "France Services de Moreuil",
    date(2026, 11, 23),
    (
        SheetEntry(
            "Accompagnement global vers l'emploi",
            "France Travail — agence d'Amiens Nord",
            contacts=(SheetContact("Mme Élodie Durand", "conseillère", "03 22 45 67 89"),),
            telephone="3949",
            courriel="ape.80012@francetravail.fr",
            adresse=("12 rue de l'Église", "80000 Amiens"),
            horaires="Mo-Fr 08:30-12:00,13:30-17:00; PH off",
            site_web="www.francetravail.fr",
        ),
        SheetEntry(
            "RSA — accompagnement social",
            "Département de la Somme — Maison départementale des solidarités",
            telephone="03 22 00 00 00",
            adresse=("2 place de la Mairie", "80110 Moreuil"),
            horaires="Tu,Th 09:00-12:00",
        ),
        SheetEntry(
            "Mission locale : jeunes de 16 à 25 ans",
            "Mission locale du Grand Amiénois",
            site_web="https://www.mission-locale-amiens.fr/rendez-vous",
            horaires="Mo-Fr 09:00-17:00",
        ),
    ),
    ("Pièce d'identité ou titre de séjour", "Justificatif de domicile de moins de 3 mois"),
)


def fr(number: float, decimals: int = 1) -> str:
    return f"{number:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def sheet() -> int:
    buffer = io.BytesIO()
    render_contact_sheet(SHEET, buffer)
    return buffer.tell()


def bare_canvas() -> int:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "France Services de Moreuil")
    canvas.save()
    return buffer.tell()


def timed(action: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    size = action()
    return (time.perf_counter() - start) * 1000, size


def main() -> int:
    first_ms, size = timed(sheet)  # registers and parses the fonts once
    timed(bare_canvas)
    sheet_ms, canvas_ms = [], []
    for _ in range(RUNS):  # interleaved, so both see the same machine load
        sheet_ms.append(timed(sheet)[0])
        canvas_ms.append(timed(bare_canvas)[0])
    median, bare = statistics.median(sheet_ms), statistics.median(canvas_ms)
    print(f"canevas reportlab nu (une ligne)  : {fr(bare):>6} ms (médiane sur {RUNS})")
    print(
        f"fiche contacts (3 services, QR)   : {fr(median):>6} ms (médiane sur {RUNS} ;"
        f" {fr(size / 1024)} Kio ; premier rendu {fr(first_ms)} ms avec les polices)"
    )
    verdict = "atteinte" if median <= TARGET_MS else "NON ATTEINTE"
    print(
        f"rapport fiche / canevas nu : {fr(median / bare)} ;"
        f" cible ≤ {fr(TARGET_MS, 0)} ms en médiane → {verdict}"
    )
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
