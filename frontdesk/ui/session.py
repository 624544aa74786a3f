"""What a screen gets once someone is logged in: the context, the helper, the profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from frontdesk.accounts import ProfileInfo
from frontdesk.context import AppContext
from frontdesk.ui.ops import Ops
from frontdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from frontdesk.ui.sync.controller import SyncController


class UiSession(QObject):
    """One logged-in profile. Sections talk to each other only through these signals and
    through ``tasks.changed`` (what a write changed, see ``ui/ops.py``)."""

    idle_minutes_changed = Signal(int)
    # a section asks the workspace to show another one: its id, and what to show there
    open_section = Signal(str, object)

    def __init__(
        self,
        ctx: AppContext,
        tasks: TaskRunner,
        profile: ProfileInfo,
        sync: SyncController | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.tasks = tasks
        self.profile = profile
        self.ops = Ops(ctx, tasks)
        self._sync = sync

    @property
    def sync(self) -> SyncController:
        """The app's background sync, handed over by the main window (a screen built
        on its own, in a test, gets one of its own, not started)."""
        if self._sync is None:
            from frontdesk.ui.sync.controller import SyncController

            self._sync = SyncController(self.ctx, self.tasks)
        return self._sync

    def may(self, action: str) -> bool:
        return self.profile.may(action)
