"""The directory screen: search as you type, the results, one service's detail, the sheet.

Keyboard: the search line has the focus; Down / Up go into the results, Enter opens the
detail, Space ticks a service, Escape goes back; Ctrl+P makes the visitor's sheet.
Every read runs through the background helper (``session.ops``); a result older than the
last question asked is dropped. The page stays true by itself: when the directory changes
(an edit here, a sync), ``refresh`` searches again, keeping the service shown.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QSizePolicy, QSplitter, QVBoxLayout, QWidget

from frontdesk.contacts.detail import ServiceDetail, find_commune, load_service_detail
from frontdesk.contacts.geo import somme
from frontdesk.contacts.quality import Quality, qualities
from frontdesk.contacts.search import SearchQuery, ServiceHit, search_services
from frontdesk.device import current_site
from frontdesk.ui.directory.detail_pane import DetailPane
from frontdesk.ui.directory.edit_bar import EditBar
from frontdesk.ui.directory.filters import FilterBar
from frontdesk.ui.directory.results import ResultsTable
from frontdesk.ui.session import UiSession
from frontdesk.ui.sheets.sheet_bar import SHORTCUT, SheetBar
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontdesk.ui.directory.fill_panel import FillPanel

LIMIT = 100


class DirectoryPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hits: list[ServiceHit] = []
        self.ticked: dict[uuid.UUID, str] = {}  # kept across searches, in ticking order
        self._asked = 0  # the last search asked; older answers are dropped
        self._detail_asked = 0
        self._focus_detail = False
        self._wanted: uuid.UUID | None = None  # just saved here: shown after the refresh

        self.filters = FilterBar()
        self.count = hint("")
        self.count.setAccessibleName("Nombre de services trouvés")
        self.message = MessageLabel()
        self.results = ResultsTable()
        self.detail = DetailPane()
        self.sheet = SheetBar(session)
        self.editing = EditBar(session)
        self.filling: FillPanel | None = None
        splitter = self._splitter()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.editing.may_edit:  # « Compléter l'annuaire », while it needs it
            from frontdesk.ui.directory.fill_panel import FillPanel

            self.filling = FillPanel(session)
            self.filling.open_field.connect(self.editing.edit_service_field)
            self.filling.new_partner.connect(self.editing.new_structure)
            layout.addWidget(self.filling)
            self.filling.reload()
        layout.addWidget(self.filters)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.editing)
        layout.addWidget(self.sheet)

        self.filters.changed.connect(self.search)
        for field in (self.filters.text, self.filters.commune):
            field.installEventFilter(self)
        self.results.leave.connect(self.focus_search)
        self.results.current_changed.connect(self.load_detail)
        self.results.opened.connect(self.open_detail)
        self.results.ticked.connect(self._ticked)
        self.detail.leave.connect(self.results.enter)
        self.sheet.make_button.clicked.connect(self.make_sheet)
        self.editing.edited.connect(self._edited)
        self.editing.removed.connect(self._service_removed)
        self.sheet.untick_button.clicked.connect(self.untick_all)
        shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.make_sheet)
        self._start()

    def _splitter(self) -> QSplitter:
        """The results and the detail side by side."""
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.results)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Start with the results wider than the detail; both may shrink to fit a small
        # window (the detail wraps its text) rather than push the page sideways.
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.results.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        splitter.setSizes([600, 400])
        splitter.setMinimumHeight(self.fontMetrics().height() * 12)  # the bars below show too
        # it takes the height left, no more: its wish would make the page scroll (a scroll
        # area sizes a page with wrapped texts from the wishes of what it holds)
        splitter.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        return splitter

    # Searching

    def _start(self) -> None:
        """Fill the commune with the site's, then search."""

        def work(s: Session) -> str:
            site = current_site(s)
            return site.insee_code if site is not None else ""

        def done(insee: str) -> None:
            commune = somme().commune(insee) if insee else None
            self.filters.set_commune(commune.nom if commune else insee)
            self.search()

        self.session.ops.read(work, done, owner=self)

    def query(self, commune_insee: str | None) -> SearchQuery:
        filters = self.filters
        return SearchQuery(
            text=filters.text.text(),
            thematique=filters.thematique.currentData(),
            public=filters.public.currentData(),
            commune_insee=commune_insee,
            open_now=filters.open_now.isChecked(),
            limit=LIMIT,
        )

    def search(self, keep: uuid.UUID | None = None) -> None:
        """Search with the filters; ``keep``: the service to keep selected and shown."""
        self._asked += 1
        asked = self._asked
        typed_commune, query = self.filters.commune.text(), self.query(None)

        def work(s: Session) -> tuple[int, list[ServiceHit], str | None]:
            commune = find_commune(typed_commune)
            insee, label = (commune.insee, commune.label) if commune else (None, None)
            return asked, search_services(s, replace(query, commune_insee=insee)), label

        self.session.ops.read(work, lambda answer: self._found(answer, keep), owner=self)

    def _found(
        self, answer: tuple[int, list[ServiceHit], str | None], keep: uuid.UUID | None = None
    ) -> None:
        asked, hits, commune = answer
        if asked != self._asked:
            return
        self.message.clear_message()
        self.filters.show_commune(commune)
        self.hits = hits
        if not self.results.fill(hits, self.ticked, keep) and keep is not None:
            self.load_detail(keep)  # out of these results (new, renamed): still shown
        if not hits:
            said = "Aucun service ne correspond : enlevez un filtre ou un mot."
        elif len(hits) >= LIMIT:
            said = f"Les {LIMIT} premiers services : précisez la recherche."
        else:
            said = "1 service trouvé" if len(hits) == 1 else f"{len(hits)} services trouvés"
        self.count.setText(typo(said))
        self.count.setAccessibleDescription(typo(said))

    def refresh(self) -> None:
        """The directory changed (here, in a dialog, by a sync): search again, keeping the
        service shown (or the one just saved), and read the reports' state again."""
        shown = self.detail.detail
        keep = self._wanted or (shown.service_id if shown is not None else None)
        self._wanted = None
        self.search(keep or self.results.current())
        if self.editing.may_edit:
            self.editing.count_reports()
        if self.filling is not None:
            self.filling.reload()

    def _edited(self, service_id: uuid.UUID) -> None:
        """Saved in a dialog: the refresh that follows the broadcast shows that service."""
        self._wanted = service_id

    # The detail

    def load_detail(self, service_id: uuid.UUID | None) -> None:
        self._detail_asked += 1
        asked = self._detail_asked
        if service_id is None:
            self.detail.show_empty("Aucun service sélectionné.")
            self.editing.set_service(None)
            return

        def work(s: Session) -> tuple[int, ServiceDetail | None, Quality | None]:
            found = qualities(s, [service_id])
            return asked, load_service_detail(s, service_id), found.get(service_id)

        self.session.ops.read(work, self._detail_loaded, owner=self)

    def _detail_loaded(
        self, answer: tuple[int, ServiceDetail | None, Quality | None]
    ) -> None:
        asked, detail, quality = answer
        if asked != self._detail_asked:
            return
        if detail is None:
            self.detail.show_empty("Ce service n'existe plus dans l'annuaire.")
        else:
            self.detail.show_detail(detail, quality)
        self.editing.set_service(detail)
        if self._focus_detail:
            self._focus_detail = False
            self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def _service_removed(self, service_id: uuid.UUID) -> None:
        """Deleted: out of the detail and of the ticked services; out of the results with
        the refresh that follows."""
        self._detail_asked += 1  # a detail still being read is dropped
        self.detail.show_empty("Ce service a été supprimé de l'annuaire.")
        self.editing.set_service(None)
        if self.ticked.pop(service_id, None) is not None:
            self.sheet.show_ticked(list(self.ticked.values()))

    def open_detail(self, service_id: uuid.UUID) -> None:
        """Enter: the detail of that service, with the keyboard in it."""
        shown = self.detail.detail
        if shown is not None and shown.service_id == service_id:
            self.detail.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._focus_detail = True
        self.load_detail(service_id)

    # The sheet

    def _ticked(self, service_id: uuid.UUID, name: str, ticked: bool) -> None:
        if ticked:
            self.ticked[service_id] = name
        else:
            self.ticked.pop(service_id, None)
        self.sheet.show_ticked(list(self.ticked.values()))

    def untick_all(self) -> None:
        self.results.untick_all()
        self.ticked.clear()
        self.sheet.show_ticked([])

    def sheet_services(self) -> list[uuid.UUID]:
        """The ticked services, else the selected one (else the one shown)."""
        if self.ticked:
            return list(self.ticked)
        current = self.results.current()
        if current is None and self.detail.detail is not None:
            current = self.detail.detail.service_id
        return [current] if current is not None else []

    def make_sheet(self) -> None:
        self.sheet.make(self.sheet_services())

    # Keyboard

    def focus_search(self) -> None:
        self.filters.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.filters.text.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Down:
                self.results.enter()
                return True
            if key == Qt.Key.Key_Up:
                self.results.enter(last=True)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (current := self.results.current()):
                self.open_detail(current)
                return True
        return super().eventFilter(watched, event)

    def state(self) -> dict[str, Any]:
        """What the screen shows, for tests."""
        return {
            "names": [hit.nom for hit in self.hits],
            "detail": self.detail.detail.nom if self.detail.detail else None,
        }
