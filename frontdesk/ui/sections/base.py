"""What every section of the main window shares: a title, a body, its session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.session import UiSession
from frontdesk.ui.widgets import heading, hint


class Section(QScrollArea):
    """A scrollable page: at 125 % text size nothing is cut, it scrolls.

    A section stays true by itself: ``watches`` names the kinds of data it shows; when
    an operation changes one of them (a save here, an edit in another section, a sync
    in the background), ``refresh()`` runs at once if the section is on screen, else
    the next time it is shown; a section whose reading is cheap and awaited the moment
    it is shown (the Journal after a save) sets ``refresh_hidden`` and reads at once.
    """

    section_id = ""
    title = ""
    watches: frozenset[Change] = frozenset()
    takes_focus_at_start = False  # after login, the keys go to the section, not the menu
    refresh_hidden = False

    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.stale = False
        session.tasks.changed.connect(self.on_changes)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.title)
        inner = QWidget()
        inner.setObjectName("sectionBody")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(24, 16, 24, 16)
        self.body.addWidget(heading(self.title))
        self.setWidget(inner)

    def on_changes(self, changes: OpChanges, initiator: object = None) -> None:
        if not changes.touches(*self.watches):
            return
        if isinstance(initiator, QWidget) and self.isAncestorOf(initiator):
            return  # the change came from here and is shown already
        if self.isVisible() or self.refresh_hidden:
            self.stale = False
            self.refresh(changes)
        else:
            self.stale = True

    def refresh(self, changes: OpChanges) -> None:
        """Read again what the changed data shows. Subclasses with ``watches`` override."""

    def open_with(self, intent: object) -> None:
        """Shown at another section's request (``UiSession.open_section``), e.g. the
        Journal on « unread feedback ». Subclasses that take intents override."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.refresh(OpChanges(self.watches))

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
