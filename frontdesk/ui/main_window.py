"""The main window: wires the login page, the workspace, the idle lock and the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from frontdesk.context import AppContext
from frontdesk.store.peek import StorePeek
from frontdesk.ui.login import LoginPage
from frontdesk.ui.ops import Ops
from frontdesk.ui.status_bar import StatusBar
from frontdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the core loads after the window is shown (see ui/app.py)
    from frontdesk.accounts import ProfileInfo
    from frontdesk.store.changes import OpChanges
    from frontdesk.ui.idle import IdleWatcher
    from frontdesk.ui.sync.controller import SyncController
    from frontdesk.ui.workspace import Workspace

WINDOW_TITLE = "Frontdesk — France Services"
# The window's size: within the screen it opens on, as it was last closed.
GEOMETRY_FILE = "fenetre.ini"  # in the config folder: this user's, on this PC
SMALL_SCREEN = 1366  # logical pixels wide or less (1366×768 at 125 % is 1093): maximised
ROOMY = QSize(1280, 860)  # on a larger screen: at most this, in the middle
FRAME = QMargins(8, 32, 8, 8)  # room for the window manager's frame, before it is known


def fitted(rect: QRect, available: QRect, frame: QMargins = FRAME) -> QRect:
    """``rect`` (the window's inside) shrunk and moved so that it and its ``frame`` lie
    within ``available`` (a screen's geometry without its task bars)."""
    room = available.marginsRemoved(frame)
    width, height = min(rect.width(), room.width()), min(rect.height(), room.height())
    x = min(max(rect.x(), room.x()), room.x() + room.width() - width)
    y = min(max(rect.y(), room.y()), room.y() + room.height() - height)
    return QRect(x, y, width, height)


def default_geometry(available: QRect) -> QRect:
    """A comfortable size, never more than the screen, in its middle."""
    room = available.marginsRemoved(FRAME)
    rect = QRect(QPoint(), ROOMY.boundedTo(room.size()))
    rect.moveCenter(room.center())
    return rect


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, tasks: TaskRunner, peek: StorePeek) -> None:
        super().__init__()
        self.ctx = ctx
        self.tasks = tasks
        self.ops = Ops(ctx, tasks)  # outside a session: the login list, the audit of a lock
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName(WINDOW_TITLE)
        self._place_on_screen()
        self.login = LoginPage(ctx, tasks, peek.site_name)
        self.login.set_profiles(list(peek.profiles))
        self.workspace: Workspace | None = None  # built at login, once the role is known
        self.pages = QStackedWidget()
        self.pages.addWidget(self.login)
        self.setCentralWidget(self.pages)
        self.status = StatusBar()
        self.status.set_site(peek.site_name)
        self.setStatusBar(self.status)
        self.idle: IdleWatcher | None = None  # created at the first login
        self.sync: SyncController | None = None  # started at the first login

        tasks.changed.connect(self._on_changes)
        self.login.logged_in.connect(self._on_logged_in)
        self.login.switch_profile_requested.connect(self.logout)

    # --- size and place, remembered between runs

    def _geometry_settings(self) -> QSettings:
        path = self.ctx.paths.config_dir / GEOMETRY_FILE
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _place_on_screen(self) -> None:
        """As last closed, kept within today's screen (a smaller one, 125 % scaling);
        else maximised on a small screen, else a comfortable size in the middle."""
        saved = self._geometry_settings().value("geometry")
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            screen = QGuiApplication.screenAt(self.geometry().center())
            available = (screen or QGuiApplication.primaryScreen()).availableGeometry()
            if not self.isMaximized():  # Qt keeps a maximised window's normal size in bounds
                self.setGeometry(fitted(self.geometry(), available))
            return
        available = QGuiApplication.primaryScreen().availableGeometry()
        self.setGeometry(default_geometry(available))
        if available.width() <= SMALL_SCREEN:
            self.setWindowState(Qt.WindowState.WindowMaximized)

    def _keep_on_screen(self) -> None:
        """Once shown, with the real frame known: still within the screen."""
        if self.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            return
        inside, outside = self.geometry(), self.frameGeometry()
        frame = QMargins(
            inside.left() - outside.left(),
            inside.top() - outside.top(),
            outside.right() - inside.right(),
            outside.bottom() - inside.bottom(),
        )
        available = self.screen().availableGeometry()
        if not available.contains(outside):
            self.setGeometry(fitted(inside, available, frame))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._keep_on_screen)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self._geometry_settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)

    @property
    def profile(self) -> ProfileInfo | None:
        return None if self.workspace is None else self.workspace.session.profile

    def _on_logged_in(self, profile: ProfileInfo) -> None:
        if self.workspace is not None and self.profile and self.profile.id == profile.id:
            self.pages.setCurrentWidget(self.workspace)  # unlocked: resume where it was
        else:
            self._open_workspace(profile)
        self.status.set_profile(profile)
        self._start_idle_watch()
        self._start_sync()

    def _start_sync(self) -> None:
        """The background sync: at the first login, then on its own (ui/sync/controller)."""
        self._sync_controller().start()  # once: later calls do nothing

    def _sync_controller(self) -> SyncController:
        """One for the app's life, handed to each session (the Synchronisation section)."""
        if self.sync is None:
            from frontdesk.ui.sync.controller import SyncController

            self.use_sync(SyncController(self.ctx, self.tasks))
        assert self.sync is not None
        return self.sync

    def use_sync(self, controller: SyncController) -> None:
        """The controller this window starts and shows (a test hands one with a quick
        client); before the first login."""
        self.sync = controller
        controller.summary_changed.connect(self.status.set_sync_state)

    def _open_workspace(self, profile: ProfileInfo) -> None:
        from frontdesk.ui.session import UiSession  # the workspace pulls in every section
        from frontdesk.ui.workspace import Workspace

        self._close_workspace()
        session = UiSession(self.ctx, self.tasks, profile, self._sync_controller())
        session.idle_minutes_changed.connect(self._set_idle_minutes)
        self.workspace = Workspace(session)
        self.workspace.lock_requested.connect(self.lock)
        self.workspace.logout_requested.connect(self.logout)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self.workspace.focus_start()

    def _close_workspace(self) -> None:
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None

    def _set_idle_minutes(self, minutes: int) -> None:
        if self.idle is None:
            from frontdesk.ui.idle import IdleWatcher

            self.idle = IdleWatcher(minutes * 60, self)
            self.idle.idle.connect(self.lock)
        self.idle.set_timeout(minutes * 60)

    def _on_changes(self, changes: OpChanges, _initiator: object) -> None:
        from frontdesk.store.changes import Change

        if changes.touches(Change.PROFILES):  # the login page lists them
            self._reload_profiles()

    def _start_idle_watch(self) -> None:
        from frontdesk.device import idle_lock_minutes

        def apply(minutes: int) -> None:
            self._set_idle_minutes(minutes)
            if self.idle is not None:
                self.idle.start()

        self.ops.read(idle_lock_minutes, apply, owner=self)

    def lock(self) -> None:
        profile = self.profile
        if profile is None or self.pages.currentWidget() is self.login:
            return
        if self.idle is not None:
            self.idle.stop()
        self.login.show_lock(profile)
        self.pages.setCurrentWidget(self.login)
        self.ops.run(lambda: _log_event(self.ctx, "lock", profile), owner=None)

    def logout(self) -> None:
        profile = self.profile
        if self.idle is not None:
            self.idle.stop()
        self._close_workspace()
        self.status.set_profile(None)
        self.login.show_chooser()
        self.pages.setCurrentWidget(self.login)
        if profile is not None:
            self.ops.run(lambda: _log_event(self.ctx, "logout", profile), owner=None)
        self._reload_profiles()

    def _reload_profiles(self) -> None:
        from frontdesk.accounts import list_profiles

        self.ops.read(list_profiles, self.login.set_profiles, owner=self.login)


def _log_event(ctx: AppContext, kind: str, profile: ProfileInfo) -> None:
    from frontdesk import audit

    audit.log_event(ctx.store, kind, profile.id)
