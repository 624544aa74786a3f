"""A directory record opened for correction from where it is named (the queue of
reports): its service, structure or direct contact dialog, pre-filled."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from frontdesk.ui.directory.edit_dialogs import (
    ContactDialog,
    LoadedContact,
    LoadedService,
    SavingForm,
    ServiceDialog,
    load_contact_form,
    load_service_form,
)
from frontdesk.ui.directory.structure_dialog import (
    LoadedStructure,
    StructureDialog,
    load_structure,
)
from frontdesk.ui.session import UiSession

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

RECORD_GONE = "Cette fiche n'existe plus dans l'annuaire : il n'y a plus rien à corriger."


@dataclass(frozen=True)
class LoadedRecord:
    kind: str  # service | structure | contact, as a report names it
    loaded: LoadedService | LoadedStructure | LoadedContact


def read_record(s: Session, kind: str, record_id: uuid.UUID) -> LoadedRecord | None:
    """The record as its dialog's form, or None when it is gone (or of an unknown kind)."""
    readers = {
        "service": load_service_form,
        "structure": load_structure,
        "contact": load_contact_form,
    }
    reader = readers.get(kind)
    loaded = reader(s, record_id) if reader is not None else None
    return None if loaded is None else LoadedRecord(kind, loaded)


def open_editor(session: UiSession, record: LoadedRecord, parent: QWidget) -> SavingForm:
    """Its dialog, open (window-modal) over ``parent``; deleted once closed."""
    loaded = record.loaded
    dialog: SavingForm
    if isinstance(loaded, LoadedService):
        dialog = ServiceDialog(session, loaded, parent)
    elif isinstance(loaded, LoadedStructure):
        dialog = StructureDialog(session, loaded, parent)
    else:
        form = loaded.form
        dialog = ContactDialog(
            session, form.structure_id, form.service_id, form.name, parent, loaded=loaded
        )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
