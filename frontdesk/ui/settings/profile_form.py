"""Name, role and password fields, shared by the first-run wizard and "Nouveau profil"."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from frontdesk.accounts import AccountError, check_password_strength
from frontdesk.config import roles, settings_defaults
from frontdesk.ui.widgets import buddy_label

TITLE_SEPARATOR = " — "  # between a window's title and the application's name (Qt's)
TITLE_BAR_EXTRA = 160  # the title bar's icon and buttons, roughly, at 100 %


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def fit_placeholder(field: QLineEdit, text: str) -> None:
    """A hint inside the field, never cut: the field is at least as wide as it."""
    field.setPlaceholderText(text)
    margins = field.textMargins().left() + field.textMargins().right()
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance(text) + margins + 24)


def fit_title(window: QWidget) -> None:
    """A dialog wide enough for its whole title bar: Qt adds the application's name
    after the title (« Nouveau profil — Frontdesk — France Services »)."""
    shown = window.windowTitle()
    suffix = QGuiApplication.applicationDisplayName()
    if suffix and not shown.endswith(suffix):
        shown += TITLE_SEPARATOR + suffix
    width = window.fontMetrics().horizontalAdvance(shown) + TITLE_BAR_EXTRA
    window.setMinimumWidth(max(window.minimumWidth(), width))


class ProfileForm(QWidget):
    def __init__(
        self, allowed_roles: list[str] | None = None, *, with_password: bool = True
    ) -> None:
        super().__init__()
        self._with_password = with_password
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.role = QComboBox()
        for role in allowed_roles or list(roles().roles):
            self.role.addItem(roles().roles[role].label, role)
        self.password = password_field()
        self.confirm = password_field()
        layout = QFormLayout(self)
        layout.addRow(buddy_label("&Nom affiché :", self.name), self.name)
        layout.addRow(buddy_label("&Rôle :", self.role), self.role)
        if with_password:
            minimum = settings_defaults().password_min_length
            fit_placeholder(self.password, f"au moins {minimum} caractères")
            layout.addRow(buddy_label("Mot de &passe :", self.password), self.password)
            layout.addRow(buddy_label("C&onfirmation :", self.confirm), self.confirm)
        else:
            self.password.hide()
            self.confirm.hide()

    def values(self) -> tuple[str, str, str]:
        """Name, role, password, after the checks a person can fix right here."""
        if len(self.name.text().strip()) < 2:
            raise AccountError("Indiquez le nom affiché du profil (au moins 2 caractères).")
        if self._with_password:
            check_password_strength(self.password.text())
            if self.password.text() != self.confirm.text():
                raise AccountError("Les deux mots de passe saisis sont différents.")
        return self.name.text().strip(), str(self.role.currentData()), self.password.text()
