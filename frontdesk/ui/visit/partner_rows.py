"""The suggested partners at step 3: one row each (its key digit, why it is suggested, its
services, the type of orientation once it is ticked), the first ``SHOWN_BY_DEFAULT`` shown
and « Voir tous les partenaires » for the rest.

The rows of the SPIE partners come first, in the order of ``suggest_partners``; once the
directory is read, the structures it found by the journeys' thematiques follow. Those are
ticked for the visitor's sheet only: a visit is oriented to SPIE partners.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.recommend import PartnerGroup, Recommendation
from frontdesk.contacts.visit_sheet import service_line
from frontdesk.orientation.suggest import SHOWN_BY_DEFAULT, SuggestedPartner
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import button, hint, left_aligned
from frontdesk.visits.options import visit_options

SHOW_ALL_KEY = "0"  # also « à », the same key of an AZERTY keyboard without Shift
SHOW_ALL = f"Voir tous les partenaires ({SHOW_ALL_KEY})"
SHOW_FIRST = f"Revenir aux {SHOWN_BY_DEFAULT} premiers ({SHOW_ALL_KEY})"
REASON_NAMES = (
    ("public-oui", "public oui"),
    ("journey", "motif"),
    ("hint", "piste"),
    ("public-a-verifier", "à vérifier"),
    ("thematique", "thème"),
    ("mot-cle", "mot-clé"),
)


def short_reasons(partner: SuggestedPartner, single_journey: bool) -> str:
    """« Public oui : … ; motif choisi ; à vérifier : … » (one journey: not repeated)."""
    parts = []
    for kind, name in REASON_NAMES:
        labels = partner.labels(kind)
        if kind == "journey" and labels and single_journey:
            parts.append("motif choisi")
        elif labels:
            parts.append(f"{name} : " + ", ".join(labels))
    if not partner.is_partner:
        parts.append("annuaire, pour la fiche seulement")
    text = " ; ".join(parts)
    return text[:1].upper() + text[1:] + "."


class PartnerRow:
    def __init__(
        self, grid: QGridLayout, row: int, partner: SuggestedPartner, single_journey: bool
    ) -> None:
        self.slug = partner.slug
        self.label = partner.label
        self.is_partner = partner.is_partner  # else a structure found in the directory
        self.position = row + 1
        digit = str(row + 1) if row < 9 else ""
        self.digit = digit
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
        self.kind = QComboBox()  # the mouse's way; the keys set the current partner's
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
        self.shown = True

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.key, self.check, self.why, self.services, self.kind)

    def set_shown(self, shown: bool, kind_shown: bool) -> None:
        self.shown = shown
        for widget in (self.key, self.check, self.why, self.services):
            widget.setVisible(shown)
        self.kind.setVisible(shown and kind_shown and self.is_partner)

    def show_services(self, found: Sequence[Recommendation]) -> None:
        if found:
            lines = [
                service_line(r) + ("" if r.in_zone else " — hors zone de la commune") for r in found
            ]
            text = "\n".join("• " + line for line in lines)
        else:
            text = "Aucun service de l'annuaire pour ce partenaire sur la commune."
        self.services.setText(typo(text))
        self.services.setAccessibleDescription(typo(text))
        why = self.why.text()
        self.check.setAccessibleDescription(typo(f"{why} Annuaire : {text}"))

    def show_kind(self, kind: str) -> None:
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.kind.blockSignals(False)


class PartnerGrid(QWidget):
    """The rows of one visit: SPIE partners, then structures of the directory; the first
    ``SHOWN_BY_DEFAULT`` and the ticked ones are shown until « Voir tous »."""

    show_all_changed = Signal(bool)

    def __init__(
        self,
        suggested: Sequence[SuggestedPartner],
        single_journey: bool,
        ticked: set[str] | None = None,
    ) -> None:
        super().__init__()
        self.single_journey = single_journey
        self.show_all = False
        # ticked: shown whatever their rank, and on the sheet (a structure of the
        # directory is ticked for the sheet only)
        self.ticked = set(ticked or ())
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.rows = [PartnerRow(self.grid, n, p, single_journey) for n, p in enumerate(suggested)]
        self.more = button(SHOW_ALL, "Voir tous les partenaires")
        self.more.setAutoDefault(False)
        self.more.clicked.connect(self.toggle_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(left_aligned(self.more))
        self.refresh()

    @property
    def partner_rows(self) -> list[PartnerRow]:
        return [row for row in self.rows if row.is_partner]

    def show_groups(self, found: Sequence[PartnerGroup] | None) -> list[PartnerRow]:
        """The directory read (None: it could not be): the partners' services, then the
        rows of the structures found by thematiques, new each time; those new rows."""
        by_slug = {group.partner.slug: group for group in found or ()}
        for row in self.partner_rows:
            if found is None:
                row.services.setText(typo("L'annuaire n'a pas pu être lu."))
            else:
                row.show_services(by_slug[row.slug].services if row.slug in by_slug else ())
        return self.set_directory([g for g in found or () if not g.partner.is_partner])

    def set_directory(self, groups: Sequence[PartnerGroup]) -> list[PartnerRow]:
        """Replace the directory's structures after the partners; the new rows (the
        keyboard focus stays on the structure that had it)."""
        focused = next((r.slug for r in self.rows if r.check.hasFocus()), None)
        for row in [r for r in self.rows if not r.is_partner]:
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
            self.rows.remove(row)
        first = len(self.rows)
        added = [
            PartnerRow(self.grid, first + n, group.partner, self.single_journey)
            for n, group in enumerate(groups)
        ]
        for row, group in zip(added, groups, strict=True):
            row.show_services(group.services)
        self.rows += added
        self.refresh()
        again = next((r for r in added if r.slug == focused), None)
        if again is not None:
            again.check.setFocus()
        return added

    def toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.refresh()
        self.show_all_changed.emit(self.show_all)

    def row_at(self, position: int) -> PartnerRow | None:
        """The shown row of this digit."""
        row = next((r for r in self.rows if r.position == position), None)
        return row if row is not None and row.shown else None

    def refresh(self) -> None:
        for n, row in enumerate(self.rows):
            shown = self.show_all or n < SHOWN_BY_DEFAULT or row.slug in self.ticked
            row.set_shown(shown, row.check.isChecked())
        hidden = sum(not row.shown for row in self.rows)
        self.more.setText(typo(SHOW_FIRST if self.show_all else SHOW_ALL))
        self.more.setAccessibleName(typo((SHOW_FIRST if self.show_all else SHOW_ALL)[:-4]))
        more = f"{hidden} autre{'s' if hidden > 1 else ''} partenaire{'s' if hidden > 1 else ''}"
        said = (
            (
                f"Touche {SHOW_ALL_KEY}. "
                + (f"{more}, et " if hidden else "Montre aussi ")
                + "les services hors de la zone de la commune."
            )
            if not self.show_all
            else f"Touche {SHOW_ALL_KEY}. Seuls les {SHOWN_BY_DEFAULT} premiers."
        )
        self.more.setAccessibleDescription(typo(said))
        self.more.setToolTip(typo(said))
        self.more.setVisible(bool(self.rows))
