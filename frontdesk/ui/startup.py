"""Before the window: make sure the database is usable, or offer to restore a backup.

Runs on the GUI thread on purpose: no window exists yet, and nothing may open on a
database that is being migrated.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtWidgets import QWidget

from frontdesk.moments import date_time_text
from frontdesk.paths import AppPaths
from frontdesk.store.backup import BackupError, list_backups, restore_backup
from frontdesk.store.peek import StorePeek, StoreStatus, peek_store
from frontdesk.ui.errors import show_error

log = logging.getLogger(__name__)


def backup_label(name: str) -> str:
    """``frontdesk-20261123-173000-000000.db`` → « 23/11/2026 à 18 h 30 » (UTC stamp, Paris)."""
    try:
        stamp = datetime.strptime(name[len("frontdesk-") : len("frontdesk-") + 15], "%Y%m%d-%H%M%S")
    except ValueError:
        return name
    return date_time_text(stamp.replace(tzinfo=UTC))


def offer_restore(paths: AppPaths, problem: str, parent: QWidget | None = None) -> bool:
    """Ask before restoring; True if a backup was put in place."""
    backups = list_backups(paths.backup_dir)
    intro = f"La base de données de Frontdesk ne peut pas être utilisée : {problem}."
    if not backups:
        show_error(
            parent,
            "Base de données illisible",
            f"{intro}\n\nAucune sauvegarde n'est disponible sur ce poste. La base n'a pas été "
            f"modifiée ; contactez votre administrateur.\n\nFichier : {paths.database}",
        )
        return False
    from PySide6.QtWidgets import QMessageBox

    newest = backups[0]
    box = QMessageBox(QMessageBox.Icon.Critical, "Base de données illisible", "", parent=parent)
    box.setAccessibleName("Base de données illisible")
    box.setText(
        f"{intro}\n\nVous pouvez restaurer la sauvegarde la plus récente, du "
        f"{backup_label(newest.name)}. La base actuelle ne sera pas effacée : elle sera "
        "mise de côté pour pouvoir être examinée."
    )
    restore = box.addButton("&Restaurer la sauvegarde", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quitter", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        kept = restore_backup(paths.database, newest)
    except BackupError as exc:
        show_error(parent, "Restauration impossible", str(exc))
        return False
    log.warning("database restored from %s; damaged file kept at %s", newest.name, kept)
    return True


def open_store(paths: AppPaths) -> StorePeek | None:
    """The store, ready and current; None if the user chose to quit."""
    while True:
        peek = peek_store(paths.database)
        if peek.status is StoreStatus.DAMAGED:
            log.error("database unusable: %s", peek.problem)
            if not offer_restore(paths, peek.problem):
                return None
            continue
        if peek.status is StoreStatus.CURRENT:
            return peek
        from frontdesk.store.migrate import MigrationError, prepare_store

        try:
            prepare_store(paths.database, paths.backup_dir)
        except (MigrationError, BackupError) as exc:
            show_error(None, "Mise à jour de la base impossible", str(exc))
            return None
