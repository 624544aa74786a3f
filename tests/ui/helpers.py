"""What the UI tests do again and again: log in, press keys, answer a message box."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from frontdesk import audit
from frontdesk.store.engine import Store
from frontdesk.ui.login import LoginPage
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.workspace import Workspace
from tests.conftest import PASSWORD

D = TypeVar("D", bound=QDialog)
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SECTION_KEYS = (Key.Key_1, Key.Key_2, Key.Key_3, Key.Key_4, Key.Key_5, Key.Key_6)

# The controls a screen reader must be able to name.
CONTROL_TYPES = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QSpinBox,
    QListWidget,
    QTableWidget,
    QRadioButton,
    QCheckBox,
)
# Composite controls carry the name; their inner parts (a spin box's line edit, a
# table's corner button) are not presented separately.
COMPOSITES = (QAbstractSpinBox, QAbstractItemView, QComboBox)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make the window active: window shortcuts (Ctrl+L, Ctrl+1…) only work there."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


def wait_for_tasks(qtbot: QtBot, tasks: TaskRunner, timeout: int = 5000) -> None:
    """Until every background task has finished and its callback has run."""
    qtbot.waitUntil(lambda: tasks.running == 0, timeout=timeout)


def shown_message(page: QWidget) -> str:
    """The text of a screen's MessageLabel, or "" while it is hidden."""
    message = page.message  # type: ignore[attr-defined]
    return "" if message.isHidden() else str(message.text())


def profile_names(login: LoginPage, *, visible_only: bool = True) -> list[str]:
    """Display names in the chooser ("Nom — Rôle" rows), top to bottom."""
    items = [login.profiles.item(row) for row in range(login.profiles.count())]
    return [item.text().split(" — ")[0] for item in items if not (visible_only and item.isHidden())]


def submit_password(
    qtbot: QtBot, window: MainWindow, password: str, name: str | None = None
) -> None:
    """Choose ``name`` (if given), type the password, click « Se connecter », wait."""
    login = window.login
    if name is not None:
        login.profiles.setCurrentRow(profile_names(login, visible_only=False).index(name))
    login.password.clear()
    qtbot.keyClicks(login.password, password)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot, window.tasks)


def log_in(qtbot: QtBot, window: MainWindow, name: str, password: str = PASSWORD) -> Workspace:
    submit_password(qtbot, window, password, name)
    workspace = window.workspace
    assert workspace is not None, shown_message(window.login)
    assert window.pages.currentWidget() is workspace
    return workspace


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key typed by the user: it goes to whatever has the keyboard focus."""
    target = QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    qtbot.keyClicks(target, text)


def controls(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if isinstance(w, CONTROL_TYPES)]


def unnamed_controls(root: QWidget, ignore: tuple[QWidget, ...] = ()) -> list[str]:
    """Controls under ``root`` without an accessible name, described for the failure."""
    return [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parent()).__name__}"
        for w in controls(root)
        if not w.accessibleName().strip()
        and not isinstance(w.parent(), COMPOSITES)
        and w not in ignore
    ]


def mnemonic_clashes(root: QWidget) -> dict[str, list[str]]:
    """Alt+letter keys claimed by more than one visible, enabled control under ``root``.

    A clash makes Alt+letter only move the focus between the two instead of acting.
    """
    claims: defaultdict[str, list[str]] = defaultdict(list)
    for widget in [root, *root.findChildren(QWidget)]:
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            key = QKeySequence.mnemonic(widget.text())
            if not key.isEmpty():
                claims[key.toString()].append(widget.text())
    return {key: texts for key, texts in claims.items() if len(texts) > 1}


def audit_kinds(store: Store) -> list[str]:
    """Kinds of the audit events, newest first."""
    with store.session() as session:
        return [entry.kind for entry in audit.recent(session)]


def button_named(box: QMessageBox, text: str) -> QAbstractButton:
    for candidate in box.buttons():
        if candidate.text().replace("&", "") == text:
            return candidate
    raise AssertionError(f"no button « {text} » in {[b.text() for b in box.buttons()]}")


@contextmanager
def answering_dialog(kind: type[D], act: Callable[[D], None]) -> Iterator[list[D]]:
    """Act on the next modal dialog of type ``kind`` (shown by ``exec()``) with ``act``,
    from a timer, as a person would. Yields the dialogs seen. If ``act`` fails the dialog
    is rejected, so the test fails instead of waiting forever."""
    seen: list[D] = []
    timer = QTimer()
    timer.setInterval(10)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            return
        timer.stop()
        seen.append(dialog)
        try:
            act(dialog)
        except BaseException:
            dialog.reject()
            raise

    timer.timeout.connect(poll)
    timer.start()
    try:
        yield seen
    finally:
        timer.stop()


@contextmanager
def answering_modal(choose: Callable[[QMessageBox], QAbstractButton]) -> Iterator[list[str]]:
    """Answer the next modal message box by clicking ``choose(box)``; yields the boxes
    seen ("title\ntext")."""
    seen: list[str] = []

    def act(box: QMessageBox) -> None:
        seen.append(f"{box.windowTitle()}\n{box.text()}")
        choose(box).click()

    with answering_dialog(QMessageBox, act):
        yield seen


@contextmanager
def answering_input(text: str | None) -> Iterator[list[str]]:
    """Answer the next modal input dialog with ``text`` (None: cancel it).

    Yields the list of dialogs seen ("title\nlabel").
    """
    seen: list[str] = []

    def act(dialog: QInputDialog) -> None:
        seen.append(f"{dialog.windowTitle()}\n{dialog.labelText()}")
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.accept()

    with answering_dialog(QInputDialog, act):
        yield seen


@contextmanager
def answering_void(reason: str | None) -> Iterator[list[str]]:
    """Answer the next « Annuler la visite » dialog: ``reason`` then « Annuler la visite »
    (None: « Garder la visite »). A reason the dialog refuses leaves it open: its message
    is noted, then the visit is kept. Yields the dialogs' titles and messages."""
    from frontdesk.ui.void_dialog import VoidDialog

    seen: list[str] = []

    def act(dialog: VoidDialog) -> None:
        seen.append(dialog.windowTitle())
        if reason is None:
            dialog.keep.click()
            return
        dialog.reason.setText(reason)
        dialog.confirm.click()
        if dialog.isVisible():  # refused inside the dialog
            seen.append(dialog.message.text())
            dialog.keep.click()

    with answering_dialog(VoidDialog, act):
        yield seen
