"""« Satisfaction des visiteurs » on the Statistiques screen: what the bilan and the XLSX
already print, shown where the superviseur looks first."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from frontdesk.stats.report_data import SatisfactionResults
from frontdesk.ui.text import typo
from frontdesk.ui.titles import title
from frontdesk.ui.widgets import hint

NONE = "Aucune réponse au questionnaire de satisfaction sur cette période."
WHOLE_MONTHS = "Les réponses sont comptées par mois entiers : la période est arrondie au mois."


def answers_line(answers: tuple[tuple[str, str, int], ...], total: int) -> str:
    """« Très satisfait : 12 (60 %) ; Satisfait : 8 (40 %) »."""
    parts = []
    for _id, label, count in answers:
        share = round(100 * count / total) if total else 0
        parts.append(f"{label} : {count} ({share}\u202f%)")
    return typo(" ; ".join(parts))


class SatisfactionView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Satisfaction des visiteurs")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)

    def show_results(self, results: SatisfactionResults | None) -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.body.addWidget(title("Satisfaction des visiteurs"))
        if results is None or results.total == 0:
            self.body.addWidget(hint(typo(NONE)))
            return
        answered = f"{results.total} réponse" + ("s" if results.total > 1 else "")
        self.body.addWidget(hint(typo(f"{answered} au questionnaire proposé après la visite.")))
        for question in results.questions:
            label = QLabel(
                typo(f"{question.label} — {answers_line(question.answers, question.total)}")
            )
            label.setWordWrap(True)
            label.setAccessibleName(label.text())
            self.body.addWidget(label)
        if results.whole_months:
            self.body.addWidget(hint(typo(WHOLE_MONTHS)))
