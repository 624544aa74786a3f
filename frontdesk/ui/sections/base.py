"""What every section of the main window shares: a title, a body, its session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from frontdesk.ui.session import UiSession
from frontdesk.ui.widgets import heading, hint


class Section(QScrollArea):
    """A scrollable page: at 125 % text size nothing is cut, it scrolls."""

    section_id = ""
    title = ""

    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.title)
        inner = QWidget()
        inner.setObjectName("sectionBody")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(24, 16, 24, 16)
        self.body.addWidget(heading(self.title))
        self.setWidget(inner)

    def finish(self) -> None:
        """Call at the end of a subclass constructor: keeps content at the top."""
        self.body.addStretch()

    def focus_on_show(self) -> bool:
        """Shown (Ctrl+digit, login): give the keys to the control that should take them;
        False when there is none. Subclasses override."""
        return False

    def focusInEvent(self, event: QFocusEvent) -> None:
        # reached with Tab / Shift+Tab, the section keeps the focus: the tab chain goes on
        tabbing = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbing or not self.focus_on_show():
            super().focusInEvent(event)


class UpcomingSection(Section):
    """A section whose feature is not built yet: says so plainly, pretends nothing."""

    upcoming = ""

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        self.body.addWidget(hint(self.upcoming))
        self.finish()
