"""Paramètres: my password for everyone; the device, profiles and audit by role. Each
panel reads again what an operation changed (here, at a login, by a sync)."""

from __future__ import annotations

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession
from frontdesk.ui.settings.audit_panel import AuditPanel
from frontdesk.ui.settings.device_panel import DevicePanel
from frontdesk.ui.settings.journey_order_panel import JourneyOrderPanel
from frontdesk.ui.settings.password_panel import PasswordPanel
from frontdesk.ui.settings.profiles_panel import ProfilesPanel


class ParametresSection(Section):
    section_id = "parametres"
    title = "Paramètres"
    watches = frozenset({Change.PROFILES, Change.AUDIT, Change.SETTINGS})

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        self.password_panel = PasswordPanel(session)
        self.body.addWidget(self.password_panel)
        self.device_panel = DevicePanel(session)
        self.body.addWidget(self.device_panel)
        self.journey_order_panel = JourneyOrderPanel(session)  # the motifs' digits
        self.body.addWidget(self.journey_order_panel)
        self.profiles_panel = ProfilesPanel(session) if session.may("profiles.manage") else None
        if self.profiles_panel:
            self.body.addWidget(self.profiles_panel)
        self.audit_panel = AuditPanel(session) if session.may("audit.read") else None
        if self.audit_panel:
            self.body.addWidget(self.audit_panel)
        self.finish()

    def refresh(self, changes: OpChanges) -> None:
        if changes.touches(Change.SETTINGS):
            self.device_panel.reload()
        if self.profiles_panel and changes.touches(Change.PROFILES):
            self.profiles_panel.reload()
        if self.audit_panel and changes.touches(Change.AUDIT):
            self.audit_panel.reload()
