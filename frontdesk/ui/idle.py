"""Locks the session after a period without keyboard or mouse input."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Watches every input event of the application; emits ``idle`` once per idle period.

    The event filter only records a timestamp (cheap on every mouse move); a coarse
    timer compares it with the limit.
    """

    idle = Signal()

    def __init__(self, timeout_seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout = timeout_seconds
        self._last_input = time.monotonic()
        self._armed = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout(self, seconds: float) -> None:
        self._timeout = seconds
        self._timer.setInterval(int(min(15.0, max(0.05, seconds / 4)) * 1000))

    def start(self) -> None:
        self._last_input = time.monotonic()
        self._armed = True
        self.set_timeout(self._timeout)
        self._timer.start()

    def stop(self) -> None:
        self._armed = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _check(self) -> None:
        if self._armed and time.monotonic() - self._last_input >= self._timeout:
            self.stop()
            self.idle.emit()
