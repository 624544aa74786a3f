"""The exports of the Statistiques screen: the save dialog, the writing in the background
with its progress and « Annuler », what the screen says, and nothing left on cancel."""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.context import AppContext
from frontdesk.errors import UserError
from frontdesk.stats import export_writer
from frontdesk.stats.periods import Period
from frontdesk.store.engine import Store
from frontdesk.ui import file_dialogs
from frontdesk.ui.stats.texts import default_file_name
from frontdesk.ui.tasks import TaskRunner
from tests.ui.test_statistics import Screen, add_history, make_screen

CANCELLED = "Opération annulée\u00a0: rien n'a été enregistré."


@pytest.fixture
def history(store: Store, manager: ProfileInfo) -> None:
    add_history(store, manager)


@pytest.fixture
def screen(
    qtbot: QtBot,
    ctx: AppContext,
    tasks: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Screen:
    return make_screen(qtbot, ctx, tasks, tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "case",
    [
        ("pdf", "pdf", False, "bilan-semestriel-2026-S1.pdf"),
        ("csv", "csv", False, "statistiques-2026-S1.csv"),
        ("csv-visites", "csv", True, "visites-2026-S1.csv"),
        ("xlsx", "xlsx", False, "statistiques-2026-S1.xlsx"),
    ],
)
@pytest.mark.usefixtures("history")
def test_the_export_menu_asks_where_and_writes_in_the_background(
    case: tuple[str, str, bool, str],
    monkeypatch: pytest.MonkeyPatch,
    screen: Screen,
    manager: ProfileInfo,
) -> None:
    """The wiring, against a stand-in for ``frontdesk.stats.exports``."""
    export_id, fmt, per_visit, name = case
    tmp_path = screen.folder
    calls: list[dict[str, Any]] = []

    class ExportError(UserError):
        pass

    def export_statistics(
        session, period, sites, fmt, path, *, per_visit, include_notes, progress=None
    ):
        assert progress is not None  # the screen follows it
        calls.append(dict(period=period, sites=sites, fmt=fmt, per_visit=per_visit,
                          include_notes=include_notes))  # fmt: skip
        if path.name.startswith("plein"):
            raise ExportError("Le disque est plein : rien n'a été écrit.")
        path.write_text("ok", encoding="utf-8")

    fake = types.ModuleType("frontdesk.stats.exports")
    fake.export_statistics = export_statistics  # type: ignore[attr-defined]
    fake.ExportError = ExportError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "frontdesk.stats.exports", fake)
    page = screen.open(manager)
    bar = page.exports
    assert bar is not None and not bar.notes.isChecked()  # notes only when ticked
    suggested: list[str] = []

    def ask(_parent: object, _title: str, proposed: str, _filters: str) -> str:
        suggested.append(Path(proposed).name)
        return str(tmp_path / "sortie")  # the extension is added

    bar.ask_path = ask
    bar.export_actions[export_id].trigger()
    screen.wait()
    written = tmp_path / f"sortie.{fmt}"
    assert suggested == [name]
    assert written.read_text(encoding="utf-8") == "ok"
    assert calls == [
        dict(period=Period.half_year(2026, 1), sites=(), fmt=fmt, per_visit=per_visit,
             include_notes=False)
    ]  # fmt: skip
    assert bar.message.text() == f"Fichier enregistré\u00a0: {written}"

    bar.notes.setChecked(True)
    bar.ask_path = lambda *_: str(tmp_path / f"plein.{fmt}")
    bar.export_actions[export_id].trigger()
    screen.wait()
    assert calls[-1]["include_notes"] is True
    assert bar.message.text() == "Le disque est plein\u00a0: rien n'a été écrit."
    assert bar.button.isEnabled()

    bar.ask_path = lambda *_: ""  # cancelled: nothing written
    bar.export_actions[export_id].trigger()
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("stem", "extension", "period", "site", "name"),
    [
        ("bilan", "pdf", Period.half_year(2026, 2), None, "bilan-semestriel-2026-S2.pdf"),
        ("bilan", "pdf", Period.quarter(2026, 4), "roye", "bilan-2026-T4-roye.pdf"),
        ("statistiques", "csv", Period.month(2026, 11), None, "statistiques-2026-11.csv"),
        ("visites", "csv", Period(date(2026, 11, 3), date(2026, 11, 17)), None,
         "visites-2026-11-03-au-2026-11-17.csv"),
    ],
)  # fmt: skip
def test_default_file_names(
    stem: str, extension: str, period: Period, site: str | None, name: str
) -> None:
    assert default_file_name(stem, extension, period, site) == name


