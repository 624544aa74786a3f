"""Step 3, « Orientation et suite »: partners to tick, what came of the visit, save.

Keys, each shown on screen: 1…9 tick the n-th partner shown (the outcome becomes
« Orienté » by itself) and make it the current one; 0 shows all the partners beyond the
first five and the services outside the commune's zone (``PartnerGrid``); the type of
orientation is one letter (i, a, r), the outcome one (e, o, v), the channel one (g, t,
s), see ``choice_keys``; ↑/↓ move between the partners; Enter saves, Ctrl+Enter too from
anywhere on the step; Escape goes back; Ctrl+P makes the visitor's contact sheet, after
which the keys come back where they were, so that Enter still saves. The directory
(``orient``) is read in the background: each partner's services, then the structures
found by the journeys' thematiques, ticked for the sheet only (a visit is oriented to
SPIE partners).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.recommend import PartnerGroup, orient
from frontdesk.contacts.visit_sheet import site_insee
from frontdesk.orientation.suggest import suggest_partners
from frontdesk.ui import keys
from frontdesk.ui.ops import explain
from frontdesk.ui.session import UiSession
from frontdesk.ui.sheets.sheet_bar import SHORTCUT
from frontdesk.ui.text import typo
from frontdesk.ui.titles import title
from frontdesk.ui.visit.choice_keys import KeyChoices, step_letters
from frontdesk.ui.visit.partner_rows import SHOW_ALL_KEY, PartnerGrid, PartnerRow
from frontdesk.ui.visit.state import FlowState
from frontdesk.ui.visit.visit_sheet_bar import VisitSheetBar
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint, left_aligned
from frontdesk.visits.options import visit_options

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


class ClosingStep(QWidget):
    changed = Signal()
    back_requested = Signal()
    save_requested = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = FlowState()
        self.rows: list[PartnerRow] = []
        self.current: PartnerRow | None = None  # whose type the letters i, a, r set
        self._generation = 0  # a late answer for an earlier opening is dropped
        self._return_to: QWidget | None = None  # where the keys go back after the sheet
        self.sheet = VisitSheetBar(session)
        options, letters = visit_options(), step_letters()
        self.partner_box = PartnerGrid([], False)  # rebuilt for each visit
        self.no_partner = hint("Aucun partenaire n'est suggéré pour ces motifs.")
        self.kinds = KeyChoices(
            "Type d'orientation", options.orientation_kinds, letters["orientation_kinds"]
        )
        self.kinds.hide()
        self.outcomes = KeyChoices("Suite donnée", options.outcomes, letters["outcomes"])
        self.channel = KeyChoices("Canal", options.channels, letters["channels"])
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
        self.keys_hint = hint(
            typo(
                f"Chiffres 1 à 9 : cocher un partenaire ; {SHOW_ALL_KEY} : voir tous les "
                "partenaires ; la lettre devant un choix le "
                "prend (type d'orientation du partenaire coché en dernier, suite, canal) ; "
                "Ctrl+P : fiche pour la personne ; Entrée : enregistrer (Ctrl+Entrée, partout) ; "
                "Échap : retour ; Ctrl+N : nouvelle visite."
            )
        )
        self.keys_hint.setAccessibleName("Touches de l'étape")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title("Partenaires suggérés"))
        layout.addWidget(self.keys_hint)
        self.partner_holder = QVBoxLayout()
        self.partner_holder.addWidget(self.partner_box)
        layout.addLayout(self.partner_holder)
        layout.addWidget(self.no_partner)
        layout.addWidget(self.kinds)
        layout.addWidget(self.sheet)
        layout.addWidget(self.outcomes)
        layout.addWidget(self.channel)
        layout.addWidget(buddy_label(typo("N&ote (Ctrl+Entrée enregistre) :"), self.note))
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(left_aligned(self.back_button, self.save_button))

        self._connect()

    def _connect(self) -> None:
        self.kinds.chosen.connect(self._kind_chosen)
        self.outcomes.chosen.connect(self._outcome_chosen)
        self.channel.chosen.connect(self._channel_chosen)
        self.note.installEventFilter(self)
        self.back_button.clicked.connect(self.back_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.sheet.make_button.clicked.connect(self.make_sheet)
        self.sheet.finished.connect(self.return_focus)
        shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.make_sheet)
        for sequence in SAVE_KEYS:  # from anywhere on the step, not only the note
            save = QShortcut(QKeySequence(sequence), self)
            save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            save.activated.connect(self.save_requested)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def load(self, state: FlowState) -> None:
        """Show the suggestions for ``state``; ticks no longer suggested are dropped."""
        self.state = state
        self.message.clear_message()
        suggested = suggest_partners(state.chosen(), state.assessment())
        slugs = [p.slug for p in suggested]
        state.partners = {s: k for s, k in state.partners.items() if s in slugs}
        grid = PartnerGrid(suggested, len(state.journeys) == 1, set(state.partners))
        grid.show_all_changed.connect(lambda _on: self._load_recommendations())
        self.partner_holder.replaceWidget(self.partner_box, grid)
        self.partner_box.deleteLater()
        self.partner_box = grid
        self.rows = list(self.partner_box.rows)
        self.current = None
        self._return_to = None
        for row in self.rows:
            self._wire(row)
        self.sheet.forget()
        self._show_rows()
        self._load_recommendations()
        self._show_current()
        self.outcomes.show_choice(state.outcome)
        self.channel.show_choice(state.channel)

    def _wire(self, row: PartnerRow) -> None:
        ticked = row.slug in self.partner_box.ticked  # a structure's: for the sheet
        row.check.setChecked(ticked)
        row.kind.setVisible(ticked and row.is_partner)
        row.show_kind(self.state.partners.get(row.slug, "information"))
        row.check.toggled.connect(lambda on, r=row: self._tick(r, on))
        row.kind.currentIndexChanged.connect(lambda _i, r=row: self._kind_changed(r))

    def _show_rows(self) -> None:
        """The rows, or the hint that there are none; the sheet bar and its partners."""
        self.partner_box.setVisible(bool(self.rows))
        self.no_partner.setVisible(not self.rows)
        self.sheet.setVisible(bool(self.rows))
        self.sheet.show_ticked([r.label for r in self._ticked()])

    def reset(self) -> None:
        self.note.clear()
        self.message.clear_message()
        self.sheet.forget()

    # --- the directory: services under each partner, the visitor's sheet

    def _load_recommendations(self) -> None:
        self._generation += 1
        generation = self._generation
        chosen, assessment = self.state.chosen(), self.state.assessment()
        everywhere = self.partner_box.show_all
        if not chosen:
            return

        def unread(error: BaseException) -> bool:
            explain(error)  # logged; the partners stay, their services say why
            self._show_recommendations(generation, None)
            return True

        self.session.ops.read(
            lambda s: orient(s, chosen, assessment, site_insee(s), everywhere=everywhere),
            lambda found: self._show_recommendations(generation, found),
            owner=self,
            failed=unread,
        )

    def _show_recommendations(self, generation: int, found: list[PartnerGroup] | None) -> None:
        if generation != self._generation:
            return
        for row in self.partner_box.show_groups(found):
            self._wire(row)
        self.rows = list(self.partner_box.rows)
        self._show_rows()

    def _ticked(self) -> list[PartnerRow]:
        return [r for r in self.rows if r.slug in self.partner_box.ticked]

    def make_sheet(self) -> None:
        if not self.rows or not self.sheet.make_button.isEnabled():
            return
        ticked = [r.slug for r in self._ticked()]
        self.sheet.make_for_visit(self.state.chosen(), self.state.assessment(), ticked)

    # --- the keyboard focus

    def focus_start(self) -> None:
        if self.rows:
            (self.current or self.rows[0]).check.setFocus()
        else:
            self.save_button.setFocus()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Where the keys were last on the step, the sheet's buttons apart."""
        if new is None or not shiboken6.isValid(self) or not self.isAncestorOf(new):
            return
        if not self.sheet.isAncestorOf(new):
            self._return_to = new
        row = next((r for r in self.rows if new in (r.check, r.kind)), None)
        if row is not None and row.slug in self.state.partners and row is not self.current:
            self.current = row
            self._show_current()

    def return_focus(self) -> None:
        """After the sheet is made, opened or printed: back where the keys were, so that
        Enter saves the visit as the hint says (never « Ouvrir le PDF » again)."""
        if not self.isVisible():
            return
        back = self._return_to
        if back is not None and shiboken6.isValid(back) and back.isVisible() and back.isEnabled():
            back.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.focus_start()

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    # --- changes

    def _tick(self, row: PartnerRow, on: bool) -> None:
        (self.partner_box.ticked.add if on else self.partner_box.ticked.discard)(row.slug)
        if not row.is_partner:  # a structure of the directory: for the sheet only
            self._show_rows()
            return
        self.state.tick_partner(row.slug, on)
        row.kind.setVisible(on)
        if on:
            self.state.partners[row.slug] = row.kind.currentData()
            self.current = row
        elif row is self.current:
            last = list(self.state.partners)[-1:]
            self.current = next((r for r in self.rows if r.slug in last), None)
        self._show_current()
        self.outcomes.show_choice(self.state.outcome)
        self._show_rows()
        self.changed.emit()

    def _show_current(self) -> None:
        """The type of orientation of the current partner, with its letters."""
        row = self.current
        self.kinds.setVisible(row is not None)
        if row is None:
            return
        self.kinds.set_title(typo(f"Type d'orientation vers « {row.label} »"))
        self.kinds.show_choice(self.state.partners.get(row.slug, "information"))

    def _kind_changed(self, row: PartnerRow) -> None:
        if row.slug in self.state.partners:
            self.state.partners[row.slug] = row.kind.currentData()
            if row is self.current:
                self.kinds.show_choice(row.kind.currentData())
            self.changed.emit()

    def _kind_chosen(self, kind: str) -> None:
        row = self.current
        if row is not None and row.slug in self.state.partners:
            row.kind.setCurrentIndex(max(row.kind.findData(kind), 0))  # says it changed

    def _outcome_chosen(self, outcome: str) -> None:
        if outcome != self.state.outcome:
            self.state.outcome = outcome
            self.changed.emit()

    def _channel_chosen(self, channel: str) -> None:
        if channel != self.state.channel:
            self.state.channel = channel
            self.changed.emit()

    # --- keys

    def toggle(self, position: int) -> None:
        row = self.partner_box.row_at(position)  # a shown one
        if row is not None:
            row.check.setChecked(not row.check.isChecked())
            if row.check.isChecked():
                row.check.setFocus()  # the current partner: its row takes the keys

    def _letter(self, letter: str) -> bool:
        """The choice whose letter this is, on the current partner, the outcome or channel."""
        for group in (self.kinds, self.outcomes, self.channel):
            choice = group.choice_for(letter)
            if choice is None or (group is self.kinds and self.current is None):
                continue
            group.radios[choice].setChecked(True)  # as a click would
            return True
        return False

    def _move(self, step: int) -> None:
        focused = QApplication.focusWidget()
        checks = [r.check for r in self.rows if r.shown]
        if focused in checks:
            target = checks.index(focused) + step
            if 0 <= target < len(checks):
                checks[target].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        position = keys.top_row_digit(event)
        key = event.key()
        if position is not None:
            self.toggle(position)
        elif keys.plain(event) and (key == Qt.Key.Key_0 or event.text() == "à"):
            if self.rows:
                self.partner_box.toggle_all()
        elif keys.letter(event) and self._letter(keys.letter(event)):
            pass
        elif keys.is_enter(event):
            self.save_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.back_requested.emit()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and keys.plain(event):
            self._move(-1 if key == Qt.Key.Key_Up else 1)
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
