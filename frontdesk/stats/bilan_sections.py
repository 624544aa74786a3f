"""The sections of the bilan (``frontdesk.stats.bilan``): key figures, months compared,
one table and chart per breakdown, orientations by partner, satisfaction, and how to read
it all. Published figures: a count of 1 to 4 reads « < 5 » and is not drawn; a change or
a share that would give it away is not printed either."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from frontdesk import moments
from frontdesk.contacts.sheet_content import typography
from frontdesk.moments import MONTHS
from frontdesk.stats import tally
from frontdesk.stats.bilan_charts import (
    MARGIN,
    STYLES,
    change_text,
    drawable,
    header,
    horizontal_bars,
    num,
    para,
    share_text,
    table,
    vertical_bars,
)
from frontdesk.stats.figures import Breakdown, Row, Statistics
from frontdesk.stats.french import SMALL_COUNT, french_number, french_percent, masked

if TYPE_CHECKING:
    from frontdesk.stats.report_data import Monthly, SatisfactionResults

WIDTH = A4[0] - 2 * MARGIN
CHART_ROWS = 12  # a horizontal chart shows this many categories at most
# the breakdowns of the « orientations » page; the others get a section each
ORIENTATION_DIMS = (tally.PARTNER, tally.KIND)
SHORT_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip
SHORT_WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MASK_NOTE = (
    "Les effectifs de 1 à 4 sont remplacés par « < 5 » et ne sont pas tracés dans les "
    "graphiques ; l’évolution et la part qui permettraient de les retrouver ne sont pas "
    "publiées (« – »)."
)


@dataclass(frozen=True)
class BilanData:
    stats: Statistics
    site_names: dict[str, str]
    chosen_sites: tuple[str, ...] = ()
    generated_at: datetime = field(default_factory=moments.now)
    monthly: Monthly | None = None
    satisfaction: SatisfactionResults | None = None  # None: no satisfaction counters
    demo: bool = False  # the base holds demonstration visits: the bilan says so


def _small(*counts: int) -> bool:
    return any(0 < count < SMALL_COUNT for count in counts)


def published_ratios(stats: Statistics) -> dict[str, float | None]:
    """The SPIE share and the partners mean of both periods, None when unknown or when
    it would give a count of 1 to 4 away (« 1 visit of 3 »)."""
    before_share = (
        stats.previous_spie_visits / stats.previous_visits if stats.previous_visits else None
    )
    now, before = stats, (stats.previous_visits, stats.previous_spie_visits)
    return {
        "share": None if _small(now.visits, now.spie_visits) else now.spie_share,
        "previous_share": None if _small(*before) else before_share,
        "mean": None if _small(now.visits, now.partners_total) else now.partners_mean,
        "previous_mean": None
        if _small(stats.previous_visits, stats.previous_partners_total)
        else stats.previous_partners_mean,
    }


def _points(now: float | None, before: float | None, unit: str, decimals: int) -> str:
    if now is None or before is None:
        return "–"
    change = round(now - before, decimals)
    sign = "+" if change > 0 else "−"
    return f"{sign}{num(abs(change), decimals)}{unit}" if change else "="


def mean_text(value: float | None) -> str:
    return "–" if value is None else french_number(value, 2)


def key_figures(data: BilanData) -> list[Flowable]:
    stats = data.stats
    ratios = published_ratios(stats)
    share, before_share = ratios["share"], ratios["previous_share"]
    rows: list[list[Any]] = [  # the header's cells, then texts
        header("Indicateur", stats.period.label(), stats.previous_period.label(), "Évolution"),
        ["Visites", masked(stats.visits), masked(stats.previous_visits),
         change_text(stats.visits, stats.previous_visits)],
        ["Visites en lien avec le SPIE", masked(stats.spie_visits),
         masked(stats.previous_spie_visits),
         change_text(stats.spie_visits, stats.previous_spie_visits)],
        ["Part des visites en lien avec le SPIE", french_percent(share),
         french_percent(before_share),
         _points(share and 100 * share, before_share and 100 * before_share, "\u00a0pt", 1)],
        ["Partenaires mobilisés par visite (moyenne)", mean_text(ratios["mean"]),
         mean_text(ratios["previous_mean"]),
         _points(ratios["mean"], ratios["previous_mean"], "", 2)],
    ]  # fmt: skip
    body = [
        [para(cell, "cell" if i == 0 else "cell_right") for i, cell in enumerate(row)]
        if isinstance(row[0], str) else row
        for row in rows
    ]  # fmt: skip
    story: list[Flowable] = [
        para("Chiffres clés", "h1"),
        table(body, [7.2 * cm, 3.4 * cm, 3.4 * cm, WIDTH - 14 * cm]),
        para(
            "Une visite est « en lien avec le SPIE » quand elle touche au moins un parcours du "
            "service public de l’insertion et de l’emploi ou un public du SPIE (oui ou à "
            "vérifier). La moyenne des partenaires mobilisés est un indicateur national du "
            "programme France Services.",
            "note",
        ),
    ]
    if data.monthly is not None and len(data.monthly.months) > 1:
        story += months_section(data)
    return story


def months_section(data: BilanData) -> list[Flowable]:
    monthly, stats = data.monthly, data.stats
    assert monthly is not None
    names = [SHORT_MONTHS[m.month - 1] for m in monthly.months]
    previous = list(monthly.previous) or None
    drawn = any(drawable(c) for c in (*monthly.counts, *monthly.previous))
    chart: Flowable = vertical_bars(
        names,
        monthly.counts,
        previous,
        WIDTH,
        height=170,
        names=(stats.period.label(), f"{stats.previous_period.label()} (même rang)"),
    )
    rows: list[list[Any]] = [
        header("Mois", "Visites", "Même rang, période précédente", "Évolution")
    ]
    for index, month in enumerate(monthly.months):
        count = monthly.counts[index]
        before = monthly.previous[index] if monthly.previous else None
        rows.append([
            para(f"{MONTHS[month.month - 1]} {month.year}", "cell"),
            para(masked(count), "cell_right"),
            para("–" if before is None else masked(before), "cell_right"),
            para("–" if before is None else change_text(count, before), "cell_right"),
        ])  # fmt: skip
    return [
        para("Comparaison avec la période précédente, mois par mois", "h2"),
        *([chart, Spacer(1, 6)] if drawn else []),
        table(rows, [5 * cm, 3.4 * cm, 4.2 * cm, WIDTH - 12.6 * cm]),
    ]


def _chart(breakdown: Breakdown, data: BilanData) -> tuple[Flowable, str | None]:
    stats, rows = data.stats, breakdown.rows
    names = (stats.period.label(), stats.previous_period.label())
    if breakdown.dim in (tally.HOUR, tally.WEEKDAY):
        labels = [
            f"{int(r.value)}\u00a0h" if breakdown.dim == tally.HOUR
            else SHORT_WEEKDAYS[int(r.value) - 1] for r in rows
        ]  # fmt: skip
        counts, previous = [r.count for r in rows], [r.previous for r in rows]
        return vertical_bars(labels, counts, previous, WIDTH, names=names), None
    shown = rows[:CHART_ROWS]
    note = (
        f"Graphique limité aux {CHART_ROWS} premières lignes du tableau."
        if len(rows) > CHART_ROWS
        else None
    )
    chart = horizontal_bars(
        [r.label for r in shown], [r.count for r in shown], [r.previous for r in shown], WIDTH,
        names=names,
    )  # fmt: skip
    return chart, note


def breakdown_section(
    breakdown: Breakdown,
    data: BilanData,
    title: str | None = None,
    lead: Sequence[Flowable] = (),
) -> list[Flowable]:
    """Heading, table and chart, kept on one page (``lead``: a page title above them)."""
    stats = data.stats
    heads = [*lead, para(title or breakdown.title, "h2")]
    if not any(r.count or r.previous for r in breakdown.rows):
        return [KeepTogether([*heads, para("Aucune donnée sur ces deux périodes.", "base")])]
    rows: list[list[Any]] = [
        header("", stats.period.label(), "Période précédente", "Évolution", "Part des visites")
    ]
    for row in breakdown.rows:
        rows.append([
            para(row.label, "cell"),
            para(masked(row.count), "cell_right"),
            para(masked(row.previous), "cell_right"),
            para(change_text(row.count, row.previous), "cell_right"),
            para(share_text(row.count, stats.visits), "cell_right"),
        ])  # fmt: skip
    grid = table(rows, [WIDTH - 11.6 * cm, 2.9 * cm, 3 * cm, 2.5 * cm, 3.2 * cm])
    block: list[Flowable] = [*heads, grid]
    if any(drawable(v) for r in breakdown.rows for v in (r.count, r.previous)):
        chart, note = _chart(breakdown, data)
        hidden = any(_is_masked(r) for r in breakdown.rows)
        notes = [n for n in (note, "Effectifs inférieurs à 5 non tracés." if hidden else None) if n]
        block += [Spacer(1, 6), chart]
    else:
        notes = ["Pas de graphique : tous les effectifs sont inférieurs à 5."]
    if notes:
        block.append(para(" ".join(notes), "note"))
    return [KeepTogether(block), Spacer(1, 8)]


def _is_masked(row: Row) -> bool:
    return 0 < row.count < SMALL_COUNT or 0 < row.previous < SMALL_COUNT


def orientations_section(data: BilanData) -> list[Flowable]:
    stats = data.stats
    partner, kind = stats.breakdown(tally.PARTNER), stats.breakdown(tally.KIND)
    outcome = {r.value: r for r in stats.breakdown(tally.OUTCOME).rows}.get("oriente")
    oriented = outcome.count if outcome else 0
    mean = mean_text(published_ratios(stats)["mean"])
    text = (
        f"Visites ayant pour suite une orientation vers un partenaire : {masked(oriented)} "
        f"({share_text(oriented, stats.visits)} des visites). Partenaires mobilisés par visite, "
        f"en moyenne : {mean}. Une visite peut orienter vers plusieurs partenaires : le total "
        "du tableau peut alors dépasser le nombre de visites orientées."
    )
    return [
        NextPageTemplate("page"),
        PageBreak(),
        *breakdown_section(
            partner,
            data,
            "Par partenaire",
            lead=[para("Orientations vers les partenaires", "h1"), para(text)],
        ),
        *breakdown_section(kind, data, "Par type d’orientation"),
    ]


def satisfaction_section(data: BilanData) -> list[Flowable]:
    results = data.satisfaction
    story: list[Flowable] = [CondPageBreak(9 * cm), para("Satisfaction des visiteurs", "h1")]
    if results is None:
        return [*story, para("Le questionnaire de satisfaction n’est pas disponible.")]
    if results.total == 0:
        return [*story, para("Aucune réponse au questionnaire de satisfaction sur la période.")]
    story.append(
        para(
            "Questionnaire anonyme proposé à la fin de la visite (charte, article 6) ; les "
            "réponses ne sont pas reliées aux visites. Le visiteur peut passer une question.",
        )
    )
    for question in results.questions:
        rows: list[list[Any]] = [header(question.label, "Réponses", "Part")]
        for _id, label, count in question.answers:
            rows.append([
                para(label, "cell"),
                para(masked(count), "cell_right"),
                para(share_text(count, question.total), "cell_right"),
            ])  # fmt: skip
        rows.append([para("Total", "cell"), para(masked(question.total), "cell_right"), ""])
        story += [Spacer(1, 6), KeepTogether(table(rows, [WIDTH - 6 * cm, 3 * cm, 3 * cm]))]
    if results.whole_months:
        story.append(para("Le questionnaire est compté par mois entiers.", "note"))
    return story


def method_section(data: BilanData) -> list[Flowable]:
    stats = data.stats
    lines = [
        "Les chiffres viennent des compteurs anonymes de Frontdesk : une visite annulée n’est "
        "pas comptée ; aucun nom, aucune date de naissance n’est enregistré.",
        "Motifs, catégories, opérateurs, publics et partenaires : une visite peut relever de "
        "plusieurs lignes, le total d’un tableau peut donc dépasser le nombre de visites. La "
        "part est calculée sur le nombre de visites.",
        "Heures et jours : heure d’arrivée au guichet (heure de Paris).",
        MASK_NOTE,
    ]
    if stats.month_resolution:
        lines.append(
            "Les visites les plus anciennes ne sont plus conservées en détail (durée de "
            "conservation) : ces mois-là sont comptés par mois entier."
        )
    return [
        CondPageBreak(5 * cm),
        para("Précautions de lecture", "h2"),
        *[Paragraph(escape(typography(t)), STYLES["base"], bulletText="•") for t in lines],
    ]
