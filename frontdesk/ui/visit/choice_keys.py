"""One letter per choice at step 3, shown on a key cap next to the choice.

The type of orientation, the outcome and the channel are each a row of radio buttons
(Tab and the arrows reach them as usual); each choice also has one letter of its own on
the step, shown before its label, so no choice needs more than one key. The letters are
fixed for the lists' known ids (an agent learns them); an id added later to
``resources/visit-options.json`` gets the first free letter of its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QHBoxLayout, QLabel, QRadioButton

from frontdesk.orientation.journeys import fold
from frontdesk.ui.text import NBSP, typo
from frontdesk.visits.options import Choice, visit_options

# The type: i, a, r; the outcome: e (résolu), o (orienté), v (à revoir); the channel: g, t,
# s (sur rendez-vous). Every letter once on the step; the digits are the partners'.
LETTERS: Mapping[str, Mapping[str, str]] = {
    "orientation_kinds": {"information": "i", "appel": "a", "rendez-vous": "r"},
    "outcomes": {"resolu": "e", "oriente": "o", "a-revoir": "v"},
    "channels": {"guichet": "g", "telephone": "t", "rendez-vous": "s"},
}
FIELDS = tuple(LETTERS)


def step_letters() -> dict[str, dict[str, str]]:
    """field -> choice id -> its letter, all distinct on the step."""
    options = visit_options()
    taken: set[str] = set()
    found: dict[str, dict[str, str]] = {}
    for field in FIELDS:
        choices: tuple[Choice, ...] = getattr(options, field)
        known = LETTERS[field]
        letters = {c.id: known[c.id] for c in choices if c.id in known}
        taken |= set(letters.values())
        for choice in choices:
            if choice.id not in letters:
                letters[choice.id] = _free_letter(choice.label, taken)
                taken.add(letters[choice.id])
        found[field] = {c.id: letters[c.id] for c in choices}
    return found


def _free_letter(label: str, taken: set[str]) -> str:
    candidates = [c for c in fold(label) if c.isalpha() and c.isascii()]
    for letter in [*candidates, *"abcdefghijklmnopqrstuvwxyz"]:
        if letter not in taken:
            return letter
    raise ValueError("no letter left for a choice of step 3")


class KeyChoices(QGroupBox):
    """A titled row of radio buttons, each after the key cap of its letter."""

    chosen = Signal(str)  # a choice id, picked by the mouse, the arrows or its letter

    def __init__(self, title: str, choices: Iterable[Choice], letters: Mapping[str, str]) -> None:
        super().__init__(title)
        self.setAccessibleName(title)
        self.letters = dict(letters)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.caps: dict[str, QLabel] = {}  # the key cap shown before each choice
        layout = QHBoxLayout(self)
        for choice in choices:
            letter = self.letters[choice.id]
            cap = QLabel(letter)
            cap.setProperty("role", "keycap")
            cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
            radio = QRadioButton(choice.label)
            radio.setAccessibleName(typo(f"{choice.label}, touche{NBSP}{letter}"))
            radio.setProperty("choice", choice.id)
            self.group.addButton(radio)
            self.radios[choice.id] = radio
            self.caps[choice.id] = cap
            layout.addWidget(cap)
            layout.addWidget(radio)
            layout.addSpacing(8)
        layout.addStretch()
        self.group.buttonToggled.connect(self._toggled)

    def set_title(self, title: str) -> None:
        self.setTitle(title)
        self.setAccessibleName(title)

    def choice_for(self, letter: str) -> str | None:
        return next((cid for cid, own in self.letters.items() if own == letter), None)

    def current(self) -> str | None:
        checked = self.group.checkedButton()
        return None if checked is None else str(checked.property("choice"))

    def show_choice(self, choice_id: str) -> None:
        """Check ``choice_id`` without saying so (the state already holds it)."""
        self.group.blockSignals(True)
        for cid, radio in self.radios.items():
            radio.setChecked(cid == choice_id)
        self.group.blockSignals(False)

    def describe(self) -> str:
        """« i : information donnée, a : … » for the step's hint."""
        return ", ".join(
            f"{self.letters[cid]} : {radio.text().lower()}" for cid, radio in self.radios.items()
        )

    def _toggled(self, radio: QRadioButton, checked: bool) -> None:
        if checked:
            self.chosen.emit(str(radio.property("choice")))
