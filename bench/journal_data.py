"""The home of the journal benchmarks: a set-up PC holding 1 000 000 demo visits.

``journal_home(folder)`` generates it in a child process (``bench.stats_data``, as
``bench/stats.py`` does), with the retention set to its maximum (60 months) so that the
application's daily purge, run by its warm-up, keeps the three years of demo visits.
Its profiles are ``bench.stats_data.PROFILES`` (password ``PASSWORD``).

To run a journal benchmark again without generating the base each time, keep one and
point ``FRONTDESK_BENCH_HOME`` at it (the benchmarks then write into it)::

    python -m bench.journal_data /tmp/journal-home
    FRONTDESK_BENCH_HOME=/tmp/journal-home python -m bench.journal_save
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from frontdesk.stats.french import french_number as fr

VISITS, SEED = 1_000_000, 7
REUSE = "FRONTDESK_BENCH_HOME"

_BUILD = """
import sys
from pathlib import Path
from sqlalchemy import select
from bench.stats_data import demo_store
from frontdesk.device import set_retention_months
from frontdesk.store.engine import Store
from frontdesk.store.models import Profile
database = demo_store(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
store = Store(database)
with store.transaction() as session:
    manager = session.scalars(select(Profile).where(Profile.role == "superviseur")).first()
    set_retention_months(session, 60, manager.id)
store.close()
"""


def journal_home(folder: Path, visits: int = VISITS) -> Path:
    """A ``FRONTDESK_HOME`` with ``visits`` demo visits: ``FRONTDESK_BENCH_HOME`` if set
    (migrated to the current schema if needed), else one generated in ``folder``."""
    kept = os.environ.get(REUSE)
    if kept:
        home = Path(kept)
        _migrate(home)
        print(f"base de démonstration     : reprise de {home} ({REUSE})")
        return home
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _BUILD, str(folder), str(visits), str(SEED)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"base de démonstration     : {fr(visits)} visites générées en"
        f" {fr(time.perf_counter() - start, 1)} s (processus à part)"
    )
    return folder


def _migrate(home: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from bench.stats_data import home_paths;"
        " from frontdesk.store.migrate import prepare_store;"
        " p = home_paths(Path(sys.argv[1])); prepare_store(p.database, p.backup_dir)"
    )
    subprocess.run([sys.executable, "-c", code, str(home)], check=True)


def main() -> int:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.pop(REUSE, None)
    journal_home(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
