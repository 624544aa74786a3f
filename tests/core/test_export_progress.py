"""Long exports and backups report their progress and stop when cancelled, leaving no
file; CSV lines all end alike; the bilan says when its figures are demonstration data;
age bands read in age order."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from frontdesk.accounts import ProfileInfo
from frontdesk.device import put_setting
from frontdesk.paths import AppPaths
from frontdesk.progress import Cancelled, Progress
from frontdesk.stats import export_rows, tally
from frontdesk.stats.demo_marks import DEMO_SETTING
from frontdesk.stats.exports import export_statistics
from frontdesk.stats.figures import compute_statistics
from frontdesk.stats.periods import Period
from frontdesk.store.backup import list_backups, make_backup
from frontdesk.store.engine import Store
from frontdesk.visits.record import VisitInput, save_visit

S1_2026 = Period.half_year(2026, 1)
AGES = ("65-plus", "65-plus", "65-plus", "16-25", "16-25", "moins-16", "30-49")


class Steps(Progress):
    """Keeps every step; cancels (as « Annuler » would) when ``stop_at`` says so."""

    def __init__(self, stop_at: str | int | None = None) -> None:
        super().__init__()
        self.seen: list[tuple[int, int | None, str]] = []
        self.stop_at = stop_at

    def step(self, done: int, total: int | None = None, label: str | None = None) -> None:
        self.seen.append((done, total, label or ""))
        if self.stop_at == len(self.seen) or (
            isinstance(self.stop_at, str) and self.stop_at in (label or "")
        ):
            self.cancel()
        super().step(done, total, label)


@pytest.fixture
def visits(store: Store, manager: ProfileInfo) -> Store:
    for index, age in enumerate(AGES):
        moment = datetime(2026, 2, index + 2, 9, tzinfo=UTC)
        visit = VisitInput(moment, "guichet", ("declarer-revenus",), "resolu", age_band=age)
        with store.transaction() as session:
            save_visit(session, visit, manager.id)
    return store


def export(store: Store, fmt: str, path: Path, progress: Progress | None = None, **options):
    with store.session() as session:
        return export_statistics(session, S1_2026, None, fmt, path, progress=progress, **options)


@pytest.mark.parametrize("per_visit", [False, True])
def test_every_csv_line_ends_with_crlf(visits: Store, tmp_path: Path, per_visit: bool) -> None:
    target = tmp_path / "stats.csv"
    export(visits, "csv", target, per_visit=per_visit)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# ")  # the comment lines come first
    assert raw.endswith(b"\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n") > len(AGES)


@pytest.mark.parametrize(
    "case",
    [
        ("csv", True, 4),  # after three visits written, one at a time
        ("xlsx", True, 4),
        ("xlsx", False, "Par canal"),
        ("csv", False, "Par canal"),
        ("pdf", False, "page 2"),
    ],
)
def test_a_cancelled_export_leaves_no_file(
    visits: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[str, bool, str | int],
) -> None:
    fmt, per_visit, stop_at = case
    monkeypatch.setattr(export_rows, "BATCH", 1)
    scratch = tmp_path / "tmp"  # where XlsxWriter keeps its rows meanwhile
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    folder = tmp_path / "exports"
    folder.mkdir()
    progress = Steps(stop_at)
    with pytest.raises(Cancelled, match="Opération annulée"):
        export(visits, fmt, folder / f"sortie.{fmt}", progress, per_visit=per_visit)
    assert list(folder.iterdir()) == []
    assert list(scratch.iterdir()) == []
    assert progress.seen[0] == (0, None, "Calcul des statistiques…")
    if per_visit:  # the bar moves visit after visit
        assert [done for done, _total, _label in progress.seen[1:]] == [1, 2, 3]
        assert progress.seen[1] == (1, len(AGES), f"1 visite écrite sur {len(AGES)}")


def test_progress_reaches_the_end_of_a_per_visit_export(visits: Store, tmp_path: Path) -> None:
    progress = Steps()
    result = export(visits, "csv", tmp_path / "v.csv", progress, per_visit=True)
    done, total, label = progress.seen[-1]
    assert done == total == result.rows == len(AGES)
    assert label == f"{len(AGES)} visites écrites sur {len(AGES)}"


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_the_bilan_says_when_its_figures_are_demonstration_data(
    visits: Store, tmp_path: Path
) -> None:
    real = tmp_path / "reel.pdf"
    export(visits, "pdf", real)
    assert "monstration" not in pdf_text(real)

    visits.write(lambda s: put_setting(s, DEMO_SETTING, {"visits": 7, "seed": 1}))
    demo = tmp_path / "demo.pdf"
    progress = Steps()
    result = export(visits, "pdf", demo, progress)
    text = pdf_text(demo)
    assert "Données de démonstration : les visites comptées ici ont été générées" in text
    assert text.count("DONNÉES DE DÉMONSTRATION") == result.pages  # every page's footer
    pages = [label for _done, _total, label in progress.seen if label.startswith("Bilan")]
    assert pages == [f"Bilan : page {n} mise en page" for n in range(1, result.pages + 1)]


def test_age_bands_read_in_age_order(visits: Store) -> None:
    with visits.session() as session:
        rows = compute_statistics(session, S1_2026).breakdown(tally.AGE_BAND).rows
    assert [row.value for row in rows] == ["moins-16", "16-25", "30-49", "65-plus"]
    assert [row.count for row in rows] == [1, 2, 1, 3]  # not sorted by count


def test_a_cancelled_backup_leaves_no_copy(store: Store, paths: AppPaths) -> None:
    progress = Steps()
    made = make_backup(paths.database, paths.backup_dir, keep=5, progress=progress)
    assert list_backups(paths.backup_dir) == [made]
    done, total, label = progress.seen[-1]
    assert done == total and total and label == "Sauvegarde de la base…"

    stopped = Steps(stop_at=1)
    with pytest.raises(Cancelled):
        make_backup(paths.database, paths.backup_dir, keep=5, progress=stopped)
    assert sorted(p.name for p in paths.backup_dir.iterdir()) == [made.name]  # no .partial
