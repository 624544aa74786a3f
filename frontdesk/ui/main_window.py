"""The main window: wires the login page, the workspace, the idle lock and the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

WINDOW_TITLE = "Frontdesk — France Services"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, tasks: TaskRunner, peek: StorePeek) -> None:
        super().__init__()
        self.ctx = ctx
        self.tasks = tasks
        self.ops = Ops(ctx, tasks)  # outside a session: the login list, the audit of a lock
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName(WINDOW_TITLE)
        self.resize(1100, 720)
        self.login = LoginPage(ctx, tasks, peek.site_name)
        self.login.set_profiles(list(peek.profiles))
        self.workspace = None  # built at login, once the profile's role is known
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
        if self.sync is None:
            from frontdesk.ui.sync.controller import SyncController

            self.sync = SyncController.of(self.ctx, self.tasks)
            self.sync.summary_changed.connect(self.status.set_sync_state)
            self.sync.start()

    def _open_workspace(self, profile: ProfileInfo) -> None:
        from frontdesk.ui.session import UiSession  # the workspace pulls in every section
        from frontdesk.ui.workspace import Workspace

        self._close_workspace()
        session = UiSession(self.ctx, self.tasks, profile)
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
