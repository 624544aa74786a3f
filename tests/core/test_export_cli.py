"""``frontdesk-cli export``: files written, period kinds, French errors and exit codes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from frontdesk.cli import main
from frontdesk.stats.export_command import parse_day, period_between
from frontdesk.stats.periods import PeriodError
from frontdesk.store.engine import Store
from frontdesk.visits.record import VisitInput, save_visit


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def visits(store: Store, manager) -> Store:
    """Six visits at Moreuil in S1 2026, one at Roye, two in S2 2025."""
    moments = [datetime(2026, month, 10, 9, tzinfo=UTC) for month in range(1, 7)]
    moments += [datetime(2025, 10, 1, 9, tzinfo=UTC), datetime(2025, 11, 1, 9, tzinfo=UTC)]
    for moment in moments:
        with store.transaction() as session:
            visit = VisitInput(moment, "guichet", ("declarer-revenus",), "resolu", note="Rappel")
            save_visit(session, visit, manager.id)
    with store.transaction() as session:
        session.info["site_id"] = "roye"
        save_visit(
            session,
            VisitInput(datetime(2026, 3, 3, 9, tzinfo=UTC), "telephone", ("chercher-emploi",),
                       "resolu"),
            manager.id,
        )  # fmt: skip
    return store


S1 = ("--from", "2026-01-01", "--to", "2026-06-30")


def test_csv_xlsx_and_pdf(visits: Store, tmp_path: Path, capsys) -> None:
    target = tmp_path / "stats.csv"
    code, out, err = run(capsys, *S1, "--format", "csv", "--out", str(target))
    assert code == 0, err
    assert "Export CSV écrit" in out and "1er semestre 2026" in out and "7\u00a0visites" in out
    text = target.read_text(encoding="utf-8-sig")
    assert "# Période : 1er semestre 2026" in text and "Rappel" not in text

    code, out, _ = run(capsys, *S1, "--site", "moreuil", "--out", str(tmp_path / "m.xlsx"))
    assert code == 0 and "Export XLSX" in out and "6\u00a0visites" in out  # format from the name

    code, out, _ = run(capsys, *S1, "--format", "pdf", "--out", str(tmp_path / "bilan.pdf"))
    assert code == 0 and "pages" in out
    text = " ".join((PdfReader(tmp_path / "bilan.pdf").pages[0].extract_text()).split())
    assert "Bilan semestriel" in text and "1er semestre 2026" in text


def test_per_visit_and_notes(visits: Store, tmp_path: Path, capsys) -> None:
    target = tmp_path / "visites.csv"
    code, out, _ = run(capsys, *S1, "--out", str(target), "--par-visite")
    assert code == 0 and "7\u00a0lignes (une par visite)" in out
    assert "Rappel" not in target.read_text(encoding="utf-8-sig")
    code, _, _ = run(capsys, *S1, "--out", str(target), "--par-visite", "--notes")
    assert code == 0 and "Rappel" in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    "case",
    [
        (("--from", "2026-07-01", "--to", "2026-06-30"), "précède la date de début", 2),
        (("--from", "2026-02-30", "--to", "2026-06-30"), "Date invalide : « 2026-02-30 »", 2),
        (("--from", "hier", "--to", "2026-06-30"), "AAAA-MM-JJ", 2),
        ((*S1, "--site", "amiens"), "Site inconnu : « amiens »", 2),
        (("--from", "2027-01-01", "--to", "2027-06-30"), "Aucune visite sur la période du", 1),
        ((*S1, "--par-visite", "--format", "pdf"), "pas par visite", 2),
        ((*S1, "--notes"), "--notes ne s'emploie qu'avec --par-visite", 2),
    ],
)
def test_bad_requests(visits: Store, tmp_path: Path, capsys, case) -> None:
    argv, message, code = case
    target = tmp_path / "out" / "x.csv"
    target.parent.mkdir()
    result, out, err = run(capsys, *argv, "--out", str(target))
    assert result == code and message in err and out == ""
    assert list(target.parent.iterdir()) == []


def test_unwritable_output(visits: Store, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, *S1, "--out", str(tmp_path / "absent" / "x.csv"))
    assert code == 1 and "n'existe pas" in err
    code, _, err = run(capsys, *S1, "--format", "csv", "--out", str(tmp_path))
    assert code == 1 and "est un dossier" in err


def test_unknown_format_and_unconfigured_base(paths, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, *S1, "--out", str(tmp_path / "x.ods"))
    assert code == 2 and "--format" in err
    code, _, err = run(capsys, *S1, "--out", str(tmp_path / "x.csv"))
    assert code == 1 and "Aucune base" in err


def test_period_kind_follows_the_dates() -> None:
    assert period_between(date(2026, 1, 1), date(2026, 6, 30)).kind == "semestre"
    assert period_between(date(2026, 4, 1), date(2026, 6, 30)).kind == "trimestre"
    assert period_between(date(2026, 2, 1), date(2026, 2, 28)).kind == "mois"
    assert period_between(date(2026, 1, 1), date(2026, 12, 31)).kind == "annee"
    custom = period_between(date(2026, 1, 5), date(2026, 6, 30))
    assert custom.kind == "libre" and custom.previous().end == date(2026, 1, 4)
    assert period_between(date(2026, 7, 1), date(2026, 12, 31)).previous().start == date(2026, 1, 1)
    assert parse_day("31/01/2026") == date(2026, 1, 31)
    with pytest.raises(PeriodError):
        period_between(date(2026, 2, 1), date(2026, 1, 31))
