"""From the save key on the visit's last step to the visit saved and shown in the Journal,
on a PC holding 1 000 000 demo visits (``bench/journal_data.py``).

The real application (``frontdesk.ui.app.main``, offscreen) runs in this process with a
driver on its event loop (``bench/drive.py``). After the application's warm-up, the
driver logs in the superviseur (the Journal lists the site's visits, newest first), opens
the Journal once, then for each visit, at the counter: the digit of a motif without
questionnaire, Enter (the closing step, whose draft is saved while the agent reads it:
the driver waits until the application is idle), then, timed: the save key the hint shows,
Ctrl+3 at once (the Journal), until the Journal's first row is the new visit (checked
against the database). Back at the counter (Ctrl+1), untimed, for the next one.

Baseline, interleaved in the same run: the bare INSERT of one visit row (a copy of a demo
row, new id), committed, with the application's pragmas, through the ``sqlite3`` module.

Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

WARM, RUNS = 5, 50
TARGET_P95_MS = 50
PROFILE = "Banc Superviseur"  # bench.stats_data.PROFILES: the site's journal (Moreuil)


def percentiles(ms: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return cuts[49], cuts[94]


class BareInsert:
    """One visit row INSERTed and committed, next to the application, then removed."""

    def __init__(self, database: Path) -> None:
        self.conn = sqlite3.connect(database, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=5000"):
            self.conn.execute(f"PRAGMA {pragma}")
        from frontdesk.stats.demo import COLUMNS

        self.columns = COLUMNS
        row = self.conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM visit ORDER BY rowid LIMIT 1"
        ).fetchone()
        self.template = list(row)
        self.sql = (
            f"INSERT INTO visit ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        )
        self.ids: list[str] = []

    def once(self) -> float:
        values = list(self.template)
        values[self.columns.index("id")] = uuid.uuid4().hex
        start = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(self.sql, values)
        self.conn.execute("COMMIT")
        elapsed = (time.perf_counter() - start) * 1000
        self.ids.append(values[self.columns.index("id")])
        return elapsed

    def newest_by(self, agent_hex: str) -> str:
        found = self.conn.execute(
            "SELECT id FROM visit WHERE agent_id = ? ORDER BY rowid DESC LIMIT 1", (agent_hex,)
        ).fetchone()
        return str(found[0])

    def close(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany("DELETE FROM visit WHERE id = ?", [(i,) for i in self.ids])
        self.conn.execute("COMMIT")
        self.conn.close()


def drive(app: Any, home: Path, out: dict[str, Any]) -> None:
    """Runs on the application's event loop; quits it when done."""
    from PySide6.QtCore import Qt

    from bench.drive import (
        CTRL,
        log_in,
        press,
        press_save,
        settle,
        time_until,
        to_closing_step,
        wait_until,
    )
    from bench.stats_data import PASSWORD, home_paths
    from frontdesk.ui.journal.page import JournalPage
    from frontdesk.ui.main_window import MainWindow

    bare: BareInsert | None = None
    try:
        wait_until(lambda: any(isinstance(w, MainWindow) for w in app.topLevelWidgets()))
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.activateWindow()  # window shortcuts (Ctrl+1, Ctrl+3) work in the active one
        wait_until(window.isActiveWindow)
        wait_until(lambda: window.tasks.running == 0, timeout=600)  # the warm-up
        workspace = log_in(window, PROFILE, PASSWORD)
        settle(window)
        journal = workspace.sections["journal"].page  # type: ignore[attr-defined]
        assert isinstance(journal, JournalPage)
        press(Qt.Key.Key_3, CTRL)
        wait_until(lambda: journal.model.total > 0)
        settle(window)
        out["listed"] = journal.model.total
        press(Qt.Key.Key_1, CTRL)
        settle(window)
        bare = BareInsert(home_paths(home).database)
        agent = window.profile.id.hex if window.profile else ""
        shown: list[float] = []
        inserts: list[float] = []
        for n in range(WARM + RUNS):
            to_closing_step(workspace)
            settle(window)  # the agent reads the closing step: its draft is saved meanwhile
            before = journal.model.visit_id(0)
            start = time.perf_counter()
            press_save(workspace)
            press(Qt.Key.Key_3, CTRL)  # the Journal, at once
            shown_at = time_until(  # the model's reset that puts the new visit first
                journal.model.modelReset,
                lambda b=before: journal.model.visit_id(0) not in (None, b),
            )
            elapsed = (shown_at - start) * 1000
            settle(window)
            newest = journal.model.visit_id(0)
            if newest is None or newest.hex != bare.newest_by(agent):
                raise RuntimeError("the Journal's first row is not the visit just saved")
            press(Qt.Key.Key_1, CTRL)
            settle(window)
            insert_ms = bare.once()
            if n >= WARM:
                shown.append(elapsed)
                inserts.append(insert_ms)
        out["shown"], out["inserts"] = shown, inserts
    except BaseException:
        out["error"] = traceback.format_exc()
    finally:
        if bare is not None:
            bare.close()
        app.quit()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench.journal_data import VISITS, journal_home
    from frontdesk.stats.french import french_number as fr

    with tempfile.TemporaryDirectory() as tmp:
        home = journal_home(Path(tmp))
        os.environ["FRONTDESK_HOME"] = str(home)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from frontdesk.ui.app import main as frontdesk_main

        app = QApplication(["frontdesk"])
        out: dict[str, Any] = {}
        QTimer.singleShot(0, lambda: drive(app, home, out))
        frontdesk_main(["frontdesk"])
    if "error" in out:
        print(out["error"], file=sys.stderr)
        return 1
    i50, i95 = percentiles(out["inserts"])
    s50, s95 = percentiles(out["shown"])
    print(
        f"INSERT brut d'une visite     : p50 {fr(i50, 1)} ms, p95 {fr(i95, 1)} ms"
        f" ({RUNS} insertions validées, base de {fr(VISITS)} visites)"
    )
    print(
        f"Entrée → visite au journal   : p50 {fr(s50, 1)} ms, p95 {fr(s95, 1)} ms"
        f" ({RUNS} visites après {WARM} d'échauffement ; journal du site,"
        f" {fr(out['listed'])} visites)"
    )
    ok = s95 <= TARGET_P95_MS
    print(
        f"rapport p95 / INSERT brut : {fr(s95 / i95, 1)} ; cible p95 ≤ {TARGET_P95_MS} ms"
        f" → {'atteinte' if ok else 'NON ATTEINTE'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
