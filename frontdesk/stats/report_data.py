"""What the XLSX and the bilan add to the statistics: visits month by month and the
satisfaction results of the period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.stats import tally
from frontdesk.stats.figures import Statistics
from frontdesk.stats.models import VisitTally
from frontdesk.stats.periods import Period, month_start


@dataclass(frozen=True)
class Monthly:
    """Visits per month of the period, next to the same-rank month of the previous one."""

    months: tuple[date, ...]
    counts: tuple[int, ...]
    previous: tuple[int, ...]


@dataclass(frozen=True)
class SatisfactionQuestion:
    label: str
    answers: tuple[tuple[str, str, int], ...]  # (id, label, count)

    @property
    def total(self) -> int:
        return sum(count for _id, _label, count in self.answers)


@dataclass(frozen=True)
class SatisfactionResults:
    questions: tuple[SatisfactionQuestion, ...]
    whole_months: bool  # the period does not start/end on month bounds: whole months counted

    @property
    def total(self) -> int:
        return max((q.total for q in self.questions), default=0)

    @classmethod
    def build(cls, form: Any, counts: dict[str, dict[str, int]], period: Period) -> Any:
        questions = []
        for question_id, answers in counts.items():
            question = form.get(question_id)
            labels = {a.id: a.label for a in question.answers} if question else {}
            questions.append(
                SatisfactionQuestion(
                    question.label if question else question_id,
                    tuple((a, labels.get(a, a), n) for a, n in answers.items()),
                )
            )
        aligned = (
            period.start.day == 1 and month_start(period.end, 1) - timedelta(days=1) == period.end
        )
        return cls(tuple(questions), whole_months=not aligned)


def satisfaction_results(session: Session, period: Period, sites: Sequence[str]) -> Any:
    """The satisfaction counts of the period, or None when that module is absent."""
    try:
        from frontdesk.satisfaction import satisfaction_counts, satisfaction_form
    except ImportError:  # pragma: no cover - the module ships with this one
        return None
    counts = satisfaction_counts(session, period.start, period.end, sites or None)
    form = satisfaction_form()
    return SatisfactionResults.build(form, counts, period)


def monthly_visits(session: Session, stats: Statistics, sites: Sequence[str]) -> Monthly:
    """Visits per month of the period and of the previous one (same rank)."""

    def per_month(period: Period) -> dict[date, int]:
        month = func.strftime("%Y-%m", VisitTally.day)
        query = (
            select(month, func.sum(VisitTally.n))
            .where(VisitTally.dim == tally.VISITS)
            .where(VisitTally.day >= period.start, VisitTally.day <= period.end)
            .group_by(month)
        )
        if sites:
            query = query.where(VisitTally.site_id.in_(sites))
        return {date(int(key[:4]), int(key[5:7]), 1): int(n) for key, n in session.execute(query)}

    def months(period: Period) -> list[date]:
        found, month = [], month_start(period.start)
        while month <= period.end:
            found.append(month)
            month = month_start(month, 1)
        return found

    current, before = per_month(stats.period), per_month(stats.previous_period)
    shown, earlier = months(stats.period), months(stats.previous_period)
    previous = [before.get(m, 0) for m in earlier] if len(earlier) == len(shown) else []
    return Monthly(tuple(shown), tuple(current.get(m, 0) for m in shown), tuple(previous))
