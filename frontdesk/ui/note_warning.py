"""The warning shown before saving a text that looks like it holds personal data: a
visit's note, a message on a visit."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.ui.text import typo
from frontdesk.visits.privacy import Finding

_REPHRASE = (
    "reformulez sans nom, adresse, téléphone, adresse électronique, date de naissance ni "
    "numéro (sécurité sociale, allocataire, fiscal, France Travail, IBAN)."
)


def confirm_personal_data(
    parent: QWidget, findings: list[Finding], *, what: str, anonymous: str, edit: str, keep: str
) -> bool:
    """True to go on anyway; ``edit`` (go back to the text) is the default, and Escape.
    ``what``: « La note », « Le message »; ``anonymous``: why it must stay anonymous."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"{what.rsplit(maxsplit=1)[-1].capitalize()} à vérifier")
    box.setText(typo(f"{what} semble contenir des données personnelles :"))
    box.setInformativeText(
        "\n".join(f"• {typo(f.message)}" for f in findings)
        + "\n\n"
        + typo(f"{anonymous} : {_REPHRASE}")
    )
    edit_button = box.addButton(edit, QMessageBox.ButtonRole.RejectRole)
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.AcceptRole)
    edit_button.setAccessibleName(edit)
    keep_button.setAccessibleName(keep)
    box.setDefaultButton(edit_button)
    box.setEscapeButton(edit_button)
    box.exec()
    return box.clickedButton() is keep_button


def confirm_note(parent: QWidget, findings: list[Finding]) -> bool:
    """True to save anyway; « Modifier la note » is the default (and Escape)."""
    return confirm_personal_data(
        parent,
        findings,
        what="La note",
        anonymous="La fiche de visite reste anonyme",
        edit="Modifier la note",
        keep="Enregistrer quand même",
    )
