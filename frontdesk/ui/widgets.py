"""Small building blocks shared by the screens (labels, messages, buttons)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


def heading(text: str, role: str = "title") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def hint(text: str) -> QLabel:
    return heading(text, "hint")


def buddy_label(text: str, field: QWidget) -> QLabel:
    """A form label tied to its field: the mnemonic (&) focuses it, the name is read out."""
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(text.replace("&", "").rstrip(" :\u00a0"))
    return label


def button(text: str, accessible_name: str | None = None, *, primary: bool = False) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(accessible_name or text.replace("&", ""))
    if primary:
        widget.setProperty("primary", True)
    return widget


def fresh_page(area: QScrollArea) -> QVBoxLayout:
    """Replace the scroll area's content with an empty page; its layout, to fill."""
    page = QWidget()
    page.setObjectName("sectionBody")
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 8, 12, 8)
    area.setWidget(page)
    return layout


def left_aligned(*widgets: QWidget) -> QWidget:
    """Widgets side by side at their natural width (buttons should not span a form)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch()
    return row


def read_only_table(columns: tuple[str, ...], accessible_name: str) -> QTableWidget:
    """A table for reading (whole rows selected, no editing), columns sharing the width."""
    table = QTableWidget(0, len(columns))
    table.setAccessibleName(accessible_name)
    table.setHorizontalHeaderLabels(columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().hide()
    return table


class MessageLabel(QLabel):
    """Where a screen says what went wrong (or right), hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Message")
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.setProperty("role", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")

    def show_expected(self, error: BaseException, *expected: type[BaseException]) -> None:
        """Show a refusal the core explained in French; anything else is a crash."""
        if not isinstance(error, expected):
            raise error
        self.show_message(str(error))
