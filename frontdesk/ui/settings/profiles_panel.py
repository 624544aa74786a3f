"""« Profils »: create profiles, change a role, reset a password, disable or enable.

The list is read again by the Paramètres section whenever profiles change (here, at a
login, by a sync); the login page's list follows the same way (``MainWindow``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from frontdesk import accounts
from frontdesk.accounts import AccountError, ProfileInfo
from frontdesk.config import roles
from frontdesk.ui.session import UiSession
from frontdesk.ui.settings.profile_form import ProfileForm, fit_title
from frontdesk.ui.widgets import MessageLabel, button, read_only_table


class NewProfileDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nouveau profil")
        self.setAccessibleName("Nouveau profil")
        self.form = ProfileForm()
        self.message = MessageLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Créer le profil")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Créer le profil")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Annuler")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_title(self)
        self.values: tuple[str, str, str] | None = None

    def _check(self) -> None:
        try:
            self.values = self.form.values()
        except AccountError as exc:
            self.message.show_message(str(exc))
            return
        self.accept()


class ProfilesPanel(QGroupBox):
    COLUMNS = ("Nom", "Rôle", "État")

    def __init__(self, session: UiSession) -> None:
        super().__init__("Profils de ce poste")
        self.setAccessibleName("Profils de ce poste")
        self._session = session
        self.table = read_only_table(self.COLUMNS, "Liste des profils")
        self.new_profile = button("N&ouveau profil…", "Nouveau profil")
        self.change_role = button("Changer le &rôle…", "Changer le rôle")
        self.reset = button("Réinitialiser le mot de &passe…", "Réinitialiser le mot de passe")
        self.toggle = button("&Désactiver", "Désactiver ou réactiver le profil")
        self.message = MessageLabel()
        actions = QHBoxLayout()
        for widget in (self.new_profile, self.change_role, self.reset, self.toggle):
            actions.addWidget(widget)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        self.new_profile.clicked.connect(self._create)
        self.change_role.clicked.connect(self._change_role)
        self.reset.clicked.connect(self._reset)
        self.toggle.clicked.connect(self._toggle)
        self.table.itemSelectionChanged.connect(self._update_toggle)
        self.reload()

    def reload(self) -> None:
        self._session.ops.read(
            lambda s: accounts.list_profiles(s, include_inactive=True), self._show, owner=self
        )

    def _show(self, profiles: list[ProfileInfo]) -> None:
        self.table.setRowCount(len(profiles))
        for row, profile in enumerate(profiles):
            cells = (
                profile.display_name,
                profile.role_label,
                "actif" if profile.active else "désactivé",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, profile)
                self.table.setItem(row, column, item)
        if profiles and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_toggle()

    def selected(self) -> ProfileInfo | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _update_toggle(self) -> None:
        profile = self.selected()
        self.toggle.setText("Réactiv&er" if profile and not profile.active else "&Désactiver")

    def _apply(self, change: Callable[[Session], object], success: str) -> None:
        """Run a profile change in one transaction, then say so; the list (and the
        audit log, the login page's list) follow from the change broadcast."""
        self._session.ops.write(
            change, lambda _result: self.message.show_message(success, "success"), owner=self
        )

    def _create(self) -> None:
        dialog = NewProfileDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.values is None:
            return
        name, role, password = dialog.values
        actor = self._session.profile.id
        self._apply(
            lambda s: accounts.create_profile(s, name, role, password, actor_id=actor),
            f"Le profil « {name} » a été créé.",
        )

    def _target(self) -> ProfileInfo | None:
        profile = self.selected()
        if profile is None:
            self.message.show_message("Sélectionnez d'abord un profil dans la liste.")
        return profile

    def _change_role(self) -> None:
        profile = self._target()
        if profile is None:
            return
        labels = [spec.label for spec in roles().roles.values()]
        keys = list(roles().roles)
        label, ok = QInputDialog.getItem(
            self,
            "Changer le rôle",
            f"Nouveau rôle de {profile.display_name} :",
            labels,
            keys.index(profile.role),
            False,
        )
        if ok:
            role = keys[labels.index(label)]
            actor = self._session.profile.id
            self._apply(
                lambda s: accounts.set_role(s, actor, profile.id, role),
                f"{profile.display_name} a maintenant le rôle « {label} ».",
            )

    def _reset(self) -> None:
        profile = self._target()
        if profile is None:
            return
        password, ok = QInputDialog.getText(
            self,
            "Réinitialiser le mot de passe",
            f"Nouveau mot de passe provisoire pour {profile.display_name} :",
            QLineEdit.EchoMode.Password,
        )
        if ok:
            actor = self._session.profile.id
            self._apply(
                lambda s: accounts.reset_password(s, actor, profile.id, password),
                f"Le mot de passe de {profile.display_name} a été réinitialisé.",
            )

    def _toggle(self) -> None:
        profile = self._target()
        if profile is None:
            return
        actor: uuid.UUID = self._session.profile.id
        verb = "réactivé" if not profile.active else "désactivé"
        self._apply(
            lambda s: accounts.set_active(s, actor, profile.id, not profile.active),
            f"Le profil « {profile.display_name} » a été {verb}.",
        )
