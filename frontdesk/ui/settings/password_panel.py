"""« Mon mot de passe »: every profile can change its own password."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox

from frontdesk.accounts import AccountError, change_own_password, check_password_strength
from frontdesk.ui.session import UiSession
from frontdesk.ui.settings.profile_form import password_field
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, left_aligned


class PasswordPanel(QGroupBox):
    def __init__(self, session: UiSession) -> None:
        super().__init__("Mon mot de passe")
        self.setAccessibleName("Mon mot de passe")
        self._session = session
        self.current = password_field()
        self.new = password_field()
        self.confirm = password_field()
        self.save = button("Changer le mot de passe")
        self.message = MessageLabel()
        form = QFormLayout(self)
        form.addRow(buddy_label("Mot de passe &actuel :", self.current), self.current)
        form.addRow(buddy_label("&Nouveau mot de passe :", self.new), self.new)
        form.addRow(buddy_label("Con&firmation :", self.confirm), self.confirm)
        form.addRow(self.message)
        form.addRow("", left_aligned(self.save))
        self.save.clicked.connect(self._change)

    def _change(self) -> None:
        current, new = self.current.text(), self.new.text()
        try:
            check_password_strength(new)
            if new != self.confirm.text():
                raise AccountError("Les deux nouveaux mots de passe saisis sont différents.")
        except AccountError as exc:
            self.message.show_message(str(exc))
            return
        profile_id = self._session.profile.id
        self.save.setEnabled(False)

        self._session.ops.write(
            lambda s: change_own_password(s, profile_id, current, new),
            self._done,
            owner=self,
            failed=self._enable,
        )

    def _done(self, _result: object) -> None:
        self.save.setEnabled(True)
        for field in (self.current, self.new, self.confirm):
            field.clear()
        self.message.show_message("Votre mot de passe a été changé.", "success")

    def _enable(self, _error: BaseException) -> bool:
        """Refused (or failed): the button comes back; the helper shows why."""
        self.save.setEnabled(True)
        return False
