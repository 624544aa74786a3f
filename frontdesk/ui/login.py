"""The profile chooser, which is also the lock screen.

Password checks (Argon2, on purpose slow) run through the background helper; the
page only shows what the core answers. This page is on the start-up path, so it
avoids what is slow to load (the ``Qt`` enum namespace, the core's SQLAlchemy side):
profile ids are kept in a list that parallels the rows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from frontdesk.context import AppContext
from frontdesk.resources import load_json
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, heading, hint

if TYPE_CHECKING:  # loaded in the background after start-up (see ui/app.py)
    from frontdesk.accounts import LoginResult, ProfileInfo

log = logging.getLogger(__name__)


class ProfileLike(Protocol):
    id: object  # a UUID, or its text form from the start-up peek
    display_name: str
    role: str


def role_label(role: str) -> str:
    # Read raw here: the chooser is on the start-up path, before the validated
    # configuration (pydantic) is loaded. roles.json is validated at login.
    return str(load_json("roles.json")["roles"].get(role, {}).get("label", role))


class LoginPage(QWidget):
    logged_in = Signal(object)  # ProfileInfo
    switch_profile_requested = Signal()

    def __init__(self, ctx: AppContext, tasks: TaskRunner, site_name: str) -> None:
        super().__init__()
        self._ctx = ctx
        self._tasks = tasks
        self._locked_id: str | None = None
        self._ids: list[str] = []  # profile ids (text), one per row

        self._title = heading("Bienvenue")
        self._site = heading(site_name, "subtitle")
        self._explain = hint("Choisissez votre profil puis saisissez votre mot de passe.")
        self.profiles = QListWidget()
        self.profiles.setObjectName("profiles")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = button("Se &connecter", "Se connecter", primary=True)
        self.login_button.setDefault(True)
        self.switch_button = button("Changer de pro&fil", "Changer de profil")
        self.switch_button.hide()
        self.message = MessageLabel()

        box = QWidget()
        box.setObjectName("loginBox")
        box.setMaximumWidth(520)
        box.setMinimumWidth(360)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        form = QVBoxLayout(box)
        form.addWidget(self._title)
        form.addWidget(self._site)
        form.addWidget(self._explain)
        form.addWidget(buddy_label("&Profil :", self.profiles))
        form.addWidget(self.profiles)
        form.addWidget(buddy_label("&Mot de passe :", self.password))
        form.addWidget(self.password)
        form.addWidget(self.message)
        actions = QHBoxLayout()
        actions.addWidget(self.switch_button)
        actions.addStretch()
        actions.addWidget(self.login_button)
        form.addLayout(actions)
        # Centred both ways; the list is as tall as a handful of profiles.
        self.profiles.setMaximumHeight(self.profiles.fontMetrics().height() * 12)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(box)
        row.addStretch()
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.login_button.clicked.connect(self._try_login)
        self.password.returnPressed.connect(self._try_login)
        self.profiles.itemActivated.connect(lambda _item: self.password.setFocus())
        self.switch_button.clicked.connect(self.switch_profile_requested)

    def set_site_name(self, name: str) -> None:
        self._site.setText(name)

    def set_profiles(self, profiles: list[ProfileLike]) -> None:
        self.profiles.clear()
        self._ids = [str(profile.id) for profile in profiles]
        for profile in profiles:
            self.profiles.addItem(
                QListWidgetItem(f"{profile.display_name} — {role_label(profile.role)}")
            )
        if self.profiles.count():
            self.profiles.setCurrentRow(0)
        self._show_empty_hint()

    def _show_empty_hint(self) -> None:
        if not self.profiles.count():
            self.message.show_message("Aucun profil actif sur ce poste.")

    def show_chooser(self) -> None:
        self._locked_id = None
        self._title.setText("Bienvenue")
        self._explain.setText("Choisissez votre profil puis saisissez votre mot de passe.")
        self.profiles.setEnabled(True)
        for row in range(self.profiles.count()):
            self.profiles.item(row).setHidden(False)
        self.switch_button.hide()
        self._reset_form()
        self.profiles.setFocus()

    def show_lock(self, profile: ProfileInfo) -> None:
        """Only the locked profile may unlock; switching profile ends that session."""
        self._locked_id = str(profile.id)
        self._title.setText("Session verrouillée")
        self._explain.setText(
            f"La session de {profile.display_name} est verrouillée. "
            "Saisissez votre mot de passe pour reprendre là où vous en étiez."
        )
        for row, profile_id in enumerate(self._ids):
            mine = profile_id == self._locked_id
            self.profiles.item(row).setHidden(not mine)
            if mine:
                self.profiles.setCurrentRow(row)
        self.profiles.setEnabled(False)
        self.switch_button.show()
        self._reset_form()
        self.password.setFocus()

    def _reset_form(self) -> None:
        self.password.clear()
        self.message.clear_message()
        self.login_button.setEnabled(True)

    def selected_profile_id(self) -> str | None:
        row = self.profiles.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _try_login(self) -> None:
        profile_id = self._locked_id or self.selected_profile_id()
        if profile_id is None:
            self.message.show_message("Choisissez d'abord votre profil dans la liste.")
            return
        if not self.password.text():
            self.message.show_message("Saisissez votre mot de passe.")
            self.password.setFocus()
            return
        password = self.password.text()
        unlock = self._locked_id is not None
        self.login_button.setEnabled(False)
        self.message.show_message("Vérification…", "hint")

        def work() -> LoginResult:
            import uuid

            from frontdesk.accounts import verify_login

            with self._ctx.store.transaction() as session:
                return verify_login(session, uuid.UUID(profile_id), password, unlock=unlock)

        self._tasks.run(work, self._on_result, self._on_failure, owner=self)

    def _on_result(self, result: LoginResult) -> None:
        self.login_button.setEnabled(True)
        if result.profile is not None:
            self._reset_form()
            self.logged_in.emit(result.profile)
            return
        self.password.selectAll()
        self.password.setFocus()
        self.message.show_message(result.message)

    def _on_failure(self, error: BaseException) -> None:
        log.error("login check failed", exc_info=error)
        self.login_button.setEnabled(True)
        self.message.show_message(
            "La vérification a échoué à cause d'une erreur technique ; "
            "le détail est enregistré dans le journal."
        )
