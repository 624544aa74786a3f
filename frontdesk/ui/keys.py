"""The one-key answers of the counter flow, read the same way on every step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def plain(event: QKeyEvent) -> bool:
    """No Ctrl, Alt or Meta (Shift is allowed: digits need it on an AZERTY keyboard)."""
    return not event.modifiers() & COMMAND_MODIFIERS


def digit(event: QKeyEvent) -> int | None:
    """1…9 from the top row or the keypad, else None."""
    return _DIGITS.get(Qt.Key(event.key())) if plain(event) else None


# The top row of a French AZERTY keyboard without Shift: & é " ' ( - è _ ç à.
AZERTY_TOP_ROW = {"&": 1, "é": 2, '"': 3, "'": 4, "(": 5, "-": 6, "è": 7, "_": 8, "ç": 9, "à": 0}


def top_row_digit(event: QKeyEvent) -> int | None:
    """Like ``digit``, and also the AZERTY top row without Shift (& for 1, é for 2…).

    Only for screens where nothing is being written: in a text field « é » is a letter.
    """
    found = digit(event)
    if found is None and plain(event):
        found = AZERTY_TOP_ROW.get(event.text())
    return found or None


def is_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def is_ctrl_enter(event: QKeyEvent) -> bool:
    return is_enter(event) and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)


def letter(event: QKeyEvent) -> str:
    """The lower-case letter typed without Ctrl/Alt, or ""."""
    text = event.text()
    return text.lower() if plain(event) and len(text) == 1 and text.isalpha() else ""
