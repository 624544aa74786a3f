"""Data for the statistics benchmarks: a set-up store holding N demo visits.

``demo_store(tmp_dir, visits, seed)`` lays ``tmp_dir`` out as a ``FRONTDESK_HOME`` (so
the CLI and the application can be pointed at it), sets the PC up for Moreuil with a
superviseur and a tuteur profile (see ``PROFILES``), generates the demo visits of both
sites in one transaction and returns the database path.

Run alone, it times the generation and prints the database size::

    python -m bench.stats_data --visits 1000000 --seed 7
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from frontdesk.accounts import create_profile
from frontdesk.paths import AppPaths
from frontdesk.setup import first_run, known_sites
from frontdesk.stats.demo import DemoReport, generate_demo
from frontdesk.stats.french import french_number
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store

PASSWORD = "banc-1234"
PROFILES = (("Banc Superviseur", "superviseur"), ("Banc Tuteur", "tuteur"))
UNTIL = date(2026, 11, 25)  # a fixed end: every run of the bench gets the same visits


def home_paths(tmp_dir: Path) -> AppPaths:
    """The locations Frontdesk uses with ``FRONTDESK_HOME=tmp_dir``."""
    return AppPaths(tmp_dir / "data", tmp_dir / "config", tmp_dir / "logs").ensure()


def demo_store(tmp_dir: Path, visits: int, seed: int, *, until: date = UNTIL) -> Path:
    """A set-up store with ``visits`` demo visits; returns the database path."""
    return _build(tmp_dir, visits, seed, until)[0]


def _build(tmp_dir: Path, visits: int, seed: int, until: date) -> tuple[Path, DemoReport]:
    paths = home_paths(Path(tmp_dir))
    prepare_store(paths.database, paths.backup_dir)
    store = Store(paths.database)
    try:
        with store.transaction() as session:
            (name, role), *others = PROFILES
            manager = first_run(session, known_sites()[0], name, role, PASSWORD)
            for other_name, other_role in others:
                create_profile(session, other_name, other_role, PASSWORD, actor_id=manager.id)
        with store.transaction() as session:
            report = generate_demo(session, visits, seed, until=until)
    finally:
        store.close()
    return paths.database, report


def main() -> int:
    parser = argparse.ArgumentParser(description="Génère une base de démonstration et la mesure.")
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="dossier où garder la base (sinon temporaire)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        database, report = _build(folder, args.visits, args.seed, UNTIL)
        seconds = time.perf_counter() - start
        files = [database, *database.parent.glob(database.name + "-*")]
        size = sum(f.stat().st_size for f in files if f.exists())
    print(
        f"{french_number(report.visits)} visites de démonstration (graine {report.seed},"
        f" {french_number(report.voided)} annulées) en {french_number(seconds, 1)} s ;"
        f" base {french_number(size / 1e6, 0)} Mo ({french_number(size / report.visits)} o"
        " par visite)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
