"""A progress panel that says when its work is over, however it ended (done, refused or
cancelled): the screen then gives back the button that started it."""

from __future__ import annotations

from PySide6.QtCore import Signal

from frontdesk.ui.progress_panel import ProgressPanel


class TrackedProgressPanel(ProgressPanel):
    ended = Signal()

    def finish(self) -> None:
        super().finish()
        self.ended.emit()
