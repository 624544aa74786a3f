"""The file dialogs: where they open (the person's Documents, never the application's
working directory), and Qt's own dialog in French where the system has none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

# Qt's own dialog (used where the system has none) in French: the bundled translation
# leaves the labels with a shortcut (« &Look in: ») in English.
DIALOG_LABELS = (
    (QFileDialog.DialogLabel.LookIn, "&Regarder dans\u00a0:"),
    (QFileDialog.DialogLabel.FileName, "&Nom du fichier\u00a0:"),
    (QFileDialog.DialogLabel.FileType, "&Type de fichier\u00a0:"),
    (QFileDialog.DialogLabel.Accept, "Enregistrer"),
    (QFileDialog.DialogLabel.Reject, "Annuler"),
)


def documents_folder() -> str:
    """Where the save dialog opens: the person's Documents, else their home folder
    (never the application's working directory)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """The save-as dialog (the system's where there is one); "" when cancelled."""
    dialog = QFileDialog(parent, title, str(Path(suggested).parent), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(Path(suggested).name)
    for which, text in DIALOG_LABELS:
        dialog.setLabelText(which, text)
    metrics = dialog.fontMetrics()  # Qt's dialog: wide enough for « Dernière modification »
    dialog.resize(metrics.averageCharWidth() * 110, metrics.height() * 30)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def ask_open_path(parent: QWidget, title: str, filters: str) -> str:
    """The open dialog (the system's where there is one), from Documents; "" when
    cancelled."""
    dialog = QFileDialog(parent, title, documents_folder(), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    for which, text in DIALOG_LABELS:
        dialog.setLabelText(which, "&Ouvrir" if which == QFileDialog.DialogLabel.Accept else text)
    metrics = dialog.fontMetrics()
    dialog.resize(metrics.averageCharWidth() * 110, metrics.height() * 30)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
