"""Statistics, exports and journal over 1 000 000 demo visits (two sites, three years).

The base is generated in a child process (``bench.stats_data``), so that the peak memory
measured here is that of the work timed, not of the generation. Measured in this run,
each next to its baseline:

- half-year statistics (every breakdown and the previous half-year), next to a bare
  ``count(*)`` of the half-year's visits; target ≤ 500 ms;
- the « bilan semestriel » PDF, next to a one-line reportlab page; target ≤ 2 s;
- the CSV of every visit, next to the same query written by the ``sqlite3`` shell in
  ``.mode csv``; target ≤ 2 × the shell;
- the journal (every site, as a tutor sees it): opening (count + first page) and the page
  at row 500 000; target ≤ 200 ms each;
- the peak resident memory of this process; target ≤ 300 MB.
"""

from __future__ import annotations

import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.pdfgen import canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.stats_data import UNTIL
from frontdesk.stats.exports import COLUMNS, export_statistics
from frontdesk.stats.figures import compute_statistics
from frontdesk.stats.french import french_number as fr
from frontdesk.stats.periods import Period
from frontdesk.store.engine import Store
from frontdesk.store.models import Profile
from frontdesk.visits.journal import JournalFilter, JournalScope, count_visits, page

VISITS, SEED = 1_000_000, 7
HALF = Period.half_year(2026, 1)
EVERYTHING = Period(UNTIL.replace(year=UNTIL.year - 3), UNTIL, "libre")


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def verdict(ok: bool) -> str:
    return "atteinte" if ok else "NON ATTEINTE"


def build(folder: Path) -> Path:
    start = time.perf_counter()
    code = (
        "import sys; from pathlib import Path; from bench.stats_data import demo_store;"
        f" print(demo_store(Path(sys.argv[1]), {VISITS}, {SEED}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], check=True, capture_output=True, text=True
    )
    print(
        f"base de démonstration     : {fr(VISITS)} visites générées en"
        f" {fr(time.perf_counter() - start, 1)} s (processus à part)"
    )
    return Path(done.stdout.strip().splitlines()[-1])


def time_statistics(session: Session, raw: Any) -> bool:
    """Half-year statistics, next to a bare count of the half-year's visits."""
    bounds = (HALF.start.isoformat(), HALF.end.isoformat() + " 99")
    sql = "SELECT count(*) FROM visit WHERE started_at >= ? AND started_at < ?"
    count_ms = median_ms(lambda: raw.execute(sql, bounds).fetchone(), 5)
    stats_ms = median_ms(lambda: compute_statistics(session, HALF), 5)
    stats = compute_statistics(session, HALF)
    print(
        f"statistiques du semestre  : {fr(stats_ms, 1)} ms (médiane de 5 ;"
        f" {fr(stats.visits)} visites, 11 ventilations et le semestre précédent)"
    )
    print(f"count(*) brut du semestre : {fr(count_ms, 1)} ms")
    return stats_ms <= 500


def time_bilan(session: Session, folder: Path) -> bool:
    """The bilan PDF, next to a one-line reportlab page."""
    pdf = folder / "bilan.pdf"
    bilan_ms = median_ms(lambda: export_statistics(session, HALF, None, "pdf", pdf), 3)

    def bare_page() -> None:
        page_ = canvas.Canvas(io.BytesIO())
        page_.drawString(72, 720, "Bilan")
        page_.save()

    bare_ms = median_ms(bare_page, 3)
    print(
        f"bilan semestriel PDF      : {fr(bilan_ms, 1)} ms (médiane de 3 ;"
        f" {fr(pdf.stat().st_size / 1024, 0)} Kio)"
    )
    print(f"page reportlab nue        : {fr(bare_ms, 1)} ms")
    return bilan_ms <= 2000


def time_csv(store: Store, database: Path, folder: Path) -> bool:
    """The CSV of every visit, next to the sqlite3 shell writing the same query."""
    out, shell_out = folder / "visites.csv", folder / "shell.csv"
    with store.session() as session:
        start = time.perf_counter()
        written = export_statistics(session, EVERYTHING, None, "csv", out, per_visit=True)
        csv_s = time.perf_counter() - start
    query = f"SELECT {COLUMNS} FROM visit ORDER BY started_at"
    start = time.perf_counter()
    with shell_out.open("w") as handle:
        subprocess.run(["sqlite3", "-csv", str(database), query], check=True, stdout=handle)
    shell_s = time.perf_counter() - start
    print(
        f"CSV de toutes les visites : {fr(csv_s, 2)} s ({fr(written.rows)} lignes,"
        f" {fr(out.stat().st_size / 1e6, 0)} Mo)"
    )
    print(
        f"shell sqlite3 .mode csv   : {fr(shell_s, 2)} s"
        f" ({fr(shell_out.stat().st_size / 1e6, 0)} Mo) ; rapport {fr(csv_s / shell_s, 2)}"
        " (cible ≤ 2)"
    )
    return csv_s <= 2 * shell_s


def time_journal(session: Session) -> list[bool]:
    """The journal as a tutor opens it (every site), then the page at row 500 000."""
    tutor = session.scalars(select(Profile).where(Profile.role == "tuteur")).one()
    scope = JournalScope(tutor.id, "tuteur", None, True)
    everything = JournalFilter()

    def open_journal() -> None:
        count_visits(session, everything, scope)
        page(session, everything, scope, 0, 100)

    open_ms = median_ms(open_journal, 5)
    scroll_ms = median_ms(lambda: page(session, everything, scope, 500_000, 100), 5)
    print(
        f"journal                   : ouverture {fr(open_ms, 1)} ms, page à la ligne 500 000"
        f" {fr(scroll_ms, 1)} ms (médianes de 5)"
    )
    return [open_ms <= 200, scroll_ms <= 200]


def main() -> int:
    if shutil.which("sqlite3") is None:
        print("le shell sqlite3 manque (paquet Debian « sqlite3 ») : make bench l'installe")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = build(folder)
        store = Store(database)
        raw = store.engine.raw_connection()
        try:
            with store.session() as session:
                results = [time_statistics(session, raw), time_bilan(session, folder)]
            results.append(time_csv(store, database, folder))
            with store.session() as session:
                results += time_journal(session)
        finally:
            raw.close()
            store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mémoire maximale          : {fr(peak_mb, 0)} Mo (cible ≤ 300 Mo)")
    results.append(peak_mb <= 300)
    print(
        f"cibles (500 ms, 2 s, 2 ×, 200 ms, 200 ms, 300 Mo) → {verdict(all(results))}"
        f" ({sum(results)}/{len(results)})"
    )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
