"""Where the flow's steps are stacked."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


class StepStack(QWidget):
    """One step shown at a time, the others hidden: as tall as the step shown.

    (A QStackedWidget is as tall as its tallest page, whichever page is shown.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._current = -1

    def addWidget(self, page: QWidget) -> None:
        self._pages.append(page)
        self._layout.addWidget(page)
        page.hide()

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentIndex(self) -> int:
        return self._current

    def currentWidget(self) -> QWidget:
        return self._pages[self._current]

    def setCurrentIndex(self, index: int) -> None:
        self._current = index
        self._pages[index].show()  # shown first, so the focus has somewhere to stay
        for position, page in enumerate(self._pages):
            if position != index:
                page.hide()
