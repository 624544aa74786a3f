"""The visitor's satisfaction form: one question per page, big buttons, then « Merci ! ».

The screen is turned towards the visitor: it covers the application (maximised, so
nothing of the counter's work shows), one question at a time in large type, each
answer a large button (mouse, touch, or its number key; arrows and Enter work too).
« Passer » leaves a question unanswered; « Terminer » (or Échap) ends the form with
the answers given so far. The answers are added to anonymous monthly counters in one
write at the end; then « Merci ! » shows and the window closes by itself.

Nothing about the visit reaches this dialog: it knows the store and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.satisfaction import Question, satisfaction_form
from frontdesk.ui import keys
from frontdesk.ui.ops import explain
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import button, heading

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

THANKS_MS = 3000  # « Merci ! » stays this long (any key or click closes it sooner)
TITLE = "Votre avis sur l'accueil"
STYLE = """
QLabel[role="question"] { font-size: 26pt; font-weight: 700; color: #000091; }
QLabel[role="lead"] { font-size: 15pt; color: #3a3a3a; }
QLabel[role="progress"] { font-size: 13pt; color: #666666; }
QLabel[role="thanks"] { font-size: 40pt; font-weight: 700; color: #000091; }
QPushButton[answer="true"] {
    font-size: 20pt; font-weight: 600; padding: 0.45em 1em; min-width: 13em;
    border: 2px solid #000091; background: #ffffff; color: #000091; outline: none;
}
QPushButton[answer="true"]:hover { background: #e3e3fd; }
QPushButton[answer="true"]:focus { background: #e3e3fd; border: 4px solid #0a76f6; }
QPushButton[footer="true"] { font-size: 14pt; padding: 0.4em 1.2em; outline: none; }
QPushButton[footer="true"]:focus { background: #e3e3fd; border: 3px solid #0a76f6; }
"""


def _label(text: str, role: str) -> QLabel:
    label = heading(typo(text), role)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class QuestionPage(QWidget):
    """One question and its answer buttons, numbered 1, 2, 3…"""

    def __init__(self, question: Question, position: int, total: int) -> None:
        super().__init__()
        self.question = question
        self.progress = _label(f"Question {position} sur {total}", "progress")
        self.text = _label(question.label, "question")
        self.buttons: list[QPushButton] = []
        column = QVBoxLayout()  # one answer per line: long labels, any screen width
        column.setSpacing(16)
        for index, answer in enumerate(question.answers):
            label = typo(answer.label)
            widget = button(
                f"{index + 1}. {label}",
                typo(f"{label}, touche {index + 1}"),
            )
            widget.setProperty("answer", True)
            widget.setAutoDefault(False)  # Enter is the dialog's: see keyPressEvent
            widget.setProperty("answer_id", answer.id)
            widget.setAccessibleDescription(typo(question.label))
            self.buttons.append(widget)
            column.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch()
        row.addLayout(column)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.progress)
        layout.addSpacing(12)
        layout.addWidget(self.text)
        layout.addSpacing(28)
        layout.addLayout(row)
        layout.addSpacing(16)
        layout.addWidget(_label("Choisissez une réponse, ou tapez son numéro.", "progress"))
        layout.addStretch()

    def move_focus(self, step: int) -> None:
        """To the next (1) or previous (-1) answer; from outside them, to the first."""
        focused = next((b for b in self.buttons if b.hasFocus()), None)
        index = self.buttons.index(focused) + step if focused else 0
        self.buttons[index % len(self.buttons)].setFocus(Qt.FocusReason.TabFocusReason)


class SatisfactionDialog(QDialog):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setStyleSheet(STYLE)
        questions = satisfaction_form().questions
        self.answers: dict[str, str | None] = dict.fromkeys(q.id for q in questions)
        self.recorded: int | None = None  # answers counted, once written
        self._finishing = False
        self.lead = _label(
            "Quelques secondes pour nous aider à améliorer l'accueil. "
            "Vos réponses sont anonymes : elles ne sont pas liées à votre visite.",
            "lead",
        )
        self.pages = QStackedWidget()
        self.question_pages = [
            QuestionPage(question, n + 1, len(questions)) for n, question in enumerate(questions)
        ]
        for page in self.question_pages:
            self.pages.addWidget(page)
            for widget in page.buttons:
                widget.clicked.connect(lambda _c=False, w=widget, p=page: self._answer(p, w))
        self.thanks = _label("Merci !", "thanks")
        self.thanks_detail = _label("Vos réponses nous aident à améliorer l'accueil.", "lead")
        thanks_page = QWidget()
        thanks_layout = QVBoxLayout(thanks_page)
        thanks_layout.addStretch()
        thanks_layout.addWidget(self.thanks)
        thanks_layout.addWidget(self.thanks_detail)
        thanks_layout.addStretch()
        self.pages.addWidget(thanks_page)
        self.skip = button("&Passer la question", "Passer la question")
        self.finish_button = button("&Terminer (Échap)", "Terminer le questionnaire")
        for widget in (self.skip, self.finish_button):
            widget.setProperty("footer", True)
            widget.setAutoDefault(False)
        self.footer = QWidget()
        footer = QHBoxLayout(self.footer)
        footer.addStretch()
        footer.addWidget(self.skip)
        footer.addWidget(self.finish_button)
        footer.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.addWidget(self.lead)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.footer)

        self.skip.clicked.connect(self.next_question)
        self.finish_button.clicked.connect(self.finish)
        self.setWindowState(Qt.WindowState.WindowMaximized)
        self._show_page(0)

    # --- pages

    @property
    def page(self) -> QuestionPage | None:
        current = self.pages.currentWidget()
        return current if isinstance(current, QuestionPage) else None

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        # No answer takes the focus: a highlighted one would look already chosen. The
        # number keys answer; the arrows, or Tab, then show where the focus is.
        self.setFocus()
        page = self.page
        if page is not None:  # what a screen reader says of the focused dialog
            self.setAccessibleDescription(typo(f"{page.progress.text()} : {page.text.text()}"))

    def _answer(self, page: QuestionPage, widget: QPushButton) -> None:
        if self._finishing:
            return
        self.answers[page.question.id] = str(widget.property("answer_id"))
        self.next_question()

    def next_question(self) -> None:
        index = self.pages.currentIndex() + 1
        if index < len(self.question_pages):
            self._show_page(index)
        else:
            self.finish()

    # --- the end: one write, « Merci ! », closes by itself

    def finish(self) -> None:
        if self._finishing:
            return
        self._finishing = True
        self.lead.hide()
        self.footer.hide()
        self.pages.setCurrentIndex(len(self.question_pages))
        self.setFocus()
        self.setAccessibleDescription(self.thanks.text())
        answers = dict(self.answers)
        if not any(answers.values()):
            self.recorded = 0
            self._close_soon()
            return

        def work(session: Session) -> int:
            from frontdesk.moments import today
            from frontdesk.satisfaction import record_answers

            return record_answers(session, answers, today())

        self.session.ops.write(work, self._recorded, owner=self, failed=self._not_recorded)

    def _recorded(self, count: int) -> None:
        self.recorded = count
        self._close_soon()

    def _not_recorded(self, error: BaseException) -> bool:
        """The visitor is told on the « Merci ! » page, which closes by itself as usual
        (no message box in front of them); the cause goes to the log."""
        explain(error)
        self.recorded = 0
        self.thanks_detail.setText(typo("Vos réponses n'ont pas pu être enregistrées."))
        self._close_soon()
        return True

    def _close_soon(self) -> None:
        QTimer.singleShot(THANKS_MS, self, self.accept)

    # --- keys: 1…n answer, arrows move between answers, Échap ends

    def keyPressEvent(self, event: QKeyEvent) -> None:
        page = self.page
        if self._finishing:
            self.accept()  # any key closes « Merci ! »
            return
        position = keys.top_row_digit(event)
        if page is not None and position is not None:
            if position <= len(page.buttons):
                page.buttons[position - 1].click()
            return
        focused = self.focusWidget()
        if keys.is_enter(event) and isinstance(focused, QPushButton):
            focused.click()
        elif page is not None and event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            page.move_focus(1)
        elif page is not None and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            page.move_focus(-1)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._finishing:
            self.accept()
            return
        super().mousePressEvent(event)

    def reject(self) -> None:
        """Échap or the window's close button: the answers given so far count."""
        if self._finishing:
            self.accept()
        else:
            self.finish()
