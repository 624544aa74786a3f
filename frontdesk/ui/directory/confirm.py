"""« Supprimer ce contact ? »: the question asked before anything is deleted."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.ui.text import typo


def confirm_delete(parent: QWidget, question: str, detail: str) -> bool:
    """True to delete; « Annuler » is the default button (Enter) and Escape."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(typo(question))
    box.setText(typo(question))
    box.setInformativeText(typo(detail))
    delete = box.addButton("&Supprimer", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Annu&ler", QMessageBox.ButtonRole.RejectRole)
    delete.setAccessibleName("Supprimer")
    cancel.setAccessibleName("Annuler")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete
