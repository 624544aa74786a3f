"""The warning shown before saving a note that looks like it holds personal data."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.ui.visit.typography import typo
from frontdesk.visits.privacy import Finding


def confirm_note(parent: QWidget, findings: list[Finding]) -> bool:
    """True to save anyway; « Modifier la note » is the default (and Escape)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Note à vérifier")
    box.setText(typo("La note semble contenir des données personnelles :"))
    box.setInformativeText(
        "\n".join(f"• {typo(f.message)}" for f in findings)
        + "\n\n"
        + typo(
            "La fiche de visite reste anonyme : reformulez sans nom, téléphone, "
            "adresse électronique, date de naissance ni numéro de sécurité sociale."
        )
    )
    edit = box.addButton("Modifier la note", QMessageBox.ButtonRole.RejectRole)
    keep = box.addButton("Enregistrer quand même", QMessageBox.ButtonRole.AcceptRole)
    edit.setAccessibleName("Modifier la note")
    keep.setAccessibleName("Enregistrer quand même")
    box.setDefaultButton(edit)
    box.setEscapeButton(edit)
    box.exec()
    return box.clickedButton() is keep
