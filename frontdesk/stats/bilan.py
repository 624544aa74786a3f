"""The « bilan semestriel »: the PDF the half-yearly meeting of the State, the Département
and the two France Services reads (charter: « le nombre de fréquentations en rapport avec
les problématiques concernées par le SPIE »).

A cover, the key figures next to the previous period, the months compared, a table and
a chart per breakdown, a page on orientations by partner, the satisfaction results and
how to read it all. Published figures: a count of 1 to 4 reads « < 5 » and is not drawn;
a change or a share that would give it away is not printed either.
It reads only the anonymous counters (``Statistics``): fast whatever the size of the base.
The sections are built in ``bilan_sections``; this module lays out the cover and the pages.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from frontdesk.contacts.sheet import (
    BLEU_FRANCE,
    FONT,
    FONT_BOLD,
    GREY_BACKGROUND,
    register_fonts,
)
from frontdesk.contacts.sheet_content import typography
from frontdesk.moments import date_text
from frontdesk.progress import Cancelled, NoProgress, Progress
from frontdesk.stats.bilan_charts import (
    MARGIN,
    NumberedCanvas,
    long_date,
    para,
)
from frontdesk.stats.bilan_sections import (
    MASK_NOTE,
    ORIENTATION_DIMS,
    WIDTH,
    BilanData,
    breakdown_section,
    key_figures,
    mean_text,
    method_section,
    orientations_section,
    published_ratios,
    satisfaction_section,
)
from frontdesk.stats.french import masked

BAND = 1.7 * cm
DEMO = "Données de démonstration"
DEMO_NOTE = (
    f"{DEMO} : les visites comptées ici ont été générées pour essayer Frontdesk ; elles ne "
    "décrivent aucune fréquentation réelle."
)
TITLES = {
    "semestre": "Bilan semestriel",
    "annee": "Bilan annuel",
    "trimestre": "Bilan trimestriel",
    "mois": "Bilan mensuel",
    "libre": "Bilan d’activité",
}


def _sites_title(data: BilanData) -> str:
    sites = data.chosen_sites or data.stats.sites
    names = [data.site_names.get(s, s) for s in sites]
    towns = [
        n.removeprefix("France Services de ").removeprefix("France Services d’") for n in names
    ]
    if not towns:
        return "France Services"
    joined = " et ".join([", ".join(towns[:-1]), towns[-1]] if len(towns) > 1 else towns)
    return f"France Services de {joined}"


# --- pages -----------------------------------------------------------------------------


def _cover(data: BilanData) -> list[Flowable]:
    stats = data.stats
    previous = stats.previous_period
    lines = [
        *([para(DEMO_NOTE, "h2")] if data.demo else []),
        para(TITLES.get(stats.period.kind, TITLES["libre"]), "cover_title"),
        para(_sites_title(data), "h1"),
        Spacer(1, 10),
        para(f"Période : {_period_text(stats.period)}", "cover_line"),
        para(f"Comparée à : {_period_text(previous)}", "cover_line"),
        Spacer(1, 26),
    ]
    boxes = [
        [para(masked(stats.visits), "big"), para(masked(stats.spie_visits), "big"),
         para(mean_text(published_ratios(stats)["mean"]), "big")],
        [para("visites", "small_centre"), para("en lien avec le SPIE", "small_centre"),
         para("partenaires mobilisés par visite", "small_centre")],
    ]  # fmt: skip
    table = Table(boxes, colWidths=[WIDTH / 3] * 3)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), GREY_BACKGROUND),
                ("LINEABOVE", (0, 0), (-1, 0), 3, BLEU_FRANCE),
                ("TOPPADDING", (0, 0), (-1, 0), 12),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
            ]
        )
    )
    lines += [table, Spacer(1, 30)]
    lines.append(
        para(
            "Document préparé pour le comité de suivi de la charte France Services et du "
            "service public de l’insertion et de l’emploi (État, Département de la Somme, "
            f"France Services). Généré le {long_date(data.generated_at)} par Frontdesk.",
        )
    )
    lines.append(para(MASK_NOTE, "note"))
    return lines


def _period_text(period: Any) -> str:
    dates = f"du {date_text(period.start)} au {date_text(period.end)}"
    return dates if period.kind == "libre" else f"{period.label()} ({dates})"


def render_bilan(
    data: BilanData, target: str | os.PathLike[str] | Any, progress: Progress | None = None
) -> int:
    """Write the bilan to ``target`` (a path or a binary file); returns its page count.
    ``progress`` hears of each page laid out and may stop the work (``Cancelled``)."""
    progress = progress or NoProgress()
    register_fonts()
    stats = data.stats
    title = TITLES.get(stats.period.kind, TITLES["libre"])
    band_left = typography(f"{title} — {stats.period.label()}")
    band_right = typography(_sites_title(data))
    footer = typography(f"{title} — {_sites_title(data)} — {_period_text(stats.period)}")
    if data.demo:  # on every page, not only the cover
        footer = f"{DEMO.upper()} — {footer}"

    def cover(canvas: Any, doc: Any) -> None:
        _laid_out(progress, doc)
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(BLEU_FRANCE)
        canvas.rect(0, height - 6 * cm, width, 6 * cm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(FONT_BOLD, 30)
        canvas.drawString(MARGIN, height - 3 * cm, "France Services")
        canvas.setFont(FONT, 13)
        canvas.drawString(MARGIN, height - 4 * cm, typography(_sites_title(data)))
        canvas.drawString(MARGIN, height - 4.8 * cm, "Département de la Somme")
        canvas.restoreState()

    def band(canvas: Any, doc: Any) -> None:
        _laid_out(progress, doc)
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(BLEU_FRANCE)
        canvas.rect(0, height - BAND, width, BAND, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(MARGIN, height - 1.05 * cm, band_left)
        canvas.setFont(FONT, 9)
        canvas.drawRightString(width - MARGIN, height - 1.05 * cm, band_right)
        canvas.restoreState()

    frame_height = A4[1] - BAND - 0.6 * cm - 2 * cm
    templates = [
        PageTemplate("cover", [Frame(MARGIN, 2 * cm, WIDTH, A4[1] - 8 * cm, id="c")], onPage=cover),
        PageTemplate("page", [Frame(MARGIN, 2 * cm, WIDTH, frame_height, id="p")], onPage=band),
    ]
    target = os.fspath(target) if isinstance(target, os.PathLike) else target
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        pageTemplates=templates,
        title=f"{title} — {_sites_title(data)} — {stats.period.label()}",
        author="France Services",
        creator="Frontdesk",
        initialFontName=FONT,
    )
    page_footer = footer

    class BilanCanvas(NumberedCanvas):
        footer = page_footer

    try:
        doc.build(_story(data, progress), canvasmaker=BilanCanvas)
    except _Stopped:
        raise Cancelled from None
    return doc.page


class _Stopped(Exception):
    """« Annuler » during the layout. ReportLab re-raises an error of a page callback
    as ``type(error)(its text)``, which ``Cancelled`` (no argument) cannot take."""


def _laid_out(progress: Progress, doc: Any) -> None:
    try:
        progress.step(doc.page, None, f"Bilan : page {doc.page} mise en page")
    except Cancelled:
        raise _Stopped from None


def _story(data: BilanData, progress: Progress) -> list[Flowable]:
    """What the bilan says, page after page (charts drawn here: a cancel acts between)."""
    story: list[Flowable] = [*_cover(data), NextPageTemplate("page"), PageBreak()]
    story += key_figures(data)
    own = [b for b in data.stats.breakdowns if b.dim not in ORIENTATION_DIMS]
    story += [NextPageTemplate("page"), PageBreak()]
    lead: Sequence[Flowable] = [para("Détail de la fréquentation", "h1")]
    for breakdown in own:
        progress.check()
        story += breakdown_section(breakdown, data, lead=lead)
        lead = ()
    story += orientations_section(data)
    story += satisfaction_section(data)
    story += method_section(data)
    return story
