"""A labelled pick list: the French labels of a vocabulary, ticked with Space, the slugs
kept behind them. Long lists get groups and a line that filters as you type; the chosen
labels are repeated below the list so a filter never hides what is ticked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.orientation.journeys import fold
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import hint

Choice = tuple[str, str]  # (slug, label)
Group = tuple[str, Sequence[Choice]]  # (group label, its choices)
SLUG = Qt.ItemDataRole.UserRole
UNKNOWN = "Valeurs inconnues"


def _children(parent: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The children of ``parent`` (``child()`` is None only out of range)."""
    return [child for i in range(parent.childCount()) if (child := parent.child(i)) is not None]


class PickList(QWidget):
    """``values()`` are the ticked slugs, in the vocabulary's order."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        groups: Sequence[Group],
        chosen: Iterable[str] = (),
        *,
        filterable: bool = False,
        rows: int = 6,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        chosen = list(chosen)
        known = {slug for _group, choices in groups for slug, _label in choices}
        unknown = [slug for slug in chosen if slug not in known]
        if unknown:  # kept ticked, so that the save names them rather than drop them
            groups = [*groups, (UNKNOWN, [(slug, slug) for slug in unknown])]
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(name)
        self.tree.setAccessibleDescription("Espace coche ou décoche la valeur sélectionnée")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        grouped = len(groups) > 1 or bool(groups and groups[0][0])
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(self.fontMetrics().averageCharWidth() * 2 if grouped else 0)
        self.items: list[QTreeWidgetItem] = []
        self._fill(groups, set(chosen), grouped)
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)
        lines = len(self.items) + (len(groups) if grouped else 0)
        row_height = self.tree.sizeHintForRow(0) if lines else self.fontMetrics().height()
        frame = 2 * self.tree.frameWidth()
        self.tree.setFixedHeight(row_height * min(rows, max(lines, 1)) + frame)
        self.tree.setMinimumWidth(self.fontMetrics().averageCharWidth() * 45)
        self.filter: QLineEdit | None = None
        self.summary = hint("")
        self.summary.setAccessibleName(f"{name} cochés")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if filterable:
            self.filter = QLineEdit()
            self.filter.setPlaceholderText("Tapez pour filtrer la liste…")
            self.filter.setAccessibleName(f"Filtrer : {name}")
            self.filter.setClearButtonEnabled(True)
            for clear in self.filter.findChildren(QToolButton):
                clear.setAccessibleName("Effacer le filtre")
            self.filter.textChanged.connect(self.apply_filter)
            self.filter.installEventFilter(self)
            layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.filter or self.tree)
        self.tree.itemChanged.connect(self._item_changed)
        first = next((i for i in self.items if i.checkState(0) == Qt.CheckState.Checked), None)
        start = first or (self.items[0] if self.items else None)
        if start is not None:  # else the new tree has no current item already
            self.tree.setCurrentItem(start)
        self._summarize()

    def _fill(self, groups: Sequence[Group], chosen: set[str], grouped: bool) -> None:
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        for title, choices in groups:
            parent_item = self.tree.invisibleRootItem()
            if grouped:
                parent_item = QTreeWidgetItem(self.tree, [typo(title)])
                parent_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
            for slug, label in choices:
                item = QTreeWidgetItem(parent_item, [typo(label)])
                item.setData(0, SLUG, slug)
                item.setToolTip(0, typo(label))
                item.setFlags(flags)
                ticked = Qt.CheckState.Checked if slug in chosen else Qt.CheckState.Unchecked
                item.setCheckState(0, ticked)
                self.items.append(item)

    def values(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(0, SLUG))
            for item in self.items
            if item.checkState(0) == Qt.CheckState.Checked
        )

    def labels(self) -> list[str]:
        return [item.text(0) for item in self.items if item.checkState(0) == Qt.CheckState.Checked]

    def set_values(self, slugs: Iterable[str]) -> None:
        wanted = set(slugs)
        for item in self.items:
            ticked = item.data(0, SLUG) in wanted
            item.setCheckState(0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def item(self, slug: str) -> QTreeWidgetItem:
        return next(item for item in self.items if item.data(0, SLUG) == slug)

    def apply_filter(self, text: str) -> None:
        """Show the values whose label holds every typed word, under their group."""
        words = fold(text).split()
        for item in self.items:
            haystack = fold(item.text(0))
            item.setHidden(not all(word in haystack for word in words))
        for group in _children(self.tree.invisibleRootItem()):
            if group.childCount():
                shown = any(not child.isHidden() for child in _children(group))
                group.setHidden(not shown)
        current = self.tree.currentItem()
        if current is None or current.isHidden():
            visible = next((i for i in self.items if not i.isHidden()), None)
            # None clears the current item: PySide6's stub omits that Qt takes a null item.
            self.tree.setCurrentItem(visible)  # type: ignore[arg-type]

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, SLUG) is not None:
            self._summarize()
            self.changed.emit()

    def _summarize(self) -> None:
        labels = self.labels()
        text = "Aucune valeur cochée." if not labels else "Cochés : " + " ; ".join(labels)
        self.summary.setText(typo(text))
        self.summary.setAccessibleDescription(typo(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """From the filter line, Down (or Enter) goes into the list."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)
