"""Exports of the statistics: CSV for French Excel, XLSX, and the PDF « bilan semestriel ».

Every file states its filters (period, sites, options) and when it was made. A file is
written to a temporary name in the target folder, then renamed: whatever goes wrong
(disk full, permission, a bug), nothing half-written is left under the final name.

The per-visit export (one row per visit) streams the visit table in batches, reading
the JSON columns as text and turning each distinct value into labels once: a million
rows never sit in memory. It holds no agent and, unless asked, no note.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.device import get_setting
from frontdesk.moments import date_text, date_time_text, now
from frontdesk.progress import NoProgress, Progress
from frontdesk.setup import known_sites
from frontdesk.stats import tally
from frontdesk.stats.demo_marks import DEMO_SETTING
from frontdesk.stats.export_files import ExportError, atomic_target, check_target
from frontdesk.stats.export_rows import COLUMNS, VisitLabels, has_visit_rows
from frontdesk.stats.export_writer import FileWriter
from frontdesk.stats.figures import Statistics, compute_statistics, counted_sites
from frontdesk.stats.models import VisitTally
from frontdesk.stats.periods import Period
from frontdesk.stats.report_data import (
    Monthly,
    SatisfactionQuestion,
    SatisfactionResults,
    monthly_visits,
    satisfaction_results,
)
from frontdesk.store.models import Site

__all__ = [
    "COLUMNS", "FORMATS", "ExportError", "ExportResult", "Monthly", "SatisfactionQuestion",
    "SatisfactionResults", "default_file_name", "export_statistics",
]  # fmt: skip

Format = Literal["csv", "xlsx", "pdf"]
FORMATS: tuple[str, ...] = ("csv", "xlsx", "pdf")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    fmt: str
    rows: int  # data rows written (counts, or visits when per visit); pages for a PDF
    visits: int  # visits counted over the period (voided ones excluded)
    pages: int = 0


# --- filters ---------------------------------------------------------------------------


def site_names(session: Session) -> dict[str, str]:
    """Every site this base knows: the shipped list, the site table, the counters."""
    names = {site.id: site.name for site in known_sites() if site.id}
    names.update({site_id: name for site_id, name in session.execute(select(Site.id, Site.name))})
    for site_id in session.scalars(select(VisitTally.site_id).distinct()):
        names.setdefault(site_id, site_id)
    return names


def check_sites(session: Session, sites: Iterable[str] | None) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(s.strip() for s in sites or () if s.strip()))
    names = site_names(session)
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise ExportError(
            f"Site inconnu : « {unknown[0]} ». Sites connus : {', '.join(sorted(names))}."
        )
    return chosen


def sites_label(names: dict[str, str], sites: Sequence[str]) -> str:
    return ", ".join(names.get(s, s) for s in sites) if sites else "aucun"


def period_text(period: Period) -> str:
    """« 1er semestre 2026 (du 01/01/2026 au 30/06/2026) »; a custom period once."""
    dates = f"du {date_text(period.start)} au {date_text(period.end)}"
    return dates if period.kind == "libre" else f"{period.label()} ({dates})"


def parameters(
    stats: Statistics,
    names: dict[str, str],
    chosen: Sequence[str],
    generated_at: datetime,
    *,
    per_visit: bool,
    include_notes: bool,
) -> list[tuple[str, str]]:
    """The filters and facts every file states, as (name, value) pairs."""
    sites = sites_label(names, stats.sites)
    pairs = [
        ("Document", "Statistiques de fréquentation des France Services"),
        ("Période", period_text(stats.period)),
        *([] if per_visit else [("Période de comparaison", period_text(stats.previous_period))]),
        ("Sites", sites if chosen else f"tous ({sites})"),
        ("Contenu", "une ligne par visite" if per_visit else "une ligne par décompte"),
    ]
    if per_visit:
        pairs.append(("Notes libres", "incluses" if include_notes else "non incluses"))
        pairs.append(("Visites annulées", "incluses (colonne « Annulée »)"))
    else:
        pairs.append(("Effectifs", "exacts : document de travail, à ne pas publier en l'état"))
    if stats.month_resolution and per_visit:
        pairs.append(("Remarque", "le détail des visites les plus anciennes n'est plus conservé"))
    elif stats.month_resolution:
        pairs.append(("Remarque", "des mois anciens ne sont plus connus que par mois entier"))
    pairs.append(("Généré le", date_time_text(generated_at)))
    return pairs


def export_statistics(
    session: Session,
    period: Period,
    sites: Iterable[str] | None,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    per_visit: bool = False,
    include_notes: bool = False,
    generated_at: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the statistics of ``period`` for ``sites`` (None or empty: every site) to
    ``path`` as CSV, XLSX or PDF. Raises ``ExportError`` (French) and leaves nothing;
    ``progress`` follows the writing and may cancel it (``Cancelled``: nothing left)."""
    progress = progress or NoProgress()
    if fmt not in FORMATS:
        raise ExportError(f"Format inconnu : « {fmt} » (csv, xlsx ou pdf).")
    if per_visit and fmt == "pdf":
        raise ExportError("L'export d'une ligne par visite se fait en CSV ou en XLSX, pas en PDF.")
    chosen = check_sites(session, sites)
    target = check_target(Path(path))
    names = site_names(session)
    progress.step(0, None, "Calcul des statistiques…")
    stats = (light_statistics if per_visit else compute_statistics)(session, period, chosen)
    where = f" ({sites_label(names, chosen)})" if chosen else ""
    empty = (
        f"Aucune visite sur la période du {date_text(period.start)} au "
        f"{date_text(period.end)}{where} : aucun fichier n'a été écrit."
    )
    if per_visit and not has_visit_rows(session, period, chosen):
        if not stats.empty:
            raise ExportError(
                "Le détail des visites de cette période n'est plus conservé (durée de "
                "conservation) : seul l'export des décomptes est possible."
            )
        raise ExportError(empty)
    if stats.empty and not per_visit:
        raise ExportError(empty)
    moment = generated_at or now()
    params = parameters(
        stats, names, chosen, moment, per_visit=per_visit, include_notes=include_notes
    )
    labels = VisitLabels(names) if per_visit else None
    satisfaction = None if per_visit else satisfaction_results(session, period, chosen)
    writer = FileWriter(
        session, stats, params, chosen, labels, include_notes, satisfaction, progress=progress
    )
    pages = 0
    with atomic_target(target) as temp:
        if fmt == "csv":
            rows = writer.csv(temp)
        elif fmt == "xlsx":
            rows = writer.xlsx(temp)
        else:
            from frontdesk.stats.bilan import render_bilan
            from frontdesk.stats.bilan_sections import BilanData

            data = BilanData(
                stats=stats,
                site_names=names,
                chosen_sites=chosen,
                generated_at=moment,
                monthly=monthly_visits(session, stats, chosen),
                satisfaction=satisfaction,
                demo=get_setting(session, DEMO_SETTING) is not None,
            )
            pages = rows = render_bilan(data, temp, progress=progress)
    return ExportResult(target, fmt, rows, stats.visits, pages)


