"""« Mes visites du jour »: the last visits this profile saved today on this PC.

A visit saved by mistake is voided here, with a reason; it then leaves the list (a
voided visit is kept in the log, never deleted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.moments import start_of_day
from frontdesk.orientation.journeys import journeys
from frontdesk.store.base import utcnow
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import clock, typo
from frontdesk.ui.void_dialog import ask_void_reason
from frontdesk.ui.widgets import MessageLabel, button, hint, read_only_table
from frontdesk.visits.options import visit_options
from frontdesk.visits.queries import RecentVisit, recent_visits
from frontdesk.visits.record import void_visit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

COLUMNS = ("Heure", "Motifs", "Suite", "")


class RecentVisits(QGroupBox):
    def __init__(self, session: UiSession) -> None:
        super().__init__("Mes visites du jour sur ce poste")
        self.setAccessibleName("Mes visites du jour sur ce poste")
        self.session = session
        self.visits: list[RecentVisit] = []
        self.table = read_only_table(COLUMNS, "Dernières visites enregistrées")
        header = self.table.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.empty = hint("Aucune visite enregistrée aujourd'hui par vous sur ce poste.")
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        self.reload()

    def reload(self) -> None:
        store, agent_id = self.session.ctx.store, self.session.profile.id

        def work(session: Session) -> list[RecentVisit]:
            device_id = store.identity()["device_id"]
            return recent_visits(session, agent_id, device_id, start_of_day(utcnow()))

        self.session.ops.read(work, self._show, owner=self)

    def _show(self, visits: list[RecentVisit]) -> None:
        self.visits = visits
        known, options = journeys(), visit_options()
        may_void = self.session.may("journal.void")
        self.table.setRowCount(len(visits))
        for row, visit in enumerate(visits):
            labels = [j.label for j in (known.get(i) for i in visit.journeys) if j]
            cells = (
                clock(visit.ended_at),
                typo(" ; ".join(labels)),
                options.label("outcomes", visit.outcome),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if may_void:
                void = button("Annuler la visite…", f"Annuler la visite de {cells[0]}")
                void.clicked.connect(lambda _c=False, v=visit: self.void(v))
                self.table.setCellWidget(row, 3, void)
        self.table.setColumnHidden(3, not may_void)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(visits))
        self.empty.setVisible(not visits)
        rows = sum(self.table.rowHeight(r) for r in range(len(visits)))
        self.table.setFixedHeight(rows + self.table.horizontalHeader().height() + 4)

    def void(self, visit: RecentVisit) -> None:
        when = clock(visit.ended_at)
        reason = ask_void_reason(f"{when}, aujourd'hui", self)
        if reason is None:
            return
        visit_id = visit.id

        def done(_result: object) -> None:  # the list follows from the change (VISITS)
            self.message.show_message(typo(f"La visite de {when} est annulée."), "success")

        self.session.ops.write(lambda s: void_visit(s, visit_id, reason), done, owner=self)
