"""Qt's own texts in French (« Annuler », « Oui »… in standard dialogs)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication


def install_french(app: QApplication) -> QTranslator | None:
    """Load Qt's bundled French translation; returns it (keep a reference) or None."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_fr", folder):
        app.installTranslator(translator)
        return translator
    return None
