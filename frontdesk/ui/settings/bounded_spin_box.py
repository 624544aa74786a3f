"""A number between bounds that says when it brought a typed value back between them.

Qt's spin box silently puts the previous value back when the number typed is out of
range (« 0 min » became 10 again): here it goes to the nearest bound, on screen, and
``clamped_from`` keeps what was typed until the next edit, for the screen to say so.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractSpinBox, QSpinBox

NBSP = "\u00a0"


class BoundedSpinBox(QSpinBox):
    clamped = Signal(int, int)  # the number typed, the value kept

    def __init__(self, low: int, high: int, unit: str) -> None:
        super().__init__()
        self.unit = unit
        self.setRange(low, high)
        self.setSuffix(NBSP + unit)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.setToolTip(f"De {low} à {high}{NBSP}{unit}")
        self.clamped_from: int | None = None
        self._typed = ""
        self._stored: int | None = None  # the value last read from the base
        self.lineEdit().textEdited.connect(self._edited)
        self.editingFinished.connect(self._finished)

    def show_value(self, value: int) -> None:
        """A value read from the base (again: a sync, a save). One being edited, changed
        and not saved yet, stays on screen: the person has not finished with it."""
        edited = self._stored is not None and self.value() != self._stored
        self._stored = value
        if not edited:
            self._typed, self.clamped_from = "", None
            self.setValue(value)

    def said(self, value: int) -> str:
        """« 24 mois »."""
        return f"{value}{NBSP}{self.unit}"

    def bounds_note(self) -> str:
        """« 0 min n'est pas possible (de 1 à 120 min) » after a clamp, else ""."""
        if self.clamped_from is None:
            return ""
        return (
            f"{self.said(self.clamped_from)} n'est pas possible (de {self.minimum()} à "
            f"{self.said(self.maximum())})"
        )

    def _edited(self, text: str) -> None:
        self._typed, self.clamped_from = text, None

    def _finished(self) -> None:
        digits = "".join(c for c in self._typed if c.isdigit())
        self._typed = ""
        if digits and not self.minimum() <= int(digits) <= self.maximum():
            self.clamped_from = int(digits)
            self.clamped.emit(self.clamped_from, self.value())
