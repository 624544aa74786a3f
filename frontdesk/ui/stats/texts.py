"""The French texts of the statistics screen: comparisons, file names, figures."""

from __future__ import annotations

from frontdesk.stats.french import french_number, signed_change
from frontdesk.stats.periods import Period

NBSP = "\u00a0"
MINUS = "−"  # typographic minus, as signed_change writes it


def compared_to(period: Period) -> str:
    """« par rapport au 1er semestre 2026 », « par rapport à novembre 2026 »…"""
    if period.kind in ("trimestre", "semestre"):
        return f"par rapport au {period.label()}"
    if period.kind == "libre":
        return f"par rapport à la période {period.label()}"
    return f"par rapport à {period.label()}"


def during(period: Period) -> str:
    """« au 1er semestre 2026 », « en novembre 2026 », « sur la période du … au … »."""
    if period.kind in ("trimestre", "semestre"):
        return f"au {period.label()}"
    if period.kind == "libre":
        return f"sur la période {period.label()}"
    return f"en {period.label()}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def change_text(count: int, previous: int, before: Period) -> str:
    """« +12 par rapport au 1er semestre 2026 », « = par rapport à 2025 »."""
    return f"{signed_change(count, previous)} {compared_to(before)}"


def signed_decimal(change: float, decimals: int = 2) -> str:
    """« +0,25 », « −1,50 », « = » (a change that rounds to nothing is no change)."""
    rounded = round(change, decimals)
    if rounded == 0:
        return "="
    sign = "+" if rounded > 0 else MINUS
    return f"{sign}{french_number(abs(rounded), decimals)}"


def mean_text(mean: float | None) -> str:
    return "–" if mean is None else french_number(mean, 2)


def visits_word(count: int) -> str:
    return "visite" if count < 2 else "visites"


def period_slug(period: Period) -> str:
    """What a file name says of the period: « 2026-S1 », « 2026-T4 », « 2026-11 »…"""
    start = period.start
    if period.kind == "mois":
        return f"{start.year}-{start.month:02d}"
    if period.kind == "trimestre":
        return f"{start.year}-T{(start.month - 1) // 3 + 1}"
    if period.kind == "semestre":
        return f"{start.year}-S{1 if start.month == 1 else 2}"
    if period.kind == "annee":
        return str(start.year)
    return f"{start.isoformat()}-au-{period.end.isoformat()}"


# Export formats offered: (id, menu text, file name stem, extension, per_visit)
EXPORTS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("csv", "Tableau CSV des &comptes", "statistiques", "csv", False),
    ("csv-visites", "Tableau CSV, &une ligne par visite", "visites", "csv", True),
    ("xlsx", "Classeur &Excel (XLSX)", "statistiques", "xlsx", False),
    ("pdf", "&Bilan semestriel (PDF)", "bilan", "pdf", False),
)
FILTERS = {
    "csv": "Tableau CSV (*.csv)",
    "xlsx": "Classeur Excel (*.xlsx)",
    "pdf": "Document PDF (*.pdf)",
}


def default_file_name(stem: str, extension: str, period: Period, site: str | None) -> str:
    """« bilan-semestriel-2026-S1.pdf », « statistiques-2026-T1-roye.csv »…"""
    if stem == "bilan" and period.kind == "semestre":
        stem = "bilan-semestriel"
    parts = [stem, period_slug(period)]
    if site:
        parts.append(site)
    return f"{'-'.join(parts)}.{extension}"


def written_text(path: str) -> str:
    return f"Fichier enregistré{NBSP}: {path}"
