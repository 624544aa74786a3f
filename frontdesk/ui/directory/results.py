"""The services found: one row each, ticked with Space for the visitor's sheet."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QVBoxLayout, QWidget

from frontdesk.contacts.search import ServiceHit
from frontdesk.contacts.sheet_content import phone
from frontdesk.ui.widgets import read_only_table

COLUMNS = ("Service et structure", "Commune", "Téléphone", "État")
SERVICE_ID = Qt.ItemDataRole.UserRole
NAME = Qt.ItemDataRole.UserRole + 1


def markers(hit: ServiceHit) -> list[str]:
    """Said in words, never by colour alone."""
    found = ["ouvert"] if hit.open_now is True else []
    return found + (["à vérifier"] if hit.a_verifier else [])


class ResultsTable(QWidget):
    """Holds the table; Enter opens, Space ticks, Up on the first row or Escape goes back."""

    opened = Signal(object)  # service id
    current_changed = Signal(object)  # service id or None
    ticked = Signal(object, str, bool)  # service id, name, ticked
    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = read_only_table(COLUMNS, "Services trouvés")
        self.table.setAccessibleDescription(
            "Entrée : ouvrir le détail. Espace : cocher pour la fiche. Échap : revenir à la"
            " recherche."
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setWordWrap(True)
        # Wrapped names need their rows re-measured when the column's width changes.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.installEventFilter(self)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *_: self.current_changed.emit(self.current()))
        self.table.cellDoubleClicked.connect(lambda row, _col: self.opened.emit(self.id_at(row)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def fill(
        self,
        hits: list[ServiceHit],
        ticked: Collection[uuid.UUID],
        keep: uuid.UUID | None = None,
    ) -> bool:
        """Show ``hits``, the row of ``keep`` selected (else the first). False when
        ``keep`` is not among them: then no row is selected and nothing is announced."""
        table = self.table
        table.blockSignals(True)
        table.clearContents()
        table.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            telephone = phone(hit.telephone)[0] if hit.telephone else ""
            shown = [
                f"{hit.nom}\n{hit.structure_nom}",
                hit.commune or "",
                telephone,
                "\n".join(markers(hit)),
            ]
            for column, text in enumerate(shown):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, column, item)
            first = table.item(row, 0)
            assert first is not None  # set just above
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setData(SERVICE_ID, hit.service_id)
            first.setData(NAME, hit.nom)
            checked = hit.service_id in ticked
            first.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            parts = [hit.nom, hit.structure_nom, hit.commune, telephone, *markers(hit)]
            spoken = ", ".join(filter(None, parts))
            first.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        for column in range(1, len(COLUMNS)):
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, min(table.columnWidth(column), 160))
        table.resizeRowsToContents()
        rows = [hit.service_id for hit in hits]
        if keep is not None and keep not in rows:
            table.setCurrentCell(-1, -1)
            table.blockSignals(False)
            return False
        table.blockSignals(False)
        if hits:
            row = rows.index(keep) if keep is not None else 0
            table.setCurrentCell(row, 0)
            current = table.item(row, 0)
            assert current is not None  # every row was filled above
            table.scrollToItem(current)
        self.current_changed.emit(self.current())
        return True

    def id_at(self, row: int) -> uuid.UUID | None:
        item = self.table.item(row, 0)
        return None if item is None else item.data(SERVICE_ID)

    def current(self) -> uuid.UUID | None:
        return self.id_at(self.table.currentRow())

    def enter(self, last: bool = False) -> None:
        """Take the keyboard from the search line (Down: first row, Up: last)."""
        if self.table.rowCount():
            row = self.table.rowCount() - 1 if last else max(self.table.currentRow(), 0)
            self.table.setCurrentCell(row, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_current(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def untick_all(self) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None:
                item.setCheckState(Qt.CheckState.Unchecked)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            checked = item.checkState() == Qt.CheckState.Checked
            self.ticked.emit(item.data(SERVICE_ID), item.data(NAME), checked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and isinstance(event, QKeyEvent):
            if event.type() != QKeyEvent.Type.KeyPress or event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier
            ):
                return False
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.current() is not None:
                    self.opened.emit(self.current())
                return True
            if key == Qt.Key.Key_Space:
                self.toggle_current()
                return True
            if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and self.table.currentRow() <= 0):
                self.leave.emit()
                return True
        return False
