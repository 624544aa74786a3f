"""Fixtures of the UI tests: the background helper, main windows, extra profiles."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo, create_profile
from frontdesk.context import AppContext
from frontdesk.paths import AppPaths
from frontdesk.store.engine import Store
from frontdesk.store.peek import peek_store
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.tasks import TaskRunner
from tests.conftest import PASSWORD
from tests.ui.helpers import activate

MakeWindow = Callable[[], MainWindow]
AddProfile = Callable[..., ProfileInfo]  # (display name, role, password=PASSWORD)
ProfileWithRole = Callable[[str], ProfileInfo]


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    """The background helper; stopped (work in progress finished) at teardown."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()
    # Deliver the last results now, not in the next test's event loop.
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(
    qtbot: QtBot, paths: AppPaths, ctx: AppContext, tasks: TaskRunner
) -> Iterator[MakeWindow]:
    """Builds the main window as the app does (from a start-up peek), shown and active."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(ctx, tasks, peek_store(paths.database))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        activate(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:  # an armed idle timer must not fire during a later test
        if shiboken6.isValid(window) and window.idle is not None:
            window.idle.stop()


@pytest.fixture
def window(manager: ProfileInfo, make_window: MakeWindow) -> MainWindow:
    """The main window of a PC set up for Moreuil with one superviseur profile."""
    return make_window()


@pytest.fixture
def add_profile(store: Store, manager: ProfileInfo) -> AddProfile:
    """Creates another profile (display name, role) as the superviseur would."""

    def add(name: str, role: str, password: str | None = None) -> ProfileInfo:
        with store.transaction() as session:
            return create_profile(session, name, role, password or PASSWORD, actor_id=manager.id)

    return add


@pytest.fixture
def profile_with_role(manager: ProfileInfo, add_profile: AddProfile) -> ProfileWithRole:
    """A profile of the given role: the superviseur itself, or « Profil <role> »."""

    def get(role: str) -> ProfileInfo:
        return manager if role == manager.role else add_profile(f"Profil {role}", role)

    return get
