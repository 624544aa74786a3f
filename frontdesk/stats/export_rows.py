"""The per-visit export's rows: the visit table streamed in batches straight from the
driver (JSON as text), each distinct stored value turned into French labels once, so a
million rows never sit in memory. No agent, and no note unless asked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy.orm import Session

from frontdesk.moments import date_text, day_start, local
from frontdesk.spreadsheet_cells import neutral_text
from frontdesk.stats import tally
from frontdesk.stats.figures import labellers
from frontdesk.stats.periods import Period
from frontdesk.stats.tally import SPIE_STATUSES
from frontdesk.visits.models import Visit

BATCH = 5_000
LIST_SEPARATOR = " | "  # between the values of a multi-valued cell (« ; » separates cells)
# A visit row as read for the per-visit export: few, wide columns (fewer objects for the
# driver to make, fewer lookups), each distinct value labelled once (``_Labels``).
SEPARATOR = "\x1f"
COLUMNS = (
    "substr(started_at, 1, 16), site_id || char(31) || channel || char(31) || outcome || char(31)"
    " || ifnull(age_band, ''), journeys || char(31) || thematiques || char(31) || operators,"
    " publics, orientations, commune_insee, voided_at IS NOT NULL, note"
)
SQLITE_MOMENT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def _bounds(period: Period) -> tuple[str, str]:
    """The period's local days as stored UTC texts: [start, end)."""
    start, end = day_start(period.start), day_start(period.end + timedelta(days=1))
    return start.strftime(SQLITE_MOMENT), end.strftime(SQLITE_MOMENT)


def _visit_sql(period: Period, sites: Sequence[str]) -> tuple[str, list[str]]:
    where = "started_at >= ? AND started_at < ?"
    if sites:
        where += f" AND site_id IN ({', '.join('?' * len(sites))})"
    return f"SELECT {COLUMNS} FROM {Visit.__tablename__} WHERE {where}", [*_bounds(period), *sites]


def has_visit_rows(session: Session, period: Period, sites: Sequence[str]) -> bool:
    sql, params = _visit_sql(period, sites)
    return session.connection().exec_driver_sql(f"{sql} LIMIT 1", tuple(params)).first() is not None


def visit_batches(session: Session, period: Period, sites: Sequence[str]) -> Iterator[list[Any]]:
    """The visits of the period in time order, ``BATCH`` rows at a time, as stored (JSON
    as text): straight from the driver's cursor, in the session's transaction."""
    sql, params = _visit_sql(period, sites)
    driver = cast(sqlite3.Connection, session.connection().connection.driver_connection)
    cursor = driver.cursor()
    try:
        cursor.execute(f"{sql} ORDER BY started_at", params)
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


