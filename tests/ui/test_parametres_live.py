"""Paramètres stays true by itself: the audit log, the profiles and this PC's settings
follow every change (made here or elsewhere); refused values are said; the backup shows
its progress."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from frontdesk.device import get_setting, put_setting
from frontdesk.paths import AppPaths
from frontdesk.store.backup import list_backups
from frontdesk.store.changes import Change, OpChanges
from frontdesk.store.engine import Store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.parametres import ParametresSection
from frontdesk.ui.settings.audit_panel import KIND_LABELS
from frontdesk.ui.settings.profiles_panel import NewProfileDialog
from frontdesk.ui.workspace import Workspace
from tests.ui.helpers import answering_dialog, log_in, shown_message, wait_for_tasks

MANAGER = "Claire Superviseure"
AGENT_PASSWORD = "secret-de-bruno"


def parametres(qtbot: QtBot, window: MainWindow) -> ParametresSection:
    workspace: Workspace = log_in(qtbot, window, MANAGER)
    workspace.show_section("parametres")
    section = workspace.sections["parametres"]
    assert isinstance(section, ParametresSection)
    wait_for_tasks(qtbot, window.tasks)
    return section


@contextmanager
def filling_new_profile(name: str) -> Iterator[list[str]]:
    """Fill in and confirm the next « Nouveau profil » dialog; yields its titles."""
    seen: list[str] = []

    def fill(dialog: NewProfileDialog) -> None:
        seen.append(dialog.windowTitle())
        whole = f"{dialog.windowTitle()} — {QGuiApplication.applicationDisplayName()}"
        if dialog.minimumWidth() <= dialog.fontMetrics().horizontalAdvance(whole):
            seen.append("title cut")  # « Nouveau profi…ance Services »
        form = dialog.form
        form.name.setText(name)
        form.role.setCurrentIndex(form.role.findData("agent"))
        form.password.setText(AGENT_PASSWORD)
        form.confirm.setText(AGENT_PASSWORD)
        box = dialog.findChild(QDialogButtonBox)
        box.button(QDialogButtonBox.StandardButton.Ok).click()

    with answering_dialog(NewProfileDialog, fill):
        yield seen


def audit_rows(section: ParametresSection) -> list[tuple[str, str]]:
    panel = section.audit_panel
    assert panel is not None
    table = panel.table
    return [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]


def test_a_new_profile_shows_in_the_lists_and_the_audit_log_at_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    section = parametres(qtbot, window)
    assert (KIND_LABELS["profile_created"], MANAGER) not in audit_rows(section)
    profiles = section.profiles_panel
    assert profiles is not None
    with filling_new_profile("Bruno Agent") as seen:
        qtbot.mouseClick(profiles.new_profile, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot, window.tasks)

    assert seen == ["Nouveau profil"]
    assert shown_message(profiles) == "Le profil « Bruno Agent » a été créé."
    names = [profiles.table.item(r, 0).text() for r in range(profiles.table.rowCount())]
    assert "Bruno Agent" in names
    # no « Actualiser »: the audit log was read again after the change
    assert audit_rows(section)[0] == (KIND_LABELS["profile_created"], MANAGER)


def test_a_delay_out_of_bounds_is_brought_back_visibly(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    panel = parametres(qtbot, window).device_panel
    idle, retention = panel.idle, panel.retention
    assert idle is not None and retention is not None
    idle.setFocus()
    idle.lineEdit().selectAll()
    qtbot.keyClicks(idle.lineEdit(), "0")
    qtbot.mouseClick(panel.save_idle, Qt.MouseButton.LeftButton)  # the field loses the focus
    wait_for_tasks(qtbot, window.tasks)
    assert idle.value() == 1  # the nearest bound, not the previous value (10) in silence
    assert shown_message(panel) == (
        "0\u00a0min n'est pas possible (de 1 à 120\u00a0min)\u00a0: la session se "
        "verrouillera après 1\u00a0min sans activité."
    )
    with store.session() as session:
        assert get_setting(session, "idle_lock_minutes") == 1

    retention.setFocus()  # typed, then left with Tab: said at once, saved later
    retention.lineEdit().selectAll()
    qtbot.keyClicks(retention.lineEdit(), "3")
    qtbot.keyClick(retention, Qt.Key.Key_Tab)
    assert retention.value() == 6
    assert shown_message(panel) == (
        "3\u00a0mois n'est pas possible (de 6 à 60\u00a0mois)\u00a0: la valeur est "
        "ramenée à 6\u00a0mois. Enregistrez pour l'appliquer."
    )
    with store.session() as session:
        assert get_setting(session, "retention_months") is None


def test_a_setting_changed_elsewhere_shows_at_once(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    panel = parametres(qtbot, window).device_panel
    answer = store.write(lambda s: put_setting(s, "retention_months", 36))
    assert answer.changes  # the store saw which table was written
    window.tasks.changed.emit(answer.changes, None)  # as the sync's broadcast does
    wait_for_tasks(qtbot, window.tasks)
    assert panel.retention is not None and panel.retention.value() == 36


def test_the_backup_shows_its_progress_then_where_it_went(
    qtbot: QtBot, window: MainWindow, paths: AppPaths
) -> None:
    panel = parametres(qtbot, window).device_panel
    before = list_backups(paths.backup_dir)
    qtbot.mouseClick(panel.backup, Qt.MouseButton.LeftButton)
    assert panel.progress.isVisible() and not panel.backup.isEnabled()
    wait_for_tasks(qtbot, window.tasks)

    [made] = [b for b in list_backups(paths.backup_dir) if b not in before]
    assert shown_message(panel) == f"Sauvegarde enregistrée\u00a0: {made.name}"
    assert panel.backup.isEnabled() and not panel.progress.isVisible()
    assert not list(paths.backup_dir.glob("*.partial"))


def test_a_delay_being_edited_survives_a_reload(qtbot: QtBot, window: MainWindow) -> None:
    section = parametres(qtbot, window)
    panel = section.device_panel
    assert panel.idle is not None and panel.retention is not None
    panel.idle.setValue(42)  # changed, not saved yet, when a sync writes this PC's settings
    window.tasks.changed.emit(OpChanges.of(Change.SETTINGS), None)
    wait_for_tasks(qtbot, window.tasks)
    assert panel.idle.value() == 42
    assert panel.retention.value() == 24  # read again
