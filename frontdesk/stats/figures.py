"""The statistics of a period for one site or several: key figures and breakdowns, each
next to the previous period's, read from the anonymous counters (``visit_tally``).

A period that covers months the retention job rolled up counts those months whole
(``Statistics.month_resolution`` says so): their day detail is gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.contacts.schema import vocabulary
from frontdesk.orientation.journeys import journeys
from frontdesk.orientation.rules import spie_rules
from frontdesk.resources import load_json
from frontdesk.stats import tally
from frontdesk.stats.models import VisitTally
from frontdesk.stats.periods import Period
from frontdesk.visits.options import visit_options

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
STATUS_LABELS = {"oui": "oui", "a_verifier": "à vérifier"}


@dataclass(frozen=True)
class Row:
    value: str  # the stored id (journey id, partner slug, « 14 » for 14 h…)
    label: str  # French
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True)
class Breakdown:
    dim: str
    title: str  # French, e.g. « Par motif de visite »
    rows: tuple[Row, ...]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


@dataclass(frozen=True)
class Statistics:
    period: Period
    previous_period: Period
    sites: tuple[str, ...]  # the sites counted (all the base knows when none was chosen)
    visits: int
    previous_visits: int
    spie_visits: int  # visits touching a SPIE journey or a SPIE public (oui / à vérifier)
    previous_spie_visits: int
    partners_total: int  # partners mobilised, summed over visits
    previous_partners_total: int
    breakdowns: tuple[Breakdown, ...]
    month_resolution: bool  # some months of the period are only known whole

    @property
    def empty(self) -> bool:
        return self.visits == 0

    @property
    def spie_share(self) -> float | None:
        return self.spie_visits / self.visits if self.visits else None

    @property
    def partners_mean(self) -> float | None:
        """Mean partners mobilised per visit (indicator of the national charter)."""
        return self.partners_total / self.visits if self.visits else None

    @property
    def previous_partners_mean(self) -> float | None:
        if not self.previous_visits:
            return None
        return self.previous_partners_total / self.previous_visits

    def breakdown(self, dim: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.dim == dim)


def _slug_labels(name: str) -> dict[str, str]:
    return {entry["slug"]: entry["label"] for entry in load_json(name)}


@cache
def labellers() -> dict[str, Callable[[str], str]]:
    known, options = journeys(), visit_options()
    categories = vocabulary("categories")  # data·inclusion's package, French labels
    operators = _slug_labels("vocabularies/france-services-operateurs.json")
    publics = {p.slug: p.spec.label for p in spie_rules().publics}

    def journey(value: str) -> str:
        found = known.get(value)
        return found.label if found else value

    def public(value: str) -> str:
        slug, _, status = value.partition(":")
        return f"{publics.get(slug, slug)} ({STATUS_LABELS.get(status, status)})"

    def option(field: str) -> Callable[[str], str]:
        ids = options.ids(field)
        return lambda value: options.label(field, value) if value in ids else value

    return {
        tally.JOURNEY: journey,
        tally.CATEGORY: lambda value: categories.get(value, value),
        tally.OPERATOR: lambda value: operators.get(value, value),
        tally.PUBLIC: public,
        tally.PARTNER: known.partner_label,
        tally.KIND: option("orientation_kinds"),
        tally.OUTCOME: option("outcomes"),
        tally.CHANNEL: option("channels"),
        tally.HOUR: lambda value: f"{int(value)}\u00a0h",
        tally.WEEKDAY: lambda value: WEEKDAYS[int(value) - 1],
        tally.AGE_BAND: option("age_bands"),
    }


# The breakdowns, in the order the screen and the report show them.
BREAKDOWNS: tuple[tuple[str, str], ...] = (
    (tally.JOURNEY, "Par motif de visite"),
    (tally.CATEGORY, "Par catégorie de besoin"),
    (tally.OPERATOR, "Par opérateur France Services"),
    (tally.PUBLIC, "Par public du SPIE"),
    (tally.PARTNER, "Par partenaire vers qui la personne est orientée"),
    (tally.KIND, "Par type d'orientation"),
    (tally.OUTCOME, "Par suite donnée"),
    (tally.CHANNEL, "Par canal"),
    (tally.AGE_BAND, "Par tranche d'âge"),
    (tally.HOUR, "Par heure d'arrivée"),
    (tally.WEEKDAY, "Par jour de la semaine"),
)
TIME_ORDERED = {tally.HOUR, tally.WEEKDAY}  # shown in time order, not by count


def _sums(
    session: Session, period: Period, sites: Sequence[str] | None
) -> tuple[dict[tuple[str, str], int], bool]:
    """Counts per (dim, value) over the period; whether rolled-up months were used."""
    # A monthly row is dated the 1st: it counts when its month starts inside the period.
    query = (
        select(
            VisitTally.dim, VisitTally.value, func.sum(VisitTally.n), func.max(VisitTally.monthly)
        )
        .where(VisitTally.day >= period.start, VisitTally.day <= period.end)
        .group_by(VisitTally.dim, VisitTally.value)
    )
    if sites:
        query = query.where(VisitTally.site_id.in_(sites))
    sums, monthly = {}, False
    for dim, value, total, rolled in session.execute(query):
        if total:  # a voided visit leaves zeros behind
            sums[(dim, value)] = int(total)
        monthly = monthly or bool(rolled)
    return sums, monthly


def counted_sites(session: Session) -> tuple[str, ...]:
    return tuple(
        session.scalars(select(VisitTally.site_id).distinct().order_by(VisitTally.site_id))
    )


def compute_statistics(
    session: Session, period: Period, sites: Iterable[str] | None = None
) -> Statistics:
    """Every figure of ``period`` for ``sites`` (all sites when None or empty)."""
    chosen = tuple(sites or ())
    previous = period.previous()
    current, monthly = _sums(session, period, chosen)
    before, _ = _sums(session, previous, chosen)
    labels = labellers()
    values: dict[str, set[str]] = defaultdict(set)
    for dim, value in (*current, *before):
        values[dim].add(value)
    breakdowns = []
    for dim, title in BREAKDOWNS:
        rows = [
            Row(
                value, labels[dim](value), current.get((dim, value), 0), before.get((dim, value), 0)
            )
            for value in values.get(dim, ())
        ]
        if dim in TIME_ORDERED:
            rows.sort(key=lambda row: int(row.value))
        elif dim == tally.AGE_BAND:  # youngest first, as the bands are listed
            bands = [band.id for band in visit_options().age_bands]
            rows.sort(key=lambda row: bands.index(row.value) if row.value in bands else 99)
        else:
            rows.sort(key=lambda row: (-row.count, -row.previous, row.label))
        breakdowns.append(Breakdown(dim, title, tuple(rows)))

    def both(dim: str) -> tuple[int, int]:
        return current.get((dim, ""), 0), before.get((dim, ""), 0)

    visits, spie, partners = both(tally.VISITS), both(tally.SPIE), both(tally.PARTNERS_TOTAL)
    return Statistics(
        period=period,
        previous_period=previous,
        sites=chosen or counted_sites(session),
        visits=visits[0],
        previous_visits=visits[1],
        spie_visits=spie[0],
        previous_spie_visits=spie[1],
        partners_total=partners[0],
        previous_partners_total=partners[1],
        breakdowns=tuple(breakdowns),
        month_resolution=monthly,
    )