def csv_field(text: str) -> str:
    """One CSV cell: a formula trigger behind an apostrophe (``neutral_text``: Excel would
    run it), quoted when it holds « ; », a quote or a line break."""
    text = neutral_text(text)
    if any(c in text for c in ';"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


class _Memo(dict[Any, Any]):
    """A cache that computes a missing entry (lookups stay a C-level dict access)."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.compute(key)
        return value


class VisitLabels:
    """Label cells of the stored values, each distinct stored text decoded once."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.label = labellers()
        self.plain = _Memo(self._plain)  # (site, channel, outcome, age band)
        self.journeys = _Memo(self._journeys)  # (journeys, categories, operators)
        self.publics = _Memo(lambda raw: self._decode(tally.PUBLIC, raw))
        self.partners = _Memo(lambda raw: self._decode(tally.PARTNER, raw))
        self.moments = _Memo(self._local)

        # the same, as CSV fragments (cells escaped, joined by « ; »)
        def join(cells: Iterable[str]) -> str:
            return ";".join(map(csv_field, cells))

        self.csv_plain = _Memo(lambda raw: (join(self.plain[raw][:2]), join(self.plain[raw][2:])))
        self.csv_journeys = _Memo(lambda raw: join(self.journeys[raw]))
        self.csv_publics = _Memo(lambda raw: csv_field(self.publics[raw]))
        self.csv_partners = _Memo(lambda raw: csv_field(self.partners[raw]))
        self.csv_communes = _Memo(csv_field)  # as the sync brought them: not checked here
        # the same, as XLSX cells (neutralised, not quoted)
        self.xlsx_plain = _Memo(lambda raw: tuple(map(neutral_text, self.plain[raw])))
        self.xlsx_journeys = _Memo(lambda raw: tuple(map(neutral_text, self.journeys[raw])))
        self.xlsx_publics = _Memo(lambda raw: neutral_text(self.publics[raw]))
        self.xlsx_partners = _Memo(lambda raw: neutral_text(self.partners[raw]))
        self.xlsx_communes = _Memo(neutral_text)

    def _plain(self, raw: str) -> tuple[str, ...]:
        site, channel, outcome, age = raw.split(SEPARATOR)
        label = self.label
        return (
            self.names.get(site, site),
            label[tally.CHANNEL](channel),
            label[tally.OUTCOME](outcome),
            label[tally.AGE_BAND](age) if age else "",
        )

    def _journeys(self, raw: str) -> tuple[str, ...]:
        journeys, categories, operators = raw.split(SEPARATOR)
        return (
            self._decode(tally.JOURNEY, journeys),
            self._decode(tally.CATEGORY, categories),
            self._decode(tally.OPERATOR, operators),
        )

    def _decode(self, kind: str, raw: str) -> str:
        data = json.loads(raw)
        if kind == tally.CATEGORY:
            values = list(dict.fromkeys(t.split("--", 1)[0] for t in data))
        elif kind == tally.PUBLIC:
            values = [
                f"{slug}:{entry.get('status')}"
                for slug, entry in data.items()
                if entry.get("status") in SPIE_STATUSES
            ]
        elif kind == tally.PARTNER:
            kinds = self.label[tally.KIND]
            return LIST_SEPARATOR.join(
                f"{self.label[tally.PARTNER](o['partner'])} ({kinds(o['kind']).lower()})"
                for o in data
            )
        else:
            values = list(dict.fromkeys(data))
        return LIST_SEPARATOR.join(self.label[kind](value) for value in values)

    @staticmethod
    def _local(hour_key: str) -> tuple[date, str, str]:
        """(local date, « JJ/MM/AAAA », « HH: ») of a stored UTC hour « 2026-02-10 08 »
        (Paris offsets are whole hours: one conversion per distinct UTC hour)."""
        utc = datetime.fromisoformat(hour_key + ":00").replace(tzinfo=UTC)
        at = local(utc)
        return at.date(), date_text(at), f"{at.hour:02d}:"

    def csv_lines(self, batch: Iterable[Sequence[Any]], notes: bool) -> str:
        """The CSV lines of a batch of stored rows, each ending with CR LF."""
        moments, plain, journeys = self.moments, self.csv_plain, self.csv_journeys
        publics, partners = self.csv_publics, self.csv_partners
        lines: list[str] = []
        communes, append = self.csv_communes, lines.append
        for stamp, simple, chosen, public, partner, commune, voided, note in batch:
            _day, day, hour = moments[stamp[:13]]
            head, tail = plain[simple]
            line = (
                f"{day};{hour}{stamp[14:]};{head};{journeys[chosen]};{publics[public]};"
                f"{partners[partner]};{tail};{communes[commune or '']};"
                f"{'oui' if voided else 'non'}"
            )
            if notes:
                line += ";" + (csv_field(note) if note else "")
            append(line)
        lines.append("")
        return "\r\n".join(lines)

    def cells(self, row: Sequence[Any], notes: bool) -> tuple[date, str, list[str]]:
        """(local date, « HH:MM », the other cells, neutralised) of a stored row (XLSX)."""
        stamp, simple, chosen, public, partner, commune, voided, note = row
        day, _text, hour = self.moments[stamp[:13]]
        site, channel, outcome, age = self.xlsx_plain[simple]
        values = [site, channel, *self.xlsx_journeys[chosen], self.xlsx_publics[public]]
        values += [self.xlsx_partners[partner], outcome, age, self.xlsx_communes[commune or ""]]
        values.append("oui" if voided else "non")
        if notes:
            values.append(neutral_text(note or ""))
        return day, f"{hour}{stamp[14:]}", values
