"""The CSV and XLSX files of an export (the PDF is ``bilan``).

Every cell that holds data goes through ``frontdesk.spreadsheet_cells`` (ids and labels may
come from the sync, notes from an agent; the headers and key figures are our own words): a
formula trigger gets an apostrophe, the same in both formats, and XlsxWriter is told never
to turn a text into a formula or a link."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from frontdesk.progress import NoProgress, Progress
from frontdesk.spreadsheet_cells import neutral_row, neutral_text
from frontdesk.stats import tally
from frontdesk.stats.export_files import open_text
from frontdesk.stats.export_rows import VisitLabels, csv_field, visit_batches
from frontdesk.stats.figures import Breakdown, Statistics
from frontdesk.stats.french import NARROW_NBSP, french_number
from frontdesk.stats.report_data import SatisfactionResults

XLSX_MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included
LINE_END = "\r\n"  # every line of a CSV, comments included (Windows, as Excel expects)
XLSX_STEP = 500  # visit rows between two progress steps (a step is where « Annuler » acts)
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


@dataclass
class FileWriter:
    """What a file holds; ``labels`` is set for the per-visit export."""

    session: Session
    stats: Statistics
    params: list[tuple[str, str]]
    sites: tuple[str, ...]
    labels: VisitLabels | None = None
    include_notes: bool = False
    satisfaction: SatisfactionResults | None = None
    formats: dict[str, Any] = field(default_factory=dict)  # the XLSX cell formats
    progress: Progress = field(default_factory=NoProgress)

    @property
    def visit_header(self) -> tuple[str, ...]:
        return VISIT_HEADER + ((NOTE_HEADER,) if self.include_notes else ())

    # CSV

    def csv(self, target: Path) -> int:
        with open_text(target) as handle:
            for name, value in self.params:  # one cell each, whatever a site name holds
                handle.write(csv_field(f"# {name} : {value}") + LINE_END)
            writer = csv.writer(handle, delimiter=";", lineterminator=LINE_END)
            if self.labels is None:
                return self._csv_counts(writer)
            writer.writerow(self.visit_header)
            written = 0
            for batch in visit_batches(self.session, self.stats.period, self.sites):
                handle.write(self.labels.csv_lines(batch, self.include_notes))
                written += len(batch)
                self._step(written)
            return written

    def _step(self, written: int) -> None:
        """Where a per-visit export is; raises ``Cancelled`` when asked to stop."""
        total = max(self.stats.visits, written)  # voided visits are written, not counted
        visits = "visite écrite" if written < 2 else "visites écrites"
        said = f"{french_number(written)} {visits} sur {french_number(total)}"
        self.progress.step(written, total, said)

    def _csv_counts(self, writer: Any) -> int:
        writer.writerow(COUNT_HEADER)
        written = 0
        for code, label, value, before in key_figures(self.stats):
            change = value - before if isinstance(value, int) and isinstance(before, int) else None
            title, numbers = label, (value, before)
            if code == "part-spie":  # a percentage, as French Excel reads it
                title = f"{label} (%)"
                numbers = (
                    None if value is None else 100 * value,
                    None if before is None else 100 * before,
                )
            writer.writerow(
                ("Chiffres clés", code, title, *map(_csv_number, (*numbers, change)))
            )
            written += 1
        for index, breakdown in enumerate(self.stats.breakdowns):
            self.progress.step(index, len(self.stats.breakdowns), breakdown.title)
            for row in breakdown.rows:
                writer.writerow(
                    neutral_row(
                        (breakdown.title, row.value, row.label, row.count, row.previous, row.change)
                    )
                )
                written += 1
        return written

    # XLSX

    def xlsx(self, target: Path) -> int:
        import xlsxwriter

        options = {"strings_to_numbers": False, "strings_to_formulas": False}
        options |= {"strings_to_urls": False, "constant_memory": self.labels is not None}
        book = xlsxwriter.Workbook(str(target), options)
        try:
            return self._xlsx_book(book)
        except BaseException:
            _discard(book)
            raise

    def _xlsx_book(self, book: Any) -> int:
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
        for index, breakdown in enumerate(self.stats.breakdowns):
            self.progress.step(index, len(self.stats.breakdowns), breakdown.title)
            written += self._xlsx_breakdown(book, breakdown)
        if self.satisfaction is not None:
            self._xlsx_satisfaction(book, self.satisfaction)
        if self.labels is not None:
            written = self._xlsx_visits(book)
        self.progress.step(written, None, "Enregistrement du classeur…")
        book.close()  # not interruptible: a cancel meanwhile discards the file after it
        self.progress.check()
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
            sheet.write_string(index, 1, neutral_text(value))

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
            if isinstance(value, int) and isinstance(before, int):
                sheet.write_number(index, 3, value - before, shown["change"])
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
            sheet.write_string(index, 0, neutral_text(row.label))
            sheet.write_number(index, 1, row.count, shown["whole"])
            sheet.write_number(index, 2, row.previous, shown["whole"])
            sheet.write_number(index, 3, row.change, shown["change"])
            if visits:
                sheet.write_number(index, 4, row.count / visits, shown["percent"])
            sheet.write_string(index, 5, neutral_text(row.value))
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
            sheet.write_string(index, 0, neutral_text(question.label), shown["bold"])
            sheet.write_number(index, 1, question.total, shown["whole"])
            index += 1
            for _id, label, count in question.answers:
                sheet.write_string(index, 0, neutral_text(f"    {label}"))
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
        for batch in visit_batches(self.session, self.stats.period, self.sites):
            for count, record in enumerate(batch, start=1):
                if not count % XLSX_STEP:
                    self._step(written + count)
                if line >= XLSX_MAX_ROWS:
                    part += 1
                    sheet = book.add_worksheet("Visites" if part == 1 else f"Visites ({part})")
                    for column, size in enumerate(widths[: len(header)]):
                        sheet.set_column(column, column, size)
                    sheet.write_row(0, 0, header, self.formats["bold"])
                    sheet.freeze_panes(1, 0)
                    line = 1
                assert sheet is not None
                day, moment, values = cells(record, notes)  # neutralised text
                sheet.write_number(line, 0, (day - EXCEL_EPOCH).days, day_format)
                sheet.write_string(line, 1, moment)
                sheet.write_row(line, 2, values)
                line += 1
            written += len(batch)
            self._step(written)
        return written


def _discard(book: Any) -> None:
    """A workbook given up half-way: the row files of its sheets (constant-memory mode,
    in the system's temporary folder) go too."""
    for sheet in book.worksheets():
        name = getattr(sheet, "row_data_filename", None)
        if name:
            handle = getattr(sheet, "row_data_fh", None)
            if handle is not None:
                handle.close()
            Path(name).unlink(missing_ok=True)
