"""The question being asked: its text, its one-key answers, and what went wrong.

The card itself takes the keyboard focus for yes/no and list questions (keys o, n, i
and digits, handled by the checklist step); a number is typed in a field, then Enter.
The same letters mean the same everywhere: o oui, n non (in a list: its « none » value,
e.g. « aucune » protection), i je ne sais pas, f fin du questionnaire. The buttons are
there for the mouse and never take the focus away from the keys.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.orientation.checklist import Question
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, heading, hint

UNKNOWN = ("i", "Je ne sais pas")
NO = "n"
BOOL_CHOICES = (("o", "Oui", True), (NO, "Non", False))
FINISH = ("f", "fin du questionnaire (le reste en « je ne sais pas »)")
BUTTONS_PER_ROW = {"bool": 3, "int": 3, "enum": 2}


class QuestionCard(QFrame):
    answered = Signal(object)  # the value, or None for « je ne sais pas »

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question: Question | None = None
        self.progress = hint("")
        self.text = heading("", "subtitle")
        self.number = QLineEdit()
        self.number.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}")))
        self.number.setPlaceholderText("Nombre, puis Entrée")
        self.number.setAccessibleName("Réponse en chiffres")
        self.number.setMaximumWidth(self.number.fontMetrics().horizontalAdvance("0" * 24))
        self.answers = QGridLayout()  # a few per row: a long list wraps, never widens
        self.answers.setContentsMargins(0, 0, 0, 0)
        self.keys = hint("")
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.text)
        layout.addWidget(self.number)
        layout.addLayout(self.answers)
        layout.addWidget(self.keys)
        layout.addWidget(self.message)
        self._buttons: list[tuple[QPushButton, Any]] = []  # and the answer it gives

    def set_question(self, question: Question | None, asked: int, left: int) -> None:
        self.question = question
        self.message.clear_message()
        for old, _value in self._buttons:  # the previous question's
            self.answers.removeWidget(old)
            old.hide()
            old.deleteLater()
        self._buttons = []
        self.number.clear()
        if question is None:
            self.progress.setText("Questionnaire terminé")
            self.text.setText(
                typo("Plus aucune question ne peut changer le résultat.")
                if asked
                else typo("Aucune question à poser.")
            )
            self.keys.setText(typo("Entrée ou f : orientation ; Retour arrière : corriger."))
            self.number.hide()
            self._describe()
            return
        count = f"{left} autre{'s' if left > 1 else ''} ensuite" if left else "dernière question"
        self.progress.setText(typo(f"Question {asked + 1} — {count}"))
        self.text.setText(typo(question.text))
        self.number.setVisible(question.kind == "int")
        self.number.setAccessibleName(typo(question.label))
        if question.kind == "bool":
            choices: list[tuple[str, str, bool | str]] = list(BOOL_CHOICES)
        elif question.kind == "enum":
            choices = [
                (self._enum_keys(n, value), label, value)
                for n, (value, label) in enumerate(question.choices, 1)
            ]
        else:
            choices = []
        for position, (key, label, value) in enumerate([*choices, (*UNKNOWN, None)]):
            self._add_button(key, label, value, position)
        self.answers.setColumnStretch(BUTTONS_PER_ROW[question.kind], 1)
        keys = ", ".join(f"{key} : {label.lower()}" for key, label, _ in choices)
        if question.kind == "int":
            keys = "tapez le nombre puis Entrée"
        finish = f"{FINISH[0]} : {FINISH[1]}"
        self.keys.setText(
            typo(f"Touches — {keys}, i : je ne sais pas ; {finish} ; Échap : retour.")
        )
        self._describe()

    def _enum_keys(self, position: int, value: str) -> str:
        """« 6 ou n » for the list's « none » value, else the digit."""
        question = self.question
        if question is not None and value == question.no_value:
            return f"{position} ou {NO}"
        return str(position)

    def _add_button(self, key: str, label: str, value: Any, position: int) -> None:
        widget = button(f"{key} — {label}", typo(f"{label} (touche {key})"))
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        widget.clicked.connect(lambda: self.answered.emit(value))
        per_row = BUTTONS_PER_ROW[self.question.kind if self.question else "bool"]
        row, column = divmod(position, per_row)
        self.answers.addWidget(widget, row, column)
        self._buttons.append((widget, value))

    def answer_buttons(self) -> list[tuple[QPushButton, Any]]:
        """Each answer's button (« o — Oui ») and the value it gives (None: unknown)."""
        return list(self._buttons)

    def _describe(self) -> None:
        """The card is what has the focus: it says the question and the keys."""
        self.setAccessibleName(self.text.text())
        self.setAccessibleDescription(self.keys.text())

    def choice_for(self, key: str) -> tuple[bool, Any]:
        """(found, value) for a key typed on the card: o, n, i or a digit."""
        question = self.question
        if question is None:
            return False, None
        if key == UNKNOWN[0]:
            return True, None
        if question.kind == "bool":
            for letter, _label, value in BOOL_CHOICES:
                if key == letter:
                    return True, value
        if question.kind == "enum" and key == NO and question.no_value is not None:
            return True, question.no_value
        if question.kind == "enum" and key.isdigit() and 1 <= int(key) <= len(question.choices):
            return True, question.choices[int(key) - 1][0]
        return False, None

    def focus_answer(self) -> None:
        if self.question is not None and self.question.kind == "int":
            self.number.setFocus()
        else:
            self.setFocus()


def answer_text(
    value: Any, kind: str, choices: dict[str, str] | None, unit: str | None = None
) -> str:
    if value is None:
        return "je ne sais pas"
    if kind == "bool":
        return "oui" if value else "non"
    if kind == "enum":
        return (choices or {}).get(value, str(value))
    return f"{value} {unit}" if unit else str(value)


def inline_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label
