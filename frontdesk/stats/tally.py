"""Counting visits into ``visit_tally``: one row per (local day, site, dimension, value).

Every path that adds, voids or restores a visit calls ``count_visit`` in the same
transaction, so the counters never drift from the log; ``rebuild_tally`` recounts from
the visits still held (tests compare both). The statistics read only the counters:
a half-year over a million visits sums a few tens of thousands of rows.

Days and hours are those of the France Services counters (Europe/Paris), whatever
the clock of the PC or server doing the counting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol

from sqlalchemy import and_, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from frontdesk import moments
from frontdesk.orientation.journeys import journeys
from frontdesk.stats.models import VisitTally
from frontdesk.visits.models import Visit

# Dimensions (ids are stored: never rename one without a migration)
VISITS, SPIE = "visites", "spie"
JOURNEY, CATEGORY, OPERATOR = "parcours", "categorie", "operateur"
PUBLIC, PARTNER, KIND = "public", "partenaire", "orientation"
OUTCOME, CHANNEL, HOUR, WEEKDAY = "suite", "canal", "heure", "jour"
AGE_BAND, PARTNERS_TOTAL = "age", "partenaires-total"
SPIE_STATUSES = ("oui", "a_verifier")
BATCH = 5_000
# what counting reads of a visit (rows with these attributes count like visits)
COUNTED_COLUMNS = (
    Visit.site_id, Visit.started_at, Visit.voided_at, Visit.journeys, Visit.thematiques,
    Visit.operators, Visit.publics, Visit.orientations, Visit.outcome, Visit.channel,
    Visit.age_band,
)  # fmt: skip


class Countable(Protocol):
    """What counting reads of a visit: a ``Visit``, a row of ``COUNTED_COLUMNS``, a demo row."""

    @property
    def site_id(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def voided_at(self) -> object: ...  # only tested against None
    @property
    def journeys(self) -> Sequence[str]: ...
    @property
    def thematiques(self) -> Sequence[str]: ...
    @property
    def operators(self) -> Sequence[str]: ...
    @property
    def publics(self) -> Mapping[str, Mapping[str, str]]: ...
    @property
    def orientations(self) -> Sequence[Mapping[str, str]]: ...
    @property
    def outcome(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def age_band(self) -> str | None: ...


@cache
def _spie_journeys() -> frozenset[str]:
    return frozenset(j.id for j in journeys().all if j.kind == "spie")


def visit_facts(visit: Countable) -> Iterator[tuple[str, str, int]]:
    """What one visit adds to the counters: (dimension, value, amount)."""
    yield VISITS, "", 1
    spie_publics = [
        f"{slug}:{entry.get('status')}"
        for slug, entry in visit.publics.items()
        if entry.get("status") in SPIE_STATUSES
    ]
    if spie_publics or _spie_journeys().intersection(visit.journeys):
        yield SPIE, "", 1
    for value in spie_publics:
        yield PUBLIC, value, 1
    for journey in dict.fromkeys(visit.journeys):
        yield JOURNEY, journey, 1
    for category in dict.fromkeys(t.split("--", 1)[0] for t in visit.thematiques):
        yield CATEGORY, category, 1
    for operator in dict.fromkeys(visit.operators):
        yield OPERATOR, operator, 1
    partners = dict.fromkeys(o["partner"] for o in visit.orientations)
    for partner in partners:
        yield PARTNER, partner, 1
    for kind in dict.fromkeys(o["kind"] for o in visit.orientations):
        yield KIND, kind, 1
    if partners:
        yield PARTNERS_TOTAL, "", len(partners)
    yield OUTCOME, visit.outcome, 1
    yield CHANNEL, visit.channel, 1
    local = moments.local(visit.started_at)
    yield HOUR, f"{local.hour:02d}", 1
    yield WEEKDAY, str(local.isoweekday()), 1
    if visit.age_band:
        yield AGE_BAND, visit.age_band, 1


def _add(session: Session, counts: Counter[tuple[date, str, str, str]]) -> None:
    rows = [
        {"day": day, "site_id": site, "dim": dim, "value": value, "n": n, "monthly": False}
        for (day, site, dim, value), n in counts.items()
        if n
    ]
    if rows:  # one cached statement, executemany: no SQL compiled per batch
        session.connection().execute(_UPSERT, rows)


def _upsert() -> Any:
    statement = insert(VisitTally)
    return statement.on_conflict_do_update(
        index_elements=["day", "site_id", "dim", "value"],
        set_={"n": VisitTally.n + statement.excluded.n},
    )


_UPSERT = _upsert()


def _count_into(counts: Counter[tuple[date, str, str, str]], visit: Countable, sign: int) -> None:
    day = moments.today(visit.started_at)
    for dim, value, amount in visit_facts(visit):
        counts[(day, visit.site_id, dim, value)] += sign * amount


def count_visit(session: Session, visit: Visit, sign: int = 1) -> None:
    """Add (``sign`` 1) or take away (-1: voided) one visit's counts."""
    counts: Counter[tuple[date, str, str, str]] = Counter()
    _count_into(counts, visit, sign)
    _add(session, counts)


def count_visits(session: Session, visits: Iterable[Countable]) -> int:
    """Add many visits at once (a sync page, generated data); how many were counted."""
    counts: Counter[tuple[date, str, str, str]] = Counter()
    total = 0
    for visit in visits:
        if visit.voided_at is None:
            _count_into(counts, visit, 1)
            total += 1
    _add(session, counts)
    return total


def rebuild_tally(session: Session) -> int:
    """Recount every day row from the visits held (monthly rolled-up rows are kept:
    their visits are gone). Returns the visits counted."""
    session.execute(delete(VisitTally).where(VisitTally.monthly.is_(False)))
    rolled = session.execute(
        select(VisitTally.day, VisitTally.site_id).where(VisitTally.monthly).distinct()
    ).all()
    query = select(*COUNTED_COLUMNS).where(Visit.voided_at.is_(None))
    counted = 0
    for partition in session.execute(query.execution_options(yield_per=BATCH)).partitions():
        counted += count_visits(session, partition)
    if rolled:  # visits of a rolled-up month (there should be none) are not counted twice
        months = {(day, site) for day, site in rolled}
        for day, site in months:
            session.execute(
                delete(VisitTally).where(
                    and_(
                        VisitTally.site_id == site,
                        VisitTally.monthly.is_(False),
                        VisitTally.day >= day,
                        VisitTally.day < _next_month(day),
                    )
                )
            )
    return counted


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
