"""From the save key on the visit's last step to the visit saved and shown in the Journal,
on a PC holding 1 000 000 demo visits (``bench/journal_data.py``).

The real application (``frontdesk.ui.app.main``, offscreen) runs in this process with a
driver on its event loop (``bench/drive.py``; waits on signals run the application's
event loop, they do not poll). After the application's warm-up, the driver logs in the
superviseur (the Journal lists the site's 442 000 visits, newest first), opens the
Journal once, goes back to the counter, then for each visit: the digit of a motif
without questionnaire and Enter (the closing step; its draft is saved while the agent
reads it: the driver waits until the application is idle), then

1. the save key the hint shows, until the counter says the visit is saved (the flow's
   ``saved``: « Visite enregistrée à … », step 1 ready for the next visitor);
2. the agent reads it (the driver waits until the application is idle: what follows a
   save, the motifs' order, the day's figures and the Journal's count and first page
   read again, is done), then Ctrl+3, until the Journal's list has been painted with
   the new visit on its first row (checked against the database). The Journal reads
   again when visits change even while hidden (``Section.refresh_hidden``).

The time measured is 1 + 2: the agent's own pause between the two keys is left out. Back
at the counter (Ctrl+1), untimed, for the next visit.

Also measured, without a target: Ctrl+3 pressed at once after the save key, until the
list is painted with the new visit first (the Journal is shown while the visit is
written, then reads again).

Baseline, interleaved in the same run: the bare INSERT of one visit row (a copy of a demo
row, new id, the schema's indexes and triggers), committed, with the application's
pragmas, through the ``sqlite3`` module.

Target: p95 of 1 + 2 ≤ 50 ms.
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

WARM, RUNS, AT_ONCE = 5, 50, 20
TARGET_P95_MS = 50
PROFILE = "Banc Superviseur"  # bench.stats_data.PROFILES: the site's journal (Moreuil)


def percentiles(ms: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return cuts[49], cuts[94]


class BareInsert:
    """One visit row INSERTed and committed, next to the application, then removed."""

    def __init__(self, database: Path) -> None:
        from frontdesk.stats.demo import COLUMNS

        self.conn = sqlite3.connect(database, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=5000"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.columns = COLUMNS
        self.template = list(
            self.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM visit LIMIT 1").fetchone()
        )
        marks = ", ".join("?" * len(COLUMNS))
        self.sql = f"INSERT INTO visit ({', '.join(COLUMNS)}) VALUES ({marks})"
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
        query = "SELECT id FROM visit WHERE agent_id = ? ORDER BY rowid DESC LIMIT 1"
        return str(self.conn.execute(query, (agent_hex,)).fetchone()[0])

    def close(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany("DELETE FROM visit WHERE id = ?", [(i,) for i in self.ids])
        self.conn.execute("COMMIT")
        self.conn.close()


class Counter:
    """The logged-in application, driven from its event loop."""

    def __init__(self, app: Any, home: Path) -> None:
        from bench.drive import CTRL, log_in, press, settle, wait_until
        from bench.stats_data import PASSWORD, home_paths
        from frontdesk.ui.journal.page import JournalPage
        from frontdesk.ui.main_window import MainWindow

        wait_until(lambda: any(isinstance(w, MainWindow) for w in app.topLevelWidgets()))
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.activateWindow()  # window shortcuts (Ctrl+1, Ctrl+3) work in the active one
        wait_until(window.isActiveWindow)
        wait_until(lambda: window.tasks.running == 0, timeout=900)  # the warm-up
        self.window = window
        self.workspace = log_in(window, PROFILE, PASSWORD)
        settle(window)
        journal = self.workspace.sections["journal"].page  # type: ignore[attr-defined]
        assert isinstance(journal, JournalPage)
        self.journal = journal
        self.key, self.ctrl = press, CTRL
        self.press_section("3")
        wait_until(lambda: journal.model.total > 0)
        settle(window)
        self.listed = journal.model.total
        self.press_section("1")
        settle(window)
        self.bare = BareInsert(home_paths(home).database)
        self.agent = window.profile.id.hex if window.profile else ""

    def press_section(self, digit: str) -> None:
        from PySide6.QtCore import Qt

        self.key(Qt.Key.Key_1 if digit == "1" else Qt.Key.Key_3, self.ctrl)

    def visit(self, at_once: bool) -> tuple[float, float]:
        """One visit; (save key → saved, Ctrl+3 → first row) in ms; with ``at_once``,
        Ctrl+3 follows the save key at once and the first figure is the whole."""
        from bench.drive import (
            flow_of,
            press_save,
            settle,
            time_until,
            time_until_painted,
            to_closing_step,
        )

        flow, model = flow_of(self.workspace), self.journal.model
        to_closing_step(self.workspace)
        settle(self.window)  # the agent reads the closing step: its draft is saved meanwhile
        before = model.visit_id(0)

        def first_is_new() -> bool:
            return model.visit_id(0) not in (None, before)

        rows = self.journal.table.viewport()
        start = time.perf_counter()
        press_save(self.workspace)
        if at_once:
            self.press_section("3")
            saved = time_until_painted(rows, first_is_new) - start
            shown = 0.0
        else:
            saved = time_until(flow.saved) - start
            settle(self.window)  # the agent reads « Visite enregistrée »
            start = time.perf_counter()
            self.press_section("3")
            shown = time_until_painted(rows, first_is_new) - start
        settle(self.window)
        newest = model.visit_id(0)
        if newest is None or newest.hex != self.bare.newest_by(self.agent):
            raise RuntimeError("the Journal's first row is not the visit just saved")
        self.press_section("1")
        settle(self.window)
        return saved * 1000, shown * 1000


def drive(app: Any, home: Path, out: dict[str, Any]) -> None:
    """Runs on the application's event loop; quits it when done."""
    counter: Counter | None = None
    try:
        counter = Counter(app, home)
        out["listed"] = counter.listed
        for n in range(WARM + RUNS + AT_ONCE):
            at_once = n >= WARM + RUNS
            saved, shown = counter.visit(at_once)
            insert = counter.bare.once()  # interleaved: the same machine load
            if n >= WARM:
                out.setdefault("at_once" if at_once else "phases", []).append((saved, shown))
                out.setdefault("inserts", []).append(insert)
    except BaseException:
        out["error"] = traceback.format_exc()
    finally:
        if counter is not None:
            counter.bare.close()
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
    saved50, saved95 = percentiles([saved for saved, _ in out["phases"]])
    shown50, shown95 = percentiles([shown for _, shown in out["phases"]])
    t50, t95 = percentiles([saved + shown for saved, shown in out["phases"]])
    o50, o95 = percentiles([saved for saved, _ in out["at_once"]])
    lines = (
        f"INSERT brut d'une visite       : p50 {fr(i50, 1)} ms, p95 {fr(i95, 1)} ms"
        f" ({len(out['inserts'])} insertions validées, base de {fr(VISITS)} visites)",
        f"Entrée → visite enregistrée    : p50 {fr(saved50, 1)} ms, p95 {fr(saved95, 1)} ms",
        f"Ctrl+3 → visite en tête        : p50 {fr(shown50, 1)} ms, p95 {fr(shown95, 1)} ms"
        f" (journal du site, {fr(out['listed'])} visites)",
        f"Entrée → visite au journal     : p50 {fr(t50, 1)} ms, p95 {fr(t95, 1)} ms"
        f" (somme des deux, {RUNS} visites après {WARM} d'échauffement)",
        f"Entrée puis Ctrl+3 aussitôt    : p50 {fr(o50, 1)} ms, p95 {fr(o95, 1)} ms"
        f" ({AT_ONCE} visites ; journal peint pendant l'écriture, sans cible)",
    )
    for line in lines:
        print(line)
    ok = t95 <= TARGET_P95_MS
    print(
        f"rapport p95 / INSERT brut : {fr(t95 / i95, 1)} ; cible p95 ≤ {TARGET_P95_MS} ms"
        f" → {'atteinte' if ok else 'NON ATTEINTE'}",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
