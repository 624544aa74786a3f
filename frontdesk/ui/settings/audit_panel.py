"""« Journal d'audit »: the latest security events, for superviseurs. Read again by the
Paramètres section whenever an operation writes to the audit log (« Actualiser » stays,
for events recorded by another program on this PC)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk import audit
from frontdesk.audit import AuditEntry
from frontdesk.moments import date_time_text
from frontdesk.ui.session import UiSession
from frontdesk.ui.widgets import button, read_only_table

KIND_LABELS = {
    "site_configured": "Poste configuré",
    "login": "Connexion",
    "login_failed": "Mot de passe incorrect",
    "login_delayed": "Essai refusé (délai en cours)",
    "logout": "Déconnexion",
    "lock": "Verrouillage",
    "unlock": "Déverrouillage",
    "profile_created": "Profil créé",
    "profile_role_changed": "Rôle modifié",
    "profile_disabled": "Profil désactivé",
    "profile_enabled": "Profil réactivé",
    "password_changed": "Mot de passe changé",
    "password_reset": "Mot de passe réinitialisé",
    "setting_changed": "Réglage modifié",
    "retention_purge": "Purge des visites anciennes (durée de conservation)",
    "visit_voided": "Visite annulée",
    "directory_deleted": "Fiche de l'annuaire supprimée",
    "directory_imported": "Annuaire importé (fichier ou data·inclusion)",
    "directory_verified": "Fiche de l'annuaire vérifiée",
}


class AuditPanel(QGroupBox):
    COLUMNS = ("Date et heure", "Événement", "Profil")

    def __init__(self, session: UiSession) -> None:
        super().__init__("Journal d'audit")
        self.setAccessibleName("Journal d'audit")
        self._session = session
        self.table = read_only_table(self.COLUMNS, "Événements de sécurité récents")
        self.refresh = button("Ac&tualiser", "Actualiser le journal d'audit")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.refresh)
        self.refresh.clicked.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self._session.ops.read(audit.recent, self._show, owner=self)

    def _show(self, entries: list[AuditEntry]) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (
                date_time_text(entry.at, seconds=True),
                KIND_LABELS.get(entry.kind, entry.kind),
                entry.profile_name or "—",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
