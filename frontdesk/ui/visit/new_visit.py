"""« Nouvelle visite » (Ctrl+N): the visit in progress is left, after a confirmation when
answers would be lost. Nothing is saved; the draft goes with it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.ui.text import typo

SHORTCUT = "Ctrl+N"
ABANDON = "&Abandonner la visite"
KEEP = "&Continuer la visite"


def confirm_abandon(parent: QWidget) -> bool:
    """True to drop the visit; « Continuer la visite » is the default, and Escape."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Nouvelle visite")
    box.setText(typo("Abandonner la visite en cours ?"))
    box.setInformativeText(
        typo(
            "Ses réponses, les partenaires cochés et la note seront effacés ; rien ne sera "
            "enregistré. Alt+A : abandonner ; Échap : continuer la visite."
        )
    )
    abandon = box.addButton(ABANDON, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(KEEP, QMessageBox.ButtonRole.RejectRole)
    abandon.setAccessibleName(ABANDON.replace("&", ""))
    keep.setAccessibleName(KEEP.replace("&", ""))
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is abandon
