"""The Annuaire's editing row: « Modifier… », « Nouveau contact direct… » (directory.edit),
« Signaler une erreur… » (directory.report) and « Signalements (n) » (directory.edit), all
about the service shown in the detail pane. Dialogs open window-modal (``open()``)."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from frontdesk.contacts.detail import ServiceDetail
from frontdesk.contacts.reports import open_reports
from frontdesk.ui.directory.edit_dialogs import (
    ContactDialog,
    LoadedService,
    ServiceDialog,
    load_service_form,
)
from frontdesk.ui.directory.report_dialogs import SENT, ReportDialog, ReportsQueue
from frontdesk.ui.session import UiSession
from frontdesk.ui.visit.typography import typo
from frontdesk.ui.widgets import MessageLabel, button

log = logging.getLogger(__name__)
GONE = "Ce service n'existe plus dans l'annuaire."


class EditBar(QWidget):
    changed = Signal(object)  # service id whose detail must be read again

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.service: ServiceDetail | None = None
        self.dialog: QDialog | None = None  # the one open, for tests
        self.may_edit = session.may("directory.edit")
        self.may_report = session.may("directory.report")
        self.edit_button = button("Modifi&er…", "Modifier le service")
        self.contact_button = button("&Nouveau contact direct…", "Nouveau contact direct")
        self.report_button = button("Si&gnaler une erreur…", "Signaler une erreur")
        self.queue_button = button("Signalement&s", "Signalements à traiter")
        self.message = MessageLabel()
        self.edit_button.clicked.connect(self.edit_service)
        self.contact_button.clicked.connect(self.new_contact)
        self.report_button.clicked.connect(self.report)
        self.queue_button.clicked.connect(self.show_queue)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        shown = [
            (self.edit_button, self.may_edit),
            (self.contact_button, self.may_edit),
            (self.report_button, self.may_report),
            (self.queue_button, self.may_edit),
        ]
        for widget, allowed in shown:
            widget.setAutoDefault(True)
            row.addWidget(widget)
            if not allowed:
                widget.hide()  # hidden: out of the tab chain and of the Alt+letters
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        if not (self.may_edit or self.may_report):
            self.hide()  # never show() here: without a parent yet, it would be a window
        self.set_service(None)
        if self.may_edit:
            self.count_reports()

    def set_service(self, detail: ServiceDetail | None) -> None:
        self.service = detail
        for widget in (self.edit_button, self.contact_button, self.report_button):
            widget.setEnabled(detail is not None)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _failed(self, error: BaseException) -> None:
        log.error("directory editing read failed", exc_info=error)
        self.message.show_message(
            "L'annuaire n'a pas pu être lu. Réessayez ; si cela continue, prévenez le superviseur."
        )

    # Editing

    def edit_service(self) -> None:
        if self.service is None or not self.may_edit:
            return
        self.message.clear_message()
        store, service_id = self.session.ctx.store, self.service.service_id
        self.session.tasks.run(
            lambda: load_service_form(store.session, service_id),
            self._edit_loaded,
            self._failed,
            owner=self,
        )

    def _edit_loaded(self, loaded: LoadedService | None) -> None:
        if loaded is None:
            self.message.show_message(GONE)
            return
        dialog = ServiceDialog(self.session, loaded, self.window())
        dialog.saved.connect(lambda service_id: self._saved(service_id, "Service enregistré."))
        self._open(dialog)

    def new_contact(self) -> None:
        if self.service is None or not self.may_edit:
            return
        self.message.clear_message()
        store, service_id = self.session.ctx.store, self.service.service_id
        name = self.service.nom
        self.session.tasks.run(
            lambda: load_service_form(store.session, service_id),
            lambda loaded: self._contact_loaded(loaded, name),
            self._failed,
            owner=self,
        )

    def _contact_loaded(self, loaded: LoadedService | None, name: str) -> None:
        if loaded is None:
            self.message.show_message(GONE)
            return
        dialog = ContactDialog(
            self.session, loaded.structure_id, loaded.service_id, name, self.window()
        )
        service_id = loaded.service_id
        dialog.saved.connect(lambda _id: self._saved(service_id, "Contact direct enregistré."))
        self._open(dialog)

    def _saved(self, service_id: uuid.UUID, said: str) -> None:
        self.message.show_message(said, "success")
        self.changed.emit(service_id)

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
        self.message.show_message(typo(SENT), "success")
        if self.may_edit:
            self.count_reports()

    def count_reports(self) -> None:
        store = self.session.ctx.store

        def work() -> int:
            with store.session() as s:
                return len(open_reports(s))

        self.session.tasks.run(work, self.show_count, self._failed, owner=self)

    def show_count(self, count: int) -> None:
        self.queue_button.setText(f"Signalement&s ({count})")
        spoken = {0: "aucun", 1: "1"}.get(count, str(count))
        self.queue_button.setAccessibleName(f"Signalements à traiter : {spoken}")

    def show_queue(self) -> None:
        if not self.may_edit:
            return
        dialog = ReportsQueue(self.session, self.window())
        dialog.changed.connect(self.count_reports)
        self._open(dialog)
