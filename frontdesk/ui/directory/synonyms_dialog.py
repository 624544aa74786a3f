"""« Synonymes de la recherche… »: the words agents type and what the directory search
should find for them. Lists the synonyms shipped with the application (read only) and
this PC's; a profile that may edit the directory adds and removes the latter. Everything
goes through ``session.ops``; the list reads itself again when the settings change (a
save here, another window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.contacts.synonyms import (
    SynonymRow,
    add_synonym,
    list_synonyms,
    remove_synonym,
    split_expressions,
)
from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint, read_only_table

TITLE = "Synonymes de la recherche"
EXPLAINED = (
    "Taper l'un des mots équivalents cherche aussi les autres, et ce qui est en "
    "« Cherche aussi » (dans un seul sens). Accents, majuscules, petits mots (de, la…) "
    "et pluriel ne comptent pas. Séparez plusieurs expressions par des virgules."
)
SHIPPED = "livré"
LOCAL = "ajouté sur ce poste"


def quoted_list(items: tuple[str, ...]) -> str:
    return ", ".join(f"« {item} »" for item in items)


class SynonymsDialog(QDialog):
    COLUMNS = ("Mots équivalents", "Cherche aussi", "Origine")

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[SynonymRow] = []
        self.editable = session.may("directory.edit")
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.explained = hint(typo(EXPLAINED))
        self.count = hint("")
        self.count.setAccessibleName("Nombre de synonymes")
        self.table = read_only_table(self.COLUMNS, "Synonymes")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self.terms = QLineEdit()
        self.terms.setPlaceholderText("par exemple : toubib")
        self.finds = QLineEdit()
        self.finds.setPlaceholderText("par exemple : médecin, maison de santé")
        self.both = QCheckBox("Dans les deux &sens (les expressions deviennent équivalentes)")
        self.both.setAccessibleName("Dans les deux sens")
        self.add_button = button("&Ajouter", "Ajouter le synonyme", primary=True)
        self.remove_button = button("&Retirer", "Retirer le synonyme sélectionné")
        self.close_button = button("&Fermer", "Fermer")
        self.message = MessageLabel()
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_current)
        self.close_button.clicked.connect(self.accept)
        self.terms.returnPressed.connect(self.add)
        self.finds.returnPressed.connect(self.add)
        self.table.currentCellChanged.connect(lambda *_cells: self._enable())
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_current)
        self._lay_out()
        session.tasks.changed.connect(self._on_changes)
        self.reload()

    def _lay_out(self) -> None:
        self.form = QWidget()  # hidden from who may not edit the directory
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(buddy_label("&Mots tapés :", self.terms), self.terms)
        form.addRow(buddy_label("Cherc&her aussi :", self.finds), self.finds)
        form.addRow(self.both)
        row = QHBoxLayout()
        for widget in (self.add_button, self.remove_button, self.close_button):
            widget.setAutoDefault(False)  # Enter adds from the fields, never closes
        for widget in (self.add_button, self.remove_button):
            row.addWidget(widget)
        row.addStretch()
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explained)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        for part in (self.form, self.add_button, self.remove_button):
            part.setVisible(self.editable)
        self.setTabOrder(self.terms, self.finds)
        self.setTabOrder(self.finds, self.both)
        self.setTabOrder(self.both, self.add_button)
        self.setTabOrder(self.add_button, self.table)
        self.setTabOrder(self.table, self.remove_button)
        self.setTabOrder(self.remove_button, self.close_button)
        width, height = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(width * 110, height * 28)
        (self.terms if self.editable else self.table).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_changes(self, changes: OpChanges, _initiator: object = None) -> None:
        if changes.touches(Change.SETTINGS):
            self.reload()

    def reload(self) -> None:
        self.session.ops.read(list_synonyms, self._loaded, owner=self)

    def _loaded(self, rows: list[SynonymRow]) -> None:
        before = self.current()
        kept = next((i for i, row in enumerate(rows) if before and row.id == before.id), 0)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            origin = LOCAL if row.id else SHIPPED
            cells = (", ".join(row.terms), ", ".join(row.finds) or "—", origin)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(typo(text))
                if row.note:
                    item.setToolTip(typo(row.note))
                self.table.setItem(number, column, item)
            spoken = f"Taper {quoted_list(row.terms)}"
            if row.finds:
                spoken += f" cherche aussi {quoted_list(row.finds)}"
            first = self.table.item(number, 0)
            assert first is not None  # set just above
            first.setData(Qt.ItemDataRole.AccessibleTextRole, typo(f"{spoken}, {origin}"))
        if rows:
            self.table.setCurrentCell(kept, 0)
        local = sum(1 for row in rows if row.id)
        said = f"{len(rows)} synonymes, dont {local} ajouté{'s' if local > 1 else ''} sur ce poste."
        self.count.setText(said)
        self.count.setAccessibleDescription(said)
        self._enable()

    def current(self) -> SynonymRow | None:
        number = self.table.currentRow()
        return self.rows[number] if 0 <= number < len(self.rows) else None

    def _enable(self) -> None:
        row = self.current()
        self.remove_button.setEnabled(self.editable and row is not None and row.id is not None)

    def show_error(self, text: str) -> None:
        self.message.show_message(text)

    def add(self) -> None:
        terms, finds = split_expressions(self.terms.text()), split_expressions(self.finds.text())
        if self.both.isChecked():
            terms, finds = terms + finds, []
        self.message.clear_message()
        actor = self.session.profile
        self.session.ops.write(
            lambda s: add_synonym(s, actor, terms, finds), self._added, owner=self
        )

    def _added(self, row: SynonymRow) -> None:
        said = f"Synonyme ajouté : taper {quoted_list(row.terms)}"
        if row.finds:
            said += f" cherche aussi {quoted_list(row.finds)}"
        self.message.show_message(typo(said + "."), "success")
        self.terms.clear()
        self.finds.clear()
        self.both.setChecked(False)
        self.terms.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_current(self) -> None:
        row = self.current()
        if not self.editable or row is None:
            return
        if row.id is None:
            self.message.show_message(
                typo("Ce synonyme est livré avec l'application : il ne peut pas être retiré.")
            )
            return
        self.message.clear_message()
        actor, synonym_id = self.session.profile, row.id
        self.session.ops.write(
            lambda s: remove_synonym(s, actor, synonym_id),
            lambda _none: self.message.show_message(
                typo(f"Synonyme retiré : {quoted_list(row.terms)}."), "success"
            ),
            owner=self,
            failed=self._refused,
        )

    def _refused(self, _error: BaseException) -> bool:
        self.reload()  # removed meanwhile, perhaps: the list is read again
        return False  # the helper says why
