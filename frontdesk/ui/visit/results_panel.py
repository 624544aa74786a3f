"""The live result of the SPIE checklist: seven publics, the documents, the hints.

A status is always said in words (« Oui », « Non », « À vérifier ») and also coloured,
never colour alone.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.orientation.assess import assess
from frontdesk.orientation.results import Assessment, PublicResult
from frontdesk.ui.text import typo
from frontdesk.ui.titles import title

STATUS_TEXT = {"oui": "Oui", "non": "Non", "a_verifier": "À vérifier"}


def status_chip(status: str) -> QLabel:
    chip = QLabel(STATUS_TEXT[status])
    chip.setProperty("role", f"status-{status}")
    chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return chip


def _bullets(lines: list[str]) -> str:
    return "".join(f"<p style='margin:0 0 0.25em 0'>• {escape(typo(line))}</p>" for line in lines)


class PublicRow:
    """One public: its status chip, its name and the reasons, updated in place."""

    def __init__(self, grid: QGridLayout, row: int, label: str) -> None:
        self.label = label
        self.chip = status_chip("a_verifier")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        grid.addWidget(self.chip, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.text, row, 1)

    def show(self, result: PublicResult) -> None:
        status = STATUS_TEXT[result.status]
        self.chip.setText(status)
        self.chip.setProperty("role", f"status-{result.status}")
        self.chip.style().unpolish(self.chip)
        self.chip.style().polish(self.chip)
        title = result.label + (f" — {result.level_label}" if result.level_label else "")
        reasons = " ".join(typo(r) for r in result.reasons)
        self.text.setText(
            f"<b>{escape(typo(title))}</b><br><span style='color:#666666'>{escape(reasons)}</span>"
        )
        spoken = typo(f"{title} : {status}. {reasons}")
        self.chip.setAccessibleName(status)
        self.text.setAccessibleName(spoken)


class ResultsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Résultat du questionnaire SPIE")
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        self.rows = {
            public.slug: PublicRow(grid, index, public.label)
            for index, public in enumerate(assess({}).publics)
        }
        self.documents = QLabel()
        self.documents.setWordWrap(True)
        self.documents.setTextFormat(Qt.TextFormat.RichText)
        self.documents.setAccessibleName("Pièces à demander")
        self.hints = QLabel()
        self.hints.setWordWrap(True)
        self.hints.setTextFormat(Qt.TextFormat.RichText)
        self.hints.setAccessibleName("Pistes")
        self.hints_title = title("Pistes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title("Publics SPIE"))
        layout.addLayout(grid)
        layout.addWidget(title("Pièces à demander"))
        layout.addWidget(self.documents)
        layout.addWidget(self.hints_title)
        layout.addWidget(self.hints)
        layout.addStretch()

    def show_assessment(self, assessment: Assessment) -> None:
        documents: list[str] = []
        for result in assessment.publics:
            self.rows[result.slug].show(result)
            if result.status == "oui":  # « à vérifier »: the reasons say what is missing
                documents += [d for d in result.documents if d not in documents]
        self.documents.setText(
            _bullets(documents) if documents else typo("Aucune tant qu'aucun public n'est « oui ».")
        )
        self.documents.setAccessibleDescription(" ; ".join(documents))
        self.hints.setText(
            "".join(
                f"<p style='margin:0 0 0.4em 0'><b>{escape(typo(h.label))}</b><br>"
                f"{escape(typo(h.text))}</p>"
                for h in assessment.hints
            )
        )
        spoken = " ".join(typo(f"{h.label} : {h.text}") for h in assessment.hints)
        self.hints.setAccessibleDescription(spoken)
        self.hints_title.setVisible(bool(assessment.hints))
        self.hints.setVisible(bool(assessment.hints))

    def statuses(self) -> dict[str, str]:
        """What each chip says, as a screen reader would read it (for tests)."""
        return {slug: row.chip.text() for slug, row in self.rows.items()}
