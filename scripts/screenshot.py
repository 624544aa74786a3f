"""Screenshots of the main window for the README, taken offscreen.

Usage: ``QT_QPA_PLATFORM=offscreen python scripts/screenshot.py docs/`` (``make screenshot``).
Offscreen, the screen is a counter PC's 1366×768 (``SCREEN``; the window opens maximised on
it, as at a counter). Sets up a throw-away PC (Moreuil, a superviseur), logs in for real and
saves
``connexion.png``, ``fenetre-principale.png``, ``questionnaire.png``, ``annuaire.png``,
``journal.png``, ``statistiques.png`` and ``parametres.png`` (with a demonstration history).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SCREEN = (1366, 768)  # the counters' usual screen (tests/ui/test_screen_fit.py: the others)


def main(out_dir: Path) -> int:  # noqa: PLR0915 (one linear walk through the screens)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["FRONTDESK_HOME"] = home
        if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # a screen of that size
            config = Path(home) / "screen.json"
            width, height = SCREEN
            config.write_text(f'{{"screens": [{{"width": {width}, "height": {height}}}]}}')
            os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from frontdesk.contacts.defaults import seed_default_directory
        from frontdesk.context import AppContext
        from frontdesk.paths import app_paths
        from frontdesk.setup import first_run, known_sites
        from frontdesk.stats.demo import generate_demo
        from frontdesk.store.migrate import prepare_store
        from frontdesk.store.peek import peek_store
        from frontdesk.ui.i18n import install_french
        from frontdesk.ui.main_window import MainWindow
        from frontdesk.ui.tasks import TaskRunner
        from frontdesk.ui.theme import apply_theme

        app = QApplication(sys.argv)
        apply_theme(app)
        install_french(app)
        paths = app_paths().ensure()
        prepare_store(paths.database, paths.backup_dir)
        ctx = AppContext(paths)
        with ctx.store.transaction() as session:
            first_run(session, known_sites()[0], "Claire Martin", "superviseur", "motdepasse-demo")
        with ctx.store.transaction() as session:
            seed_default_directory(session)
        with ctx.store.transaction() as session:  # a history for the journal and statistics
            generate_demo(session, 6000, 7)
        tasks = TaskRunner()
        window = MainWindow(ctx, tasks, peek_store(paths.database))
        window.show()

        def settle(condition=lambda: True, rounds: int = 400) -> None:
            for _ in range(rounds):
                app.processEvents()
                if condition() and tasks.running == 0:
                    return
                tasks_wait()

        def tasks_wait() -> None:
            import time

            time.sleep(0.01)

        settle()
        window.grab().save(str(out_dir / "connexion.png"))
        window.login.password.setText("motdepasse-demo")
        window.login.login_button.click()
        settle(lambda: window.workspace is not None)
        window.grab().save(str(out_dir / "fenetre-principale.png"))
        # The SPIE checklist, answered with the keyboard as at the counter.
        for key in ("4", "\r", "1", "9", "\r", "n", "n", "o"):
            QTest.keyClick(app.focusWidget(), key if key != "\r" else Qt.Key.Key_Return)
            settle()
        window.grab().save(str(out_dir / "questionnaire.png"))
        window.workspace.show_section("annuaire")
        settle()
        QTest.keyClicks(app.focusWidget(), "mdph")
        for _ in range(30):  # the search runs after a short pause in typing
            tasks_wait()
            settle()
        QTest.keyClick(app.focusWidget(), Qt.Key.Key_Down)
        QTest.keyClick(app.focusWidget(), Qt.Key.Key_Return)
        settle()
        window.grab().save(str(out_dir / "annuaire.png"))
        for section in ("journal", "statistiques"):
            window.workspace.show_section(section)
            for _ in range(30):
                tasks_wait()
                settle()
            window.grab().save(str(out_dir / f"{section}.png"))
        window.workspace.show_section("parametres")
        settle()
        window.grab().save(str(out_dir / "parametres.png"))
        window.close()
        tasks.shutdown()
        ctx.close()
    print(f"Captures enregistrées dans {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
