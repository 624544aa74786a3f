"""Opening hours in the OpenStreetMap syntax that data·inclusion stores, as a week of
spans: written from a week (``write_osm``, for ``hours_fr``) and read back rule by rule
(``read_rule``, for the French reading in ``sheet_content``). Spans are minutes since
midnight (24:00 is 1440); the afternoon is what opens from noon, and a session running
through lunch (9h-17h) is cut at noon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import opening_hours

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
PH = 7  # public holidays, after the seven days of the week
WEEK = frozenset(range(7))
NOON, LUNCH_END, DAY_END = 12 * 60, 14 * 60, 24 * 60
FULL_DAY = ((0, DAY_END),)
DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
RULE = re.compile(
    rf"^(?P<days>{DAY}(?:-{DAY})?(?:,{DAY}(?:-{DAY})?)*)\s+"
    r"(?P<what>off|closed|\d\d:\d\d-\d\d:\d\d(?:,\s*\d\d:\d\d-\d\d:\d\d)*)$"
)

Span = tuple[int, int]
Spans = tuple[Span, ...]


def merged(spans: Iterable[Span]) -> Spans:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)


def without_afternoon(spans: Spans) -> Spans:
    """The morning sessions; one running through lunch ends at noon."""
    return tuple((a, b if b <= LUNCH_END else NOON) for a, b in spans if a < NOON)


def without_morning(spans: Spans) -> Spans:
    """The afternoon sessions; one running through lunch starts at noon."""
    return tuple((max(a, NOON), b) for a, b in spans if a >= NOON or b > LUNCH_END)


def without(spans: Spans, closed: Iterable[Span]) -> Spans:
    out = list(spans)
    for c_start, c_end in closed:
        out = [piece for a, b in out for piece in ((a, min(b, c_start)), (max(a, c_end), b))]
        out = [(a, b) for a, b in out if a < b]
    return tuple(out)


def week_of(
    openings: Iterable[tuple[Iterable[int], Spans]],
    closures: Iterable[tuple[Iterable[int], Spans, str | None]],
) -> list[Spans | None]:
    """Each day's hours, Monday first, then public holidays (None where nothing is said):
    the last opening naming a day gives its hours; then each closure takes off its spans,
    its « morning » or « afternoon », or else the whole day."""
    table: list[Spans | None] = [None] * 8
    for days, spans in openings:
        for day in days:
            table[day] = merged(spans)
    for days, spans, part in closures:
        for day in days:
            hours, cut = table[day], without_afternoon if part == "afternoon" else without_morning
            if not (spans or part):
                table[day] = ()
            elif hours is not None:  # cutting a day never opened leaves it unsaid
                table[day] = without(hours, spans) if spans else cut(hours)
    return table


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def osm_spans(spans: Spans) -> str:
    return ",".join(f"{clock(a)}-{clock(b)}" for a, b in spans)


def osm_days(days: Iterable[int]) -> str:
    """« Mo-We,Fr,Sa » for Monday to Wednesday, Friday and Saturday."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        names = [OSM_DAYS[d] for d in run]
        parts.append(f"{names[0]}-{names[-1]}" if len(run) > 2 else ",".join(names))
    return ",".join(parts)


def write_osm(table: list[Spans | None]) -> str:
    """The week in OSM: the most common hours over a range of days, then the days that
    differ (an afternoon closure reads back as one), then the public holidays."""
    week = [table[day] or () for day in range(7)]
    rules = []
    if all(hours == ((0, DAY_END),) for hours in week):
        rules.append("24/7")
    elif any(week):
        groups: dict[Spans, list[int]] = {}
        for day, hours in enumerate(week):
            if hours:
                groups.setdefault(hours, []).append(day)
        base, days = max(groups.items(), key=lambda item: (len(item[1]), -item[1][0]))
        cuts = (without_afternoon(base), without_morning(base))
        clipped = {d for d, hours in enumerate(week) if hours and hours != base and hours in cuts}
        cover = range(min(set(days) | clipped), max(set(days) | clipped) + 1)
        holes = set(cover) - set(days)
        covered = set(days)
        if holes and (holes <= clipped or (len(holes) == 1 and len(days) >= 4)):
            covered = set(cover)
        rules.append(f"{osm_days(covered)} {osm_spans(base)}")
        others: dict[Spans, list[int]] = {}
        for day, hours in enumerate(week):
            if hours != (base if day in covered else ()):
                others.setdefault(hours, []).append(day)
        for hours, differ in sorted(others.items(), key=lambda item: item[1][0]):
            rules.append(f"{osm_days(differ)} {osm_spans(hours) if hours else 'off'}")
    if table[PH] is not None:
        rules.append("PH " + (osm_spans(table[PH] or ()) or "off"))
    return "; ".join(rules)


def is_osm(text: str) -> bool:
    try:
        opening_hours.OpeningHours(text, country="FR")
    except Exception:  # ParserError, and anything odd the parser raises
        return False
    return True


def _day(token: str) -> int:
    return PH if token == "PH" else OSM_DAYS.index(token)


def _minutes(text: str) -> int:
    hours, minutes = text.strip().split(":")
    return int(hours) * 60 + int(minutes)


def read_rule(rule: str) -> tuple[tuple[int, ...], Spans] | None:
    """The days, in the order written (0 Monday … 6 Sunday, 7 public holidays), and the
    spans (none: closed) of a plain rule (« Mo-Fr 09:00-12:00,14:00-17:00 », « PH off »,
    « 24/7 »); None for anything else (months, comments, sunrise…)."""
    rule = rule.strip()
    if rule == "24/7":
        return tuple(range(7)), FULL_DAY
    match = RULE.match(rule)
    if match is None:
        return None
    days: list[int] = []
    for piece in match["days"].split(","):
        first, _, last = piece.partition("-")
        if last and PH in (_day(first), _day(last)):
            return None  # « PH-Fr » means nothing
        start, end = _day(first), _day(last or first)
        run = range(start, end + 1) if end >= start else [*range(start, 7), *range(end + 1)]
        days += [day for day in run if day not in days]
    if match["what"] in ("off", "closed"):
        return tuple(days), ()
    pairs = (span.split("-") for span in match["what"].split(","))
    return tuple(days), tuple((_minutes(a), _minutes(b)) for a, b in pairs)
