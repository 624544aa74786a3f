"""The checkable list of journeys: a key digit on the left, « fréquent » and « SPIE » markers
on the right. The order never follows the frequency (a motif keeps its digit): the marker
only says which motifs this site chooses most."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from frontdesk.orientation.journeys import Journey
from frontdesk.ui.text import NBSP
from frontdesk.ui.theme import BLEU_FRANCE, BLEU_FRANCE_LIGHT, GREY_BORDER, GREY_MUTED

JOURNEY_ID = Qt.ItemDataRole.UserRole
KEY_DIGIT = Qt.ItemDataRole.UserRole + 1  # 1…9 for the first nine visible rows, else 0
IS_SPIE = Qt.ItemDataRole.UserRole + 2
IS_FREQUENT = Qt.ItemDataRole.UserRole + 3
FREQUENT = "fréquent"

AnyIndex = QModelIndex | QPersistentModelIndex


class JourneyDelegate(QStyledItemDelegate):
    """Draws the item (check box and label) between a digit gutter and a SPIE badge."""

    def _gutter(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.horizontalAdvance("99") + 12

    def _badge(self, option: QStyleOptionViewItem) -> int:
        """The markers' room on the right: « fréquent » then « SPIE », always kept."""
        return option.fontMetrics.horizontalAdvance(f"{FREQUENT}SPIE") + 40

    def _inner(self, option: QStyleOptionViewItem) -> QStyleOptionViewItem:
        inner = QStyleOptionViewItem(option)
        inner.rect = option.rect.adjusted(self._gutter(option), 0, -self._badge(option), 0)
        return inner

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        super().paint(painter, self._inner(option), index)
        painter.save()
        font = QFont(opt.font)
        digit = index.data(KEY_DIGIT)
        if digit:
            box = QRect(opt.rect.left() + 4, opt.rect.top(), self._gutter(opt) - 8, 0)
            box.setHeight(opt.fontMetrics.height() + 4)
            box.moveTop(opt.rect.center().y() - box.height() // 2)
            painter.setPen(QPen(QColor(GREY_MUTED)))
            painter.setBrush(QColor("#ffffff"))
            painter.drawRoundedRect(box, 3, 3)
            painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(digit))
        spie_width = opt.fontMetrics.horizontalAdvance("SPIE") + 12
        if index.data(IS_SPIE):
            font.setPointSizeF(max(font.pointSizeF() * 0.8, 7.0))
            font.setBold(True)
            painter.setFont(font)
            box = QRect(opt.rect.right() - spie_width - 4, opt.rect.top(), spie_width, 0)
            box.setHeight(opt.fontMetrics.height())
            box.moveTop(opt.rect.center().y() - box.height() // 2)
            painter.setPen(QPen(QColor(BLEU_FRANCE)))
            painter.setBrush(QColor(BLEU_FRANCE_LIGHT))
            painter.drawRoundedRect(box, 3, 3)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "SPIE")
        if index.data(IS_FREQUENT):
            small = QFont(opt.font)
            small.setPointSizeF(max(small.pointSizeF() * 0.8, 7.0))
            small.setItalic(True)
            painter.setFont(small)
            right = opt.rect.right() - spie_width - 12
            width = opt.fontMetrics.horizontalAdvance(FREQUENT) + 8
            box = QRect(right - width, opt.rect.top(), width, opt.rect.height())
            painter.setPen(QPen(QColor(GREY_MUTED)))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, FREQUENT)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        inner = self._inner(option)
        view = option.widget
        if isinstance(view, QAbstractItemView):  # wrap to the width actually available
            width = view.viewport().width() - self._gutter(option) - self._badge(option)
            inner.rect = QRect(0, 0, max(width, 120), 10_000)
        size = super().sizeHint(inner, index)
        return QSize(inner.rect.width(), size.height() + 8)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        """A click anywhere on the row ticks it, not only on the small box."""
        if (
            isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and index.flags() & Qt.ItemFlag.ItemIsUserCheckable
        ):
            if event.type() == QEvent.Type.MouseButtonRelease:
                checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
                state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
                model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)
            return event.type() != QEvent.Type.MouseButtonPress  # the press still selects
        return super().editorEvent(event, model, self._inner(option), index)


class JourneyList(QListWidget):
    """All journeys as checkable rows; fits its content so the page scrolls, not the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Motifs de la visite")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet(f"QListWidget {{ border-top: 1px solid {GREY_BORDER}; }}")
        self.setItemDelegate(JourneyDelegate(self))

    def add_journey(self, journey: Journey) -> QListWidgetItem:
        item = QListWidgetItem(journey.label)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(JOURNEY_ID, journey.id)
        item.setData(IS_SPIE, journey.spie_checklist)
        item.setData(IS_FREQUENT, False)
        self.addItem(item)
        return item

    def visible_items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count()) if not self.item(row).isHidden()]

    def number_visible(self) -> None:
        """Digits 1…9 on the first nine visible rows; the spoken text says them too."""
        for row in range(self.count()):
            self.item(row).setData(KEY_DIGIT, 0)
        for position, item in enumerate(self.visible_items(), start=1):
            digit = position if position <= 9 else 0
            item.setData(KEY_DIGIT, digit)
            spoken = item.text()
            if item.data(IS_SPIE):
                spoken += ", questionnaire SPIE"
            if item.data(IS_FREQUENT):
                spoken += f", {FREQUENT}"
            if digit:
                spoken += f", touche{NBSP}{digit}"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        self.fit_height()

    def fit_height(self) -> None:
        self.doItemsLayout()
        height = sum(self.sizeHintForRow(self.row(item)) for item in self.visible_items())
        self.setFixedHeight(max(height, self.fontMetrics().height() * 2) + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit_height()
