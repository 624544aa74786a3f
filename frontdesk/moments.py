"""Dates and times as the counters read them: at Paris time, in French, whatever the
zone the PC itself is set to (a counter PC set to UTC must still show and count the
day and the hour of its France Services).

One format for the whole interface: the date « 07/12/2026 », the time « 14 h 05 »
(French typographic usage, with non-breaking spaces), both « 07/12/2026 à 14 h 05 ».
Printed documents may spell the date out: « 7 décembre 2026 ».

Moments are aware datetimes; a naive one is taken as UTC, the way the database keeps
them. The boundaries of a day are Paris midnights, returned as aware UTC datetimes
ready to be compared with stored moments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Paris")
NBSP = "\u00a0"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
NEVER = "jamais"


def local(moment: datetime) -> datetime:
    """``moment`` at the counters' time (a naive moment is UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE)


def now() -> datetime:
    """The counters' time now (from ``utcnow``, the one clock of the application)."""
    from frontdesk.store.base import utcnow  # not at import: no SQLAlchemy on the login path

    return local(utcnow())


def today(moment: datetime | None = None) -> date:
    """The counters' day now, or the day ``moment`` falls on there."""
    return (now() if moment is None else local(moment)).date()


def day_start(day: date) -> datetime:
    """Midnight at the counters that starts ``day``, as an aware UTC datetime."""
    return datetime.combine(day, time(), LOCAL_ZONE).astimezone(UTC)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """``day`` at the counters, [start, end) in UTC (23 or 25 hours when the clocks change)."""
    return day_start(day), day_start(day + timedelta(days=1))


def start_of_day(moment: datetime) -> datetime:
    """Midnight at the counters of the day ``moment`` falls on there, in UTC: « today »
    for the visits of the day is ``start_of_day(utcnow())``."""
    return day_start(today(moment))


def date_text(day: date) -> str:
    """« 07/12/2026 »; a datetime gives its day at the counters."""
    if isinstance(day, datetime):
        day = local(day).date()
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def long_date_text(day: date) -> str:
    """« 23 novembre 2026 », « 1er août 2027 » (printed documents)."""
    if isinstance(day, datetime):
        day = local(day).date()
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def time_text(moment: datetime, *, seconds: bool = False) -> str:
    """« 9 h 05 » at the counters; with ``seconds``, « 9 h 05 min 07 s »."""
    at = local(moment)
    text = f"{at.hour}{NBSP}h{NBSP}{at.minute:02d}"
    return f"{text}{NBSP}min{NBSP}{at.second:02d}{NBSP}s" if seconds else text


def date_time_text(moment: datetime, *, seconds: bool = False) -> str:
    """« 07/12/2026 à 14 h 05 » at the counters."""
    return f"{date_text(local(moment).date())} à {time_text(moment, seconds=seconds)}"


def moment_text(moment: datetime | None) -> str:
    """When something happened (a sync, an issue received): « 07/12/2026 à 14 h 05 »,
    « jamais » without a moment."""
    return NEVER if moment is None else date_time_text(moment)
