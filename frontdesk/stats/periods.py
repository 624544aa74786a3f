"""Periods of the statistics: month, quarter, half-year, year or custom, with their
French names and the period before, compared with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from frontdesk.errors import UserError
from frontdesk.moments import MONTHS, date_text

Kind = Literal["mois", "trimestre", "semestre", "annee", "libre"]


class PeriodError(UserError, ValueError):
    """An impossible period (message in French)."""


def month_start(day: date, shift: int = 0) -> date:
    """First day of ``day``'s month, moved by ``shift`` months."""
    index = day.year * 12 + day.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    start: date  # first day included
    end: date  # last day included
    kind: Kind = "libre"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"La date de fin ({date_text(self.end)}) précède la date de début"
                f" ({date_text(self.start)})."
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = date(year, month, 1)
        return cls(start, month_start(start, 1) - timedelta(days=1), "mois")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = date(year, 3 * quarter - 2, 1)
        return cls(start, month_start(start, 3) - timedelta(days=1), "trimestre")

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        start = date(year, 1 if half == 1 else 7, 1)
        return cls(start, month_start(start, 6) - timedelta(days=1), "semestre")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "annee")

    @classmethod
    def containing(cls, kind: Kind, day: date) -> Period:
        """The month, quarter, half-year or year that contains ``day``."""
        if kind == "mois":
            return cls.month(day.year, day.month)
        if kind == "trimestre":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "semestre":
            return cls.half_year(day.year, 1 if day.month <= 6 else 2)
        if kind == "annee":
            return cls.year(day.year)
        raise PeriodError("Une période libre se donne par ses dates de début et de fin.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before: the previous month, quarter, half-year or year; for a
        custom period, as many days ending the day before."""
        if self.kind == "libre":
            end = self.start - timedelta(days=1)
            return Period(end - timedelta(days=self.days - 1), end)
        return Period.containing(self.kind, self.start - timedelta(days=1))

    def label(self) -> str:
        """« novembre 2026 », « 1er trimestre 2026 », « 2e semestre 2026 », « 2026 »,
        « du 03/11/2026 au 17/11/2026 »."""
        year = self.start.year
        if self.kind == "mois":
            return f"{MONTHS[self.start.month - 1]} {year}"
        if self.kind == "trimestre":
            rank = (self.start.month - 1) // 3 + 1
            return f"{_ordinal(rank)} trimestre {year}"
        if self.kind == "semestre":
            return f"{_ordinal(1 if self.start.month == 1 else 2)} semestre {year}"
        if self.kind == "annee":
            return str(year)
        return f"du {date_text(self.start)} au {date_text(self.end)}"


def _ordinal(rank: int) -> str:
    return "1er" if rank == 1 else f"{rank}e"
