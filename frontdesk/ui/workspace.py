"""The logged-in workspace: navigation on the left, the chosen section on the right.

Only the sections the profile's role allows are listed; Ctrl+1…Ctrl+6 always mean the
same section, whatever the role. A section is built the first time it is shown or asked
for (``Workspace.sections``): a counter agent who never opens Statistiques does not pay
for its widgets, and a section built late reads what is true then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

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


class LazySections(Mapping[str, Section]):
    """The role's sections by id; one is built (``build``) the first time it is read."""

    def __init__(self, specs: list[SectionSpec], build: Callable[[SectionSpec], Section]):
        self._specs = {spec.section_id: spec for spec in specs}
        self._build = build
        self._built: dict[str, Section] = {}

    def __getitem__(self, section_id: str) -> Section:
        if section_id not in self._built:
            self._built[section_id] = self._build(self._specs[section_id])  # KeyError if unknown
        return self._built[section_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def is_built(self, section_id: str) -> bool:
        return section_id in self._built


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
        self.sections = LazySections(self.specs, self._build)
        for spec in self.specs:
            item = QListWidgetItem(spec.label)
            item.setToolTip(f"{spec.label} ({spec.shortcut})")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{spec.label}, raccourci {spec.shortcut}"
            )
            self.navigation.addItem(item)
            self.stack.addWidget(QWidget())  # stands in for the section until it is built
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.activated.connect(lambda sid=spec.section_id: self.show_section(sid))
        self.navigation.currentRowChanged.connect(self._show_row)
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
        role = roles().roles[session.profile.role]
        if role.start:  # the tutor starts on the cases to review, not the directory
            self.open_section(role.start, role.start_intent or None)
        else:
            self.navigation.setCurrentRow(0)

    def _build(self, spec: SectionSpec) -> Section:
        """The section of ``spec``, put in the stack in place of its stand-in."""
        section = spec.widget(self.session)
        row = self.specs.index(spec)
        stand_in = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, section)
        if stand_in is not None:
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        self.stack.setCurrentIndex(current)
        return section

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.sections.get(self.specs[row].section_id)  # built, if it was not yet
        self.stack.setCurrentIndex(row)

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
