"""The logged-in workspace: navigation on the left, the chosen section on the right.

Only the sections the profile's role allows are built; Ctrl+1…Ctrl+6 always mean the
same section, whatever the role.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.config import roles
from frontdesk.ui.sections import SECTIONS, SectionSpec
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession
from frontdesk.ui.widgets import button

SIDE_MAX = 220  # logical pixels: the navigation never takes more


class Workspace(QWidget):
    lock_requested = Signal()
    logout_requested = Signal()

    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.specs: list[SectionSpec] = [s for s in SECTIONS if session.profile.sees(s.section_id)]
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        self.stack = QStackedWidget()
        self.sections: dict[str, Section] = {}
        for spec in self.specs:
            item = QListWidgetItem(spec.label)
            item.setToolTip(f"{spec.label} ({spec.shortcut})")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{spec.label}, raccourci {spec.shortcut}"
            )
            self.navigation.addItem(item)
            section = spec.widget(session)
            self.sections[spec.section_id] = section
            self.stack.addWidget(section)
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.activated.connect(lambda sid=spec.section_id: self.show_section(sid))
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        session.open_section.connect(self.open_section)

        self.lock_button = button("&Verrouiller", "Verrouiller la session (Ctrl+L)")
        self.logout_button = button("Se dé&connecter", "Se déconnecter")
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock_requested)
        self.lock_button.clicked.connect(self.lock_requested)
        self.logout_button.clicked.connect(self.logout_requested)

        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.navigation, 1)
        side.addWidget(self.lock_button)
        side.addWidget(self.logout_button)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(self._side_width())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(side_widget)
        layout.addWidget(self.stack, 1)
        self.navigation.setCurrentRow(0)
        role = roles().roles[session.profile.role]
        if role.start:  # the tutor starts on the cases to review, not the directory
            self.open_section(role.start, role.start_intent or None)

    def _side_width(self) -> int:
        """As wide as the longest label or button, no wider (at most ``SIDE_MAX``): the
        sections get the rest of a small screen."""
        self.navigation.ensurePolished()  # the style sheet's font and padding count
        widest = max(
            self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth(),
            self.lock_button.sizeHint().width(),
            self.logout_button.sizeHint().width(),
        )
        return min(widest + 4, SIDE_MAX)

    @property
    def current_section_id(self) -> str:
        return self.specs[self.navigation.currentRow()].section_id

    def focus_start(self) -> None:
        """Where the keyboard starts after login: the section, if it asks for it."""
        section = self.stack.currentWidget()
        if isinstance(section, Section) and section.takes_focus_at_start:
            section.setFocus()
        else:
            self.navigation.setFocus()

    def open_section(self, section_id: str, intent: object) -> None:
        """Another section asks for this one, on something precise (``Section.open_with``)."""
        section = self.sections.get(section_id)
        if section is not None:
            section.open_with(intent)
            self.show_section(section_id)

    def show_section(self, section_id: str) -> None:
        for row, spec in enumerate(self.specs):
            if spec.section_id == section_id:
                self.navigation.setCurrentRow(row)
                shown = self.stack.currentWidget()
                if shown is not None:  # the stack has a page for each row
                    shown.setFocus()
                return
