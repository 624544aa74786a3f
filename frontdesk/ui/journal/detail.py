"""One visit, read-only: its categories, orientations, review and the messages about it."""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from frontdesk.accounts import role_label
from frontdesk.ui.journal.format import (
    PUBLIC_STATUS_LABELS,
    REVIEW_LABELS,
    age_label,
    categories_of,
    channel_label,
    commune_label,
    date_only,
    date_time,
    journey_labels,
    kind_label,
    outcome_label,
    partner_label,
    public_label,
)
from frontdesk.ui.text import typo
from frontdesk.ui.theme import BLEU_FRANCE, BLEU_FRANCE_LIGHT, GREY_BORDER
from frontdesk.ui.titles import title
from frontdesk.ui.widgets import fresh_page, heading, hint
from frontdesk.visits.journal_detail import CommentView, VisitDetail

EMPTY = "Choisissez une visite dans la liste (Entrée) pour en voir le détail."
STATUS_ROLES = {"a_revoir": "status-a_verifier", "valide": "status-oui"}


def _label(text: str, spoken: str | None = None, *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setAccessibleName(spoken or text)
    return label


def _chip(text: str, role: str) -> QLabel:
    chip = QLabel(typo(text))
    chip.setProperty("role", role)
    chip.setWordWrap(True)
    chip.setAccessibleName(typo(text))
    return chip


class VisitView(QScrollArea):
    """Focusable (arrows scroll it); Escape gives the keyboard back to the list."""

    leave = Signal()

    def __init__(self, viewer_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer_id = viewer_id
        self.setAccessibleName("Détail de la visite")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(f"VisitView {{ border: 1px solid {GREY_BORDER}; }}")
        self.detail: VisitDetail | None = None
        self.message_labels: list[QLabel] = []
        self.show_empty(EMPTY)

    def _page(self) -> QVBoxLayout:
        return fresh_page(self)

    def show_empty(self, text: str) -> None:
        self.detail, self.message_labels = None, []
        layout = self._page()
        layout.addWidget(hint(typo(text)))
        layout.addStretch()

    def show_detail(self, detail: VisitDetail) -> None:
        self.detail = detail
        layout = self._page()
        layout.addWidget(heading(f"Visite du {date_time(detail.started_at)}", "subtitle"))
        who = f"{detail.site} — {detail.agent} — {channel_label(detail.channel)}"
        layout.addWidget(hint(typo(who)))
        if detail.voided_at is not None:
            said = f"Annulée le {date_only(detail.voided_at)} : {detail.void_reason or ''}"
            layout.addWidget(_chip(said, "status-non"))
        if detail.review is not None or detail.comments:  # the feedback first: it is news
            self._review(layout, detail)
            self._messages(layout, detail)
            layout.addWidget(title("La visite"))
            layout.addLayout(self._facts(detail))
        else:
            layout.addLayout(self._facts(detail))
            self._review(layout, detail)
            self._messages(layout, detail)
        layout.addStretch()
        self.verticalScrollBar().setValue(0)

    def _facts(self, detail: VisitDetail) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        publics = [
            f"{public_label(slug)} : {PUBLIC_STATUS_LABELS.get(status, status)}"
            for slug, status in detail.publics
        ]
        orientations = [f"{partner_label(p)} — {kind_label(k)}" for p, k in detail.orientations]
        rows = [
            ("Motifs", "\n".join(journey_labels(detail.journeys))),
            ("Problématiques", "\n".join(categories_of(detail.thematiques))),
            ("Publics du SPIE", "\n".join(publics) or "questionnaire non passé"),
            ("Orientations", "\n".join(orientations) or "aucune"),
            ("Suite", outcome_label(detail.outcome)),
            ("Tranche d'âge", age_label(detail.age_band) if detail.age_band else ""),
            ("Commune", commune_label(detail.commune_insee) if detail.commune_insee else ""),
            ("Note", detail.note or ""),
        ]
        for name, value in rows:
            if value:
                caption = QLabel(typo(f"{name} :"))
                caption.setProperty("role", "hint")
                form.addRow(caption, _label(typo(value), typo(f"{name} : {value}")))
        return form

    def _review(self, layout: QVBoxLayout, detail: VisitDetail) -> None:
        layout.addWidget(title("Relecture du tuteur"))
        if detail.review is None:
            layout.addWidget(hint("Pas encore relue."))
            return
        said = REVIEW_LABELS.get(detail.review, detail.review)
        if detail.reviewer_name:
            said += f" — par {detail.reviewer_name}"
        if detail.reviewed_at is not None:
            said += f", le {date_only(detail.reviewed_at)}"
        layout.addWidget(_chip(said, STATUS_ROLES.get(detail.review, "status-non")))

    def _messages(self, layout: QVBoxLayout, detail: VisitDetail) -> None:
        layout.addWidget(title("Échanges"))
        self.message_labels = []
        if not detail.comments:
            layout.addWidget(hint("Aucun message sur cette visite."))
        for comment in detail.comments:
            self.message_labels.append(self._message(comment))
            layout.addWidget(self.message_labels[-1])

    def _message(self, comment: CommentView) -> QLabel:
        mine = comment.author_id == self.viewer_id
        new = not comment.read and not mine
        role = role_label(comment.author_role)
        head = f"{comment.author_name} ({role}), le {date_time(comment.at)}"
        html = f"<b>{escape(typo(head))}</b>" + (" — <i>nouveau</i>" if new else "")
        html += "<br>" + escape(typo(comment.body)).replace("\n", "<br>")
        spoken = typo(f"Message de {head}{' (nouveau)' if new else ''} : {comment.body}")
        label = _label(html, spoken, rich=True)
        label.setObjectName("message")
        background = BLEU_FRANCE_LIGHT if new else "transparent"
        label.setStyleSheet(
            f"QLabel#message {{ border-left: 3px solid {BLEU_FRANCE if new else GREY_BORDER};"
            f" background: {background}; padding: 0.3em 0.6em; }}"
        )
        label.setFrameShape(QFrame.Shape.NoFrame)
        return label

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.leave.emit()
            return
        super().keyPressEvent(event)
