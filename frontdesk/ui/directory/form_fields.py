"""A dialog form whose every field has its own error line, filled from a ``FormErrors``.

Fields go in one column, or several side by side (``new_column``); a ``PickList`` field
gives its ticked slugs through ``picked``; a ``choice_list`` shows long choices whole,
each wrapped on as many lines as it needs (a combo box would cut them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.directory.pick_list import Group, PickList
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button
from frontdesk.ui.widgets import hint as hint_label


class FieldForm(QDialog):
    """Rows of (label, field, error line); « Enregistrer » and « Annuler » below.

    ``show_errors`` puts each message next to its field (those of fields not shown go in
    the general message at the top) and gives the keyboard to the first wrong field.
    """

    def __init__(self, title: str, parent: QWidget | None = None, save_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(typo(title))
        self.setAccessibleName(typo(title))
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, MessageLabel] = {}
        self.message = MessageLabel()
        self.columns = QHBoxLayout()
        self.form = self.new_column()
        self.save_button = button(save_text or "&Enregistrer", primary=True)
        self.save_button.setDefault(True)
        self.cancel_button = button("Annu&ler", "Annuler")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(self.columns, 1)
        layout.addLayout(buttons)

    def new_column(self, labels_above: bool = False) -> QFormLayout:
        """The next fields go in a new column, to the right of the others; with
        ``labels_above``, each label sits over its field (for wide fields: pick lists)."""
        self.form = QFormLayout()
        wrap = QFormLayout.RowWrapPolicy
        self.form.setRowWrapPolicy(wrap.WrapAllRows if labels_above else wrap.WrapLongRows)
        column = QVBoxLayout()
        column.addLayout(self.form)
        column.addStretch()  # rows keep their height when the other column is taller
        if self.columns.count():
            self.columns.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        self.columns.addLayout(column, 1)
        return self.form

    def add_field(
        self, key: str, label: str, field: QWidget, hint: str = "", note: str = ""
    ) -> QWidget:
        """``hint`` is the field's tooltip and description; ``note`` is also shown under it."""
        error = MessageLabel()
        error.setAccessibleName(f"Erreur : {label.replace('&', '').rstrip(' :')}")
        column = QWidget()
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(field)
        if note:
            below = hint_label(note)
            inner.addWidget(below)
            hint = hint or note
        inner.addWidget(error)
        self.form.addRow(buddy_label(typo(label), field), column)
        if hint:
            field.setToolTip(hint)
            field.setAccessibleDescription(hint)
        self.fields[key], self.errors[key] = field, error
        return field

    def line(
        self, key: str, label: str, value: str = "", hint: str = "", *, note: str = ""
    ) -> QLineEdit:
        field = QLineEdit(value)
        field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 36)
        self.add_field(key, label, field, hint, note)
        return field

    def text_box(
        self, key: str, label: str, value: str = "", hint: str = "", *, lines: int = 3
    ) -> QPlainTextEdit:
        """A box ``lines`` lines high (margins and frame added: none is cut)."""
        field = QPlainTextEdit(value)
        field.setTabChangesFocus(True)  # Tab leaves the box: keyboard first
        margins = field.document().documentMargin() * 2 + field.frameWidth() * 2
        field.setFixedHeight(int(field.fontMetrics().lineSpacing() * lines + margins + 4))
        self.add_field(key, label, field, hint)
        return field

    def choice_list(self, key: str, label: str, items: list[tuple[str, str]]) -> QListWidget:
        """One choice among long texts, all shown wrapped; the first is chosen."""
        field = QListWidget()
        field.setWordWrap(True)
        field.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped again when resized
        field.setTextElideMode(Qt.TextElideMode.ElideNone)
        field.setSpacing(2)
        for value, text in items:
            item = QListWidgetItem(typo(text))
            item.setData(Qt.ItemDataRole.UserRole, value)
            field.addItem(item)
        field.setCurrentRow(0)
        field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 50)
        field.setMinimumHeight(field.fontMetrics().lineSpacing() * (len(items) * 2 + 1))
        self.add_field(key, label, field)
        return field

    def combo(self, key: str, label: str, items: list[tuple[str, str]]) -> QComboBox:
        field = QComboBox()
        for value, text in items:
            field.addItem(text, value)
        self.add_field(key, label, field)
        return field

    def pick(
        self,
        key: str,
        label: str,
        groups: Sequence[Group],
        chosen: Iterable[str] = (),
        *,
        filterable: bool = False,
        rows: int = 6,
    ) -> PickList:
        """Checkable French labels, grouped when ``groups`` have titles."""
        name = label.replace("&", "").rstrip(" :\u00a0")
        field = PickList(name, groups, chosen, filterable=filterable, rows=rows)
        self.add_field(key, label, field)
        return field

    def picked(self, key: str) -> tuple[str, ...]:
        field = self.fields[key]
        assert isinstance(field, PickList)
        return field.values()

    def value(self, key: str) -> str:
        field = self.fields[key]
        if isinstance(field, QPlainTextEdit):
            return field.toPlainText()
        if isinstance(field, QComboBox):
            return str(field.currentData() or "")
        if isinstance(field, QListWidget):
            item = field.currentItem()
            return str(item.data(Qt.ItemDataRole.UserRole) or "") if item is not None else ""
        assert isinstance(field, QLineEdit)
        return field.text()

    def clear_errors(self) -> None:
        self.message.clear_message()
        for error in self.errors.values():
            error.clear_message()

    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.clear_errors()
        others = [text for key, text in errors.items() if key not in self.errors]
        for key, text in errors.items():
            if key in self.errors:
                self.errors[key].show_message(text)
        if others:
            self.message.show_message("\n".join(others))
        wrong = [key for key in self.fields if key in errors]
        if wrong:
            self.fields[wrong[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
