"""Short one-line titles inside the flow (no word wrap: no stray gap below them)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from frontdesk.ui.widgets import heading


def title(text: str) -> QLabel:
    label = heading(text, "subtitle")
    label.setWordWrap(False)
    return label
