"""The workspace builds a section the first time it is shown, not at login."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.sections.statistiques import StatistiquesSection
from tests.ui.helpers import log_in, wait_for_tasks

MANAGER = "Claire Superviseure"


def test_a_section_is_built_when_first_shown(
    qtbot: QtBot, window: MainWindow, manager: ProfileInfo
) -> None:
    workspace = log_in(qtbot, window, MANAGER)
    sections = workspace.sections
    assert sections.is_built("accueil")  # the one on screen
    assert not any(sections.is_built(s) for s in ("annuaire", "statistiques", "parametres"))
    # a change before the section exists reaches nobody there, and nothing breaks
    window.tasks.changed.emit(OpChanges.of(Change.VISITS), None)

    workspace.show_section("statistiques")
    wait_for_tasks(qtbot, window.tasks)
    assert sections.is_built("statistiques")
    built = sections["statistiques"]
    assert isinstance(built, StatistiquesSection)
    assert workspace.stack.currentWidget() is built and built.isVisible()
    assert workspace.stack.count() == len(workspace.specs)  # its stand-in is gone
    workspace.show_section("accueil")
    workspace.show_section("statistiques")
    assert sections["statistiques"] is built  # built once
