"""Exports of the statistics: CSV for French Excel, XLSX, and the PDF « bilan semestriel ».

Every file states its filters (period, sites, options) and when it was made. A file is
written to a temporary name in the target folder, then renamed: whatever goes wrong
(disk full, permission, a bug), nothing half-written is left under the final name.

The per-visit export (one row per visit) streams the visit table in batches, reading
the JSON columns as text and turning each distinct value into labels once: a million
rows never sit in memory. It holds no agent and, unless asked, no note.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.setup import known_sites
from frontdesk.stats import tally
from frontdesk.stats.figures import (
    Breakdown,
    Statistics,
    _labellers,
    compute_statistics,
    counted_sites,
)
from frontdesk.stats.french import NARROW_NBSP, french_number
from frontdesk.stats.models import VisitTally
from frontdesk.stats.periods import Period, french_date, month_start
from frontdesk.stats.tally import LOCAL_ZONE, SPIE_STATUSES
from frontdesk.store.models import Site
from frontdesk.visits.models import Visit

Format = Literal["csv", "xlsx", "pdf"]
FORMATS: tuple[str, ...] = ("csv", "xlsx", "pdf")
BATCH = 5_000
LIST_SEPARATOR = " | "  # between the values of a multi-valued cell (« ; » separates cells)
XLSX_MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included
EXCEL_EPOCH = date(1899, 12, 30)
# Sheet names (31 characters at most) of the breakdowns, in figures.BREAKDOWNS order.
SHEET_NAMES = {
    tally.JOURNEY: "Motifs",
    tally.CATEGORY: "Catégories",
    tally.OPERATOR: "Opérateurs",
    tally.PUBLIC: "Publics SPIE",
    tally.PARTNER: "Partenaires",
    tally.KIND: "Types d'orientation",
    tally.OUTCOME: "Suites",
    tally.CHANNEL: "Canaux",
    tally.AGE_BAND: "Tranches d'âge",
    tally.HOUR: "Heures",
    tally.WEEKDAY: "Jours",
}
COUNT_HEADER = ("Tableau", "Code", "Libellé", "Nombre", "Période précédente", "Évolution")
VISIT_HEADER = (
    "Date", "Heure", "Site", "Canal", "Motifs", "Catégories", "Opérateurs", "Publics SPIE",
    "Partenaires", "Suite", "Tranche d'âge", "Commune (INSEE)", "Annulée",
)  # fmt: skip
NOTE_HEADER = "Note"


class ExportError(Exception):
    """The export cannot be made (message in French, shown as is); no file was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    fmt: str
    rows: int  # data rows written (counts, or visits when per visit); pages for a PDF
    visits: int  # visits counted over the period (voided ones excluded)
    pages: int = 0


@dataclass(frozen=True)
class Monthly:
    """Visits per month of the period, next to the same-rank month of the previous one."""

    months: tuple[date, ...]
    counts: tuple[int, ...]
    previous: tuple[int, ...]


# --- filters ---------------------------------------------------------------------------


def site_names(session: Session) -> dict[str, str]:
    """Every site this base knows: the shipped list, the site table, the counters."""
    names = {site.id: site.name for site in known_sites() if site.id}
    names.update({site_id: name for site_id, name in session.execute(select(Site.id, Site.name))})
    for site_id in session.scalars(select(VisitTally.site_id).distinct()):
        names.setdefault(site_id, site_id)
    return names


def check_sites(session: Session, sites: Iterable[str] | None) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(s.strip() for s in sites or () if s.strip()))
    names = site_names(session)
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise ExportError(
            f"Site inconnu : « {unknown[0]} ». Sites connus : {', '.join(sorted(names))}."
        )
    return chosen


def sites_label(names: dict[str, str], sites: Sequence[str]) -> str:
    return ", ".join(names.get(s, s) for s in sites) if sites else "aucun"


def period_text(period: Period) -> str:
    """« 1er semestre 2026 (du 01/01/2026 au 30/06/2026) »; a custom period once."""
    dates = f"du {french_date(period.start)} au {french_date(period.end)}"
    return dates if period.kind == "libre" else f"{period.label()} ({dates})"


