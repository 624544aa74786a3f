"""Paramètres: my password for everyone; the device, profiles and audit by role."""

from __future__ import annotations

from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession
from frontdesk.ui.settings.audit_panel import AuditPanel
from frontdesk.ui.settings.device_panel import DevicePanel
from frontdesk.ui.settings.password_panel import PasswordPanel
from frontdesk.ui.settings.profiles_panel import ProfilesPanel


class ParametresSection(Section):
    section_id = "parametres"
    title = "Paramètres"

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        self.password_panel = PasswordPanel(session)
        self.body.addWidget(self.password_panel)
        self.device_panel = DevicePanel(session)
        self.body.addWidget(self.device_panel)
        self.profiles_panel = ProfilesPanel(session) if session.may("profiles.manage") else None
        if self.profiles_panel:
            self.body.addWidget(self.profiles_panel)
        self.audit_panel = AuditPanel(session) if session.may("audit.read") else None
        if self.audit_panel:
            self.body.addWidget(self.audit_panel)
        self.finish()
