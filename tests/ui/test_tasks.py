"""TaskRunner: work off the GUI thread, results and errors back on it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from frontdesk.ui.tasks import TaskRunner
from tests.ui.helpers import wait_for_tasks


def test_success_callback_runs_on_the_gui_thread(qtbot: QtBot, tasks: TaskRunner) -> None:
    gui = threading.get_ident()
    results: list[tuple[int, object]] = []

    def work() -> tuple[int, str]:
        return threading.get_ident(), "résultat"

    future = tasks.run(work, lambda result: results.append((threading.get_ident(), result)))
    assert tasks.running == 1
    wait_for_tasks(qtbot, tasks)

    [(called_on, (worked_on, value))] = results
    assert called_on == gui
    assert worked_on != gui
    assert value == "résultat"
    assert future.result() == (worked_on, "résultat")


def test_the_callback_never_runs_inside_run(qtbot: QtBot, tasks: TaskRunner) -> None:
    """Results come back through the event loop, even when the work is instantaneous."""
    results: list[int] = []
    for attempt in range(50):
        tasks.run(lambda attempt=attempt: attempt, results.append)
        assert results == [], attempt  # run() returned first
    assert tasks.running == 50
    wait_for_tasks(qtbot, tasks)
    assert results == list(range(50))


def test_error_callback_gets_the_exception(qtbot: QtBot, tasks: TaskRunner) -> None:
    failure = ValueError("base illisible")
    successes: list[object] = []
    errors: list[tuple[int, BaseException]] = []

    def work() -> None:
        raise failure

    tasks.run(work, successes.append, lambda e: errors.append((threading.get_ident(), e)))
    wait_for_tasks(qtbot, tasks)
    assert successes == []
    assert errors == [(threading.get_ident(), failure)]


def test_default_error_handler_when_none_is_given(qtbot: QtBot, tasks: TaskRunner) -> None:
    reported: list[BaseException] = []
    tasks.default_error = reported.append
    tasks.run(lambda: 1 / 0)
    wait_for_tasks(qtbot, tasks)
    assert len(reported) == 1 and isinstance(reported[0], ZeroDivisionError)


def test_callbacks_of_a_deleted_owner_are_dropped(qtbot: QtBot, tasks: TaskRunner) -> None:
    release = threading.Event()
    gone, alive = QWidget(), QWidget()
    qtbot.addWidget(alive)
    called: list[str] = []

    def work() -> str:
        assert release.wait(5)
        return "fini"

    tasks.run(work, lambda _r: called.append("gone"), lambda _e: called.append("gone!"), owner=gone)
    tasks.run(lambda: None, lambda _r: called.append("alive"), owner=alive)
    shiboken6.delete(gone)  # the screen closed while the work was running
    assert not shiboken6.isValid(gone)
    release.set()
    wait_for_tasks(qtbot, tasks)
    assert called == ["alive"]


def test_busy_changed_goes_true_then_false_once(qtbot: QtBot, tasks: TaskRunner) -> None:
    states: list[bool] = []
    tasks.busy_changed.connect(states.append)
    release = threading.Event()

    tasks.run(lambda: release.wait(5))
    tasks.run(lambda: None)  # overlapping: still one busy period
    assert states == [True]
    assert tasks.running == 2
    release.set()
    wait_for_tasks(qtbot, tasks)
    assert states == [True, False]

    tasks.run(lambda: None)
    wait_for_tasks(qtbot, tasks)
    assert states == [True, False, True, False]


def test_work_runs_one_item_at_a_time_in_order(qtbot: QtBot, tasks: TaskRunner) -> None:
    """One lane for the database: two writes never overlap."""
    log: list[str] = []

    def step(name: str) -> None:
        log.append(f"{name} début")
        time.sleep(0.02)
        log.append(f"{name} fin")

    for name in ("a", "b", "c"):
        tasks.run(lambda name=name: step(name))
    wait_for_tasks(qtbot, tasks)
    assert log == ["a début", "a fin", "b début", "b fin", "c début", "c fin"]


def test_shutdown_waits_for_the_work_in_progress() -> None:
    runner = TaskRunner()
    done = threading.Event()

    def write() -> None:
        time.sleep(0.1)
        done.set()

    runner.run(write)
    runner.shutdown()
    assert done.is_set()


def test_shutdown_drops_the_callbacks_of_work_not_started(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    called: list[object] = []
    runner.run(lambda: release.wait(5))
    runner.run(lambda: "jamais", called.append, called.append)  # still queued
    threading.Timer(0.1, release.set).start()
    runner.shutdown()  # the application is closing
    QCoreApplication.processEvents()
    assert called == []
    assert runner.running == 0


def test_many_signals_do_not_crash_the_interpreter() -> None:
    """PySide6 6.12.0 loses a reference to True at each emit() (excluded in pyproject.toml)."""
    script = (
        "import frontdesk.ui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class Source(QObject):\n"
        "    changed = Signal(bool)\n"
        "source = Source()\n"
        "source.changed.connect(lambda _value: None)\n"
        "for _ in range(50_000):\n"
        "    source.changed.emit(True)\n"
        "    source.changed.emit(False)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_a_stalled_network_lane_never_delays_the_main_lane(qtbot: QtBot, tasks: TaskRunner) -> None:
    release = threading.Event()
    done: list[str] = []
    tasks.run(release.wait, lambda _r: done.append("réseau"), lane="reseau")
    tasks.run(lambda: "enregistrée", done.append)
    qtbot.waitUntil(lambda: done == ["enregistrée"], timeout=2000)
    assert tasks.running == 1  # the network work is still waiting
    release.set()
    wait_for_tasks(qtbot, tasks)
    assert done == ["enregistrée", "réseau"]
