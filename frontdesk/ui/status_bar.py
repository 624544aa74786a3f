"""The status bar: site, agent, synchronisation state at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar

if TYPE_CHECKING:
    from frontdesk.accounts import ProfileInfo


class StatusBar(QStatusBar):
    def __init__(self) -> None:
        super().__init__()
        self.site = QLabel()
        self.agent = QLabel()
        self.sync = QLabel()
        for label, name in (
            (self.site, "Site"),
            (self.agent, "Profil connecté"),
            (self.sync, "Synchronisation"),
        ):
            label.setAccessibleName(name)
            self.addPermanentWidget(label)
        self.set_profile(None)
        self.set_sync_state("non configurée")

    def set_site(self, name: str) -> None:
        self.site.setText(f"Site : {name}" if name else "Site : non configuré")

    def set_profile(self, profile: ProfileInfo | None) -> None:
        if profile is None:
            self.agent.setText("Aucun profil connecté")
        else:
            self.agent.setText(f"{profile.display_name} ({profile.role_label})")

    def set_sync_state(self, state: str, detail: str = "") -> None:
        """« à jour », « 3 en attente », « hors ligne », « erreur »…; ``detail``: the
        reason, in the tooltip and read out by screen readers."""
        self.sync.setText(f"Synchronisation\u00a0: {state}")
        self.sync.setToolTip(detail)
        self.sync.setAccessibleDescription(detail or state)
