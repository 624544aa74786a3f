"""Statistics exports: CSV for French Excel, XLSX, the PDF bilan, and bad input
(empty period, unknown site, unwritable path, disk full) that never leaves a file."""

from __future__ import annotations

import csv
import errno
import io
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.satisfaction import record_answers
from frontdesk.stats import exports
from frontdesk.stats.exports import ExportError, export_statistics
from frontdesk.stats.periods import Period, PeriodError
from frontdesk.store.engine import Store
from frontdesk.visits.record import Orientation, VisitInput, save_visit, void_visit

S1_2026 = Period.half_year(2026, 1)
GENERATED = datetime(2026, 7, 2, 9, 15, tzinfo=UTC)  # 11:15 in Paris
NOTE = "Dossier CAF à compléter"


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def save(store: Store, manager, started: datetime, *, site: str | None = None, **fields):
    values = dict(channel="guichet", journeys=("declarer-revenus",), outcome="resolu")
    values.update(fields)
    with store.transaction() as session:
        if site is not None:
            session.info["site_id"] = site
        return save_visit(session, VisitInput(started_at=started, **values), manager.id)


@pytest.fixture
def dataset(store: Store, manager) -> Store:
    """S1 2026: 9 visits at Moreuil (one voided later), 2 at Roye; S2 2025: 6 visits.

    Moreuil S1: 6 tax visits (one with a note), 1 NEET visit oriented to two partners,
    1 job visit oriented to France Travail by phone, 1 voided. Counts are small on
    purpose: everything but « Visites » (10) and the tax journey (9) is below 5.
    """
    neet = assess(parse_situation({"age": 20, "employed": False, "student": False,
                                   "in_training": False}))  # fmt: skip
    for day in range(1, 6):
        save(store, manager, at(2, day + 1, 8, 30))  # 09:30 in Paris, Feb 2 to 6
    save(store, manager, at(3, 3, 9), note=NOTE)
    save(
        store, manager, at(2, 10, 8, 30), journeys=("jeune-neet", "declarer-revenus"),
        assessment=neet, outcome="oriente", age_band="16-25", commune_insee="80570",
        orientations=(Orientation("mission-locale", "appel"),
                      Orientation("france-travail", "information")),
    )  # fmt: skip
    save(
        store, manager, at(6, 6, 7, 45), journeys=("chercher-emploi",), outcome="oriente",
        channel="telephone", orientations=(Orientation("france-travail", "rendez-vous"),),
    )  # fmt: skip
    voided = save(store, manager, at(3, 2, 9))
    save(store, manager, at(4, 14, 12), site="roye", channel="telephone")
    save(store, manager, at(5, 5, 12), site="roye")
    for day in range(1, 7):
        save(store, manager, at(9, day, 9, year=2025), journeys=("chercher-emploi",))
    with store.transaction() as session:
        void_visit(session, voided, "saisie en double")
    with store.transaction() as session:
        for answer in ("oui", "oui", "oui", "oui", "oui", "non"):
            record_answers(
                session, {"reponse-obtenue": answer, "accueil": "bien"}, date(2026, 3, 1)
            )
    return store


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exports (the test's FRONTDESK_HOME is next to it)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def export(store: Store, fmt: str, path: Path, sites=None, period=S1_2026, **options):
    with store.session() as session:
        return export_statistics(
            session, period, sites, fmt, path, generated_at=GENERATED, **options
        )


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM French Excel needs
    lines = raw.decode("utf-8-sig").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    data = "\n".join(line for line in lines if not line.startswith("#"))
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    return comments, rows


def no_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_csv_counts_for_french_excel(dataset: Store, out: Path) -> None:
    target = out / "stats.csv"
    result = export(dataset, "csv", target)
    comments, rows = read_csv(target)
    assert "# Période : 1er semestre 2026 (du 01/01/2026 au 30/06/2026)" in comments
    assert "# Période de comparaison : 2e semestre 2025 (du 01/07/2025 au 31/12/2025)" in comments
    assert "# Généré le : 02/07/2026 à 11\u00a0h\u00a015" in comments
    assert any(c.startswith("# Sites : tous") for c in comments)
    assert rows[0] == ["Tableau", "Code", "Libellé", "Nombre", "Période précédente", "Évolution"]
    by_code = {(r[0], r[1]): r for r in rows[1:]}
    assert by_code[("Chiffres clés", "visites")][3:] == ["10", "6", "4"]
    assert by_code[("Chiffres clés", "spie")][3] == "1"
    assert by_code[("Chiffres clés", "partenaires-moyenne")][3] == "0,30"  # 3 / 10
    assert by_code[("Par motif de visite", "declarer-revenus")][3:5] == ["9", "0"]
    assert by_code[("Par canal", "telephone")][3] == "2"
    assert by_code[("Par partenaire vers qui la personne est orientée", "france-travail")][3] == "2"
    assert result.rows == len(rows) - 1 and result.visits == 10


def test_csv_one_row_per_visit_without_notes_unless_asked(dataset: Store, out: Path) -> None:
    target = out / "visites.csv"
    result = export(dataset, "csv", target, per_visit=True)
    comments, rows = read_csv(target)
    assert "# Notes libres : non incluses" in comments
    assert "Note" not in rows[0] and NOTE not in target.read_text(encoding="utf-8-sig")
    assert rows[0][:3] == ["Date", "Heure", "Site"]
    assert result.rows == 11 == len(rows) - 1  # 10 visits + the voided one, flagged
    first = rows[1]
    assert first[0] == "02/02/2026" and first[1] == "09:30"  # local time, French date
    assert first[2] == "France Services de Moreuil" and first[3] == "Au guichet"
    neet = next(r for r in rows if r[0] == "10/02/2026")
    assert "Mission locale (appel passé avec la personne)" in neet[8]
    assert " | " in neet[4] and neet[10] == "16 à 25 ans" and neet[11] == "80570"
    assert [r[-1] for r in rows[1:]].count("oui") == 1  # « Annulée »

    with_notes = out / "avec-notes.csv"
    export(dataset, "csv", with_notes, per_visit=True, include_notes=True)
    comments, rows = read_csv(with_notes)
    assert rows[0][-1] == "Note" and "# Notes libres : incluses" in comments
    assert [r[-1] for r in rows[1:] if r[-1]] == [NOTE]


def test_csv_one_site(dataset: Store, out: Path) -> None:
    target = out / "roye.csv"
    result = export(dataset, "csv", target, sites=["roye"], per_visit=True)
    comments, rows = read_csv(target)
    assert "# Sites : France Services de Roye" in comments
    assert result.rows == 2 and {r[2] for r in rows[1:]} == {"France Services de Roye"}


def test_xlsx_sheets_and_figures(dataset: Store, out: Path) -> None:
    target = out / "stats.xlsx"
    export(dataset, "xlsx", target)
    book = load_workbook(target)
    assert book.sheetnames[:3] == ["Paramètres", "Chiffres clés", "Motifs"]
    assert {"Partenaires", "Canaux", "Heures", "Jours", "Satisfaction"} <= set(book.sheetnames)
    params = {row[0]: row[1] for row in book["Paramètres"].iter_rows(values_only=True) if row[0]}
    assert params["Période"] == "1er semestre 2026 (du 01/01/2026 au 30/06/2026)"
    assert params["Généré le"] == "02/07/2026 à 11\u00a0h\u00a015"
    figures = {row[0]: row[1:4] for row in book["Chiffres clés"].iter_rows(values_only=True)}
    assert figures["Visites"] == (10, 6, 4)
    assert figures["Partenaires mobilisés par visite (moyenne)"][0] == pytest.approx(0.3)
    motifs = {row[0]: row[1] for row in book["Motifs"].iter_rows(min_row=2, values_only=True)}
    assert motifs["Je déclare mes revenus"] == 9
    satisfaction = [row for row in book["Satisfaction"].iter_rows(values_only=True)]
    assert ("    Oui", 5, pytest.approx(5 / 6)) in satisfaction
    assert book["Motifs"]["A1"].font.bold


def test_xlsx_per_visit_sheet(dataset: Store, out: Path) -> None:
    target = out / "visites.xlsx"
    result = export(dataset, "xlsx", target, per_visit=True, include_notes=True)
    book = load_workbook(target)
    assert "Visites" in book.sheetnames
    rows = list(book["Visites"].iter_rows(values_only=True))
    assert rows[0][0] == "Date" and rows[0][-1] == "Note"
    assert rows[1][0] == datetime(2026, 2, 2) and rows[1][1] == "09:30"
    assert book["Visites"]["A2"].number_format == "dd/mm/yyyy"
    assert result.rows == len(rows) - 1 == 11


def words(text: str) -> str:
    """The text with every run of spaces and line breaks as one space (table cells and
    wrapped lines come out of pypdf on lines of their own)."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return words(" ".join(page.extract_text() for page in PdfReader(path).pages))


def test_pdf_bilan_has_key_figures_and_masks_small_counts(dataset: Store, out: Path) -> None:
    target = out / "bilan.pdf"
    result = export(dataset, "pdf", target)
    reader = PdfReader(target)
    text = pdf_text(target)
    assert result.pages == len(reader.pages) >= 5
    assert "Bilan semestriel" in text and "Moreuil et Roye" in text
    assert "1er semestre 2026" in text and "2 juillet 2026 à 11" in text
    assert "Chiffres clés" in text and "Satisfaction des visiteurs" in text
    assert "Orientations vers les partenaires" in text
    assert f"page 1 / {len(reader.pages)}" in text
    key = words(reader.pages[1].extract_text())
    assert "Visites 10 6 +4" in key  # 10 and 6 published, change shown
    assert "< 5" in key  # the single SPIE visit
    assert "Je déclare mes revenus 9" in text
    # small counts never appear exactly in a table: France Travail (2 visits) is masked
    assert "France Travail < 5" in text
    assert "Oui 5 83,3" in text  # satisfaction: 5 of 6 answers


def test_pdf_of_one_small_site_is_masked(dataset: Store, out: Path) -> None:
    target = out / "roye.pdf"
    export(dataset, "pdf", target, sites=["roye"])
    text = pdf_text(target)
    assert "France Services de Roye" in text and "Moreuil" not in text
    assert "Visites < 5" in text


def test_empty_period_writes_nothing(dataset: Store, out: Path) -> None:
    for fmt in ("csv", "xlsx", "pdf"):
        with pytest.raises(ExportError, match=r"^Aucune visite sur la période du 01/01/2027 au"):
            export(dataset, fmt, out / f"vide.{fmt}", period=Period.half_year(2027, 1))
    with pytest.raises(ExportError, match="Aucune visite"):
        export(dataset, "csv", out / "v.csv", period=Period.year(2027), per_visit=True)
    assert no_leftovers(out) == []


def test_period_end_before_start_is_refused() -> None:
    with pytest.raises(PeriodError, match="précède la date de début"):
        Period(date(2026, 6, 30), date(2026, 1, 1))


def test_unknown_site_and_bad_options(dataset: Store, out: Path) -> None:
    with pytest.raises(
        ExportError, match=r"Site inconnu : « paris »\. Sites connus : moreuil, roye"
    ):
        export(dataset, "csv", out / "x.csv", sites=["paris"])
    with pytest.raises(ExportError, match="Format inconnu"):
        export(dataset, "ods", out / "x.ods")
    with pytest.raises(ExportError, match="pas en PDF"):
        export(dataset, "pdf", out / "x.pdf", per_visit=True)
    assert no_leftovers(out) == []


def test_unwritable_paths(dataset: Store, out: Path, monkeypatch) -> None:
    with pytest.raises(ExportError, match="n'existe pas"):
        export(dataset, "csv", out / "absent" / "x.csv")
    with pytest.raises(ExportError, match="est un dossier"):
        export(dataset, "csv", out)
    locked = out / "lecture-seule"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root ignores permissions: refuse as the OS would
        real_open = os.open

        def refusing_open(path, *args, **kwargs):
            if Path(path).parent == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    try:
        with pytest.raises(ExportError, match=r"Impossible d'écrire .* accès refusé"):
            export(dataset, "csv", locked / "x.csv")
    finally:
        locked.chmod(0o700)
    assert no_leftovers(locked) == []


class FullDisk(io.StringIO):
    """A file that takes a few writes, then fails as a full disk does."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path, self.writes = path, 0
        path.write_text("partial")  # what a real half-written file would leave

    def write(self, text: str) -> int:
        self.writes += 1
        if self.writes > 12:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(text)


def test_disk_full_leaves_nothing(dataset: Store, out: Path, monkeypatch) -> None:
    previous = out / "stats.csv"
    previous.write_text("ancien export")
    from frontdesk.stats import export_rows, export_writer

    monkeypatch.setattr(export_writer, "open_text", FullDisk)
    monkeypatch.setattr(export_rows, "BATCH", 2)  # many small batches: fails mid-stream
    with pytest.raises(ExportError, match="le disque est plein"):
        export(dataset, "csv", previous, per_visit=True)
    assert no_leftovers(out) == ["stats.csv"]
    assert previous.read_text() == "ancien export"  # the old file is untouched


def test_failure_while_rendering_leaves_nothing(dataset: Store, out: Path, monkeypatch) -> None:
    import xlsxwriter

    def broken_close(self) -> None:
        Path(self.filename).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", broken_close)
    with pytest.raises(ExportError, match="disque est plein"):
        export(dataset, "xlsx", out / "stats.xlsx")
    assert no_leftovers(out) == []


def test_default_file_name() -> None:
    assert (
        exports.default_file_name(S1_2026, "pdf", ["moreuil"])
        == "bilan-2026-01-01-2026-06-30-moreuil.pdf"
    )
