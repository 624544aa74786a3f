"""The Annuaire section: search as you type, filters, the detail, the visitor's sheet."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.defaults import seed_default_directory
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.context import AppContext
from frontdesk.store.engine import Store
from frontdesk.ui.directory.page import DirectoryPage
from frontdesk.ui.session import UiSession
from frontdesk.ui.sheets import printing
from frontdesk.ui.tasks import TaskRunner
from frontdesk.ui.workspace import Workspace
from tests.ui.helpers import (
    CTRL,
    Key,
    activate,
    mnemonic_clashes,
    press,
    type_text,
    unnamed_controls,
    wait_for_tasks,
)

MOREUIL, ROYE = "80570", "80685"
SANTE = "Consultations de santé"
NUMERIQUE = "Aide aux démarches numériques à Roye"
MDPH = "Reconnaissance de la qualité de travailleur handicapé (RQTH)"


def _service(owner: Structure, key: str, nom: str, **fields) -> Service:
    return Service(
        di_id=f"test--{key}",
        structure_id=owner.id,
        nom=nom,
        description=fields.pop("description", "Un service de test."),
        date_maj=date(2026, 11, 2),
        source="test",
        publics=fields.pop("publics", ["tous-publics"]),
        modes_accueil=["en-presentiel"],
        **fields,
    )


@pytest.fixture
def directory(store: Store, manager: ProfileInfo) -> Store:
    """The default directory, plus a health centre in Moreuil and a Roye-only service."""
    with store.transaction() as s:
        seed_default_directory(s)
        centre = Structure(
            di_id="test--centre",
            nom="Centre de santé de Moreuil",
            adresse="3 rue de l'Hôpital",
            code_postal="80110",
            commune="Moreuil",
            code_insee=MOREUIL,
            telephone="0322000000",
            horaires_accueil="24/7",
            date_maj=date(2026, 11, 2),
            source="test",
        )
        s.add(centre)
        s.flush()
        soins = _service(
            centre,
            "soins",
            SANTE,
            description="Médecins généralistes et infirmières, sans dépassement d'honoraires.",
            thematiques=["sante--acces-aux-soins"],
            zone_eligibilite=[MOREUIL],
            conditions_acces="Carte Vitale ou attestation de droits.",
        )
        roye = _service(
            centre,
            "numerique",
            NUMERIQUE,
            thematiques=["numerique--acceder-a-des-services-en-ligne"],
            zone_eligibilite=[ROYE],
            horaires_accueil="Mo-Su off",
        )
        s.add_all([soins, roye])
        s.flush()
        s.add(
            DirectContact(
                structure_id=centre.id,
                service_id=soins.id,
                name="Mme Lefèvre",
                role="infirmière coordinatrice",
                telephone="03 22 11 22 33",
                agent_note="Appeler avant 11 h, elle rappelle dans la journée.",
                date_maj=date(2026, 11, 2),
            )
        )
    return store


@pytest.fixture
def workspace(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, manager: ProfileInfo, directory: Store
) -> Workspace:
    shown = Workspace(UiSession(ctx, tasks, manager))
    qtbot.addWidget(shown)
    shown.resize(1100, 720)
    shown.show()
    qtbot.waitExposed(shown)
    activate(qtbot, shown)
    shown.show_section("annuaire")
    return shown


def page_of(workspace: Workspace) -> DirectoryPage:
    return workspace.sections["annuaire"].page  # type: ignore[attr-defined]


def names(page: DirectoryPage) -> list[str]:
    return page.state()["names"]


def settle(qtbot: QtBot, page: DirectoryPage) -> None:
    """Until the debounced search has run and its answer is shown."""
    qtbot.wait(page.filters._timer.interval() + 20)
    qtbot.waitUntil(lambda: not page.filters._timer.isActive())
    wait_for_tasks(qtbot, page.session.tasks)


def test_opens_on_the_search_line_with_the_site_commune(qtbot: QtBot, workspace) -> None:
    page = page_of(workspace)
    settle(qtbot, page)
    assert QApplication.focusWidget() is page.filters.text
    assert page.filters.text.placeholderText() == "Nom, thème, partenaire…"
    assert page.filters.commune.text() == "Moreuil"
    assert page.filters.commune_found.text() == "Moreuil (80570)"
    assert SANTE in names(page) and NUMERIQUE not in names(page)  # Roye only


def test_typing_sante_finds_the_sante_service_and_mdph_the_mdph(qtbot: QtBot, workspace) -> None:
    page = page_of(workspace)
    type_text(qtbot, "sante")
    settle(qtbot, page)
    assert names(page)[0] == SANTE
    row = names(page).index(SANTE)
    table = page.results.table
    assert table.item(row, 0).text() == f"{SANTE}\nCentre de santé de Moreuil"
    assert table.item(row, 2).text() == "03\u00a022\u00a000\u00a000\u00a000"
    assert table.item(row, 3).text() == "ouvert\nà vérifier"  # 24/7
    page.filters.text.clear()
    type_text(qtbot, "mdph")
    settle(qtbot, page)
    assert MDPH in names(page)
    assert all("MDPH" in n or "RQTH" in n for n in names(page))


def test_filters_narrow_the_results(qtbot: QtBot, workspace) -> None:
    page = page_of(workspace)
    filters = page.filters
    settle(qtbot, page)
    everything = names(page)
    filters.thematique.setCurrentIndex(filters.thematique.findData("sante"))
    settle(qtbot, page)
    assert SANTE in names(page) and MDPH in names(page)
    assert len(names(page)) < len(everything)
    filters.public.setCurrentIndex(filters.public.findData("personnes-en-situation-de-handicap"))
    settle(qtbot, page)
    assert MDPH in names(page) and SANTE in names(page)  # « tous publics » counts
    filters.open_now.setChecked(True)
    settle(qtbot, page)
    assert names(page) == [SANTE]  # the only one with hours, and they say 24/7
    filters.open_now.setChecked(False)
    filters.thematique.setCurrentIndex(0)
    filters.public.setCurrentIndex(0)
    filters.commune.setText(ROYE)  # an INSEE code
    settle(qtbot, page)
    assert NUMERIQUE in names(page) and SANTE not in names(page)
    assert filters.commune_found.text() == "Roye (80685)"
    filters.commune.setText("Nulle-part-sur-Somme")
    settle(qtbot, page)
    assert filters.commune_found.text().startswith("Commune inconnue")
    assert {NUMERIQUE, SANTE} <= set(names(page))


def test_keyboard_only_type_down_enter_opens_the_detail(qtbot: QtBot, workspace) -> None:
    page = page_of(workspace)
    type_text(qtbot, "consultations")
    settle(qtbot, page)
    press(qtbot, Key.Key_Down)
    assert QApplication.focusWidget() is page.results.table
    press(qtbot, Key.Key_Return)
    wait_for_tasks(qtbot, page.session.tasks)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.detail)
    detail = page.detail.detail
    assert detail is not None and detail.nom == SANTE
    shown = " ".join(label.text() for label in page.detail.widget().findChildren(type(page.count)))
    for expected in (
        "Mme Lefèvre",
        "Note pour les agents",
        "Appeler avant 11",
        "Carte Vitale",
        "Moreuil (80570)",
        "à vérifier depuis le 2 novembre 2026",
        "tous les jours, 24",
    ):
        assert expected.casefold() in shown.casefold(), expected
    assert page.detail.hours is not None and "24/7" in page.detail.hours.toolTip()
    press(qtbot, Key.Key_Escape)  # back to the results, then to the search line
    assert QApplication.focusWidget() is page.results.table
    press(qtbot, Key.Key_Escape)
    assert QApplication.focusWidget() is page.filters.text


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_ticked_services_make_a_sheet_with_ctrl_p(
    qtbot: QtBot, workspace, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_of(workspace)
    opened: list[Path] = []
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)
    type_text(qtbot, "sante")
    settle(qtbot, page)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Space)  # Consultations de santé
    row = names(page).index(MDPH)
    page.results.table.setCurrentCell(row, 0)
    press(qtbot, Key.Key_Space)
    assert list(page.ticked.values()) == [SANTE, MDPH]
    assert "2 services cochés" in page.sheet.chosen.text()
    press(qtbot, Key.Key_P, CTRL)
    wait_for_tasks(qtbot, page.session.tasks)
    path = page.sheet.path
    assert path is not None and path.parent == ctx.paths.data_dir / "fiches"
    assert path.name.startswith(f"fiche-{date.today():%Y-%m-%d}")
    text = pdf_text(path)
    assert "Consultations de santé" in text and "RQTH" in text
    assert "Appeler avant" not in text  # agents' notes never reach the visitor
    assert QApplication.focusWidget() is page.sheet.open_button
    press(qtbot, Key.Key_Return)
    assert opened == [path]


def test_without_ticks_the_sheet_is_the_selected_service(qtbot: QtBot, workspace) -> None:
    page = page_of(workspace)
    type_text(qtbot, "consultations")
    settle(qtbot, page)
    press(qtbot, Key.Key_P, CTRL)
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.sheet.path is not None
    assert "Consultations de santé" in pdf_text(page.sheet.path)
    assert "1 service" in page.sheet.message.text()


def test_print_draws_the_sheet_on_the_chosen_printer(
    qtbot: QtBot, workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_of(workspace)
    settle(qtbot, page)
    page.make_sheet()
    wait_for_tasks(qtbot, page.session.tasks)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: printer)
    page.sheet.print_button.click()
    assert len(PdfReader(tmp_path / "imprime.pdf").pages) == 1
    assert page.sheet.message.text().startswith("La fiche est envoyée")


def test_print_without_pypdfium2_opens_the_viewer(
    qtbot: QtBot, workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_of(workspace)
    settle(qtbot, page)
    page.make_sheet()
    wait_for_tasks(qtbot, page.session.tasks)
    opened: list[Path] = []
    monkeypatch.setattr(printing, "can_print_directly", lambda: False)
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)
    page.sheet.print_button.click()
    assert opened == [page.sheet.path]
    assert "visionneuse" in page.sheet.message.text()


def test_every_control_is_named_and_no_mnemonic_clashes(qtbot: QtBot, workspace) -> None:
    page = page_of(workspace)
    settle(qtbot, page)
    assert unnamed_controls(workspace) == []
    assert mnemonic_clashes(workspace) == {}
    page.make_sheet()  # « Ouvrir » and « Imprimer » appear
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.sheet.open_button.isVisible()
    assert unnamed_controls(workspace) == []
    assert mnemonic_clashes(workspace) == {}


def test_a_deleted_service_says_so(qtbot: QtBot, workspace, directory: Store) -> None:
    page = page_of(workspace)
    settle(qtbot, page)
    page.load_detail(uuid.uuid4())
    wait_for_tasks(qtbot, page.session.tasks)
    assert page.detail.detail is None
    assert Qt.FocusPolicy.StrongFocus == page.detail.focusPolicy()
