"""First start: choose the site, create the first profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from frontdesk.accounts import AccountError, ProfileInfo
from frontdesk.config import roles
from frontdesk.context import AppContext
from frontdesk.setup import SetupError, SiteChoice, first_run, known_sites, validate_site
from frontdesk.ui.ops import Ops
from frontdesk.ui.settings.profile_form import ProfileForm, fit_placeholder, fit_title
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.widgets import MessageLabel, buddy_label, hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TITLE = "Première utilisation"  # Qt adds the application's name after it


class SitePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Votre France Services")
        self.setSubTitle("Dans quelle France Services ce poste est-il installé ?")
        self.choices = QButtonGroup(self)
        layout = QVBoxLayout(self)
        self.sites = known_sites()
        for index, site in enumerate(self.sites):
            radio = QRadioButton(f"{site.name} ({site.commune}, {site.insee_code})")
            radio.setAccessibleName(site.name)
            self.choices.addButton(radio, index)
            layout.addWidget(radio)
        self.other = QRadioButton("Une autre France Services")
        self.other.setAccessibleName("Une autre France Services")
        self.choices.addButton(self.other, len(self.sites))
        layout.addWidget(self.other)
        self.other_box = QWidget()
        self.name = QLineEdit()
        self.commune = QLineEdit()
        self.insee = QLineEdit()
        self.insee.setMaxLength(5)
        fit_placeholder(self.insee, "par exemple 80570")
        form = QFormLayout(self.other_box)
        form.addRow(buddy_label("&Nom :", self.name), self.name)
        form.addRow(buddy_label("&Commune :", self.commune), self.commune)
        form.addRow(buddy_label("Code &INSEE de la commune :", self.insee), self.insee)
        layout.addWidget(self.other_box)
        layout.addWidget(
            hint("Le code INSEE n'est pas le code postal : Moreuil, 80110, a le code INSEE 80570.")
        )
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.choices.button(0).setChecked(True)
        self.choices.idToggled.connect(lambda *_: self._sync_other())
        self._sync_other()

    def _sync_other(self) -> None:
        self.other_box.setEnabled(self.other.isChecked())

    def site(self) -> SiteChoice:
        index = self.choices.checkedId()
        if 0 <= index < len(self.sites):
            return self.sites[index]
        return validate_site(SiteChoice(self.name.text(), self.commune.text(), self.insee.text()))

    def validatePage(self) -> bool:
        try:
            self.site()
        except SetupError as exc:
            self.message.show_message(str(exc))
            return False
        self.message.clear_message()
        return True


class ProfilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Premier profil")
        self.setSubTitle(
            "Ce profil gère ce poste : il pourra créer les profils des agents et du tuteur."
        )
        self.form = ProfileForm(list(roles().first_profile_roles))
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)


class FirstRunWizard(QWizard):
    """Collects the answers; the core writes them in one transaction, off the GUI thread."""

    def __init__(self, ctx: AppContext, tasks: TaskRunner) -> None:
        super().__init__()
        self._ops = Ops(ctx, tasks)  # no one is logged in: no UiSession yet
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Suivant >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Pré&cédent")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Terminer")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Annuler")
        for which, name in (
            (QWizard.WizardButton.NextButton, "Suivant"),
            (QWizard.WizardButton.BackButton, "Précédent"),
            (QWizard.WizardButton.FinishButton, "Terminer"),
            (QWizard.WizardButton.CancelButton, "Annuler"),
        ):
            self.button(which).setAccessibleName(name)
        self.site_page = SitePage()
        self.profile_page = ProfilePage()
        self.addPage(self.site_page)
        self.addPage(self.profile_page)
        self.created: ProfileInfo | None = None
        fit_title(self)

    def accept(self) -> None:
        if self.created is not None:
            super().accept()
            return
        try:
            name, role, password = self.profile_page.form.values()
            site = self.site_page.site()
        except (AccountError, SetupError) as exc:
            self.profile_page.message.show_message(str(exc))
            return
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.profile_page.message.show_message("Enregistrement…", "hint")

        def work(session: Session) -> ProfileInfo:
            return first_run(session, site, name, role, password)

        self._ops.write(work, self._created, owner=self)

    def _created(self, profile: ProfileInfo) -> None:
        self.created = profile
        self.accept()

    def show_error(self, text: str) -> None:
        """Refused or failed (the helper logged a bug): nothing was written, try again."""
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.profile_page.message.show_message(text)