def generated_text(moment: datetime) -> str:
    local = moment.astimezone(LOCAL_ZONE) if moment.tzinfo else moment
    return f"{french_date(local.date())} à {local:%H:%M}"


def parameters(
    stats: Statistics,
    names: dict[str, str],
    chosen: Sequence[str],
    generated_at: datetime,
    *,
    per_visit: bool,
    include_notes: bool,
) -> list[tuple[str, str]]:
    """The filters and facts every file states, as (name, value) pairs."""
    sites = sites_label(names, stats.sites)
    pairs = [
        ("Document", "Statistiques de fréquentation des France Services"),
        ("Période", period_text(stats.period)),
        *([] if per_visit else [("Période de comparaison", period_text(stats.previous_period))]),
        ("Sites", sites if chosen else f"tous ({sites})"),
        ("Contenu", "une ligne par visite" if per_visit else "une ligne par décompte"),
    ]
    if per_visit:
        pairs.append(("Notes libres", "incluses" if include_notes else "non incluses"))
        pairs.append(("Visites annulées", "incluses (colonne « Annulée »)"))
    else:
        pairs.append(("Effectifs", "exacts : document de travail, à ne pas publier en l'état"))
    if stats.month_resolution and per_visit:
        pairs.append(("Remarque", "le détail des visites les plus anciennes n'est plus conservé"))
    elif stats.month_resolution:
        pairs.append(("Remarque", "des mois anciens ne sont plus connus que par mois entier"))
    pairs.append(("Généré le", generated_text(generated_at)))
    return pairs


# --- atomic writing --------------------------------------------------------------------


def _problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        why = "le disque est plein"
    elif exc.errno == errno.EROFS:
        why = "le support est en lecture seule"
    elif isinstance(exc, PermissionError):
        why = "accès refusé (le fichier est peut-être ouvert dans un autre logiciel)"
    else:
        why = exc.strerror or str(exc)
    return f"Impossible d'écrire « {path} » : {why}. Aucun fichier n'a été écrit."


def check_target(path: Path) -> Path:
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"« {path} » est un dossier : indiquez un nom de fichier.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Le dossier « {folder} » n'existe pas. Aucun fichier n'a été écrit.")
    return path


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed to it when the block succeeds and
    deleted when it fails (the error goes on, an ``OSError`` as an ``ExportError``)."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # umask applies
    except OSError as exc:
        raise ExportError(_problem(path, exc)) from exc
    try:
        yield temp
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(_problem(path, exc)) from exc
        raise


def open_text(path: Path) -> IO[str]:
    """The CSV file: UTF-8 with BOM (French Excel), Windows line ends from ``csv``."""
    return open(path, "w", encoding="utf-8-sig", newline="")


# --- the per-visit rows ----------------------------------------------------------------


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
    start = datetime.combine(period.start, time(0), LOCAL_ZONE).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(0), LOCAL_ZONE).astimezone(UTC)
    return start.strftime(SQLITE_MOMENT), end.strftime(SQLITE_MOMENT)


def _visit_sql(period: Period, sites: Sequence[str]) -> tuple[str, list[str]]:
    where = "started_at >= ? AND started_at < ?"
    if sites:
        where += f" AND site_id IN ({', '.join('?' * len(sites))})"
    return f"SELECT {COLUMNS} FROM {Visit.__tablename__} WHERE {where}", [*_bounds(period), *sites]


def has_visit_rows(session: Session, period: Period, sites: Sequence[str]) -> bool:
    sql, params = _visit_sql(period, sites)
    return session.connection().exec_driver_sql(f"{sql} LIMIT 1", tuple(params)).first() is not None


def _visit_batches(session: Session, period: Period, sites: Sequence[str]) -> Iterator[list[Any]]:
    """The visits of the period in time order, ``BATCH`` rows at a time, as stored (JSON
    as text): straight from the driver's cursor, in the session's transaction."""
    sql, params = _visit_sql(period, sites)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"{sql} ORDER BY started_at", params)
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


