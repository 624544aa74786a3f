"""« Signaler une erreur… » on a service, and the superviseur's queue of reports.

The report: its reason among DORA's (long texts, all shown whole) and a comment; Enter
sends it (Ctrl+Enter too), Maj+Entrée goes to the next line. The queue lists the open
reports, opens the record reported to correct it, and marks a report as dealt with; it
reads itself again whenever the directory changes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.reports import ReportView, open_reports, report_error, resolve_report
from frontdesk.contacts.validation import directory_rules
from frontdesk.moments import long_date_text
from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.directory.edit_dialogs import SavingForm
from frontdesk.ui.directory.record_editor import RECORD_GONE, open_editor, read_record
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, heading, read_only_table

if TYPE_CHECKING:
    from frontdesk.ui.directory.record_editor import LoadedRecord

SENT = "Merci : le signalement est transmis au superviseur, qui corrigera la fiche."
KINDS = {"service": "Service", "structure": "Structure", "contact": "Contact"}


class ReportDialog(SavingForm):
    """Reason (DORA's wording), comment; ``saved`` (the report id) once it is stored."""

    def __init__(
        self,
        session: UiSession,
        service_id: uuid.UUID,
        service_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            f"Signaler une erreur sur « {service_name} »",
            parent,
            "&Envoyer le signalement",
        )
        self.service_id = service_id
        reasons = [(r.slug, r.label) for r in directory_rules().report_reasons]
        self.choice_list("reason", "&Motif :", reasons)
        self.comment = self.text_box(
            "comment",
            "&Commentaire :",
            hint=typo(
                "Ce qui est faux sur la fiche ; aucune donnée personnelle d'un visiteur."
                " Entrée : envoyer ; Maj+Entrée : aller à la ligne"
            ),
            lines=5,
        )
        self.comment.installEventFilter(self)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.comment and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if event.type() == QEvent.Type.KeyPress and enter:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.comment.insertPlainText("\n")
                elif self.save_button.isEnabled():
                    self.submit()
                return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        actor, service_id = self.session.profile, self.service_id
        reason, comment = self.value("reason"), self.value("comment")
        self.run_save(lambda s: report_error(s, "service", service_id, reason, comment, actor))


def _spoken(report: ReportView) -> list[str]:
    return [
        f"{KINDS.get(report.target_kind, report.target_kind)} : {report.target_name}",
        report.reason_label,
        report.comment or "",
        report.reporter_name or "Profil d'un autre poste",
        long_date_text(report.created_at),
    ]


class ReportsQueue(QDialog):
    """The open reports, oldest first; « Ouvrir la fiche… » edits the record reported,
    « Marquer comme traité » asks for a note."""

    COLUMNS = ("Fiche", "Motif", "Commentaire", "Signalé par", "Le")

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reports: list[ReportView] = []
        self.setWindowTitle("Signalements à traiter")
        self.setAccessibleName("Signalements à traiter")
        self.count = heading("", "hint")
        self.count.setAccessibleName("Nombre de signalements")
        self.table = read_only_table(self.COLUMNS, "Signalements ouverts")
        self.table.setWordWrap(True)
        self.message = MessageLabel()
        self.editor: SavingForm | None = None  # the record's, once opened (for tests)
        self.open_button = button("&Ouvrir la fiche…", "Ouvrir la fiche signalée")
        self.open_button.setAccessibleDescription("Pour corriger la fiche signalée")
        self.resolve_button = button("&Marquer comme traité…", "Marquer comme traité")
        self.close_button = button("&Fermer", "Fermer")
        self.open_button.clicked.connect(self.open_current)
        self.table.itemActivated.connect(lambda _item: self.open_current())
        self.resolve_button.clicked.connect(self.resolve_current)
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.resolve_button)
        row.addStretch()
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 25)
        session.tasks.changed.connect(self._on_changes)
        self.reload()

    def _on_changes(self, changes: OpChanges, _initiator: object = None) -> None:
        if changes.touches(Change.DIRECTORY):
            self.reload()

    def reload(self) -> None:
        self.session.ops.read(open_reports, self._loaded, owner=self)

    def _loaded(self, reports: list[ReportView]) -> None:
        before = self.current()  # read again: the same report stays selected
        ids = [report.id for report in reports]
        kept = ids.index(before.id) if before and before.id in ids else 0
        self.reports = reports
        table = self.table
        table.setRowCount(len(reports))
        for row, report in enumerate(reports):
            shown = _spoken(report)
            for column, text in enumerate(shown):
                item = QTableWidgetItem(typo(text))
                item.setToolTip(typo(text))
                table.setItem(row, column, item)
            spoken = ", ".join(typo(text) for text in shown if text)
            first = table.item(row, 0)
            assert first is not None  # set just above
            first.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        table.resizeRowsToContents()
        if reports:
            table.setCurrentCell(kept, 0)
            table.setFocus(Qt.FocusReason.OtherFocusReason)
        said = {0: "Aucun signalement à traiter.", 1: "1 signalement à traiter."}.get(
            len(reports), f"{len(reports)} signalements à traiter."
        )
        self.count.setText(said)
        self.count.setAccessibleDescription(said)
        self.resolve_button.setEnabled(bool(reports))
        self.open_button.setEnabled(bool(reports))

    def current(self) -> ReportView | None:
        row = self.table.currentRow()
        return self.reports[row] if 0 <= row < len(self.reports) else None

    def resolve_current(self) -> None:
        report = self.current()
        if report is None:
            return
        note, ok = QInputDialog.getText(
            self,
            "Marquer comme traité",
            typo(f"Note sur ce qui a été fait (facultative) — {report.target_name} :"),
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return
        actor = self.session.profile
        self.resolve_button.setEnabled(False)
        self.session.ops.write(
            lambda s: resolve_report(s, report.id, actor, note),
            self._resolved,
            owner=self,
            failed=self._refused,
        )

    def _resolved(self, _result: object) -> None:
        """The list and the page's count follow with the broadcast change."""
        self.message.show_message("Signalement marqué comme traité.", "success")

    def _refused(self, _error: BaseException) -> bool:
        self.reload()  # dealt with meanwhile on another PC, perhaps: read again
        return False  # the helper says why

    # The record reported

    def open_current(self) -> None:
        report = self.current()
        if report is None:
            return
        self.message.clear_message()
        kind, target = report.target_kind, report.target_id
        self.session.ops.read(lambda s: read_record(s, kind, target), self._record_read, owner=self)

    def _record_read(self, loaded: LoadedRecord | None) -> None:
        if loaded is None:
            self.message.show_message(typo(RECORD_GONE))
            return
        self.editor = open_editor(self.session, loaded, self)
        self.editor.saved.connect(lambda _id: self._saved())

    def _saved(self) -> None:
        said = "Fiche enregistrée. Marquez le signalement comme traité s'il est réglé."
        self.message.show_message(typo(said), "success")
