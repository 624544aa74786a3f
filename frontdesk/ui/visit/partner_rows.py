"""One suggested partner at step 3: its key digit, why it is suggested, its services, and
the type of orientation once it is ticked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QVBoxLayout

from frontdesk.contacts.recommend import Recommendation
from frontdesk.contacts.visit_sheet import service_line
from frontdesk.orientation.suggest import SuggestedPartner
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import hint
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

    def show_kind(self, kind: str) -> None:
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.kind.blockSignals(False)
