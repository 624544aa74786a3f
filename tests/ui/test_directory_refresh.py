"""The Annuaire stays true by itself: an edit through a dialog, or a change brought by
another path (a sync), shows in the list and the detail without a new search; a hidden
Annuaire reads again when it is shown. And the helper's one error policy."""

from __future__ import annotations

import uuid

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from frontdesk.contacts.models import DirectoryReport, Service
from frontdesk.store.changes import Change
from frontdesk.store.engine import Store
from frontdesk.ui.directory.edit_dialogs import ServiceDialog
from frontdesk.ui.directory.page import DirectoryPage
from frontdesk.ui.ops import UNEXPECTED
from frontdesk.ui.sections.annuaire import AnnuaireSection
from frontdesk.ui.text import typo
from tests.ui import test_directory_editing
from tests.ui.helpers import wait_for_tasks
from tests.ui.test_directory import SANTE, names
from tests.ui.test_directory_editing import closed, fill, modal

directory = test_directory_editing.directory  # the fixtures, reused
open_as = test_directory_editing.open_as
NBSP = "\u00a0"


def shown_phone(typed: str) -> str:
    """« 03 22 99 88 77 » as the list shows it, with no-break spaces."""
    return typed.replace(" ", NBSP)


def row_of(page: DirectoryPage, name: str) -> dict[str, str]:
    table = page.results.table
    row = names(page).index(name)
    return {"phone": table.item(row, 2).text(), "state": table.item(row, 3).text()}


def section_of(page: DirectoryPage) -> AnnuaireSection:
    section = page.window().sections["annuaire"]  # type: ignore[attr-defined]
    assert isinstance(section, AnnuaireSection)
    return section


def write_phone(page: DirectoryPage, store: Store, telephone: str) -> None:
    """As the sync controller does: a write by another path, then its changes told."""

    def operation(s: Session) -> None:
        s.execute(update(Service).where(Service.nom == SANTE).values(telephone=telephone))

    result = store.write(operation)
    assert result.changes.touches(Change.DIRECTORY)
    page.session.tasks.changed.emit(result.changes, None)


def test_the_annuaire_watches_the_directory_and_the_synonyms() -> None:
    assert AnnuaireSection.watches == {Change.DIRECTORY, Change.SETTINGS}


def test_an_edit_shows_in_the_list_without_a_new_search(qtbot: QtBot, open_as) -> None:
    page = open_as("superviseur")
    assert row_of(page, SANTE) == {
        "phone": shown_phone("03 22 00 00 00"),
        "state": "ouvert\nà vérifier",
    }
    typed = page.filters.text.text()
    page.editing.edit_button.click()
    dialog = modal(qtbot, ServiceDialog)
    fill(dialog, "telephone", "03 22 99 88 77")
    dialog.save_button.click()
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.filters.text.text() == typed  # no new search typed
    # the service's own phone now; checked by a superviseur: no longer « à vérifier »
    assert row_of(page, SANTE) == {"phone": shown_phone("03 22 99 88 77"), "state": "ouvert"}
    assert page.results.current() == page.detail.detail.service_id  # still selected
    assert page.detail.detail.nom == SANTE and not page.detail.detail.a_verifier


def test_a_change_from_another_path_refreshes_the_visible_list(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    page = open_as("agent")
    write_phone(page, directory, "+33322556677")
    wait_for_tasks(qtbot, page.session.tasks)
    assert row_of(page, SANTE)["phone"] == shown_phone("03 22 55 66 77")
    assert page.detail.detail is not None and page.detail.detail.telephone == "+33322556677"


def test_a_hidden_annuaire_refreshes_when_shown(qtbot: QtBot, open_as, directory: Store) -> None:
    page = open_as("superviseur")
    workspace, section = page.window(), section_of(page)
    before = row_of(page, SANTE)["phone"]
    workspace.show_section("journal")
    qtbot.waitUntil(lambda: not section.isVisible())
    write_phone(page, directory, "+33322556677")
    wait_for_tasks(qtbot, page.session.tasks)
    assert section.stale and row_of(page, SANTE)["phone"] == before  # not read while hidden
    workspace.show_section("annuaire")
    wait_for_tasks(qtbot, page.session.tasks)
    assert not section.stale
    assert row_of(page, SANTE)["phone"] == shown_phone("03 22 55 66 77")


def test_a_report_from_another_pc_updates_the_count(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    from frontdesk.contacts.reports import report_error

    page = open_as("superviseur")
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.editing.queue_button.text().replace("&", "") == "Signalements (0)"
    with directory.session() as s:
        service_id = s.scalars(select(Service.id).where(Service.nom == SANTE)).one()
    result = directory.write(
        lambda s: report_error(s, "service", service_id, "autre", "Fermé.", page.session.profile)
    )
    page.session.tasks.changed.emit(result.changes, None)
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.editing.queue_button.text().replace("&", "") == "Signalements (1)"
    with directory.session() as s:
        assert len(s.scalars(select(DirectoryReport)).all()) == 1


def test_a_deleted_service_shown_says_so_after_the_refresh(
    qtbot: QtBot, open_as, directory: Store
) -> None:
    from frontdesk.contacts.editing import delete_service

    page = open_as("superviseur")
    shown = page.detail.detail.service_id
    actor = page.session.profile
    result = directory.write(lambda s: delete_service(s, shown, actor))  # as a sync would
    page.session.tasks.changed.emit(result.changes, None)
    wait_for_tasks(qtbot, page.session.tasks)
    assert SANTE not in names(page)
    assert page.detail.detail is None or page.detail.detail.service_id != shown


def test_a_read_that_fails_says_the_standard_text(
    qtbot: QtBot, open_as, monkeypatch: pytest.MonkeyPatch
) -> None:
    import frontdesk.ui.directory.page as page_module

    page = open_as("agent")

    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(page_module, "search_services", broken)
    page.search()
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.message.isVisible() and page.message.text() == typo(UNEXPECTED)
    assert "fire" not in page.message.text()


def test_a_sheet_of_services_gone_says_why_and_the_button_works_again(
    qtbot: QtBot, open_as
) -> None:
    page = open_as("agent")
    page.sheet.make([uuid.uuid4()])
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.sheet.message.text().startswith("Ces services n'existent plus")
    assert page.sheet.make_button.isEnabled() and page.sheet.path is None
