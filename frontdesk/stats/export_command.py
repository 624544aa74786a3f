"""``frontdesk-cli export``: the statistics of a period as CSV, XLSX or the PDF bilan.

    frontdesk-cli export --from 2026-01-01 --to 2026-06-30 [--site moreuil]
                         --format csv|xlsx|pdf --out FICHIER [--par-visite] [--notes]

Exit codes: 0 written, 1 nothing to export or the file cannot be written, 2 the
request itself is wrong (dates, site, options). Nothing is left behind on an error.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime
from pathlib import Path

from frontdesk.commands import command, fail
from frontdesk.paths import AppPaths
from frontdesk.stats.french import NARROW_NBSP, NBSP, french_number
from frontdesk.stats.periods import Period, PeriodError
from frontdesk.store.open import StoreUnavailable, open_configured

USAGE_ERROR = 2
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_day(text: str) -> date:
    """« 2026-01-31 » or « 31/01/2026 »."""
    for shape in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), shape).date()
        except ValueError:
            continue
    raise PeriodError(f"Date invalide : « {text} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA).")


def period_between(start: date, end: date) -> Period:
    """The period from ``start`` to ``end``: a month, quarter, half-year or year when the
    dates are exactly one (so it is compared with the previous one of its kind), else
    a custom period (compared with as many days just before)."""
    if end < start:
        return Period(start, end)  # raises PeriodError, in French
    candidates = (
        Period.month(start.year, start.month),
        Period.quarter(start.year, (start.month - 1) // 3 + 1),
        Period.half_year(start.year, 1 if start.month <= 6 else 2),
        Period.year(start.year),
    )
    return next(
        (p for p in candidates if (p.start, p.end) == (start, end)), Period(start, end, "libre")
    )


def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="premier jour (AAAA-MM-JJ)"
    )
    parser.add_argument(
        "--to", dest="end", required=True, metavar="DATE", help="dernier jour inclus (AAAA-MM-JJ)"
    )
    parser.add_argument(
        "--site",
        action="append",
        metavar="SITE",
        help="identifiant du site, par exemple moreuil (répétable ; par défaut tous les sites)",
    )
    parser.add_argument(
        "--format",
        choices=("csv", "xlsx", "pdf"),
        help="csv, xlsx ou pdf (le bilan) ; par défaut selon l'extension de --out",
    )
    parser.add_argument("--out", required=True, metavar="FICHIER", help="fichier à écrire")
    parser.add_argument(
        "--par-visite",
        action="store_true",
        help="une ligne par visite (CSV ou XLSX) au lieu d'une ligne par décompte",
    )
    parser.add_argument(
        "--notes",
        action="store_true",
        help="inclut les notes libres des visites (avec --par-visite seulement)",
    )


def _plural(count: int, word: str) -> str:
    number = french_number(count).replace(NARROW_NBSP, NBSP)
    return f"{number}{NBSP}{word}{'s' if count > 1 else ''}"


@command(
    "export",
    "Exporte les statistiques d'une période (CSV, XLSX ou bilan PDF).",
    _export_args,
)
def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from frontdesk.stats.exports import FORMATS, ExportError, check_sites, export_statistics

    out = Path(args.out)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        return fail("Indiquez --format csv, xlsx ou pdf.", USAGE_ERROR)
    if args.par_visite and fmt == "pdf":
        return fail("Le bilan PDF ne se fait pas par visite : choisissez csv ou xlsx.", USAGE_ERROR)
    if args.notes and not args.par_visite:
        return fail("--notes ne s'emploie qu'avec --par-visite.", USAGE_ERROR)
    try:
        period = period_between(parse_day(args.start), parse_day(args.end))
    except PeriodError as exc:
        return fail(str(exc), USAGE_ERROR)
    try:
        store = open_configured(paths)
    except StoreUnavailable as exc:
        return fail(str(exc))
    began = time.perf_counter()
    try:
        with store.session() as session:
            try:
                sites = check_sites(session, args.site)
            except ExportError as exc:
                return fail(str(exc), USAGE_ERROR)
            result = export_statistics(
                session,
                period,
                sites,
                fmt,
                out,
                per_visit=args.par_visite,
                include_notes=args.notes,
            )
    except ExportError as exc:
        return fail(str(exc))
    finally:
        store.close()
    seconds = f"{time.perf_counter() - began:.1f}".replace(".", ",")
    what = (
        _plural(result.pages, "page")
        if fmt == "pdf"
        else _plural(result.rows, "ligne") + (" (une par visite)" if args.par_visite else "")
    )
    print(
        f"Export {fmt.upper()} écrit : « {result.path} » — {period.label()}, {what}, "
        f"{_plural(result.visits, 'visite')} sur la période, en {seconds}{NBSP}s."
    )
    return 0
