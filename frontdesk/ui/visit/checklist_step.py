"""Step 2, « Questionnaire SPIE »: one screen, one key per answer, the result live.

Left: the question still worth asking (recomputed after each answer, so moot ones
disappear, the one that settles the most first), the answers given, what comes next.
Right: the seven publics. Keys: o / n / i, digits for a list, a number then Enter;
Backspace takes back the last answer; f (or Enter) ends the questionnaire, the questions
left unanswered staying « je ne sais pas », and goes on to the orientation; Escape goes
back to the motifs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from frontdesk.orientation.assess import SituationError, assess
from frontdesk.orientation.checklist import Question, questions_in_order
from frontdesk.orientation.rules import spie_rules
from frontdesk.ui import keys
from frontdesk.ui.text import typo
from frontdesk.ui.titles import title
from frontdesk.ui.visit.question_card import FINISH, QuestionCard, answer_text, inline_label
from frontdesk.ui.visit.results_panel import ResultsPanel
from frontdesk.ui.visit.state import FlowState
from frontdesk.ui.widgets import button, hint, left_aligned

SIDE_BY_SIDE_EM = 40  # narrower than this (125 % text, small screen): one column


class ChecklistStep(QWidget):
    changed = Signal()  # an answer was given or taken back
    back_requested = Signal()
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = FlowState()
        self.questions: list[Question] = []
        self.card = QuestionCard()
        self.given = inline_label("")
        self.given.setAccessibleName("Réponses données")
        self.upcoming = inline_label("")
        self.upcoming.setAccessibleName("Questions suivantes")
        self.results = ResultsPanel()
        self.back_button = button("Retour (Échap)", "Retour aux motifs")
        self.next_button = button("Orientation (Entrée)", "Continuer vers l'orientation")
        for widget in (self.back_button, self.next_button):
            widget.setAutoDefault(True)

        top = QVBoxLayout()  # the question being asked
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(
            hint(
                typo(
                    "La personne peut toujours répondre « je ne sais pas » : le public "
                    "reste alors « à vérifier ». Ce questionnaire repère et oriente ; "
                    "il ne pose pas de diagnostic."
                )
            )
        )
        top.addWidget(self.card)
        rest = QVBoxLayout()  # what was answered, what comes next
        rest.setContentsMargins(0, 0, 0, 0)
        rest.setSpacing(6)
        rest.addSpacing(6)
        rest.addWidget(title("Réponses données"))
        rest.addWidget(self.given)
        rest.addSpacing(12)
        rest.addWidget(title("Questions suivantes"))
        rest.addWidget(self.upcoming)
        rest.addStretch()
        self.question_box, self.answers_box = QWidget(), QWidget()
        self.question_box.setLayout(top)
        self.answers_box.setLayout(rest)
        self.columns = QGridLayout()
        self.columns.setHorizontalSpacing(24)
        self.columns.setVerticalSpacing(12)
        self._narrow: bool | None = None
        self._arrange(narrow=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.columns)
        layout.addWidget(left_aligned(self.back_button, self.next_button))

        self.card.answered.connect(self.answer)
        self.card.number.installEventFilter(self)
        self.back_button.clicked.connect(self.back_requested)
        self.next_button.clicked.connect(self.continue_requested)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when there is room; the result below the questions otherwise."""
        super().resizeEvent(event)
        narrow = event.size().width() < SIDE_BY_SIDE_EM * self.fontMetrics().horizontalAdvance("m")
        self._arrange(narrow)

    def _arrange(self, narrow: bool) -> None:
        """Wide: the question and the answers on the left, the results on the right.
        Narrow: the results come right under the question, the answers after them, so
        that what the answer changes stays in view."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        for widget in (self.question_box, self.results, self.answers_box):
            self.columns.removeWidget(widget)
        if narrow:
            self.columns.addWidget(self.question_box, 0, 0)
            self.columns.addWidget(self.results, 1, 0)
            self.columns.addWidget(self.answers_box, 2, 0)
            self.columns.setColumnStretch(1, 0)
        else:
            self.columns.addWidget(self.question_box, 0, 0)
            self.columns.addWidget(self.answers_box, 1, 0)
            self.columns.addWidget(self.results, 0, 1, 2, 1)
            self.columns.setColumnStretch(0, 1)
            self.columns.setColumnStretch(1, 1)
        for row in range(3):  # the last part takes what height is left
            self.columns.setRowStretch(row, 1 if row == (2 if narrow else 1) else 0)

    def load(self, state: FlowState) -> None:
        self.state = state
        self.refresh()

    def refresh(self) -> None:
        facts = self.state.facts()
        asked = self.state.answers
        self.questions = [q for q in questions_in_order(facts) if q.key not in asked]
        current = self.questions[0] if self.questions else None
        self.card.set_question(current, len(self.state.answers), len(self.questions) - 1)
        self.results.show_assessment(assess(facts))
        self._show_given()
        later = [typo(q.label) for q in self.questions[1:]]
        self.upcoming.setText(", ".join(later) + "." if later else "Aucune.")

    def _show_given(self) -> None:
        facts = spie_rules().spec.facts
        lines = []
        for key, value in self.state.answers.items():
            fact = facts[key]
            text = answer_text(value, fact.type, fact.values, fact.unit)
            lines.append(typo(f"{fact.label} : {text}"))
        self.given.setText(
            "\n".join(lines) + typo("\n(Retour arrière : revenir sur la dernière réponse.)")
            if lines
            else "Aucune pour l'instant."
        )

    def focus_start(self) -> None:
        self.card.focus_answer()

    # --- answering

    def answer(self, value: Any) -> None:
        question = self.card.question
        if question is None:
            return
        answers = {**self.state.answers, question.key: value}
        try:
            FlowState(answers=answers).facts()
        except SituationError as exc:
            self.card.message.show_message(typo(str(exc)))
            self.card.number.selectAll()
            return
        self.state.answers = answers
        self.card.setFocus()  # before the number field hides, or the focus jumps down
        self.refresh()
        self.focus_start()
        self.changed.emit()

    def take_back(self) -> None:
        if self.state.answers:
            last = list(self.state.answers)[-1]
            del self.state.answers[last]
            self.card.setFocus()
            self.refresh()
            self.focus_start()
            self.changed.emit()

    def finish(self) -> None:
        """f: on to the orientation, the questions left staying « je ne sais pas » (a
        number typed but not yet confirmed is kept first, if it is accepted)."""
        question = self.card.question
        typed = self.card.number.text()
        if question is not None and question.kind == "int" and typed:
            self.answer(int(typed))
            if question.key not in self.state.answers:
                return  # refused: the message says why
        self.continue_requested.emit()

    def _enter(self) -> None:
        question = self.card.question
        typed = self.card.number.text()
        if question is not None and question.kind == "int" and typed:
            self.answer(int(typed))
        else:
            self.continue_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        typed = str(keys.top_row_digit(event) or "") or keys.letter(event)
        if keys.is_enter(event):
            self._enter()
        elif key == Qt.Key.Key_Escape:
            self.back_requested.emit()
        elif key == Qt.Key.Key_Backspace:
            self.take_back()
        elif typed == FINISH[0]:
            self.finish()
        elif typed and self.card.choice_for(typed)[0]:
            self.answer(self.card.choice_for(typed)[1])
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the number field: i means « je ne sais pas », f ends the questionnaire,
        Backspace when empty takes back."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if keys.letter(event) == "i":
                self.answer(None)
                return True
            if keys.letter(event) == FINISH[0]:
                self.finish()
                return True
            if keys.plain(event) and event.text() in keys.AZERTY_TOP_ROW:  # AZERTY, no Shift
                self.card.number.insert(str(keys.AZERTY_TOP_ROW[event.text()]))
                return True
            if event.key() == Qt.Key.Key_Backspace and not self.card.number.text():
                self.take_back()
                return True
        return False
