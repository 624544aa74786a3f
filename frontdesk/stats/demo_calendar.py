"""When the demo's visitors come: French public holidays, the months, the weekdays and the
quarter hours of the counters' opening, and a slow growth year after year."""

from __future__ import annotations

from datetime import date, timedelta

MONTH_WEIGHT = (1.3, 1.05, 1.1, 1.15, 1.1, 1.0, 0.85, 0.55, 1.3, 1.1, 1.0, 0.95)
GROWTH = 0.08  # attendance grows about 8 % a year
# quarter hours from 08:30 to 17:30 (36 slots): morning rush, lunch dip, quiet late hours
SLOTS = (0.6, 0.7, *(1.0,) * 4, *(1.25,) * 6, 0.9, 0.9, *(0.3,) * 6, 0.7, 0.7,
         *(1.05,) * 10, 0.6, 0.5, 0.4, 0.3)  # fmt: skip


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holidays(year: int) -> set[date]:
    """French public holidays, when the counters are closed."""
    easter = _easter(year)
    fixed = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
    moving = (easter + timedelta(days=n) for n in (1, 39, 50))
    return {date(year, m, d) for m, d in fixed} | set(moving)


def day_weight(day: date, first: date) -> float:
    """Relative attendance of one open day (0 when closed)."""
    if day.isoweekday() == 7 or day in holidays(day.year):
        return 0.0
    season = MONTH_WEIGHT[day.month - 1] * (0.45 if day.month == 12 and day.day >= 20 else 1)
    return season * sum(slot_weights(day.isoweekday())) * (1 + GROWTH * (day - first).days / 365)


def slot_weights(weekday: int) -> tuple[float, ...]:
    if weekday == 6:  # Saturday: 09:00–12:00 only, fewer people
        return tuple(w * 0.8 if 2 <= i < 14 else 0.0 for i, w in enumerate(SLOTS))
    if weekday == 1:  # Monday morning: back-office, few visitors
        return tuple(w * 0.4 if i < 14 else w for i, w in enumerate(SLOTS))
    return SLOTS