def light_statistics(session: Session, period: Period, sites: Sequence[str]) -> Statistics:
    """Only what the per-visit export states: the visits counted and whether some
    months are rolled up (no breakdown: the export reads the visits themselves)."""
    query = select(func.sum(VisitTally.n), func.max(VisitTally.monthly)).where(
        VisitTally.dim == tally.VISITS, VisitTally.day >= period.start, VisitTally.day <= period.end
    )
    if sites:
        query = query.where(VisitTally.site_id.in_(sites))
    visits, monthly = session.execute(query).one()
    return Statistics(
        period=period,
        previous_period=period.previous(),
        sites=tuple(sites) or counted_sites(session),
        visits=int(visits or 0),
        previous_visits=0,
        spie_visits=0,
        previous_spie_visits=0,
        partners_total=0,
        previous_partners_total=0,
        breakdowns=(),
        month_resolution=bool(monthly),
    )


def default_file_name(period: Period, fmt: str, sites: Sequence[str] = ()) -> str:
    """« statistiques-2026-01-01-2026-06-30-moreuil.csv », « bilan-….pdf »."""
    stem = "bilan" if fmt == "pdf" else "statistiques"
    where = "-".join(sites) if sites else "tous-sites"
    return f"{stem}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}-{where}.{fmt}"
