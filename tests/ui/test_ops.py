"""The one way the UI runs core work: one error policy, changes told to every screen."""

from __future__ import annotations

import logging
import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from frontdesk.context import AppContext
from frontdesk.errors import UserError
from frontdesk.progress import Progress
from frontdesk.store.changes import Change, OpChanges
from frontdesk.store.models import Setting
from frontdesk.ui.ops import UNEXPECTED, Ops
from frontdesk.ui.progress_panel import ProgressPanel
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.widgets import MessageLabel
from tests.ui.helpers import wait_for_tasks


class Screen(QWidget):
    """A screen with a message line, as most of the app's screens have."""

    def __init__(self) -> None:
        super().__init__()
        self.message = MessageLabel()
        QVBoxLayout(self).addWidget(self.message)


@pytest.fixture
def ops(ctx: AppContext, tasks: TaskRunner) -> Ops:
    return Ops(ctx, tasks)


@pytest.fixture
def heard(tasks: TaskRunner) -> list[tuple[OpChanges, object]]:
    said: list[tuple[OpChanges, object]] = []
    tasks.changed.connect(lambda changes, initiator: said.append((changes, initiator)))
    return said


def test_a_write_tells_every_screen_what_it_changed_after_its_callback(
    qtbot: QtBot, ops: Ops, tasks: TaskRunner, heard: list[tuple[OpChanges, object]]
) -> None:
    screen = Screen()
    qtbot.addWidget(screen)
    order: list[str] = []
    tasks.changed.connect(lambda *_: order.append("broadcast"))

    def done(value: str) -> None:
        order.append(f"done {value}")

    ops.write(lambda s: s.add(Setting(key="x-op", value="1")) or "ok", done, owner=screen)
    wait_for_tasks(qtbot, tasks)
    assert order == ["done ok", "broadcast"]
    assert heard == [(OpChanges.of(Change.SETTINGS), None)]


def test_a_read_tells_nobody(
    qtbot: QtBot,
    ops: Ops,
    tasks: TaskRunner,
    ctx: AppContext,
    heard: list[tuple[OpChanges, object]],
) -> None:
    screen = Screen()
    qtbot.addWidget(screen)
    ctx.store.write(lambda s: s.add(Setting(key="x-read", value="42")))
    got: list[str] = []
    ops.read(lambda s: s.get(Setting, "x-read").value, got.append, owner=screen)
    wait_for_tasks(qtbot, tasks)
    assert got == ["42"]
    assert heard == []


def test_an_explained_refusal_is_shown_as_it_is_and_nothing_is_written(
    qtbot: QtBot, ops: Ops, tasks: TaskRunner, ctx: AppContext, heard: list
) -> None:
    screen = Screen()
    qtbot.addWidget(screen)
    screen.show()

    def refused(session: Session) -> None:
        session.add(Setting(key="x-refused", value="1"))
        session.flush()
        raise UserError("Le motif est obligatoire.")

    ops.write(refused, owner=screen)
    wait_for_tasks(qtbot, tasks)
    assert screen.message.text() == "Le motif est obligatoire."
    assert ctx.store.read(lambda s: s.get(Setting, "x-refused")) is None
    assert heard == []


def test_a_bug_is_logged_with_its_traceback_and_explained_in_one_standard_text(
    qtbot: QtBot, ops: Ops, tasks: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    screen = Screen()
    qtbot.addWidget(screen)

    def bug(_session: Session) -> None:
        raise KeyError("no such column")

    with caplog.at_level(logging.ERROR):
        ops.write(bug, owner=screen)
        wait_for_tasks(qtbot, tasks)
    assert screen.message.text().startswith("L'action n'a pas abouti")
    assert UNEXPECTED.split(" ; ")[0] in screen.message.text().replace("\u202f", " ")
    record = next(r for r in caplog.records if r.name == "frontdesk.ui.ops")
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_a_screen_may_take_an_error_first(qtbot: QtBot, ops: Ops, tasks: TaskRunner) -> None:
    screen = Screen()
    qtbot.addWidget(screen)
    taken: list[BaseException] = []

    def take(error: BaseException) -> bool:
        taken.append(error)
        return True

    ops.write(lambda _s: (_ for _ in ()).throw(UserError("Non.")), owner=screen, failed=take)
    wait_for_tasks(qtbot, tasks)
    assert [str(e) for e in taken] == ["Non."]
    assert screen.message.isHidden()


def test_a_closed_screen_gets_no_callback_but_the_others_still_hear_of_the_change(
    qtbot: QtBot, ops: Ops, tasks: TaskRunner, heard: list
) -> None:
    screen = Screen()
    gate = threading.Event()
    called: list[object] = []

    def slow(session: Session) -> None:
        gate.wait(5)
        session.add(Setting(key="x-closed", value="1"))

    ops.write(slow, called.append, owner=screen)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    gate.set()
    wait_for_tasks(qtbot, tasks)
    assert called == []
    assert heard == [(OpChanges.of(Change.SETTINGS), None)]


def test_long_work_shows_its_progress_and_stops_when_cancelled(
    qtbot: QtBot, ops: Ops, tasks: TaskRunner, ctx: AppContext
) -> None:
    screen = Screen()
    qtbot.addWidget(screen)
    panel = ProgressPanel("Export")
    QVBoxLayout(screen).addWidget(panel) if screen.layout() is None else screen.layout().addWidget(
        panel
    )
    screen.show()
    halfway = threading.Event()

    def work(progress: Progress) -> int:
        with ctx.store.transaction() as session:
            for done in range(1_000):
                if done == 500:
                    session.add(Setting(key="x-long", value="1"))
                    session.flush()
                    halfway.set()
                progress.step(done, 1_000, f"{done} lignes")
                threading.Event().wait(0.002)
        return 1_000

    finished: list[int] = []
    ops.long(work, finished.append, owner=screen, panel=panel)
    assert panel.isVisible() and panel.cancel_button.isEnabled()
    qtbot.waitUntil(halfway.is_set, timeout=5000)
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=2000)  # it moves
    panel.cancel_button.click()
    wait_for_tasks(qtbot, tasks)
    assert finished == []
    assert panel.label.text() == "Opération annulée\u00a0: rien n'a été enregistré."
    assert ctx.store.read(lambda s: s.get(Setting, "x-long")) is None  # rolled back
