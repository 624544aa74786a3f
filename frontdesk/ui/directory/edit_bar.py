"""The Annuaire's editing rows, about the service shown in the detail pane: « Modifier… »,
« Nouveau contact direct… », « Contacts directs… », « Supprimer le service… », « Modifier
la structure… », « Nouvelle structure… » and « Signalements (n) » (directory.edit), and
« Signaler une erreur… » (directory.report). Dialogs open window-modal (``open()``).

Nothing here reads the directory again after a save: the change is broadcast and the
Annuaire refreshes itself (``AnnuaireSection.refresh``); ``edited`` only says which service
it should then show."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from frontdesk.contacts.detail import ServiceDetail
from frontdesk.contacts.editing import ServiceForm, StructureForm, delete_service
from frontdesk.contacts.reports import open_reports
from frontdesk.contacts.verification import Target, Verified, mark_verified
from frontdesk.sync.run import proposes_directory_edits
from frontdesk.ui.directory.confirm import confirm_delete
from frontdesk.ui.directory.contacts_dialog import ContactsDialog
from frontdesk.ui.directory.edit_dialogs import (
    ContactDialog,
    LoadedService,
    ServiceDialog,
    load_service_form,
)
from frontdesk.ui.directory.report_dialogs import SENT, ReportDialog, ReportsQueue
from frontdesk.ui.directory.structure_dialog import (
    LoadedStructure,
    StructureDialog,
    load_structure_of,
)
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GONE = "Ce service n'existe plus dans l'annuaire."
PROPOSALS_ONLY = (
    "Poste d'accueil : vos modifications de l'annuaire partent au hub comme propositions ;"
    " un poste superviseur les applique, et la fiche reprend ici sa version commune."
)
DEFINITIVE = " Cela ne peut pas être annulé."
STRUCTURE_CREATED = (
    "Structure créée. Décrivez maintenant son premier service : "
    "une structure sans service n'apparaît pas dans la recherche."
)


class EditBar(QWidget):
    edited = Signal(object)  # service id just saved: the one to show after the refresh
    removed = Signal(object)  # service id deleted: out of the detail and the ticks

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.service: ServiceDetail | None = None
        self.dialog: QDialog | None = None  # the one open, for tests
        self.may_edit = session.may("directory.edit")
        self.may_report = session.may("directory.report")
        self.edit_button = button("Modifi&er le service…", "Modifier le service")
        self.contact_button = button("&Nouveau contact direct…", "Nouveau contact direct")
        self.contacts_button = button("Cont&acts directs…", "Contacts directs du service")
        self.delete_button = button("Su&pprimer le service…", "Supprimer le service")
        self.structure_button = button("Modifier la structure…", "Modifier la structure")
        self.new_structure_button = button("Nouvelle structure…", "Nouvelle structure")
        self.report_button = button("Si&gnaler une erreur…", "Signaler une erreur")
        self.queue_button = button("Signalement&s", "Signalements à traiter")
        self.may_verify = session.may("directory.verify")
        self.verify_button = button("Service vérifié", "Marquer le service comme vérifié")
        self.verify_button.setToolTip(
            "Les coordonnées ont été confirmées aujourd'hui : la fiche n'est plus « à vérifier »"
            " pendant 12 mois."
        )
        self.verify_structure_button = button(
            "Structure vérifiée", "Marquer la structure comme vérifiée"
        )
        self.synonyms_button = button("Synonymes…", "Synonymes de la recherche")
        self.message = MessageLabel()
        self.edit_button.clicked.connect(self.edit_service)
        self.contact_button.clicked.connect(self.new_contact)
        self.contacts_button.clicked.connect(self.show_contacts)
        self.delete_button.clicked.connect(self.delete_service)
        self.structure_button.clicked.connect(self.edit_structure)
        self.new_structure_button.clicked.connect(lambda _checked=False: self.new_structure())
        self.report_button.clicked.connect(self.report)
        self.queue_button.clicked.connect(self.show_queue)
        self.verify_button.clicked.connect(lambda _checked=False: self.verify("service"))
        self.verify_structure_button.clicked.connect(
            lambda _checked=False: self.verify("structure")
        )
        self.synonyms_button.clicked.connect(self.show_synonyms)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        rows = [  # three short rows: the page stays readable on a narrow window, at 125 %
            [
                (self.edit_button, self.may_edit),
                (self.delete_button, self.may_edit),
                (self.report_button, self.may_report),
            ],
            [
                (self.contact_button, self.may_edit),
                (self.contacts_button, self.may_edit),
            ],
            [
                (self.structure_button, self.may_edit),
                (self.new_structure_button, self.may_edit),
                (self.queue_button, self.may_edit),
            ],
            [
                (self.verify_button, self.may_verify),
                (self.verify_structure_button, self.may_verify),
                (self.synonyms_button, self.may_edit),
            ],
        ]
        for shown in rows:
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            for widget, allowed in shown:
                widget.setAutoDefault(True)
                row.addWidget(widget)
                if not allowed:
                    widget.hide()  # hidden: out of the tab chain and of the Alt+letters
            row.addStretch()
            layout.addLayout(row)
        self.proposals_notice = MessageLabel()  # on a counter PC enrolled with a hub
        layout.addWidget(self.proposals_notice)
        layout.addWidget(self.message)
        if not (self.may_edit or self.may_report):
            self.hide()  # never show() here: without a parent yet, it would be a window
        self.set_service(None)
        if self.may_edit:
            self.count_reports()

    def set_service(self, detail: ServiceDetail | None) -> None:
        self.service = detail
        service_buttons = (
            self.edit_button,
            self.contact_button,
            self.contacts_button,
            self.delete_button,
            self.structure_button,
            self.report_button,
            self.verify_button,
            self.verify_structure_button,
        )
        for widget in service_buttons:
            widget.setEnabled(detail is not None)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.window().activateWindow()  # the keys come back to the Annuaire

    def _read(self, query: Callable[[Session], Any], done: Callable[[Any], None]) -> None:
        self.message.clear_message()
        self.session.ops.read(query, done, owner=self)

    # Editing

    def edit_service(self) -> None:
        if self.service is None or not self.may_edit:
            return
        service_id = self.service.service_id
        self._read(lambda s: load_service_form(s, service_id), self._edit_loaded)

    def _edit_loaded(self, loaded: LoadedService | None) -> None:
        if loaded is None:
            self.message.show_message(GONE)
            return
        dialog = ServiceDialog(self.session, loaded, self.window())
        dialog.saved.connect(lambda service_id: self._saved(service_id, "Service enregistré."))
        self._open(dialog)

    def edit_service_field(self, service_id: uuid.UUID, field: str) -> None:
        """The service's form, the keyboard on ``field`` (« Fiches à compléter »)."""
        if not self.may_edit:
            return
        self._read(
            lambda s: load_service_form(s, service_id),
            lambda loaded: self._field_loaded(loaded, field),
        )

    def _field_loaded(self, loaded: LoadedService | None, field: str) -> None:
        self._edit_loaded(loaded)
        dialog = self.dialog
        if loaded is not None and isinstance(dialog, ServiceDialog) and field in dialog.fields:
            dialog.fields[field].setFocus(Qt.FocusReason.OtherFocusReason)

    def new_contact(self) -> None:
        if self.service is None or not self.may_edit:
            return
        service_id, name = self.service.service_id, self.service.nom
        self._read(
            lambda s: load_service_form(s, service_id),
            lambda loaded: self._contact_loaded(loaded, name),
        )

    def _contact_loaded(self, loaded: LoadedService | None, name: str) -> None:
        if loaded is None:
            self.message.show_message(GONE)
            return
        dialog = ContactDialog(
            self.session, loaded.structure_id, loaded.service_id, name, self.window()
        )
        service_id = loaded.service_id
        assert service_id is not None  # loaded from a service that exists
        dialog.saved.connect(lambda _id: self._saved(service_id, "Contact direct enregistré."))
        self._open(dialog)

    def _saved(self, service_id: uuid.UUID, said: str) -> None:
        self.message.show_message(said, "success")
        self.edited.emit(service_id)

    def show_contacts(self) -> None:
        if self.service is None or not self.may_edit:
            return
        service_id, name = self.service.service_id, self.service.nom
        self._read(
            lambda s: load_service_form(s, service_id),
            lambda loaded: self._contacts_loaded(loaded, name),
        )

    def _contacts_loaded(self, loaded: LoadedService | None, name: str) -> None:
        if loaded is None or loaded.service_id is None:
            self.message.show_message(GONE)
            return
        service_id = loaded.service_id
        dialog = ContactsDialog(self.session, loaded.structure_id, service_id, name, self.window())
        self._open(dialog)

    def delete_service(self) -> None:
        if self.service is None or not self.may_edit:
            return
        service, actor = self.service, self.session.profile
        own = sum(1 for c in service.contacts if c.for_service)
        tail = {0: ".", 1: " avec son contact direct."}.get(
            own, f" avec ses {own} contacts directs."
        )
        detail = f"« {service.nom} » sera retiré de l'annuaire{tail}{DEFINITIVE}"
        if not confirm_delete(self.window(), "Supprimer ce service ?", detail):
            return
        self.message.clear_message()
        self.session.ops.write(
            lambda s: delete_service(s, service.service_id, actor),
            lambda _count: self._removed(service.service_id),
            owner=self,
        )

    def _removed(self, service_id: uuid.UUID) -> None:
        self.message.show_message("Service supprimé.", "success")
        self.removed.emit(service_id)

    # Structures

    def edit_structure(self) -> None:
        if self.service is None or not self.may_edit:
            return
        service_id = self.service.service_id
        self._read(
            lambda s: load_structure_of(s, service_id),
            lambda loaded: self._structure_loaded(loaded, service_id),
        )

    def _structure_loaded(self, loaded: LoadedStructure | None, service_id: uuid.UUID) -> None:
        if loaded is None:
            self.message.show_message(GONE)
            return
        dialog = StructureDialog(self.session, loaded, self.window())
        dialog.saved.connect(lambda _id: self._saved(service_id, "Structure enregistrée."))
        self._open(dialog)

    def new_structure(self, partner: str = "", name: str = "") -> None:
        """A new structure, then its first service (a structure alone is never listed);
        ``partner``: the SPIE partner it is (« Fiches à compléter »), its name proposed."""
        if not self.may_edit:
            return
        self.message.clear_message()
        loaded = LoadedStructure(None, StructureForm(nom=name, spie_partner=partner))
        dialog = StructureDialog(self.session, loaded, self.window())
        dialog.saved.connect(self._structure_created)
        self._open(dialog)

    def _structure_created(self, structure_id: uuid.UUID) -> None:
        self.message.show_message(typo(STRUCTURE_CREATED), "success")
        form = ServiceForm(
            structure_id=structure_id, nom="", description="", modes_accueil=("en-presentiel",)
        )
        dialog = ServiceDialog(self.session, LoadedService(None, structure_id, form), self.window())
        dialog.saved.connect(lambda service_id: self._saved(service_id, "Service enregistré."))
        self._open(dialog)

    # Confirming an entry, the search's synonyms

    def verify(self, target: Target) -> None:
        """« Service vérifié » / « Structure vérifiée »: confirmed as it stands today."""
        detail = self.service
        if detail is None or not self.may_verify:
            return
        service_id = detail.service_id
        record_id = service_id if target == "service" else detail.structure_id
        actor = self.session.profile

        def done(verified: Verified) -> None:
            said = "Service vérifié" if target == "service" else "Structure vérifiée"
            said += f" le {verified.date_maj:%d/%m/%Y} : plus « à vérifier » pendant 12 mois."
            if verified.open_reports:
                count = verified.open_reports
                reports = "1 signalement reste" if count == 1 else f"{count} signalements restent"
                said += f" {reports} à traiter."
            self._saved(service_id, said)

        self.message.clear_message()
        self.session.ops.write(
            lambda s: mark_verified(s, target, record_id, actor), done, owner=self
        )

    def show_synonyms(self) -> None:
        from frontdesk.ui.directory.synonyms_dialog import SynonymsDialog

        self._open(SynonymsDialog(self.session, self.window()))

    # Reports

    def report(self) -> None:
        if self.service is None or not self.may_report:
            return
        self.message.clear_message()
        dialog = ReportDialog(
            self.session, self.service.service_id, self.service.nom, self.window()
        )
        dialog.saved.connect(lambda _report_id: self._reported())
        self._open(dialog)

    def _reported(self) -> None:
        self.message.show_message(typo(SENT), "success")  # the count follows (refresh)

    def count_reports(self) -> None:
        def work(s: Session) -> tuple[int, bool]:
            return len(open_reports(s)), proposes_directory_edits(s)

        self.session.ops.read(work, self.show_reports_state, owner=self)

    def show_reports_state(self, state: tuple[int, bool]) -> None:
        count, proposes = state
        self.show_count(count)
        if proposes:
            self.proposals_notice.show_message(typo(PROPOSALS_ONLY), "hint")
        else:
            self.proposals_notice.clear_message()

    def show_count(self, count: int) -> None:
        self.queue_button.setText(f"Signalement&s ({count})")
        spoken = {0: "aucun", 1: "1"}.get(count, str(count))
        self.queue_button.setAccessibleName(f"Signalements à traiter : {spoken}")

    def show_queue(self) -> None:
        if not self.may_edit:
            return
        self._open(ReportsQueue(self.session, self.window()))
