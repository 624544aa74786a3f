"""Counter-trial defects of the Annuaire (December 2026, minor items 15–16 and polish):
no developer note shown to agents, a report dialog that shows its reasons whole and
sends with Enter, the queue opening the record reported, « ; » never starting a line."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.contacts.models import DirectoryReport, Service, Structure
from frontdesk.contacts.reports import OPEN, report_error
from frontdesk.contacts.validation import directory_rules
from frontdesk.store.engine import Store
from frontdesk.ui.directory.detail_pane import DetailPane
from frontdesk.ui.directory.edit_dialogs import ServiceDialog
from frontdesk.ui.directory.page import DirectoryPage
from frontdesk.ui.directory.record_editor import read_record
from frontdesk.ui.directory.report_dialogs import ReportDialog, ReportsQueue
from frontdesk.ui.directory.sources import is_technical, readable_note, source_label
from frontdesk.ui.directory.structure_dialog import StructureDialog
from frontdesk.ui.text import typo
from tests.ui import test_directory_editing
from tests.ui.helpers import Key, wait_for_tasks
from tests.ui.test_directory import SANTE
from tests.ui.test_directory_editing import check_accessible, closed, modal

directory = test_directory_editing.directory  # the fixtures, reused
open_as = test_directory_editing.open_as
CCAS = "Aide sociale du CCAS de Moreuil"  # a default service: « Moreuil ; avec le… »


def service_id(store: Store, name: str) -> uuid.UUID:
    with store.session() as s:
        return s.scalars(select(Service.id).where(Service.nom == name)).one()


def show(qtbot: QtBot, page: DirectoryPage, name: str, store: Store) -> None:
    page.load_detail(service_id(store, name))
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.nom == name)


def shown_texts(pane: DetailPane) -> list[str]:
    return [label.text() for label in pane.widget().findChildren(QLabel)]


def test_sources_are_told_in_words() -> None:
    assert source_label("frontdesk-defaut") == "Annuaire fourni avec Frontdesk"
    assert source_label("soliguide") == "soliguide"
    note = "shared/reference/spie-domain.md §3 ; resources/geo/somme.json (code officiel)"
    assert is_technical(note) and readable_note(note) is None
    assert readable_note("Appel au CCAS le 3 décembre.") == "Appel au CCAS le 3 décembre."
    assert readable_note("  ") is None


def test_agents_never_read_the_data_files_references(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("agent")
    show(qtbot, page, CCAS, directory)
    texts = shown_texts(page.detail)
    [source] = [text for text in texts if text.startswith("Source")]
    assert source.startswith(typo("Source : Annuaire fourni avec Frontdesk (mise à jour le"))
    for text in texts:
        assert "shared/" not in text and ".md" not in text and "frontdesk-defaut" not in text


def test_the_structure_dialog_keeps_the_reference_out_of_sight(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("superviseur")
    show(qtbot, page, CCAS, directory)
    with directory.session() as s:
        service = s.get(Service, service_id(directory, CCAS))
        original = s.get(Structure, service.structure_id).source_note
    assert is_technical(original)
    page.editing.structure_button.click()
    dialog = modal(qtbot, StructureDialog)
    box = dialog.fields["source_note"]
    assert box.toPlainText() == "" and box.placeholderText() == "Annuaire fourni avec Frontdesk"
    assert dialog.form_values().source_note == original  # left empty: the reference is kept
    box.setPlainText("Appel au CCAS le 3 décembre.")
    assert dialog.form_values().source_note == "Appel au CCAS le 3 décembre."
    dialog.reject()


def test_a_semicolon_never_starts_a_line_of_the_detail(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("agent")
    show(qtbot, page, CCAS, directory)
    [html] = [text for text in shown_texts(page.detail) if "Moreuil\u202f; avec" in text]
    document = QTextDocument()
    document.setHtml(html)
    starts: set[str] = set()
    for width in range(120, 700, 3):
        document.setTextWidth(width)
        document.size()  # laid out
        block = document.begin()
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            text = block.text()[line.textStart() : line.textStart() + line.textLength()]
            starts.add(text.lstrip(" \u202f\u00a0")[:1])
    assert starts and not starts & {";", ":", "»", "?"}


def test_the_report_dialog_shows_its_reasons_whole_and_sends_with_enter(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("agent")
    page.editing.report_button.click()
    dialog = modal(qtbot, ReportDialog)
    check_accessible(dialog)
    motif = dialog.fields["reason"]
    labels = [typo(reason.label) for reason in directory_rules().report_reasons]
    assert [motif.item(i).text() for i in range(motif.count())] == labels
    assert motif.wordWrap() and motif.textElideMode() == Qt.TextElideMode.ElideNone
    assert dialog.value("reason") == directory_rules().report_reasons[0].slug
    comment = dialog.fields["comment"]
    assert comment.height() >= comment.fontMetrics().lineSpacing() * 5
    motif.setCurrentRow(1)
    comment.setFocus()
    qtbot.keyClicks(comment, "Le 03 22")  # QTest types ASCII only
    qtbot.keyClick(comment, Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a new line
    qtbot.keyClicks(comment, "ne repond plus.")
    assert comment.toPlainText() == "Le 03 22\nne repond plus."
    assert dialog.isVisible()
    qtbot.keyClick(comment, Key.Key_Return)  # sends
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    with directory.session() as s:
        report = s.scalars(select(DirectoryReport)).one()
        assert report.status == OPEN and report.comment == "Le 03 22\nne repond plus."
        assert report.reason == "informations-pratiques"


def test_the_queue_opens_the_record_reported(qtbot: QtBot, open_as, directory: Store) -> None:
    page = open_as("superviseur")
    sante, actor = service_id(directory, SANTE), page.session.profile
    directory.write(lambda s: report_error(s, "service", sante, "autre", "Fermé.", actor))
    page.editing.show_queue()
    queue = modal(qtbot, ReportsQueue)
    wait_for_tasks(qtbot, page.session.tasks)
    check_accessible(queue)
    assert queue.open_button.isEnabled()
    queue.open_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    editor = modal(qtbot, ServiceDialog)
    assert queue.editor is editor and editor.fields["nom"].text() == SANTE
    editor.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is queue)
    queue.accept()


def test_a_record_gone_reads_as_none(directory: Store) -> None:
    assert directory.read(lambda s: read_record(s, "service", uuid.uuid4())) is None
    assert directory.read(lambda s: read_record(s, "inconnu", uuid.uuid4())) is None
