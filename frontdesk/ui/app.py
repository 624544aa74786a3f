"""``frontdesk``: start the desktop application.

Start-up order: logging, Qt, the database (checked, backed up and migrated before any
window), the first-run wizard if the PC is new, then the main window. SQLAlchemy and
the rest of the core load in the background once the window is shown.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from frontdesk import __version__
from frontdesk.context import AppContext
from frontdesk.logs import setup_logging
from frontdesk.paths import app_paths
from frontdesk.store.peek import peek_store
from frontdesk.ui.errors import install_excepthook, report_task_error
from frontdesk.ui.i18n import install_french
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.startup import open_store
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.theme import apply_theme

log = logging.getLogger(__name__)
# Set by bench/startup.py: print one line once the window is shown, then quit.
STARTUP_PROBE = "FRONTDESK_STARTUP_PROBE"


def warm_up(ctx: AppContext) -> None:
    """Background: check the data files, seed the default directory, mark its stale entries,
    daily backup if due, then the daily retention purge (after the backup: a purged
    visit stays in the backups until they rotate out)."""
    from frontdesk.config import settings_defaults
    from frontdesk.contacts import search_index
    from frontdesk.contacts.defaults import seed_default_directory
    from frontdesk.contacts.editing import mark_stale_entries
    from frontdesk.datafiles import check_data_files
    from frontdesk.stats.retention import run_retention_if_due
    from frontdesk.store.backup import make_backup, newest_backup_age_hours

    setup_logging(ctx.paths.log_file, rotate=True)
    check_data_files()
    with ctx.store.transaction() as session:  # a sync cut short while receiving a directory
        if search_index.resume(session):
            log.info("directory search index rebuilt after an interrupted sync")
    with ctx.store.transaction() as session:  # idempotent: adds only what is missing
        added = seed_default_directory(session)
    if added:
        log.info("default directory: %d records added", added)
    with ctx.store.transaction() as session:
        # « à vérifier » follows from date_maj and today: every PC (and the hub) derives
        # it alike, so the flag travels with no outbox row of its own
        session.info["replicating"] = True
        mark_stale_entries(session)
    defaults = settings_defaults()
    age = newest_backup_age_hours(ctx.paths.backup_dir)
    if age is None or age >= defaults.daily_backup_hours:
        backup = make_backup(ctx.paths.database, ctx.paths.backup_dir, keep=defaults.backups_kept)
        log.info("daily backup: %s", backup.name)
    with ctx.store.transaction() as session:  # once a day; logs and audits what it did
        run_retention_if_due(session)


def stop_on_bad_data(app: QApplication, error: BaseException) -> None:
    """A broken data file: nobody may work with half-loaded rules. Explain and quit."""
    from frontdesk.resources import ResourceError
    from frontdesk.ui.errors import show_error

    if not isinstance(error, ResourceError):
        report_task_error(app_paths().log_file)(error)
        return
    log.error("invalid data file: %s", error)
    show_error(
        None,
        "Fichier de données invalide",
        f"{error}\n\nFrontdesk va se fermer. Corrigez le fichier ou réinstallez l'application.",
    )
    app.exit(1)


def main(argv: Sequence[str] | None = None) -> int:
    paths = app_paths().ensure()
    setup_logging(paths.log_file, rotate=False)  # rotation set up by warm_up()
    log.info("frontdesk %s starting", __version__)
    app = QApplication.instance() or QApplication(list(argv or sys.argv))
    assert isinstance(app, QApplication)  # a widgets application, even one a test made
    app.setApplicationName("Frontdesk")
    app.setApplicationDisplayName("Frontdesk — France Services")
    apply_theme(app)
    install_french(app)
    install_excepthook(paths.log_file)

    ctx = AppContext(paths)
    tasks = TaskRunner()
    tasks.default_error = report_task_error(paths.log_file)
    try:
        peek = open_store(paths)
        if peek is None:
            return 1
        if peek.needs_first_run:
            from frontdesk.ui.first_run import FirstRunWizard

            if not FirstRunWizard(ctx, tasks).exec():
                return 0
            peek = peek_store(paths.database)
        window = MainWindow(ctx, tasks, peek)
        window.show()
        if os.environ.get(STARTUP_PROBE):
            QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
        else:
            from frontdesk.ui.ops import Ops

            def bad_data(error: BaseException) -> bool:
                stop_on_bad_data(app, error)
                return True

            # what the warm-up writes (the default directory seeded) reaches the screens
            Ops(ctx, tasks).run(lambda: warm_up(ctx), owner=None, failed=bad_data)
        return app.exec()
    finally:
        tasks.shutdown()
        ctx.close()
        log.info("frontdesk stopped")


if __name__ == "__main__":
    sys.exit(main())
