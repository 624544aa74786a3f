"""The Accueil's notice lines: a button that reads as a highlighted line and opens the
section concerned (« 2 retours de votre tuteur — les lire dans le journal », « L'annuaire
ne donne encore aucun contact pour 10 partenaires du SPIE — le compléter »)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.theme import BLEU_FRANCE, BLEU_FRANCE_LIGHT

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontdesk.contacts.worklist import Worklist


class NoticeLink(QPushButton):
    """Hidden while there is nothing to say; ``refresh()`` reads again."""

    open_requested = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("noticeLink")
        self.setStyleSheet(
            f"QPushButton#noticeLink {{ background: {BLEU_FRANCE_LIGHT}; text-align: left;"
            f" border: none; border-left: 4px solid {BLEU_FRANCE}; font-weight: 600;"
            " padding: 0.5em 1em; }"
        )
        self.clicked.connect(self.open_requested)
        self.hide()  # read when the section is shown

    def refresh(self) -> None:
        """Subclasses read what they say."""

    def say(self, text: str, fallback_name: str) -> None:
        self.setText(typo(text))
        self.setAccessibleName(self.text() or fallback_name)
        self.setVisible(bool(text))


class DirectoryNotice(NoticeLink):
    """For whoever may edit the directory, while named SPIE partners have no contact."""

    def refresh(self) -> None:
        from frontdesk.contacts.worklist import build_worklist

        def work(s: Session) -> Worklist:
            return build_worklist(s)

        self.session.ops.read(work, self._show, owner=self)

    def _show(self, worklist: Worklist) -> None:
        count = len(worklist.unreachable)
        partners = "partenaire" if count == 1 else "partenaires"
        said = (
            f"L'annuaire ne donne encore aucun contact pour {count} {partners} du SPIE"
            " — le compléter"
            if count
            else ""
        )
        self.say(said, "Compléter l'annuaire")
