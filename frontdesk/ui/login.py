"""The profile chooser, which is also the lock screen.

Password checks (Argon2, on purpose slow) run through the background helper; the
page only shows what the core answers. This page is on the start-up path, so it
avoids what is slow to load (the ``Qt`` enum namespace, the core's SQLAlchemy side):
profile ids are kept in a list that parallels the rows.

The profile that last logged in on this PC is chosen in advance and the keys go to the
password: the usual agent just types it. After repeated failures the delay the core
imposes counts down on screen, « Se connecter » waiting meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
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
from frontdesk.ui.ops import Ops
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, heading, hint

if TYPE_CHECKING:  # loaded in the background after start-up (see ui/app.py)
    from sqlalchemy.orm import Session

    from frontdesk.accounts import LoginResult, ProfileInfo

LAST_PROFILE = "last_profile_id"  # setting: the profile that last logged in on this PC
TICK_MS = 1000  # one second of the delay after repeated failures (tests shorten it)
CHOOSE = "Choisissez votre profil puis saisissez votre mot de passe."


class ProfileLike(Protocol):
    """Read-only, so that the frozen ``ProfileInfo`` and ``ProfileSummary`` both fit."""

    @property
    def id(self) -> object: ...  # a UUID, or its text form from the start-up peek

    @property
    def display_name(self) -> str: ...

    @property
    def role(self) -> str: ...


def remembered_profile(database: Path) -> str | None:
    """The profile that last logged in here, read as the start-up peek reads (plain
    ``sqlite3``, no SQLAlchemy yet); None when unknown or unreadable."""
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
        try:
            row = connection.execute(
                "SELECT json_extract(value, '$') FROM setting WHERE key = ?", (LAST_PROFILE,)
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row and row[0] else None


def check_password(session: Session, profile_id: str, password: str, unlock: bool) -> LoginResult:
    """The core's check; a profile that gets in is remembered as this PC's last one."""
    import uuid

    from frontdesk.accounts import LoginOutcome, verify_login
    from frontdesk.device import get_setting, put_setting

    result = verify_login(session, uuid.UUID(profile_id), password, unlock=unlock)
    if result.outcome is LoginOutcome.OK and get_setting(session, LAST_PROFILE) != profile_id:
        put_setting(session, LAST_PROFILE, profile_id)
    return result


def role_label(role: str) -> str:
    # Read raw here: the chooser is on the start-up path, before the validated
    # configuration (pydantic) is loaded. roles.json is validated at login.
    return str(load_json("roles.json")["roles"].get(role, {}).get("label", role))


class LoginPage(QWidget):
    logged_in = Signal(object)  # ProfileInfo
    switch_profile_requested = Signal()

    def __init__(self, ctx: AppContext, tasks: TaskRunner, site_name: str) -> None:
        super().__init__()
        self._ops = Ops(ctx, tasks)  # no one is logged in: no UiSession yet
        self._locked_id: str | None = None
        self._ids: list[str] = []  # profile ids (text), one per row
        self._last_id = remembered_profile(ctx.paths.database)
        # the delay after repeated failures: whose, how long still, the core's answer
        self._delayed_id: str | None = None
        self._remaining = 0
        self._delay: LoginResult | None = None
        self._delay_shown = False  # the message is the countdown's
        self._countdown = QTimer(self)
        self._countdown.setInterval(TICK_MS)
        self._countdown.timeout.connect(self._tick)

        self._title = heading("Bienvenue")
        self._site = heading(site_name, "subtitle")
        self._explain = hint(CHOOSE)
        self.profiles = QListWidget()
        self.profiles.setObjectName("profiles")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = button("Se &connecter", "Se connecter", primary=True)
        self.login_button.setDefault(True)
        self.switch_button = button("Changer de pro&fil", "Changer de profil")
        self.switch_button.hide()
        self.message = MessageLabel()
        self._lay_out()

        self.login_button.clicked.connect(self._try_login)
        self.password.returnPressed.connect(self._try_login)
        self.profiles.itemActivated.connect(lambda _item: self.password.setFocus())
        self.profiles.currentRowChanged.connect(lambda _row: self._show_delay())
        self.switch_button.clicked.connect(self.switch_profile_requested)

    def _lay_out(self) -> None:
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # shown by the app, not by the window manager
            self.password.setFocus()  # the profile is chosen: the agent types at once

    def set_site_name(self, name: str) -> None:
        self._site.setText(name)

    def set_profiles(self, profiles: Sequence[ProfileLike]) -> None:
        """The active profiles; the one chosen stays chosen, else this PC's last one."""
        keep = self.selected_profile_id() or self._last_id
        self.profiles.blockSignals(True)
        self.profiles.clear()
        self._ids = [str(profile.id) for profile in profiles]
        for profile in profiles:
            self.profiles.addItem(
                QListWidgetItem(f"{profile.display_name} — {role_label(profile.role)}")
            )
        if self._ids:
            self.profiles.setCurrentRow(self._ids.index(keep) if keep in self._ids else 0)
        self.profiles.blockSignals(False)
        if self._locked_id is not None:
            self._show_only_locked()
        self._show_empty_hint()

    def _show_empty_hint(self) -> None:
        if not self.profiles.count():
            self.message.show_message("Aucun profil actif sur ce poste.")

    def show_chooser(self) -> None:
        self._locked_id = None
        self._title.setText("Bienvenue")
        self._explain.setText(CHOOSE)
        self.profiles.setEnabled(True)
        for row in range(self.profiles.count()):
            self.profiles.item(row).setHidden(False)
        if self._last_id in self._ids:  # who just left is likely who comes back
            self.profiles.setCurrentRow(self._ids.index(self._last_id))
        self.switch_button.hide()
        self._reset_form()
        self.password.setFocus()

    def show_lock(self, profile: ProfileInfo) -> None:
        """Only the locked profile may unlock; switching profile ends that session."""
        self._locked_id = str(profile.id)
        self._title.setText("Session verrouillée")
        self._explain.setText(
            f"La session de {profile.display_name} est verrouillée. "
            "Saisissez votre mot de passe pour reprendre là où vous en étiez."
        )
        self._show_only_locked()
        self.switch_button.show()
        self._reset_form()
        self.password.setFocus()

    def _show_only_locked(self) -> None:
        for row, profile_id in enumerate(self._ids):
            mine = profile_id == self._locked_id
            self.profiles.item(row).setHidden(not mine)
            if mine:
                self.profiles.setCurrentRow(row)
        self.profiles.setEnabled(False)

    def _reset_form(self) -> None:
        self.password.clear()
        self.message.clear_message()
        self._show_delay()

    def selected_profile_id(self) -> str | None:
        row = self.profiles.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _chosen_id(self) -> str | None:
        return self._locked_id or self.selected_profile_id()

    def _try_login(self) -> None:
        profile_id = self._chosen_id()
        if profile_id is None:
            self.message.show_message("Choisissez d'abord votre profil dans la liste.")
            return
        if self._waiting(profile_id):
            return  # Entrée in the field while the delay counts down
        if not self.password.text():
            self.message.show_message("Saisissez votre mot de passe.")
            self.password.setFocus()
            return
        password = self.password.text()
        unlock = self._locked_id is not None
        self.login_button.setEnabled(False)
        self.message.show_message("Vérification…", "hint")

        def done(result: LoginResult) -> None:
            self._on_result(profile_id, result)

        def failed(_error: BaseException) -> bool:
            self._show_delay()  # the button comes back; the helper says what went wrong
            return False

        self._ops.write(
            lambda s: check_password(s, profile_id, password, unlock),
            done,
            owner=self,
            failed=failed,
        )

    def _on_result(self, profile_id: str, result: LoginResult) -> None:
        if result.profile is not None:
            self._last_id = profile_id
            self._reset_form()
            self.logged_in.emit(result.profile)
            return
        self.password.selectAll()
        self.password.setFocus()
        if result.wait_seconds:
            self._delayed_id, self._remaining, self._delay = profile_id, result.wait_seconds, result
            self._countdown.start()
        self.message.show_message(typo(result.message))
        self._show_delay()

    # The delay after repeated failures, counted down second by second

    def _waiting(self, profile_id: str | None) -> bool:
        return self._remaining > 0 and profile_id == self._delayed_id

    def _show_delay(self) -> None:
        """« Se connecter » waits while the chosen profile's delay runs, and says so."""
        waiting = self._waiting(self._chosen_id())
        self.login_button.setEnabled(not waiting)
        if waiting and self._delay is not None:
            shown = replace(self._delay, wait_seconds=self._remaining)
            self.message.show_message(typo(shown.message))
        elif self._delay_shown:  # another profile chosen: its own delay, if any, is not it
            self.message.clear_message()
        self._delay_shown = waiting

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining > 0:
            self._show_delay()
            return
        self._countdown.stop()
        here = self._chosen_id() == self._delayed_id
        self._delayed_id, self._delay, self._delay_shown = None, None, False
        self._show_delay()
        if here:
            self.message.show_message("Vous pouvez réessayer.", "hint")
