"""Step 3, « Orientation et suite »: partners to tick, what came of the visit, save.

Keys: 1…9 tick the n-th partner (the outcome becomes « Orienté » by itself); arrows
change the outcome; Enter saves (Ctrl+Enter inside the note); Escape goes back; Ctrl+P
makes the visitor's contact sheet. Under each partner, its services from the directory
(``recommend_services``) are read in the background when the step opens.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.recommend import Recommendation
from frontdesk.contacts.visit_sheet import load_recommendations, service_line
from frontdesk.orientation.suggest import SuggestedPartner, suggest_partners
from frontdesk.ui.directory.sheet_bar import SHORTCUT
from frontdesk.ui.session import UiSession
from frontdesk.ui.visit import keys
from frontdesk.ui.visit.state import FlowState
from frontdesk.ui.visit.titles import title
from frontdesk.ui.visit.typography import typo
from frontdesk.ui.visit.visit_sheet_bar import VisitSheetBar
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint, left_aligned
from frontdesk.visits.options import visit_options


def short_reasons(partner: SuggestedPartner, single_journey: bool) -> str:
    """« Public oui : … ; motif choisi ; à vérifier : … » (one journey: not repeated)."""
    parts = []
    for kind, name in (
        ("public-oui", "public oui"),
        ("journey", "motif"),
        ("hint", "piste"),
        ("public-a-verifier", "à vérifier"),
    ):
        labels = partner.labels(kind)
        if kind == "journey" and labels and single_journey:
            parts.append("motif choisi")
        elif labels:
            parts.append(f"{name} : " + ", ".join(labels))
    text = " ; ".join(parts)
    return text[:1].upper() + text[1:] + "."


class PartnerRow:
    def __init__(
        self, grid: QGridLayout, row: int, partner: SuggestedPartner, single_journey: bool
    ) -> None:
        self.slug = partner.slug
        self.label = partner.label
        digit = str(row + 1) if row < 9 else ""
        self.key = QLabel(digit)
        self.key.setProperty("role", "keycap" if digit else "")
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.check = QCheckBox(partner.label)
        spoken = partner.label + (f", touche {digit}" if digit else "")
        self.check.setAccessibleName(typo(spoken))
        why = typo(short_reasons(partner, single_journey))
        self.check.setAccessibleDescription(why)
        self.why = hint(why)
        self.services = hint(typo("Annuaire : recherche des services…"))
        self.services.setWordWrap(True)
        self.services.setAccessibleName(typo(f"Services de l'annuaire pour {partner.label}"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(typo(f"Type d'orientation vers {partner.label}"))
        for choice in visit_options().orientation_kinds:
            self.kind.addItem(choice.label, choice.id)
        policy = self.kind.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # rows keep their place when it shows
        self.kind.setSizePolicy(policy)
        self.kind.hide()
        label_box = QVBoxLayout()
        label_box.setSpacing(0)
        label_box.addWidget(self.check)
        label_box.addWidget(self.why)
        label_box.addWidget(self.services)
        grid.addWidget(self.key, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(label_box, row, 1)
        grid.addWidget(self.kind, row, 2, Qt.AlignmentFlag.AlignTop)

    def show_services(self, found: list[Recommendation]) -> None:
        if found:
            lines = [service_line(r) for r in found]
            text = "\n".join("• " + line for line in lines)
        else:
            text = "Aucun service de l'annuaire pour ce partenaire sur la commune."
        self.services.setText(typo(text))
        self.services.setAccessibleDescription(typo(text))
        why = self.why.text()
        self.check.setAccessibleDescription(typo(f"{why} Annuaire : {text}"))


class ClosingStep(QWidget):
    changed = Signal()
    back_requested = Signal()
    save_requested = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = FlowState()
        self.rows: list[PartnerRow] = []
        self.recommendations: list[Recommendation] | None = None  # None: being read
        self._generation = 0  # a late answer for an earlier opening is dropped
        self.sheet = VisitSheetBar(session)
        options = visit_options()
        self.partner_box = QWidget()  # rebuilt for each visit
        self.no_partner = hint("Aucun partenaire n'est suggéré pour ces motifs.")
        self.outcomes = QButtonGroup(self)
        outcome_box = QGroupBox("Suite donnée")
        outcome_box.setAccessibleName("Suite donnée")
        outcome_layout = QHBoxLayout(outcome_box)
        for choice in options.outcomes:
            radio = QRadioButton(choice.label)
            radio.setAccessibleName(choice.label)
            radio.setProperty("choice", choice.id)
            self.outcomes.addButton(radio)
            outcome_layout.addWidget(radio)
        outcome_layout.addStretch()
        self.channel = QComboBox()
        for choice in options.channels:
            self.channel.addItem(choice.label, choice.id)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(
            typo("Facultatif. Jamais de nom, de téléphone ni de numéro de sécurité sociale.")
        )
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 5)
        self.message = MessageLabel()
        self.back_button = button("Retour (Échap)", "Retour à l'étape précédente")
        self.save_button = button(
            "Enregistrer la visite (Entrée)", "Enregistrer la visite", primary=True
        )
        for widget in (self.back_button, self.save_button):
            widget.setAutoDefault(True)

        channel_row = QHBoxLayout()
        channel_row.addWidget(buddy_label(typo("Ca&nal :"), self.channel))
        channel_row.addWidget(self.channel)
        channel_row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title("Partenaires suggérés"))
        layout.addWidget(
            hint(
                typo(
                    "Chiffres 1 à 9 : cocher un partenaire ; Ctrl+P : fiche pour la personne ; "
                    "Entrée : enregistrer."
                )
            )
        )
        self.partner_holder = QVBoxLayout()
        self.partner_holder.addWidget(self.partner_box)
        layout.addLayout(self.partner_holder)
        layout.addWidget(self.no_partner)
        layout.addWidget(self.sheet)
        layout.addWidget(outcome_box)
        layout.addLayout(channel_row)
        layout.addWidget(buddy_label(typo("N&ote (Ctrl+Entrée enregistre) :"), self.note))
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(left_aligned(self.back_button, self.save_button))

        self._connect()

    def _connect(self) -> None:
        self.outcomes.buttonToggled.connect(self._outcome_toggled)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.note.installEventFilter(self)
        self.back_button.clicked.connect(self.back_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.sheet.make_button.clicked.connect(self.make_sheet)
        shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.make_sheet)

    def load(self, state: FlowState) -> None:
        """Show the suggestions for ``state``; ticks no longer suggested are dropped."""
        self.state = state
        self.message.clear_message()
        suggested = suggest_partners(state.chosen(), state.assessment())
        slugs = [p.slug for p in suggested]
        state.partners = {s: k for s, k in state.partners.items() if s in slugs}
        self.partner_holder.removeWidget(self.partner_box)
        self.partner_box.hide()
        self.partner_box.deleteLater()
        self.partner_box = QWidget()
        grid = QGridLayout(self.partner_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        self.partner_holder.addWidget(self.partner_box)
        single = len(state.journeys) == 1
        self.rows = [PartnerRow(grid, n, p, single) for n, p in enumerate(suggested)]
        for row in self.rows:
            row.check.setChecked(row.slug in state.partners)
            row.kind.setVisible(row.slug in state.partners)
            index = row.kind.findData(state.partners.get(row.slug, "information"))
            row.kind.setCurrentIndex(max(index, 0))
            row.check.toggled.connect(lambda on, r=row: self._tick(r, on))
            row.kind.currentIndexChanged.connect(lambda _i, r=row: self._kind_changed(r))
        self.partner_box.setVisible(bool(self.rows))
        self.no_partner.setVisible(not self.rows)
        self.sheet.setVisible(bool(self.rows))
        self.sheet.forget()
        self._show_sheet_partners()
        self._load_recommendations()
        self._show_outcome()
        self.channel.blockSignals(True)
        self.channel.setCurrentIndex(max(self.channel.findData(state.channel), 0))
        self.channel.blockSignals(False)

    def reset(self) -> None:
        self.note.clear()
        self.message.clear_message()
        self.sheet.forget()

    # --- the directory: services under each partner, the visitor's sheet

    def _load_recommendations(self) -> None:
        self._generation += 1
        generation = self._generation
        self.recommendations = None
        if not self.rows:
            return
        store = self.session.ctx.store
        chosen, assessment = self.state.chosen(), self.state.assessment()

        def work() -> list[Recommendation]:
            with store.session() as session:
                return load_recommendations(session, chosen, assessment)

        self.session.tasks.run(
            work,
            lambda found: self._show_recommendations(generation, found),
            lambda _error: self._show_recommendations(generation, None),
            owner=self,
        )

    def _show_recommendations(self, generation: int, found: list[Recommendation] | None) -> None:
        if generation != self._generation:
            return
        self.recommendations = found or []
        for row in self.rows:
            if found is None:
                row.services.setText(typo("L'annuaire n'a pas pu être lu."))
            else:
                row.show_services([r for r in found if r.partner.slug == row.slug])

    def _show_sheet_partners(self) -> None:
        self.sheet.show_ticked([r.label for r in self.rows if r.slug in self.state.partners])

    def make_sheet(self) -> None:
        if not self.rows or not self.sheet.make_button.isEnabled():
            return
        ticked = [r.slug for r in self.rows if r.slug in self.state.partners]
        self.sheet.make_for_visit(self.state.chosen(), self.state.assessment(), ticked)

    def focus_start(self) -> None:
        if self.rows:
            self.rows[0].check.setFocus()
        else:
            checked = self.outcomes.checkedButton()
            (checked or self.save_button).setFocus()

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    # --- changes

    def _tick(self, row: PartnerRow, on: bool) -> None:
        self.state.tick_partner(row.slug, on)
        row.kind.setVisible(on)
        if on:
            self.state.partners[row.slug] = row.kind.currentData()
        self._show_outcome()
        self._show_sheet_partners()
        self.changed.emit()

    def _kind_changed(self, row: PartnerRow) -> None:
        if row.slug in self.state.partners:
            self.state.partners[row.slug] = row.kind.currentData()
            self.changed.emit()

    def _show_outcome(self) -> None:
        self.outcomes.blockSignals(True)
        for radio in self.outcomes.buttons():
            radio.setChecked(radio.property("choice") == self.state.outcome)
        self.outcomes.blockSignals(False)

    def _outcome_toggled(self, radio: QRadioButton, checked: bool) -> None:
        if checked and radio.property("choice") != self.state.outcome:
            self.state.outcome = radio.property("choice")
            self.changed.emit()

    def _channel_changed(self) -> None:
        self.state.channel = self.channel.currentData()
        self.changed.emit()

    # --- keys

    def toggle(self, position: int) -> None:
        if position <= len(self.rows):
            check = self.rows[position - 1].check
            check.setChecked(not check.isChecked())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        position = keys.top_row_digit(event)
        if position is not None:
            self.toggle(position)
        elif keys.is_enter(event):
            self.save_requested.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and keys.is_ctrl_enter(event)
        ):
            self.save_requested.emit()
            return True
        return False
