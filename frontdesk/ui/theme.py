"""Colours and style sheet, from the State design system (DSFR) palette.

Sizes are in points and layouts never fix heights, so the UI follows the system's
font scaling (125 % included).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

BLEU_FRANCE = "#000091"
BLEU_FRANCE_HOVER = "#1212ff"
BLEU_FRANCE_LIGHT = "#e3e3fd"
GREY_TEXT = "#161616"
GREY_MUTED = "#3a3a3a"
GREY_MENTION = "#666666"
GREY_BORDER = "#dddddd"
GREY_BACKGROUND = "#f6f6f6"
WHITE = "#ffffff"
ERROR = "#ce0500"
SUCCESS = "#18753c"
SUCCESS_LIGHT = "#b8fec9"
WARNING = "#b34000"
WARNING_LIGHT = "#ffe9e6"

STYLE_SHEET = f"""
QWidget {{ color: {GREY_TEXT}; }}
QMainWindow, QDialog, QWizard {{ background: {WHITE}; }}
QLabel[role="title"] {{ font-size: 16pt; font-weight: 700; color: {BLEU_FRANCE}; }}
QLabel[role="subtitle"] {{ font-size: 12pt; font-weight: 600; }}
QLabel[role="hint"] {{ color: {GREY_MENTION}; }}
QLabel[role="error"] {{ color: {ERROR}; font-weight: 600; }}
QLabel[role="success"] {{ color: {SUCCESS}; font-weight: 600; }}
QPushButton {{
    background: {WHITE}; color: {BLEU_FRANCE}; border: 1px solid {BLEU_FRANCE};
    padding: 0.35em 1em; min-height: 1.6em;
}}
QPushButton:hover {{ background: {BLEU_FRANCE_LIGHT}; }}
QPushButton[primary="true"], QPushButton:default {{
    background: {BLEU_FRANCE}; color: {WHITE}; border: 1px solid {BLEU_FRANCE};
}}
QPushButton[primary="true"]:hover, QPushButton:default:hover {{ background: {BLEU_FRANCE_HOVER}; }}
QPushButton:disabled {{ background: {GREY_BACKGROUND}; color: {GREY_MENTION}; border-color: {GREY_BORDER}; }}
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QListWidget:focus,
QTableWidget:focus, QRadioButton:focus, QCheckBox:focus {{ outline: 2px solid #0a76f6; }}
QWidget#sectionBody, QWidget#loginBox {{ background: {WHITE}; }}
QLineEdit, QComboBox {{
    border: none; border-bottom: 2px solid {GREY_MUTED}; background: #eeeeee;
    padding: 0.3em 0.5em; min-height: 1.5em;
}}
QLineEdit:focus, QComboBox:focus {{ border-bottom: 2px solid #0a76f6; background: {BLEU_FRANCE_LIGHT}; }}
QListWidget#navigation {{
    background: {GREY_BACKGROUND}; border: none; border-right: 1px solid {GREY_BORDER};
    font-size: 11pt; padding-top: 0.5em;
}}
QListWidget#navigation::item {{ padding: 0.6em 1em; }}
QListWidget#navigation::item:selected {{
    background: {WHITE}; color: {BLEU_FRANCE}; border-left: 3px solid {BLEU_FRANCE};
    font-weight: 600;
}}
QListWidget, QTableWidget {{ border: 1px solid {GREY_BORDER}; }}
QListWidget::item:selected, QTableWidget::item:selected {{ background: {BLEU_FRANCE_LIGHT}; color: {GREY_TEXT}; }}
QGroupBox {{ font-weight: 600; border: 1px solid {GREY_BORDER}; margin-top: 1.2em; padding: 0.8em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 0.6em; padding: 0 0.3em; color: {BLEU_FRANCE}; }}
QStatusBar {{ background: {GREY_BACKGROUND}; border-top: 1px solid {GREY_BORDER}; }}
QFrame#header {{ background: {WHITE}; border-bottom: 1px solid {GREY_BORDER}; }}
QLabel[role="status-oui"] {{ background: {SUCCESS_LIGHT}; color: {SUCCESS}; border: 1px solid {SUCCESS}; font-weight: 700; padding: 0.1em 0.5em; }}
QLabel[role="status-non"] {{ background: {GREY_BACKGROUND}; color: {GREY_MUTED}; border: 1px solid {GREY_BORDER}; font-weight: 700; padding: 0.1em 0.5em; }}
QLabel[role="status-a_verifier"] {{ background: {WARNING_LIGHT}; color: {WARNING}; border: 1px solid {WARNING}; font-weight: 700; padding: 0.1em 0.5em; }}
QLabel[role="quality-badge"] {{ background: {BLEU_FRANCE_LIGHT}; color: {BLEU_FRANCE}; border: 1px solid {BLEU_FRANCE}; font-weight: 700; padding: 0.1em 0.5em; }}
QLabel[role="keycap"] {{ border: 1px solid {GREY_MUTED}; border-radius: 3px; padding: 0 0.35em; background: {WHITE}; }}
QLabel#stepsLabel {{ color: {GREY_MENTION}; padding: 0.3em 0; }}
QFrame#questionCard {{ border: 1px solid {GREY_BORDER}; background: {GREY_BACKGROUND}; }}
QFrame#questionCard:focus {{ border: 2px solid #0a76f6; }}
QFrame#draftBanner {{ background: {BLEU_FRANCE_LIGHT}; border-left: 4px solid {BLEU_FRANCE}; }}
QCheckBox:focus, QRadioButton:focus {{ background: {BLEU_FRANCE_LIGHT}; }}
QPlainTextEdit {{ border: 1px solid {GREY_MUTED}; }}
QPlainTextEdit:focus {{ outline: 2px solid #0a76f6; border: 2px solid #0a76f6; }}
"""


def apply_theme(app: QApplication) -> None:
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(BLEU_FRANCE))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(WHITE))
    palette.setColor(QPalette.ColorRole.Link, QColor(BLEU_FRANCE))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
