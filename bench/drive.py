"""Driving the real widgets from a benchmark, as the UI tests do (``tests/ui/helpers.py``,
``tests/ui/visit_helpers.py``) but without pytest: keys go to the focused widget, waits
turn the event loop until a condition holds.

Used in-process by ``bench/journal_save.py`` and inside the real application started by
``bench/memory.py``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.workspace import Workspace

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
NAMED_KEYS = {"Entrée": Key.Key_Return, "Échap": Key.Key_Escape}


def wait_until(condition: Callable[[], object], timeout: float = 30.0) -> None:
    """Turn the event loop until ``condition()`` is true; TimeoutError after ``timeout`` s."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"condition not met within {timeout} s")
        QApplication.processEvents()
        time.sleep(0.0005)


def time_until(
    signal: Any, condition: Callable[[], bool] = lambda: True, timeout: float = 30.0
) -> float:
    """``time.perf_counter()`` at the next emission of ``signal`` after which
    ``condition()`` holds; the event loop meanwhile runs as the application's does
    (``QEventLoop``, no polling: the waiting costs nothing to the work measured)."""
    loop = QEventLoop()
    seen: list[float] = []

    def check(*_args: object) -> None:
        if not seen and condition():
            seen.append(time.perf_counter())
            loop.quit()

    signal.connect(check)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    try:
        loop.exec()
    finally:
        signal.disconnect(check)
    if not seen:
        raise TimeoutError(f"condition not met within {timeout} s")
    return seen[0]


class _PaintWatch(QObject):
    def __init__(self, condition: Callable[[], bool], painted: Callable[[], None]) -> None:
        super().__init__()
        self.condition, self.painted = condition, painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.condition():
            QTimer.singleShot(0, self.painted)  # runs once this paint is done
        return False


def time_until_painted(
    widget: QWidget, condition: Callable[[], bool], timeout: float = 30.0
) -> float:
    """``time.perf_counter()`` once ``widget`` has been painted while ``condition()``
    held: what the user sees, not only what the model holds. No polling either."""
    loop = QEventLoop()
    seen: list[float] = []

    def painted() -> None:
        if not seen:
            seen.append(time.perf_counter())
            loop.quit()

    watch = _PaintWatch(condition, painted)
    widget.installEventFilter(watch)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    try:
        loop.exec()
    finally:
        widget.removeEventFilter(watch)
    if not seen:
        raise TimeoutError(f"not painted as expected within {timeout} s")
    return seen[0]


def settle(window: MainWindow, quiet_ms: int = 300, timeout: float = 60.0) -> None:
    """Until no background task has run for ``quiet_ms`` (the filters' timers included)."""
    deadline = time.perf_counter() + timeout
    quiet_since = time.perf_counter()
    while time.perf_counter() - quiet_since < quiet_ms / 1000:
        if time.perf_counter() > deadline:
            raise TimeoutError("the application never became idle")
        QApplication.processEvents()
        time.sleep(0.002)
        if window.tasks.running:
            quiet_since = time.perf_counter()


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    if target is None:
        raise RuntimeError("no widget has the keyboard focus")
    QTest.keyClick(target, key, modifier)


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    if target is None:
        raise RuntimeError("no widget has the keyboard focus")
    QTest.keyClicks(target, text)


def shown_key(hint_text: str, action: str) -> str:
    """The key a hint gives for ``action``: « … ; Entrée : enregistrer » → « Entrée »."""
    text = hint_text.replace("\u00a0", " ").replace("\u202f", " ")
    found = re.search(rf"(?:^|[—;,(] ?)([^;,:—()]+?) : {re.escape(action)}", text)
    if not found:
        raise RuntimeError(f"no key for « {action} » in « {text} »")
    return found.group(1).split(" ou ")[0].strip()


def log_in(window: MainWindow, name: str, password: str) -> Workspace:
    """Choose the profile, type the password, press Enter; wait for the workspace."""
    login = window.login
    wait_until(lambda: login.profiles.count() > 0)
    names = [login.profiles.item(r).text().split(" — ")[0] for r in range(login.profiles.count())]
    login.profiles.setCurrentRow(names.index(name))
    login.password.setFocus()
    login.password.clear()
    QTest.keyClicks(login.password, password)
    QTest.keyClick(login.password, Key.Key_Return)
    wait_until(lambda: window.workspace is not None)
    workspace = window.workspace
    assert workspace is not None
    wait_until(lambda: window.pages.currentWidget() is workspace)
    return workspace


def flow_of(workspace: Workspace):  # type: ignore[no-untyped-def]
    from frontdesk.ui.sections.accueil import AccueilSection

    accueil = workspace.sections["accueil"]
    assert isinstance(accueil, AccueilSection) and accueil.flow is not None
    return accueil.flow


def plain_motif_digit(workspace: Workspace) -> str:
    """The digit shown in front of the first motif without SPIE questionnaire."""
    from frontdesk.ui.visit.journey_list import IS_SPIE, KEY_DIGIT

    flow = flow_of(workspace)
    for item in flow.journey.list.visible_items():
        if item.data(KEY_DIGIT) and not item.data(IS_SPIE):
            return str(item.data(KEY_DIGIT))
    raise RuntimeError("no motif without questionnaire has a digit on screen")


def to_closing_step(workspace: Workspace) -> None:
    """Step 1 at the counter: a motif by its digit, then Enter; the closing step shows."""
    flow = flow_of(workspace)
    if flow.state.step != "motif":
        raise RuntimeError(f"the flow is at « {flow.state.step} », not at the motif step")
    type_text(plain_motif_digit(workspace))
    press(Key.Key_Return)  # « Entrée : continuer »
    wait_until(lambda: flow.state.step == "orientation")


def press_save(workspace: Workspace) -> None:
    """The key the closing step's hint gives for « enregistrer », on the focused widget."""
    flow = flow_of(workspace)
    key = shown_key(flow.closing.keys_hint.text(), "enregistrer")
    if key in NAMED_KEYS:
        press(NAMED_KEYS[key])
    else:
        type_text(key)


def save_visit(workspace: Workspace) -> None:
    """One visit through the real counter flow, saved; waits for the flow's step 1."""
    flow = flow_of(workspace)
    to_closing_step(workspace)
    press_save(workspace)
    wait_until(lambda: flow.state.step == "motif" and not flow._saving)
