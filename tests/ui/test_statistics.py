"""The Statistiques screen: totals of the period and site, the comparison, roles (the
exports: ``test_statistics_export.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from frontdesk.accounts import ProfileInfo
from frontdesk.context import AppContext
from frontdesk.stats.models import VisitTally
from frontdesk.stats.periods import Period
from frontdesk.store.changes import Change
from frontdesk.store.engine import Store
from frontdesk.store.models import Site
from frontdesk.ui.sections.statistiques import StatistiquesSection
from frontdesk.ui.session import UiSession
from frontdesk.ui.stats import page as stats_page
from frontdesk.ui.stats.page import EMPTY, StatisticsPage
from frontdesk.ui.tasks import TaskRunner
from frontdesk.visits.record import Orientation, VisitInput, save_visit, void_visit
from tests.ui.conftest import MakeWindow, ProfileWithRole
from tests.ui.helpers import (
    activate,
    log_in,
    mnemonic_clashes,
    press,
    unnamed_controls,
    wait_for_tasks,
)

ALT = Qt.KeyboardModifier.AltModifier
TODAY = date(2026, 3, 10)  # the screen opens on the 1st half-year of 2026


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def record(
    store: Store,
    agent: ProfileInfo,
    day: date,
    journeys: tuple[str, ...] = ("declarer-revenus",),
    *,
    partners: tuple[str, ...] = (),
    site: str | None = None,
    note: str | None = None,
) -> Any:
    """Save a visit as the counter flow does (save_visit keeps the counters)."""
    outcome = "oriente" if partners else "resolu"
    orientations = tuple(Orientation(partner, "appel") for partner in partners)
    visit = VisitInput(at(day), "guichet", journeys, outcome, None, orientations, note=note)
    with store.transaction() as session:
        if site is not None:
            session.info["site_id"] = site  # a visit logged at the other counter
        return save_visit(session, visit, agent.id)


@pytest.fixture
def history(store: Store, manager: ProfileInfo) -> None:
    add_history(store, manager)


def add_history(store: Store, manager: ProfileInfo) -> None:
    """1st half of 2026: 3 visits (1 SPIE, 3 partners); 2nd half of 2025: 2 visits."""
    record(store, manager, date(2026, 1, 5), partners=("caf", "msa"))
    record(store, manager, date(2026, 2, 12), ("endettement",), partners=("ccas",))
    record(store, manager, date(2026, 6, 30), note="Rappeler jeudi")
    voided = record(store, manager, date(2026, 3, 2))
    with store.transaction() as session:
        void_visit(session, voided, "Saisie en double")
    record(store, manager, date(2025, 9, 1))
    record(store, manager, date(2025, 12, 31), partners=("caf",))


class Screen:
    """Opens the Statistiques section (as a window of its own) and waits for its figures."""

    def __init__(self, qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, folder: Path) -> None:
        self.qtbot, self.ctx, self.tasks = qtbot, ctx, tasks
        self.store = ctx.store
        self.folder = folder  # where the exports are written
        self.sections: list[StatistiquesSection] = []  # kept alive for the test

    def open(self, profile: ProfileInfo) -> StatisticsPage:
        section = StatistiquesSection(UiSession(self.ctx, self.tasks, profile))
        self.qtbot.addWidget(section)
        self.sections.append(section)
        section.resize(1000, 800)
        section.show()  # shown: the figures are computed
        self.qtbot.waitExposed(section)
        self.wait()
        return section.page

    def wait(self, timeout: int = 5000) -> None:
        wait_for_tasks(self.qtbot, self.tasks, timeout)


@pytest.fixture
def screen(
    qtbot: QtBot,
    ctx: AppContext,
    tasks: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Screen:
    return make_screen(qtbot, ctx, tasks, tmp_path, monkeypatch)


def make_screen(
    qtbot: QtBot,
    ctx: AppContext,
    tasks: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Screen:
    monkeypatch.setattr(stats_page, "today", lambda: TODAY)
    folder = tmp_path / "exports"
    folder.mkdir()
    return Screen(qtbot, ctx, tasks, folder)


def figures(page: StatisticsPage) -> dict[str, str]:
    cards = page.figures
    return {
        "visits": cards.visits.value.text(),
        "visits before": cards.visits.previous.text(),
        "visits change": cards.visits.change.text(),
        "spie": cards.spie.value.text(),
        "spie share": cards.spie.detail.text(),
        "partners": cards.partners.value.text(),
        "partners change": cards.partners.change.text(),
    }


def table(page: StatisticsPage, dim: str) -> list[tuple[str, ...]]:
    view = next(view for view in page.breakdowns if view.dim == dim)
    grid = view.table
    return [
        tuple(grid.item(row, column).text() for column in range(grid.columnCount()))
        for row in range(grid.rowCount())
    ]


@pytest.mark.usefixtures("history")
def test_the_screen_shows_the_half_year_and_the_comparison(
    screen: Screen, manager: ProfileInfo
) -> None:
    page = screen.open(manager)
    assert page.periods.period == Period.half_year(2026, 1)
    assert page.summary.text() == "1er semestre 2026 — Tous les sites"
    assert figures(page) == {
        "visits": "3",  # the voided visit is not counted
        "visits before": "2e semestre 2025\u00a0: 2",
        "visits change": "+1 par rapport au 2e semestre 2025",
        "spie": "1",
        "spie share": "soit 33,3\u00a0% des visites",
        "partners": "1,00",
        "partners change": "+0,50 par rapport au 2e semestre 2025",
    }
    assert page.empty.isHidden() and page.notice.isHidden()
    assert table(page, "partenaire")[0][1:] == ("1", "1", "=")  # CAF, in both periods
    assert {row[0] for row in table(page, "partenaire")} == {
        "Caisse d'allocations familiales de la Somme (CAF)",
        "Centre communal ou intercommunal d'action sociale (CCAS/CIAS)",
        "Mutualité sociale agricole (MSA)",
    }
    assert table(page, "jour")[:2] == [("lundi", "1", "1", "="), ("mardi", "1", "0", "+1")]
    chart = next(view for view in page.breakdowns if view.dim == "jour").chart
    assert chart.vertical
    assert "lundi\u00a0: 1 (2e semestre 2025\u00a0: 1)" in chart.accessibleDescription()


@pytest.mark.usefixtures("history")
def test_changing_the_period_recomputes(screen: Screen, manager: ProfileInfo) -> None:
    page = screen.open(manager)
    screen.qtbot.mouseClick(page.periods.previous_button, Qt.MouseButton.LeftButton)
    screen.wait()
    assert page.stats is not None and page.stats.period == Period.half_year(2025, 2)
    assert figures(page)["visits"] == "2"
    assert figures(page)["visits change"] == "+2 par rapport au 1er semestre 2025"

    page.periods.kind.setCurrentIndex(page.periods.kind.findData("annee"))  # 2025
    screen.wait()
    assert page.summary.text() == "2025 — Tous les sites"
    assert figures(page)["visits change"] == "+2 par rapport à 2024"

    page.periods.kind.setCurrentIndex(page.periods.kind.findData("mois"))  # January 2025
    screen.qtbot.mouseClick(page.periods.next_button, Qt.MouseButton.LeftButton)
    screen.wait()
    assert page.stats.period == Period.month(2025, 2)

    page.periods.set_period(Period(date(2026, 1, 1), date(2026, 2, 28)))  # a free period
    screen.wait()
    assert not page.periods.start.isHidden()
    assert figures(page)["visits"] == "2"
    assert figures(page)["visits change"] == (
        "+1 par rapport à la période du 03/11/2025 au 31/12/2025"
    )
    page.periods.end.setDate(page.periods.end.date().addMonths(-3))  # before the start
    screen.wait()
    assert "précède la date de début" in page.periods.message.text()
    assert page.stats.period == Period(date(2026, 1, 1), date(2026, 2, 28))  # kept


@pytest.mark.usefixtures("history")
def test_a_period_without_visits_says_so(screen: Screen, manager: ProfileInfo) -> None:
    page = screen.open(manager)
    assert page.empty.isHidden()
    page.periods.step(1)  # 2nd half of 2026
    screen.wait()
    assert not page.empty.isHidden() and page.empty.text() == EMPTY
    assert all(view.isHidden() for view in page.breakdowns)
    assert figures(page)["visits"] == "0"
    assert figures(page)["visits change"] == "−3 par rapport au 1er semestre 2026"
    assert figures(page)["partners"] == "–"


@pytest.mark.usefixtures("history")
def test_the_site_picker_counts_one_site_or_both(screen: Screen, manager: ProfileInfo) -> None:
    with screen.store.transaction() as session:
        session.add(
            Site(id="roye", name="France Services de Roye", commune="Roye", insee_code="80685")
        )
    record(screen.store, manager, date(2026, 4, 1), site="roye")
    record(screen.store, manager, date(2026, 4, 2), site="roye")
    page = screen.open(manager)
    combo = page.sites.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Tous les sites",  # the same words on every PC, whatever the number of sites
        "France Services de Moreuil",
        "France Services de Roye",
    ]
    assert figures(page)["visits"] == "5"

    combo.setCurrentIndex(combo.findData("roye"))
    screen.wait()
    assert figures(page)["visits"] == "2"
    assert page.summary.text() == "1er semestre 2026 — France Services de Roye"
    combo.setCurrentIndex(combo.findData("moreuil"))
    screen.wait()
    assert figures(page)["visits"] == "3"
    assert page.sites.site == "moreuil"  # kept when the list is read again


@pytest.mark.usefixtures("history")
def test_rolled_up_months_are_announced(screen: Screen, manager: ProfileInfo) -> None:
    with screen.store.transaction() as session:  # what the retention job leaves of a month
        for dim, n in (("visites", 12), ("canal", 12)):
            value = "guichet" if dim == "canal" else ""
            session.add(VisitTally(day=date(2025, 2, 1), site_id="moreuil", dim=dim,
                                   value=value, n=n, monthly=True))  # fmt: skip
    page = screen.open(manager)
    assert page.notice.isHidden()  # the 1st half of 2026 is known day by day
    assert figures(page)["visits before"] == "2e semestre 2025\u00a0: 2"
    page.periods.step(-2)
    screen.wait()
    assert not page.notice.isHidden()
    assert "au mois près" in page.notice.text()
    assert figures(page)["visits"] == "12"


@pytest.mark.usefixtures("history")
def test_a_late_answer_is_dropped(screen: Screen, manager: ProfileInfo) -> None:
    page = screen.open(manager)
    shown: list[Period] = []
    original = page.figures.show_statistics
    page.figures.show_statistics = lambda stats: (shown.append(stats.period), original(stats))
    page.periods.step(-1)
    page.periods.step(-1)  # asked before the first answer came back
    screen.wait()
    assert shown == [Period.half_year(2025, 1)]
    assert figures(page)["visits"] == "0"


def saved_elsewhere(screen: Screen, manager: ProfileInfo, day: date) -> None:
    """A visit saved by another part of the app (or a sync): written, then broadcast."""
    answer = screen.store.write(
        lambda session: save_visit(
            session,
            VisitInput(at(day), "guichet", ("declarer-revenus",), "resolu", None, ()),
            manager.id,
        )
    )
    assert answer.changes.touches(Change.VISITS)
    screen.tasks.changed.emit(answer.changes, None)  # as ui/sync/controller.py broadcasts


@pytest.mark.usefixtures("history")
def test_new_visits_show_when_the_screen_is_shown_again(
    screen: Screen, manager: ProfileInfo
) -> None:
    page = screen.open(manager)
    section = page.window()
    record(screen.store, manager, date(2026, 5, 5))  # written behind the app's back
    activate(screen.qtbot, section)
    page.periods.kind.setFocus()
    press(screen.qtbot, Qt.Key.Key_U, ALT)  # « Act&ualiser » (an animated click)
    screen.qtbot.waitUntil(lambda: figures(page)["visits"] == "4", timeout=2000)
    section.hide()
    saved_elsewhere(screen, manager, date(2026, 5, 6))
    screen.wait()
    assert figures(page)["visits"] == "4"  # hidden: nothing computed for nothing
    section.show()
    screen.wait()
    assert figures(page)["visits"] == "5"
    section.hide()
    section.show()  # shown again with nothing new: nothing to compute
    assert screen.tasks.running == 0


@pytest.mark.usefixtures("history")
def test_a_visit_saved_elsewhere_recomputes_the_visible_figures(
    screen: Screen, manager: ProfileInfo
) -> None:
    page = screen.open(manager)
    assert figures(page)["visits"] == "3"
    saved_elsewhere(screen, manager, date(2026, 5, 7))
    assert page.status.text() == "Calcul en cours…"  # at once, no need to press F5
    screen.wait()
    assert figures(page)["visits"] == "4"


@pytest.mark.usefixtures("history")
def test_keyboard_and_screen_reader(screen: Screen, manager: ProfileInfo) -> None:
    page = screen.open(manager)
    section = page.window()
    assert unnamed_controls(section) == []
    assert mnemonic_clashes(section) == {}
    for view in page.breakdowns:
        assert view.chart.accessibleName().startswith("Graphique\u00a0: Par ")
        assert view.table.accessibleName().startswith("Tableau\u00a0: Par ")
    card = page.figures.visits
    assert card.accessibleDescription() == (
        "Visites\u00a0: 3. 2e semestre 2025\u00a0: 2. +1 par rapport au 2e semestre 2025."
    )
    activate(screen.qtbot, section)
    page.periods.kind.setFocus()
    press(screen.qtbot, Qt.Key.Key_R, ALT)  # « ‹ P&récédente » (an animated click)
    screen.qtbot.waitUntil(lambda: page.periods.period == Period.half_year(2025, 2), timeout=2000)
    press(screen.qtbot, Qt.Key.Key_S, ALT)  # « &Suivante › »
    screen.qtbot.waitUntil(lambda: page.periods.period == Period.half_year(2026, 1), timeout=2000)
    screen.wait()
    assert figures(page)["visits"] == "3"
    press(screen.qtbot, Qt.Key.Key_F5)
    assert page.status.text() == "Calcul en cours…"
    screen.wait()
    assert page.status.isHidden()


@pytest.mark.parametrize("role", ["agent", "superviseur", "tuteur", "administrateur"])
def test_who_sees_the_statistics(
    role: str, qtbot: QtBot, profile_with_role: ProfileWithRole, make_window: MakeWindow
) -> None:
    profile = profile_with_role(role)
    workspace = log_in(qtbot, make_window(), profile.display_name)
    if role == "agent":
        assert "statistiques" not in workspace.sections
        return
    section = workspace.sections["statistiques"]
    assert isinstance(section, StatistiquesSection)
    assert section.page.exports is not None  # every role that sees them may export
    assert section.page.stats is None  # nothing computed before the section is shown
    activate(qtbot, workspace.window())
    workspace.show_section("statistiques")  # what Ctrl+4 does
    assert QApplication.focusWidget() is section.page.periods.kind
    wait_for_tasks(qtbot, section.session.tasks)
    assert section.page.stats is not None and section.page.stats.empty
    assert not section.page.empty.isHidden()


def test_no_export_without_the_action(
    qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, manager: ProfileInfo
) -> None:
    session = UiSession(ctx, tasks, manager)
    session.may = lambda action: action != "stats.export"  # type: ignore[method-assign]
    page = StatisticsPage(session)
    qtbot.addWidget(page)
    assert page.exports is None


def test_the_visitors_satisfaction_is_on_the_screen(
    screen: Screen, store: Store, manager: ProfileInfo
) -> None:
    from frontdesk.satisfaction import record_answers

    page = screen.open(manager)
    texts = [w.text() for w in page.satisfaction.findChildren(QLabel) if w.text()]
    assert "Aucune réponse au questionnaire de satisfaction sur cette période." in texts
    with store.transaction() as session:
        for answer in ("oui", "oui", "oui", "non"):
            record_answers(session, {"reponse-obtenue": answer}, date(2026, 3, 10))
    page.refresh_button.click()
    screen.wait()
    texts = [w.text() for w in page.satisfaction.findChildren(QLabel) if w.text()]
    assert "4 réponses au questionnaire proposé après la visite." in texts
    line = next(t for t in texts if "Oui" in t or "oui" in t)
    assert "3 (75\u202f%)" in line and "1 (25\u202f%)" in line