def csv_field(text: str) -> str:
    """One CSV cell: quoted when it holds « ; », a quote or a line break; a leading
    = + - @ is neutralised with an apostrophe (Excel would run it as a formula)."""
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text
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


class _Labels:
    """Label cells of the stored values, each distinct stored text decoded once."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.label = _labellers()
        self.plain = _Memo(self._plain)  # (site, channel, outcome, age band)
        self.journeys = _Memo(self._journeys)  # (journeys, categories, operators)
        self.publics = _Memo(lambda raw: self._decode(tally.PUBLIC, raw))
        self.partners = _Memo(lambda raw: self._decode(tally.PARTNER, raw))
        self.moments = _Memo(self._local)
        # the same, as CSV fragments (cells escaped, joined by « ; »)
        join = lambda cells: ";".join(map(csv_field, cells))  # noqa: E731
        self.csv_plain = _Memo(lambda raw: (join(self.plain[raw][:2]), join(self.plain[raw][2:])))
        self.csv_journeys = _Memo(lambda raw: join(self.journeys[raw]))
        self.csv_publics = _Memo(lambda raw: csv_field(self.publics[raw]))
        self.csv_partners = _Memo(lambda raw: csv_field(self.partners[raw]))

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
        local = utc.astimezone(LOCAL_ZONE)
        return local.date(), french_date(local.date()), f"{local.hour:02d}:"

    def csv_lines(self, batch: Iterable[Sequence[Any]], notes: bool) -> str:
        """The CSV lines of a batch of stored rows, each ending with CR LF."""
        moments, plain, journeys = self.moments, self.csv_plain, self.csv_journeys
        publics, partners, lines = self.csv_publics, self.csv_partners, []
        append = lines.append
        for stamp, simple, chosen, public, partner, commune, voided, note in batch:
            _day, day, hour = moments[stamp[:13]]
            head, tail = plain[simple]
            line = (
                f"{day};{hour}{stamp[14:]};{head};{journeys[chosen]};{publics[public]};"
                f"{partners[partner]};{tail};{commune or ''};{'oui' if voided else 'non'}"
            )
            if notes:
                line += ";" + (csv_field(note) if note else "")
            append(line)
        lines.append("")
        return "\r\n".join(lines)

    def cells(self, row: Sequence[Any], notes: bool) -> tuple[date, str, list[str]]:
        """(local date, « HH:MM », the other cells) of a stored row (XLSX)."""
        stamp, simple, chosen, public, partner, commune, voided, note = row
        day, _text, hour = self.moments[stamp[:13]]
        site, channel, outcome, age = self.plain[simple]
        values = [site, channel, *self.journeys[chosen], self.publics[public]]
        values += [self.partners[partner], outcome, age, commune or "", "oui" if voided else "non"]
        if notes:
            values.append(note or "")
        return day, f"{hour}{stamp[14:]}", values


# --- the count rows --------------------------------------------------------------------


def _previous_spie_share(stats: Statistics) -> float | None:
    return stats.previous_spie_visits / stats.previous_visits if stats.previous_visits else None


def key_figures(stats: Statistics) -> list[tuple[str, str, int | float | None, int | float | None]]:
    """(code, label, value, previous value) of the key figures (shares 0–1, means)."""
    return [
        ("visites", "Visites", stats.visits, stats.previous_visits),
        ("spie", "Visites en lien avec le SPIE", stats.spie_visits, stats.previous_spie_visits),
        ("part-spie", "Part des visites en lien avec le SPIE", stats.spie_share,
         _previous_spie_share(stats)),
        ("partenaires-total", "Partenaires mobilisés (total)", stats.partners_total,
         stats.previous_partners_total),
        ("partenaires-moyenne", "Partenaires mobilisés par visite (moyenne)",
         stats.partners_mean, stats.previous_partners_mean),
    ]  # fmt: skip


def _csv_number(value: int | float | None, decimals: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}".replace(".", ",")


def _satisfaction(session: Session, period: Period, sites: Sequence[str]) -> Any:
    """The satisfaction counts of the period, or None when that module is absent."""
    try:
        from frontdesk.satisfaction import satisfaction_counts, satisfaction_form
    except ImportError:  # pragma: no cover - the module ships with this one
        return None
    counts = satisfaction_counts(session, period.start, period.end, sites or None)
    form = satisfaction_form()
    return SatisfactionResults.build(form, counts, period)


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


# --- writers ---------------------------------------------------------------------------


@dataclass
class _Writer:
    """What a file holds; ``labels`` is set for the per-visit export."""

    session: Session
    stats: Statistics
    params: list[tuple[str, str]]
    sites: tuple[str, ...]
    labels: _Labels | None = None
    include_notes: bool = False
    satisfaction: SatisfactionResults | None = None
    formats: dict[str, Any] = field(default_factory=dict)  # the XLSX cell formats

    @property
    def visit_header(self) -> tuple[str, ...]:
        return VISIT_HEADER + ((NOTE_HEADER,) if self.include_notes else ())

    # CSV

    def csv(self, target: Path) -> int:
        with open_text(target) as handle:
            for name, value in self.params:
                handle.write(f"# {name} : {value}\n")
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            if self.labels is None:
                return self._csv_counts(writer)
            writer.writerow(self.visit_header)
            written = 0
            for batch in _visit_batches(self.session, self.stats.period, self.sites):
                handle.write(self.labels.csv_lines(batch, self.include_notes))
                written += len(batch)
            return written

    def _csv_counts(self, writer: Any) -> int:
        writer.writerow(COUNT_HEADER)
        written = 0
        for code, label, value, before in key_figures(self.stats):
            change = value - before if _both_int(value, before) else None  # type: ignore[operator]
            shown = (label, value, before)
            if code == "part-spie":  # a percentage, as French Excel reads it
                shown = (f"{label} (%)", *(None if v is None else 100 * v for v in (value, before)))
            writer.writerow(
                ("Chiffres clés", code, shown[0], *map(_csv_number, (*shown[1:], change)))
            )
            written += 1
        for breakdown in self.stats.breakdowns:
            for row in breakdown.rows:
                writer.writerow(
                    (breakdown.title, row.value, row.label, row.count, row.previous, row.change)
                )
                written += 1
        return written

    # XLSX

    def xlsx(self, target: Path) -> int:
        import xlsxwriter

        book = xlsxwriter.Workbook(
            str(target), {"constant_memory": self.labels is not None, "strings_to_numbers": False}
        )
        book.set_properties({"title": "Statistiques France Services", "author": "Frontdesk"})
        # number formats in the file's (US) notation: Excel shows them with French separators
        self.formats = {
            "bold": book.add_format({"bold": True, "bg_color": "#E3E3FD", "bottom": 1}),
            "title": book.add_format({"bold": True, "font_size": 13, "font_color": "#000091"}),
            "whole": book.add_format({"num_format": "#,##0"}),
            "change": book.add_format({"num_format": "+#,##0;-#,##0;0"}),
            "decimal": book.add_format({"num_format": "0.00"}),
            "percent": book.add_format({"num_format": "0.0%"}),
            "day": book.add_format({"num_format": "dd/mm/yyyy"}),
        }
        self._xlsx_parameters(book)
        written = self._xlsx_key_figures(book)
        for breakdown in self.stats.breakdowns:
            written += self._xlsx_breakdown(book, breakdown)
        if self.satisfaction is not None:
            self._xlsx_satisfaction(book, self.satisfaction)
        if self.labels is not None:
            written = self._xlsx_visits(book)
        book.close()
        return written

    def _xlsx_parameters(self, book: Any) -> None:
        sheet = book.add_worksheet("Paramètres")
        sheet.set_column(0, 0, 26)
        sheet.set_column(1, 1, 90)
        sheet.write(
            0, 0, "Statistiques de fréquentation des France Services", self.formats["title"]
        )
        for index, (name, value) in enumerate(self.params, start=2):
            sheet.write_string(index, 0, name, self.formats["bold"])
            sheet.write_string(index, 1, value)

    def _xlsx_key_figures(self, book: Any) -> int:
        shown = self.formats
        sheet = book.add_worksheet("Chiffres clés")
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 3, 18)
        header = ("Indicateur", "Période", "Période précédente", "Évolution")
        sheet.write_row(0, 0, header, shown["bold"])
        figures = key_figures(self.stats)
        for index, (code, label, value, before) in enumerate(figures, start=1):
            shape = {"part-spie": "percent", "partenaires-moyenne": "decimal"}.get(code, "whole")
            sheet.write_string(index, 0, label)
            for column, number in ((1, value), (2, before)):
                if number is not None:
                    sheet.write_number(index, column, number, shown[shape])
            if _both_int(value, before):
                sheet.write_number(index, 3, value - before, shown["change"])  # type: ignore[operator]
        sheet.freeze_panes(1, 0)
        return len(figures)

    def _xlsx_breakdown(self, book: Any, breakdown: Breakdown) -> int:
        shown, visits = self.formats, self.stats.visits
        sheet = book.add_worksheet(SHEET_NAMES.get(breakdown.dim, breakdown.dim)[:31])
        longest = max((len(row.label) for row in breakdown.rows), default=10)
        sheet.set_column(0, 0, min(max(longest, 12) + 2, 80))
        sheet.set_column(1, 4, 16)
        sheet.set_column(5, 5, 22)
        header = ("Libellé", "Nombre", "Période précédente", "Évolution", "Part des visites")
        sheet.write_row(0, 0, (*header, "Code"), shown["bold"])
        for index, row in enumerate(breakdown.rows, start=1):
            sheet.write_string(index, 0, row.label)
            sheet.write_number(index, 1, row.count, shown["whole"])
            sheet.write_number(index, 2, row.previous, shown["whole"])
            sheet.write_number(index, 3, row.change, shown["change"])
            if visits:
                sheet.write_number(index, 4, row.count / visits, shown["percent"])
            sheet.write_string(index, 5, row.value)
        note = f"{breakdown.title} ; part calculée sur {french_number(visits)} visites."
        sheet.write_string(len(breakdown.rows) + 2, 0, note.replace(NARROW_NBSP, " "))
        sheet.freeze_panes(1, 0)
        return len(breakdown.rows)

    def _xlsx_satisfaction(self, book: Any, results: SatisfactionResults) -> None:
        shown = self.formats
        sheet = book.add_worksheet("Satisfaction")
        sheet.set_column(0, 0, 56)
        sheet.set_column(1, 2, 14)
        sheet.write_row(0, 0, ("Question / réponse", "Réponses", "Part"), shown["bold"])
        index = 1
        for question in results.questions:
            sheet.write_string(index, 0, question.label, shown["bold"])
            sheet.write_number(index, 1, question.total, shown["whole"])
            index += 1
            for _id, label, count in question.answers:
                sheet.write_string(index, 0, f"    {label}")
                sheet.write_number(index, 1, count, shown["whole"])
                if question.total:
                    sheet.write_number(index, 2, count / question.total, shown["percent"])
                index += 1
        if results.whole_months:
            sheet.write_string(index + 1, 0, "Questionnaire compté par mois entiers.")

    def _xlsx_visits(self, book: Any) -> int:
        """The « Visites » sheet (« Visites (2) »… past Excel's row limit)."""
        header, day_format = self.visit_header, self.formats["day"]
        widths = (12, 7, 28, 16, 48, 36, 24, 36, 40, 26, 16, 14, 9, 60)
        sheet, line, part, written = None, XLSX_MAX_ROWS, 0, 0
        assert self.labels is not None
        cells, notes = self.labels.cells, self.include_notes
        for batch in _visit_batches(self.session, self.stats.period, self.sites):
            for record in batch:
                if line >= XLSX_MAX_ROWS:
                    part += 1
                    sheet = book.add_worksheet("Visites" if part == 1 else f"Visites ({part})")
                    for column, size in enumerate(widths[: len(header)]):
                        sheet.set_column(column, column, size)
                    sheet.write_row(0, 0, header, self.formats["bold"])
                    sheet.freeze_panes(1, 0)
                    line = 1
                assert sheet is not None
                day, moment, values = cells(record, notes)
                sheet.write_number(line, 0, (day - EXCEL_EPOCH).days, day_format)
                sheet.write_string(line, 1, moment)
                sheet.write_row(line, 2, values)
                line += 1
            written += len(batch)
        return written


def _both_int(value: object, before: object) -> bool:
    return isinstance(value, int) and isinstance(before, int)


# --- entry point -----------------------------------------------------------------------


def export_statistics(
    session: Session,
    period: Period,
    sites: Iterable[str] | None,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    per_visit: bool = False,
    include_notes: bool = False,
    generated_at: datetime | None = None,
) -> ExportResult:
    """Write the statistics of ``period`` for ``sites`` (None or empty: every site) to
    ``path`` as CSV, XLSX or PDF. Raises ``ExportError`` (French) and leaves nothing."""
    if fmt not in FORMATS:
        raise ExportError(f"Format inconnu : « {fmt} » (csv, xlsx ou pdf).")
    if per_visit and fmt == "pdf":
        raise ExportError("L'export d'une ligne par visite se fait en CSV ou en XLSX, pas en PDF.")
    chosen = check_sites(session, sites)
    target = check_target(Path(path))
    names = site_names(session)
    stats = (light_statistics if per_visit else compute_statistics)(session, period, chosen)
    where = f" ({sites_label(names, chosen)})" if chosen else ""
    empty = (
        f"Aucune visite sur la période du {french_date(period.start)} au "
        f"{french_date(period.end)}{where} : aucun fichier n'a été écrit."
    )
    if per_visit and not has_visit_rows(session, period, chosen):
        if not stats.empty:
            raise ExportError(
                "Le détail des visites de cette période n'est plus conservé (durée de "
                "conservation) : seul l'export des décomptes est possible."
            )
        raise ExportError(empty)
    if stats.empty and not per_visit:
        raise ExportError(empty)
    moment = generated_at or datetime.now(LOCAL_ZONE)
    params = parameters(
        stats, names, chosen, moment, per_visit=per_visit, include_notes=include_notes
    )
    labels = _Labels(names) if per_visit else None
    satisfaction = None if per_visit else _satisfaction(session, period, chosen)
    writer = _Writer(session, stats, params, chosen, labels, include_notes, satisfaction)
    pages = 0
    with atomic_target(target) as temp:
        if fmt == "csv":
            rows = writer.csv(temp)
        elif fmt == "xlsx":
            rows = writer.xlsx(temp)
        else:
            from frontdesk.stats.bilan import BilanData, render_bilan

            data = BilanData(
                stats=stats,
                site_names=names,
                chosen_sites=chosen,
                generated_at=moment,
                monthly=monthly_visits(session, stats, chosen),
                satisfaction=satisfaction,
            )
            pages = rows = render_bilan(data, temp)
    return ExportResult(target, fmt, rows, stats.visits, pages)


def light_statistics(session: Session, period: Period, sites: Sequence[str]) -> Statistics:
    """Only what the per-visit export states: the visits counted and whether some
    months are rolled up (no breakdown: the export reads the visits themselves)."""
    query = select(func.sum(VisitTally.n), func.max(VisitTally.monthly)).where(
        VisitTally.dim == tally.VISITS, VisitTally.day >= period.start, VisitTally.day <= period.end
    )
    if sites:
        query = query.where(VisitTally.site_id.in_(sites))
    visits, monthly = session.execute(query).one()
    return Statistics(
        period=period,
        previous_period=period.previous(),
        sites=tuple(sites) or counted_sites(session),
        visits=int(visits or 0),
        previous_visits=0,
        spie_visits=0,
        previous_spie_visits=0,
        partners_total=0,
        previous_partners_total=0,
        breakdowns=(),
        month_resolution=bool(monthly),
    )


def default_file_name(period: Period, fmt: str, sites: Sequence[str] = ()) -> str:
    """« statistiques-2026-01-01-2026-06-30-moreuil.csv », « bilan-….pdf »."""
    stem = "bilan" if fmt == "pdf" else "statistiques"
    where = "-".join(sites) if sites else "tous-sites"
    return f"{stem}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}-{where}.{fmt}"
