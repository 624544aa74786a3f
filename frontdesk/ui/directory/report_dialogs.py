"""« Signaler une erreur… » on a service, and the superviseur's queue of reports."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.editing import DirectoryEditError, FormErrors
from frontdesk.contacts.reports import ReportView, open_reports, report_error, resolve_report
from frontdesk.contacts.sheet import french_date
from frontdesk.contacts.validation import directory_rules
from frontdesk.ui.directory.edit_dialogs import FAILED, SavingForm
from frontdesk.ui.session import UiSession
from frontdesk.ui.visit.typography import typo
from frontdesk.ui.widgets import MessageLabel, button, heading, read_only_table

log = logging.getLogger(__name__)
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
        motif = self.combo("reason", "&Motif :", reasons)
        motif.setSizeAdjustPolicy(motif.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        motif.setMinimumContentsLength(40)
        for index, (_slug, label) in enumerate(reasons):
            motif.setItemData(index, label, Qt.ItemDataRole.ToolTipRole)
        self.text_box(
            "comment",
            "&Commentaire :",
            hint="Ce qui est faux sur la fiche ; aucune donnée personnelle d'un visiteur",
        )
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

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
        french_date(report.created_at.date()),
    ]


class ReportsQueue(QDialog):
    """The open reports, oldest first; « Marquer comme traité » asks for a note."""

    changed = Signal()  # a report was resolved: the count on the page is stale

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
        self.resolve_button = button("&Marquer comme traité…", "Marquer comme traité")
        self.close_button = button("&Fermer", "Fermer")
        self.resolve_button.clicked.connect(self.resolve_current)
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.resolve_button)
        row.addStretch()
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 25)
        self.reload()

    def reload(self) -> None:
        store = self.session.ctx.store

        def work() -> list[ReportView]:
            with store.session() as s:
                return open_reports(s)

        self.session.tasks.run(work, self._loaded, self._failed, owner=self)

    def _loaded(self, reports: list[ReportView]) -> None:
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
            table.item(row, 0).setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        table.resizeRowsToContents()
        if reports:
            table.setCurrentCell(0, 0)
            table.setFocus(Qt.FocusReason.OtherFocusReason)
        said = {0: "Aucun signalement à traiter.", 1: "1 signalement à traiter."}.get(
            len(reports), f"{len(reports)} signalements à traiter."
        )
        self.count.setText(said)
        self.count.setAccessibleDescription(said)
        self.resolve_button.setEnabled(bool(reports))

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
        store, actor = self.session.ctx.store, self.session.profile

        def work() -> None:
            with store.transaction() as s:
                resolve_report(s, report.id, actor, note)

        self.resolve_button.setEnabled(False)
        self.session.tasks.run(work, self._resolved, self._failed, owner=self)

    def _resolved(self, _result: None) -> None:
        self.message.show_message("Signalement marqué comme traité.", "success")
        self.changed.emit()
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.resolve_button.setEnabled(bool(self.reports))
        if isinstance(error, FormErrors | DirectoryEditError):
            self.message.show_message(str(error))
            self.reload()
            return
        log.error("directory reports failed", exc_info=error)
        self.message.show_message(FAILED)