@pytest.mark.parametrize("export_id", ["pdf", "csv", "csv-visites", "xlsx"])
@pytest.mark.usefixtures("history")
def test_the_export_button_writes_a_real_file(
    export_id: str, screen: Screen, manager: ProfileInfo
) -> None:
    folder = screen.folder
    page = screen.open(manager)
    bar = page.exports
    assert bar is not None
    bar.ask_path = lambda _parent, _title, proposed, _filters: str(folder / Path(proposed).name)
    bar.export_actions[export_id].trigger()
    screen.wait(20000)
    assert bar.message.property("role") == "success", bar.message.text()
    [written] = list(folder.iterdir())
    assert written.stat().st_size > 0
    if export_id == "pdf":
        assert written.name == "bilan-semestriel-2026-S1.pdf"
        assert written.read_bytes().startswith(b"%PDF")

    page.periods.step(1)  # the 2nd half of 2026: nothing to export, nothing written
    screen.wait()
    written.unlink()
    bar.export_actions[export_id].trigger()
    screen.wait(20000)
    assert bar.message.property("role") == "error"
    assert bar.message.text().startswith("Aucune visite sur la période")
    assert list(folder.iterdir()) == []


@pytest.mark.usefixtures("history")
def test_a_cancelled_export_leaves_no_file(
    screen: Screen, manager: ProfileInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-visit CSV, one visit at a time, held after the first until « Annuler »."""
    real = export_writer.visit_batches
    cancelled = threading.Event()

    def one_by_one(*args: Any) -> Iterator[list[Any]]:
        for batch in real(*args):
            for row in batch:
                yield [row]
                cancelled.wait(5)

    monkeypatch.setattr(export_writer, "visit_batches", one_by_one)
    folder = screen.folder
    page = screen.open(manager)
    bar = page.exports
    assert bar is not None
    bar.ask_path = lambda _parent, _title, proposed, _filters: str(folder / Path(proposed).name)
    bar.export_actions["csv-visites"].trigger()
    panel = bar.panel
    assert panel.isVisible() and panel.cancel_button.isEnabled()
    assert not bar.button.isEnabled()  # one export at a time
    screen.qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=3000)  # it moves
    assert panel.label.text() == "1 visite écrite sur 3"
    [partial] = list(folder.iterdir())
    assert partial.name.endswith(".tmp")  # not under its own name while written

    panel.cancel_button.click()
    cancelled.set()
    screen.wait()
    assert list(folder.iterdir()) == []  # not even the temporary file
    assert panel.isVisible() and panel.label.text() == CANCELLED
    assert not panel.bar.isVisible() and not panel.cancel_button.isVisible()
    assert bar.message.isHidden()  # no « Fichier enregistré »
    assert bar.button.isEnabled()

    bar.export_actions["csv"].trigger()  # the next export runs as usual
    screen.wait(20000)
    assert bar.message.property("role") == "success", bar.message.text()
    assert not panel.isVisible()
    assert [p.name for p in folder.iterdir()] == ["statistiques-2026-S1.csv"]


def test_the_save_dialog_speaks_french_and_opens_in_documents(qtbot: QtBot, tmp_path: Path) -> None:
    seen: list[tuple[list[str], str, str]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            return
        timer.stop()
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        seen.append((labels, dialog.directory().path(), dialog.selectedFiles()[0]))
        dialog.reject()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(look)
    timer.start()
    suggested = str(tmp_path / "statistiques-2026-S1.csv")
    assert file_dialogs.ask_save_path(None, "Tableau CSV", suggested, "Tableau CSV (*.csv)") == ""
    timer.stop()
    [(labels, folder, chosen)] = seen
    assert not any("Look" in label or "type:" in label for label in labels), labels
    assert "&Regarder dans\u00a0:" in labels
    assert Path(folder) == tmp_path and Path(chosen).name == "statistiques-2026-S1.csv"
    documents = Path(file_dialogs.documents_folder())
    assert documents.is_dir() and documents != Path.cwd()
