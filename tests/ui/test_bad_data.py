"""A broken data file stops the application with a French message naming the problem."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk import datafiles
from frontdesk.context import AppContext
from frontdesk.orientation.journeys import JourneysError
from frontdesk.ui import app as app_module
from frontdesk.ui.tasks import TaskRunner
from tests.ui.helpers import answering_modal, button_named, wait_for_tasks


def test_invalid_journeys_file_stops_the_app(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise JourneysError(
            "journeys.json, parcours « endettement » : partenaire inconnu « banque »"
        )

    monkeypatch.setattr(datafiles, "check_data_files", broken)
    exits: list[int] = []
    application = QApplication.instance()
    monkeypatch.setattr(application, "exit", lambda code=0: exits.append(code))

    with answering_modal(lambda box: button_named(box, "OK")) as seen:
        tasks.run(
            lambda: app_module.warm_up(ctx),
            on_error=lambda error: app_module.stop_on_bad_data(application, error),
        )
        wait_for_tasks(qtbot, tasks)
        qtbot.waitUntil(lambda: bool(exits), timeout=5000)

    assert exits == [1]
    assert "Fichier de données invalide" in seen[0]
    assert "endettement" in seen[0] and "banque" in seen[0]


def test_qt_standard_buttons_speak_french(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from frontdesk.ui.i18n import install_french

    translator = install_french(QApplication.instance())
    assert translator is not None
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert (
            box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
        )
    finally:
        QApplication.instance().removeTranslator(translator)


def test_warm_up_seeds_the_default_directory_once(
    qtbot: QtBot, ctx: AppContext, manager, tasks: TaskRunner
) -> None:
    from sqlalchemy import func, select

    from frontdesk.contacts.models import Service, Structure

    counts = []
    for _ in range(2):
        tasks.run(lambda: app_module.warm_up(ctx))
        wait_for_tasks(qtbot, tasks)
        with ctx.store.session() as session:
            counts.append(
                (
                    session.scalar(select(func.count()).select_from(Structure)),
                    session.scalar(select(func.count()).select_from(Service)),
                )
            )
    assert counts[0][0] > 10 and counts[0][1] > 10
    assert counts[1] == counts[0]
    assert list(ctx.paths.backup_dir.glob("frontdesk-*.db"))  # the daily backup


def test_warm_up_marks_old_entries_to_check_without_outbox_rows(
    qtbot: QtBot, ctx: AppContext, manager, tasks: TaskRunner
) -> None:
    from datetime import date

    from sqlalchemy import func, select

    from frontdesk.contacts.defaults import default_id
    from frontdesk.contacts.models import Structure
    from frontdesk.store.models import Outbox

    tasks.run(lambda: app_module.warm_up(ctx))
    wait_for_tasks(qtbot, tasks)
    caf = default_id("frontdesk--caf-somme")
    with ctx.store.transaction() as session:
        structure = session.get(Structure, caf)
        structure.a_verifier, structure.date_maj = False, date(2020, 1, 1)
    with ctx.store.session() as session:
        queued = session.scalar(select(func.count()).select_from(Outbox))
    tasks.run(lambda: app_module.warm_up(ctx))
    wait_for_tasks(qtbot, tasks)
    with ctx.store.session() as session:
        assert session.get(Structure, caf).a_verifier is True
        assert session.scalar(select(func.count()).select_from(Outbox)) == queued
