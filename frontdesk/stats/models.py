"""Anonymous counters: what the statistics read, and what outlives the visit details.

Both tables are LOCAL and derived: each PC counts the visits it holds. They carry no
visit id, no agent, no time finer than the day, so they can be kept after the visits
themselves are purged (retention), and the statistics of a purged period stay the same.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.store.base import Base


class VisitTally(Base):
    """How many visits of a site, on a local day, had ``value`` for dimension ``dim``.

    ``day`` is a calendar day, or the first day of a month for months the retention job
    has rolled up (``monthly`` true): such a row stands for the whole month.
    ``n`` is a count of visits, except for the dimension ``partenaires-total`` where it
    sums the partners mobilised (for the mean per visit)."""

    __tablename__ = "visit_tally"

    day: Mapped[date] = mapped_column()
    site_id: Mapped[str] = mapped_column(String(64))
    dim: Mapped[str] = mapped_column(String(30))
    value: Mapped[str] = mapped_column(String(120))
    monthly: Mapped[bool] = mapped_column(default=False)
    n: Mapped[int] = mapped_column(Integer)

    __table_args__ = (PrimaryKeyConstraint("day", "site_id", "dim", "value"),)


class SatisfactionTally(Base):
    """Answers to the anonymous satisfaction form, counted per month: never one row per
    visitor, never a time, so an answer cannot be linked to a visit. Counted per device
    (each device the only writer of its rows: counters that merge without conflict)."""

    __tablename__ = "satisfaction_tally"

    month: Mapped[date] = mapped_column()  # first day of the month
    site_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[uuid.UUID] = mapped_column()
    question: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(40))
    n: Mapped[int] = mapped_column(Integer)

    __table_args__ = (PrimaryKeyConstraint("month", "site_id", "device_id", "question", "answer"),)
