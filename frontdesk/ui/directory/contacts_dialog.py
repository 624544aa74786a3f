"""« Contacts directs… » of the service shown: its own and its structure's, each to edit
(« Modifier… ») or delete after a confirmation (« Supprimer ce contact ? »). The list
reads itself again whenever the directory changes (a save here, a sync)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QTableWidgetItem, QVBoxLayout, QWidget
from sqlalchemy import or_, select

from frontdesk.contacts.editing import delete_contact
from frontdesk.contacts.models import DirectContact, Service
from frontdesk.contacts.sheet_content import phone
from frontdesk.contacts.verification import mark_verified
from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.directory.confirm import confirm_delete
from frontdesk.ui.directory.edit_dialogs import ContactDialog, LoadedContact, load_contact_form
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, hint, read_only_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GONE = "Ce contact n'existe plus dans l'annuaire."


@dataclass(frozen=True)
class ContactRow:
    contact_id: uuid.UUID
    name: str
    role: str
    telephone: str
    courriel: str
    for_service: bool  # the service's own, not one for the whole structure


def load_contacts(s: Session, service_id: uuid.UUID) -> list[ContactRow]:
    """The service's direct contacts then its structure's, by name (none if it is gone)."""
    service = s.get(Service, service_id)
    if service is None:
        return []
    rows = s.scalars(
        select(DirectContact)
        .where(DirectContact.structure_id == service.structure_id)
        .where(or_(DirectContact.service_id == service_id, DirectContact.service_id.is_(None)))
    ).all()
    found = [
        ContactRow(
            c.id,
            c.name,
            c.role or "",
            phone(c.telephone)[0] if c.telephone else "",
            c.courriel or "",
            c.service_id is not None,
        )
        for c in rows
    ]
    return sorted(found, key=lambda c: (not c.for_service, c.name.casefold()))


class ContactsDialog(QDialog):
    COLUMNS = ("Nom", "Fonction", "Téléphone", "Courriel", "Pour")

    def __init__(
        self,
        session: UiSession,
        structure_id: uuid.UUID,
        service_id: uuid.UUID,
        service_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.structure_id, self.service_id, self.service_name = (
            structure_id,
            service_id,
            service_name,
        )
        self.contacts: list[ContactRow] = []
        self.editor: ContactDialog | None = None  # the one open, for tests
        title = typo(f"Contacts directs de « {service_name} »")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.count = hint("")
        self.count.setAccessibleName("Nombre de contacts directs")
        self.table = read_only_table(self.COLUMNS, "Contacts directs")
        self.message = MessageLabel()
        self.new_button = button("&Nouveau contact…", "Nouveau contact direct")
        self.edit_button = button("&Modifier…", "Modifier le contact sélectionné")
        self.delete_button = button("&Supprimer…", "Supprimer le contact sélectionné")
        self.close_button = button("&Fermer", "Fermer")
        self.verify_button = button("Contact &vérifié", "Marquer le contact comme vérifié")
        self.verify_button.setVisible(session.may("directory.verify"))
        self.verify_button.clicked.connect(self.verify_current)
        self.new_button.clicked.connect(self.new_contact)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.close_button.clicked.connect(self.accept)
        self.table.itemActivated.connect(lambda _item: self.edit_current())
        row = QHBoxLayout()
        for widget in (self.new_button, self.edit_button, self.delete_button, self.verify_button):
            widget.setAutoDefault(True)
            row.addWidget(widget)
        row.addStretch()
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 20)
        session.tasks.changed.connect(self._on_changes)
        self.reload()

    def _on_changes(self, changes: OpChanges, _initiator: object = None) -> None:
        if changes.touches(Change.DIRECTORY):
            self.reload()

    def reload(self) -> None:
        service_id = self.service_id
        self.session.ops.read(lambda s: load_contacts(s, service_id), self._loaded, owner=self)

    def _loaded(self, contacts: list[ContactRow]) -> None:
        before = self.current()  # read again: the same contact stays selected
        ids = [contact.contact_id for contact in contacts]
        kept = ids.index(before.contact_id) if before and before.contact_id in ids else 0
        self.contacts = contacts
        self.table.setRowCount(len(contacts))
        for row, contact in enumerate(contacts):
            scope = "ce service" if contact.for_service else "toute la structure"
            cells = (contact.name, contact.role, contact.telephone, contact.courriel, scope)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(typo(text)))
            spoken = ", ".join(typo(text) for text in cells[:4] if text) + f", pour {scope}"
            first = self.table.item(row, 0)
            assert first is not None  # set just above
            first.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        if contacts:
            self.table.setCurrentCell(kept, 0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        said = {0: "Aucun contact direct enregistré.", 1: "1 contact direct."}.get(
            len(contacts), f"{len(contacts)} contacts directs."
        )
        self.count.setText(said)
        self.count.setAccessibleDescription(said)
        for widget in (self.edit_button, self.delete_button, self.verify_button):
            widget.setEnabled(bool(contacts))

    def current(self) -> ContactRow | None:
        row = self.table.currentRow()
        return self.contacts[row] if 0 <= row < len(self.contacts) else None

    def _open_editor(self, loaded: LoadedContact | None) -> None:
        editor = ContactDialog(
            self.session, self.structure_id, self.service_id, self.service_name, self, loaded=loaded
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _id: self._changed("Contact direct enregistré."))
        self.editor = editor
        editor.open()

    def new_contact(self) -> None:
        self.message.clear_message()
        self._open_editor(None)

    def edit_current(self) -> None:
        contact = self.current()
        if contact is None:
            return
        self.message.clear_message()
        self.session.ops.read(
            lambda s: load_contact_form(s, contact.contact_id), self._edit_loaded, owner=self
        )

    def _edit_loaded(self, loaded: LoadedContact | None) -> None:
        if loaded is None:
            self.message.show_message(GONE)
            self.reload()
            return
        self._open_editor(loaded)

    def delete_current(self) -> None:
        contact = self.current()
        if contact is None:
            return
        detail = f"« {contact.name} » sera retiré de l'annuaire. Cela ne peut pas être annulé."
        if not confirm_delete(self, "Supprimer ce contact ?", detail):
            return
        self.message.clear_message()
        actor = self.session.profile
        self.session.ops.write(
            lambda s: delete_contact(s, contact.contact_id, actor),
            lambda _none: self._changed("Contact supprimé."),
            owner=self,
            failed=self._refused,
        )

    def verify_current(self) -> None:
        """« Contact vérifié »: confirmed as it stands today (12 months before « à vérifier »)."""
        contact = self.current()
        if contact is None:
            return
        self.message.clear_message()
        actor = self.session.profile
        said = f"« {contact.name} » vérifié aujourd'hui : plus « à vérifier » pendant 12 mois."
        self.session.ops.write(
            lambda s: mark_verified(s, "contact", contact.contact_id, actor),
            lambda _verified: self._changed(said),
            owner=self,
            failed=self._refused,
        )

    def _refused(self, _error: BaseException) -> bool:
        self.reload()  # deleted meanwhile on another PC, perhaps: the list is read again
        return False  # the helper says why

    def _changed(self, said: str) -> None:
        """Saved or deleted: the list follows with the broadcast change."""
        self.message.show_message(said, "success")
