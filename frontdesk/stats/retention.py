"""Retention (RGPD): visit details are kept ``retention_months`` months, then only counts.

Once a day (``run_retention_if_due``, from the start-up work) the visits started before
the cutoff (the first day of the month ``retention_months`` months before this one, in
local time) are deleted with their tutor reviews and comments, and so are the drafts
left untouched since then. The day rows of ``visit_tally`` before the cutoff are rolled
up into one row per month (``monthly``): the statistics of a purged month, a quarter or
a half-year give the same numbers as before, at month resolution.

The purge is local: it is written with plain DELETE statements, which queue no outbox
row (each PC, and the hub, purges its own copy). It is idempotent: a second run the
same day, or the next day, finds nothing more to do before the same cutoff.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Table, delete, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from frontdesk import audit, moments
from frontdesk.device import get_setting, put_setting, retention_months
from frontdesk.stats.demo_marks import DEMO_SETTING
from frontdesk.stats.models import VisitTally
from frontdesk.store.base import Base
from frontdesk.visits.models import ReviewComment, Visit, VisitDraft, VisitReview

log = logging.getLogger(__name__)
LAST_RUN_KEY = "retention_last_run"  # the local date of the last daily run (ISO)
BATCH = 5_000


@dataclass(frozen=True)
class PurgeReport:
    cutoff: date  # visits started before this local day are gone
    visits: int
    reviews: int
    comments: int
    drafts: int
    tally_rows: int  # day rows of the counters rolled up into monthly rows

    @property
    def changed(self) -> bool:
        return any((self.visits, self.reviews, self.comments, self.drafts, self.tally_rows))


def cutoff_for(today: date, months: int) -> date:
    """The first day of the month ``months`` months before ``today``'s month."""
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _table(model: type[Base]) -> Table:
    return model.__table__


def _deleted(session: Session, statement: Delete) -> int:
    result = session.execute(statement)
    return int(cast(CursorResult[Any], result).rowcount)


def _roll_up_tally(session: Session, cutoff: date) -> int:
    """Day rows before ``cutoff`` become monthly rows (n summed); how many day rows."""
    table = _table(VisitTally)
    day_rows = session.execute(
        select(func.count())
        .select_from(table)
        .where(table.c.day < cutoff, table.c.monthly.is_(False))
    ).scalar_one()
    if not day_rows:
        return 0
    month = func.strftime("%Y-%m", table.c.day)
    sums = session.execute(
        select(month, table.c.site_id, table.c.dim, table.c.value, func.sum(table.c.n))
        .where(table.c.day < cutoff)
        .group_by(month, table.c.site_id, table.c.dim, table.c.value)
    ).all()
    # The first day of a month is both a day row's key and its monthly row's: remove
    # every row before the cutoff (day rows and earlier monthly ones), then write the sums.
    session.execute(delete(table).where(table.c.day < cutoff))
    rows = [
        {
            "day": date(int(ym[:4]), int(ym[5:7]), 1),
            "site_id": site,
            "dim": dim,
            "value": value,
            "monthly": True,
            "n": int(n),
        }
        for ym, site, dim, value, n in sums
        if n
    ]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table).values(rows[start : start + BATCH]))
    return int(day_rows)


def purge_expired(session: Session, today: date, months: int | None = None) -> PurgeReport:
    """Delete what is older than the retention period and roll up the counters.

    ``today`` is the local date; ``months`` defaults to this PC's setting. Logs the
    report and, when something changed, records it in the audit log (counts only)."""
    months = retention_months(session) if months is None else months
    cutoff = cutoff_for(today, months)
    limit = moments.day_start(cutoff)
    visits, reviews, comments = _table(Visit), _table(VisitReview), _table(ReviewComment)
    expired = select(visits.c.id).where(visits.c.started_at < limit)
    # Plain DELETE statements: no ORM flush, so no outbox row (the purge is local).
    drafts = _table(VisitDraft)
    reviews_gone = _deleted(session, delete(reviews).where(reviews.c.visit_id.in_(expired)))
    comments_gone = _deleted(session, delete(comments).where(comments.c.visit_id.in_(expired)))
    report = PurgeReport(
        cutoff=cutoff,
        visits=_deleted(session, delete(visits).where(visits.c.started_at < limit)),
        reviews=reviews_gone,
        comments=comments_gone,
        drafts=_deleted(session, delete(drafts).where(drafts.c.saved_at < limit)),
        tally_rows=_roll_up_tally(session, cutoff),
    )
    log.info(
        "retention (%d months, cutoff %s): %d visits, %d reviews, %d comments, %d drafts "
        "deleted; %d counter rows rolled up by month",
        months, cutoff, report.visits, report.reviews, report.comments, report.drafts,
        report.tally_rows,
    )  # fmt: skip
    if report.changed:
        detail = asdict(report) | {"cutoff": cutoff.isoformat(), "months": months}
        audit.record(session, "retention_purge", None, **detail)
    return report


def local_today() -> date:
    return moments.today()


def run_retention_if_due(session: Session, today: date | None = None) -> PurgeReport | None:
    """The daily run: purge unless it already ran today (local date) on this PC."""
    today = today or local_today()
    if get_setting(session, LAST_RUN_KEY) == today.isoformat():
        return None
    if get_setting(session, DEMO_SETTING) is not None:
        # a trial PC: rolling demo visits into monthly rows would mix them with real
        # ones for good (``demo --clear`` could no longer take them out)
        log.info("retention skipped: demonstration data present")
        return None
    report = purge_expired(session, today)
    put_setting(session, LAST_RUN_KEY, today.isoformat())
    return report
