"""Memory of the running application: the real ``frontdesk`` main, offscreen, in a child
process, driven from its own event loop (``bench/drive.py``).

After the application's warm-up (the default directory seeded, the daily backup, the
retention purge: the driver waits until no background task runs), the driver logs the
superviseur in, saves one visit through the counter flow (a motif by its digit, Enter,
the save key the hint shows), opens the Journal (Ctrl+3) until it lists that visit, goes
back to the counter (Ctrl+1), waits until the application is idle, then reads the
process's resident memory (``VmRSS``) and its peak (``VmHWM``) from ``/proc/self/status``.

Baseline, in the same run: a bare PySide6 ``QMainWindow`` shown offscreen, read the same
way once its event loop has run. Each is started 3 times, interleaved; the median is
printed.

On a PC set up as at a counter (a site, one profile, the default directory); with
``FRONTDESK_BENCH_HOME`` set (``bench/journal_data.py``: 1 000 000 visits), also on that
base, without a target (SQLite's page cache follows the base).

Target: the application's resident memory ≤ 150 MB (10⁶ bytes).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = 3
TARGET_MB = 150
SMALL_PROFILE, SMALL_PASSWORD = "Banc Essai", "motdepasse-banc"  # bench.startup.prepare_home

READ_STATUS = """
def memory():
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) * 1024 / 1e6
    return fields
"""

BARE = (
    READ_STATUS
    + """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(["bare"])
window = QMainWindow()
window.resize(1100, 720)
window.show()
out = {}
QTimer.singleShot(500, lambda: (out.update(memory()), app.quit()))
app.exec()
print(json.dumps(out), flush=True)
"""
)

APP = (
    READ_STATUS
    + """
import json, sqlite3, sys, traceback
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from frontdesk.ui.app import main

PROFILE, PASSWORD = sys.argv[1], sys.argv[2]
app = QApplication(["frontdesk"])
out = {}


def drive():
    from bench.drive import CTRL, log_in, press, save_visit, settle, wait_until
    from frontdesk.ui.main_window import MainWindow

    try:
        wait_until(lambda: any(isinstance(w, MainWindow) for w in app.topLevelWidgets()))
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        window.activateWindow()
        wait_until(window.isActiveWindow)
        wait_until(lambda: window.tasks.running == 0, timeout=900)  # the warm-up
        workspace = log_in(window, PROFILE, PASSWORD)
        settle(window)
        save_visit(workspace)
        settle(window)
        database = window.ctx.paths.database
        with sqlite3.connect(database) as conn:
            query = "SELECT id FROM visit ORDER BY rowid DESC LIMIT 1"
            saved = conn.execute(query).fetchone()[0]
        journal = workspace.sections["journal"].page
        press(Qt.Key.Key_3, CTRL)
        wait_until(lambda: getattr(journal.model.visit_id(0), 'hex', None) == saved)
        settle(window)
        press(Qt.Key.Key_1, CTRL)
        settle(window)
        out.update(memory())
        out["listed"] = journal.model.total
    except BaseException:
        out["error"] = traceback.format_exc()
    finally:
        app.quit()


QTimer.singleShot(0, drive)
main(["frontdesk"])
print(json.dumps(out), flush=True)
"""
)


def run(code: str, home: Path, *args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRONTDESK_HOME": str(home)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path.cwd()), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"exit {done.returncode}\n{done.stderr[-3000:]}")
    out = json.loads(lines[-1])
    if "error" in out:
        raise RuntimeError(out["error"])
    return dict(out)


def measure(home: Path, profile: str, password: str) -> tuple[dict[str, float], ...]:
    bare, app = [], []
    for _ in range(RUNS):  # interleaved: both see the same machine load
        bare.append(run(BARE, home))
        app.append(run(APP, home, profile, password))
    return tuple(
        {key: statistics.median(sample[key] for sample in samples) for key in samples[0]}
        for samples in (bare, app)
    )


def main() -> int:
    from bench.startup import prepare_home
    from frontdesk.stats.french import french_number as fr

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        prepare_home(home)
        bare, app = measure(home, SMALL_PROFILE, SMALL_PASSWORD)
    print(
        f"PySide6 nu (fenêtre affichée)       : résidente {fr(bare['VmRSS'], 1)} Mo,"
        f" pic {fr(bare['VmHWM'], 1)} Mo (médianes de {RUNS})"
    )
    print(
        f"Frontdesk, connecté, une visite     : résidente {fr(app['VmRSS'], 1)} Mo,"
        f" pic {fr(app['VmHWM'], 1)} Mo (médianes de {RUNS} ; après l'échauffement,"
        f" journal de {fr(app['listed'])} visite{'s' if app['listed'] > 1 else ''} ouvert)"
    )
    kept = os.environ.get("FRONTDESK_BENCH_HOME")
    if kept:
        from bench.journal_data import journal_home
        from bench.stats_data import PASSWORD, PROFILES

        big = measure(journal_home(Path(kept)), PROFILES[0][0], PASSWORD)[1]
        print(
            f"Frontdesk, base de {fr(big['listed'])} visites au journal : résidente"
            f" {fr(big['VmRSS'], 1)} Mo, pic {fr(big['VmHWM'], 1)} Mo (sans cible)"
        )
    ok = app["VmRSS"] <= TARGET_MB
    print(
        f"mémoire résidente Frontdesk / PySide6 nu : {fr(app['VmRSS'] / bare['VmRSS'], 1)} ;"
        f" cible ≤ {TARGET_MB} Mo → {'atteinte' if ok else 'NON ATTEINTE'}",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
