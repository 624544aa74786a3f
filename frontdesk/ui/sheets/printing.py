"""Printing a contact sheet: the system print dialog, the PDF drawn with pypdfium2.

pypdfium2 is optional: without it, « Imprimer… » opens the PDF in the system viewer,
whose own print command is then used (the screen says so).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

MAX_DPI = 300  # enough for text and QR codes, not a page of hundreds of megabytes


def can_print_directly() -> bool:
    return importlib.util.find_spec("pypdfium2") is not None


def open_file(path: Path) -> bool:
    """Open with the system's PDF viewer (also how to print without pypdfium2)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog; None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Imprimer la fiche")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def paint_pdf(path: Path, printer: QPrinter) -> int:
    """Draw each page of the PDF on the printer, fitted to the page; the pages printed."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("L'imprimante n'a pas pu être ouverte.")
    printed = 0
    try:
        scale = min(printer.resolution(), MAX_DPI) / 72
        first, last = printer.fromPage(), printer.toPage()  # 0: every page
        for number in range(len(document)):
            if (first and number + 1 < first) or (last and number + 1 > last):
                continue
            if printed:
                printer.newPage()
            bitmap = document[number].render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), size), image)
            printed += 1
    finally:
        painter.end()
        document.close()
    return printed


def print_pdf(path: Path, parent: QWidget | None) -> str:
    """Print through the system dialog; what to tell the agent afterwards."""
    if not can_print_directly():
        if open_file(path):
            return "La fiche est ouverte dans la visionneuse : imprimez-la depuis celle-ci."
        return f"Impossible d'ouvrir la fiche. Elle est enregistrée ici : {path}"
    printer = choose_printer(parent)
    if printer is None:
        return "Impression annulée."
    paint_pdf(path, printer)
    return "La fiche est envoyée à l'imprimante."
