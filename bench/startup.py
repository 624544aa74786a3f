"""Start-up benchmark: process start → main window shown, offscreen.

Measures Frontdesk (an installed PC with a site and a profile, opening on its profile
chooser) against a bare PySide6 QMainWindow started the same way in the same run.
Prints the median of 5 runs of each, their ratio and the peak RSS of each process.
Target (issue 2): ratio ≤ 1.5. The peak RSS here is the window's, before the warm-up
loads the core: the memory of the application at work is ``bench/memory.py``'s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
TARGET_RATIO = 1.5

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 720)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
sys.exit(app.exec())
"""


def prepare_home(home: Path) -> None:
    """A counter PC that has been set up: migrated store, a site, one profile."""
    env = {**os.environ, "FRONTDESK_HOME": str(home)}
    script = (
        "from frontdesk.paths import app_paths\n"
        "from frontdesk.store.migrate import prepare_store\n"
        "from frontdesk.store.engine import Store\n"
        "from frontdesk.setup import first_run, known_sites\n"
        "p = app_paths().ensure()\n"
        "prepare_store(p.database, p.backup_dir)\n"
        "store = Store(p.database)\n"
        "with store.transaction() as s:\n"
        "    first_run(s, known_sites()[0], 'Banc Essai', 'superviseur', 'motdepasse-banc')\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True)


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until the child prints 'shown', and its peak RSS in MB."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _pid, status, usage = os.wait4(child.pid, 0)
    child.stdout.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if b"shown" not in line:
        raise RuntimeError(f"{command} ended without showing a window (exit {child.returncode})")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        prepare_home(home)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "FRONTDESK_HOME": str(home),
            "FRONTDESK_STARTUP_PROBE": "1",
        }
        # An installed application has its bytecode compiled (pip does it for a wheel,
        # as it did for PySide6): let the warm-up runs write it, as a user's first run would.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "PySide6 nu": [sys.executable, "-c", BARE],
            "Frontdesk": [str(Path(sys.executable).with_name("frontdesk"))],
        }
        for command in commands.values():  # warm the OS file cache and .pyc files
            run_once(command, env)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(RUNS):  # interleaved, so both see the same machine load
            for name, command in commands.items():
                samples[name].append(run_once(command, env))

    medians = {name: statistics.median(t for t, _ in runs) for name, runs in samples.items()}
    peaks = {name: max(rss for _, rss in runs) for name, runs in samples.items()}
    for name in commands:
        print(
            f"{name:<11} démarrage médian {medians[name] * 1000:7.1f} ms"
            f"   mémoire max {peaks[name]:6.1f} Mo   ({RUNS} essais)"
        )
    ratio = medians["Frontdesk"] / medians["PySide6 nu"]
    ok = ratio <= TARGET_RATIO
    print(
        f"ratio Frontdesk / PySide6 nu : {ratio:.2f} (cible ≤ {TARGET_RATIO})"
        f" → {'atteinte' if ok else 'NON ATTEINTE'} (mémoire à l'affichage, avant"
        " l'échauffement ; au travail : bench/memory.py)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
