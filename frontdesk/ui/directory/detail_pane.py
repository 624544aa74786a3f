"""Everything about one service and its structure, read-only, rebuilt for each service."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.detail import ContactDetail, ServiceDetail
from frontdesk.contacts.quality import Quality
from frontdesk.contacts.sheet_content import phone, web_uri
from frontdesk.moments import long_date_text
from frontdesk.ui.directory.sources import readable_note, source_label
from frontdesk.ui.text import typo
from frontdesk.ui.theme import GREY_BORDER, WARNING, WARNING_LIGHT
from frontdesk.ui.titles import title
from frontdesk.ui.widgets import fresh_page, heading, hint, left_aligned

EMPTY = "Choisissez un service dans la liste (Entrée) pour en voir le détail."


def _text(value: str) -> str:
    return escape(typo(value)).replace("\n", "<br>")


def _link(uri: str, shown: str) -> str:
    return f'<a href="{escape(uri, quote=True)}">{escape(shown)}</a>'


def _phone(raw: str) -> str:
    shown, uri = phone(raw)
    return _link(uri, shown) if uri else escape(shown)


def _mail(address: str) -> str:
    return _link(f"mailto:{address}", address)


def _label(html: str, spoken: str) -> QLabel:
    # Qt's rich text turns the narrow no-break space of « ; » and « ? » into a plain one,
    # breakable: a line would start with « ; ». Kept as written, it glues.
    label = QLabel(f'<span style="white-space: pre-wrap">{html}</span>')
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextBrowserInteraction
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setAccessibleName(spoken)
    return label


def contact_line(contact: ContactDetail) -> QLabel:
    who = contact.name + (f", {contact.role}" if contact.role else "")
    parts = [f"<b>{_text(who)}</b>"]
    parts += [_phone(contact.telephone)] if contact.telephone else []
    parts += [_mail(contact.courriel)] if contact.courriel else []
    parts += ["<i>à vérifier</i>"] if contact.a_verifier else []
    spoken = " — ".join(filter(None, [who, contact.telephone, contact.courriel]))
    return _label(" — ".join(parts), typo(spoken))


def source_line(detail: ServiceDetail) -> str:
    """« Source : Annuaire fourni avec Frontdesk (mise à jour le 2 novembre 2026) »; the
    references of the data files are not for the agents (``sources``)."""
    note = readable_note(detail.source_note)
    return (
        f"Source : {source_label(detail.source)}"
        + (f" — {note}" if note else "")
        + f" (mise à jour le {long_date_text(detail.date_maj)})"
    )


class DetailPane(QScrollArea):
    """Focusable (arrows scroll it); Escape gives the keyboard back to the results."""

    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Détail du service")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(f"DetailPane {{ border: 1px solid {GREY_BORDER}; }}")
        self.detail: ServiceDetail | None = None
        self.quality_badge: QLabel | None = None
        self.hours: QLabel | None = None
        self._scroll_back = 0  # the same service read again: back where the agent was
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)
        self.show_empty(EMPTY)

    def _page(self) -> QVBoxLayout:
        return fresh_page(self)

    def show_empty(self, text: str) -> None:
        self.detail, self.hours, self._scroll_back = None, None, 0
        layout = self._page()
        layout.addWidget(hint(text))
        layout.addStretch()

    def show_detail(self, detail: ServiceDetail, quality: Quality | None = None) -> None:
        same = self.detail is not None and self.detail.service_id == detail.service_id
        scrolled = self.verticalScrollBar().value() if same else 0  # read again: stays put
        self.detail = detail
        self.quality_badge = None
        layout = self._page()
        layout.addWidget(heading(typo(detail.nom), "subtitle"))
        owner = detail.structure_nom + (f" — partenaire {detail.partner}" if detail.partner else "")
        layout.addWidget(hint(typo(owner)))
        if detail.a_verifier:
            since = typo(f"À vérifier depuis le {long_date_text(detail.date_maj)}")
            chip = QLabel(since)
            chip.setProperty("role", "status-a_verifier")
            chip.setWordWrap(True)
            chip.setAccessibleName(since)
            layout.addWidget(chip)
        if quality is not None:  # data·inclusion's score: what the fiche still lacks
            badge = QLabel(f"Qualité {round(quality.score * 100)}\u00a0%")
            badge.setProperty("role", "quality-badge")
            badge.setToolTip(typo(quality.says()))
            badge.setAccessibleName(typo(quality.says()))
            self.quality_badge = badge
            layout.addWidget(left_aligned(badge))
        layout.addWidget(_label(_text(detail.description), typo(detail.description)))
        self._contacts(layout, detail)
        self._notes(layout, detail)
        layout.addWidget(title("Coordonnées"))
        layout.addLayout(self._coordinates(detail))
        layout.addWidget(title("Accès"))
        layout.addLayout(self._access(detail))
        if detail.structure_description:
            layout.addWidget(title("La structure"))
            text = detail.structure_description
            layout.addWidget(_label(_text(text), typo(text)))
        layout.addWidget(hint(typo(source_line(detail))))
        layout.addStretch()
        self.verticalScrollBar().setValue(0)
        self._scroll_back = scrolled  # once the new page is laid out as tall as before

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        if self._scroll_back and maximum >= self._scroll_back:
            self.verticalScrollBar().setValue(self._scroll_back)
            self._scroll_back = 0

    def _contacts(self, layout: QVBoxLayout, detail: ServiceDetail) -> None:
        layout.addWidget(title("Qui contacter"))
        if not detail.contacts:
            layout.addWidget(hint("Aucun contact direct enregistré."))
        for contact in detail.contacts:
            layout.addWidget(contact_line(contact))

    def _notes(self, layout: QVBoxLayout, detail: ServiceDetail) -> None:
        if not detail.agent_notes:
            return
        box = QFrame()
        box.setObjectName("agentNote")
        box.setStyleSheet(
            f"QFrame#agentNote {{ background: {WARNING_LIGHT}; border-left: 4px solid {WARNING}; }}"
        )
        inner = QVBoxLayout(box)
        inner.addWidget(title("Note pour les agents"))
        for note in detail.agent_notes:
            inner.addWidget(_label(_text(note), typo(note)))
        layout.addWidget(box)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        return form

    def _row(self, form: QFormLayout, name: str, html: str, spoken: str) -> QLabel:
        value = _label(html, f"{name} : {spoken}")
        caption = QLabel(typo(f"{name} :"))
        caption.setProperty("role", "hint")
        form.addRow(caption, value)
        return value

    def _coordinates(self, detail: ServiceDetail) -> QFormLayout:
        form = self._form()
        if detail.telephone:
            self._row(form, "Téléphone", _phone(detail.telephone), detail.telephone)
        if detail.courriel:
            self._row(form, "Courriel", _mail(detail.courriel), detail.courriel)
        if detail.adresse:
            html = "<br>".join(_text(line) for line in detail.adresse)
            self._row(form, "Adresse", html, ", ".join(detail.adresse))
        if detail.horaires_texte:
            text = typo(detail.horaires_texte)
            self.hours = self._row(form, "Horaires", escape(text), text)
            self.hours.setToolTip(f"Horaires au format OpenStreetMap : {detail.horaires}")
        if detail.site_web:
            site = detail.site_web
            self._row(form, "Site web", _link(web_uri(site), site), site)
        if detail.lien_mobilisation:
            link = detail.lien_mobilisation
            self._row(form, "Mobiliser", _link(web_uri(link), link), link)
        if form.rowCount() == 0:
            form.addRow(hint("Aucune coordonnée enregistrée."))
        return form

    def _access(self, detail: ServiceDetail) -> QFormLayout:
        form = self._form()
        rows = [
            ("Publics", ", ".join(detail.publics)),
            ("Précisions", detail.publics_precisions or ""),
            ("Conditions d'accès", detail.conditions_acces or ""),
            ("Frais", detail.frais or ""),
            ("Accueil", ", ".join(detail.modes_accueil)),
            ("Zone", ", ".join(detail.zones)),
            ("Thèmes", ", ".join(detail.thematiques)),
        ]
        for name, value in rows:
            if value.strip():
                self._row(form, name, _text(value), typo(value))
        return form

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.leave.emit()
            return
        super().keyPressEvent(event)
