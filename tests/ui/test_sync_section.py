"""The Synchronisation section and the background sync, against a real hub on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.models import DirectContact
from frontdesk.context import AppContext
from frontdesk.hub.db import HubStore
from frontdesk.setup import first_run, known_sites
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store
from frontdesk.sync.run import enroll_device, sync_once
from frontdesk.sync.schedule import BoundedClient, SyncSchedule
from frontdesk.ui.sections.synchronisation import SynchronisationSection
from frontdesk.ui.session import UiSession
from frontdesk.ui.sync.controller import SyncController
from frontdesk.ui.sync.page import SyncPage
from frontdesk.ui.sync.status import Health
from frontdesk.ui.tasks import TaskRunner
from tests.sync.conftest import RunningHub, hub_store  # noqa: F401
from tests.sync.test_sync import add_shared_contact, log_visits
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import (
    CTRL,
    Key,
    log_in,
    mnemonic_clashes,
    press,
    unnamed_controls,
    wait_for_tasks,
)

QUICK = partial(BoundedClient, retries=0, seconds=10)  # a stopped hub fails at once


@pytest.fixture
def hub_url(tmp_path: Path) -> str:
    """The section does not depend on the hub's database: SQLite is enough here."""
    return f"sqlite:///{tmp_path / 'hub.db'}"


@pytest.fixture
def hub_server(hub_store: HubStore) -> Iterator[RunningHub]:  # noqa: F811
    running = RunningHub(hub_store).start()
    yield running
    running.stop()


@pytest.fixture
def other_device(tmp_path: Path) -> Iterator[Store]:
    """A second PC, at Roye."""
    path = tmp_path / "roye" / "frontdesk.db"
    prepare_store(path, path.parent / "sauvegardes")
    other = Store(path)
    with other.transaction() as session:
        first_run(session, known_sites()[1], "Profil Roye", "superviseur", "motdepasse-sur")
    yield other
    other.close()


@pytest.fixture
def controller(ctx: AppContext, tasks: TaskRunner) -> SyncController:
    """The app's controller, handed to the sections' sessions (quick client)."""
    return SyncController(ctx, tasks, client_factory=QUICK)


@pytest.fixture
def device(store: Store, manager: ProfileInfo) -> Store:
    store.profile = manager  # type: ignore[attr-defined]  # for log_visits
    return store


class Screen:
    """Opens the section (as a window of its own) for a profile; keeps it alive."""

    def __init__(
        self, qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, controller: SyncController
    ) -> None:
        self.qtbot, self.ctx, self.tasks, self.controller = qtbot, ctx, tasks, controller
        self.sections: list[SynchronisationSection] = []

    def open(self, profile: ProfileInfo) -> SyncPage:
        section = SynchronisationSection(
            UiSession(self.ctx, self.tasks, profile, sync=self.controller)
        )
        self.qtbot.addWidget(section)
        self.sections.append(section)
        section.resize(1000, 900)
        section.show()
        self.qtbot.waitExposed(section)
        wait_for_tasks(self.qtbot, self.tasks)
        return section.page

    def settle(self) -> None:
        settle(self.qtbot, self.controller)


@pytest.fixture
def screen(qtbot: QtBot, ctx: AppContext, tasks: TaskRunner, controller: SyncController) -> Screen:
    return Screen(qtbot, ctx, tasks, controller)


def settle(qtbot: QtBot, controller: SyncController, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: not controller.status.running, timeout=timeout)
    wait_for_tasks(qtbot, controller.tasks, timeout)


def test_enrol_from_the_window_then_everything_is_sent(
    qtbot: QtBot,
    hub_server: RunningHub,
    device: Store,
    controller: SyncController,
    make_window: MakeWindow,
) -> None:
    log_visits(device, 2)
    window = make_window()
    window.use_sync(controller)
    workspace = log_in(qtbot, window, "Claire Superviseure")
    wait_for_tasks(qtbot, window.tasks)
    assert window.status.sync.text() == "Synchronisation\u00a0: non configurée"
    assert not controller.status.running  # not enrolled: nothing is tried
    press(qtbot, Key.Key_5, CTRL)
    page = workspace.sections["synchronisation"].page
    assert page.state.text() == "non configurée" and page.pending.text() == "2"
    assert page.not_enrolled.isVisible() and not page.sync_now.isEnabled()
    assert page.enroll.url.hasFocus()  # a PC to enrol: the keyboard starts on the address
    assert unnamed_controls(page) == [] and mnemonic_clashes(window) == {}

    qtbot.keyClicks(page.enroll.url, hub_server.url)
    qtbot.keyClicks(page.enroll.code, hub_server.code("moreuil"))
    qtbot.keyClick(page.enroll.code, Key.Key_Return)
    settle(qtbot, controller)
    assert "Poste inscrit (poste superviseur d'une France Services" in page.enroll.message.text()
    assert page.enroll.code.text() == ""
    assert (page.state.text(), page.pending.text()) == ("en ligne", "0")
    assert page.hub.text() == hub_server.url and "/" in page.last_success.text()
    assert " à " in page.last_success.text()  # JJ/MM/AAAA à HH:MM
    assert page.next_attempt.text().startswith("Prochain essai automatique vers")
    assert "2 modification(s) envoyée(s)" in page.message.text()
    assert window.status.sync.text() == "Synchronisation\u00a0: à jour"
    form = page.enroll  # enrolled: the form waits behind « Inscrire de nouveau… »
    assert form.change.isVisible() and not form.url.isVisible()
    qtbot.mouseClick(form.change, Qt.MouseButton.LeftButton)
    assert form.url.hasFocus() and form.submit.text() == "&Inscrire de nouveau"
    assert mnemonic_clashes(window) == {}

    log_visits(device, 1, day=11)
    controller.refresh()
    wait_for_tasks(qtbot, window.tasks)
    assert window.status.sync.text() == "Synchronisation\u00a0: 1\u00a0en attente"
    qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
    settle(qtbot, controller)
    assert page.pending.text() == "0" and window.status.sync.text().endswith("à jour")


def test_hub_stopped_shows_offline_and_keeps_the_changes(
    screen: Screen, hub_server: RunningHub, device: Store, manager: ProfileInfo
) -> None:
    controller = screen.controller
    enroll_device(device, hub_server.url, hub_server.code("moreuil"), "PC")
    page = screen.open(manager)
    page.sync_now.click()
    screen.settle()
    assert page.state.text() == "en ligne"
    log_visits(device, 2)
    hub_server.stop()
    page.sync_now.click()
    screen.settle()
    assert controller.status.health is Health.OFFLINE
    assert page.state.text() == "hors ligne"
    assert page.reason.text().startswith("Hub injoignable")
    assert page.state.accessibleDescription().startswith("hors ligne\u00a0: hub injoignable")
    assert page.pending.text() == "2"
    assert page.next_attempt.text().startswith("Prochain essai automatique vers")
    assert controller.schedule.failures == 1 and controller.timer.isActive()
    assert controller.timer.remainingTime() <= 30_000  # the back-off, not 5 minutes


def test_a_refusal_waits_for_a_person(
    screen: Screen, hub_server: RunningHub, device: Store, manager: ProfileInfo
) -> None:
    controller = screen.controller
    from frontdesk.device import get_setting
    from frontdesk.hub import admin
    from frontdesk.sync.run import DEVICE

    enroll_device(device, hub_server.url, hub_server.code("moreuil"), "PC")
    with device.session() as session:
        hub_device = get_setting(session, DEVICE)
    with hub_server.store.transaction() as session:
        admin.revoke_device(session, hub_device)
    page = screen.open(manager)
    page.sync_now.click()
    screen.settle()
    assert page.state.text() == "erreur" and page.reason.text().startswith("Jeton refusé")
    assert page.next_attempt.text().startswith("Pas de nouvel essai automatique")
    assert not controller.timer.isActive()


def test_an_agent_sees_the_state_but_cannot_enrol(
    screen: Screen, hub_server: RunningHub, device: Store, add_profile: AddProfile
) -> None:
    controller, qtbot, tasks = screen.controller, screen.qtbot, screen.tasks
    agent = add_profile("Alain Agent", "agent")
    page = screen.open(agent)
    assert page.state.text() == "non configurée"
    form = page.enroll
    assert not form.allowed and not form.submit.isVisible() and not form.url.isVisible()
    assert "Seul un superviseur ou un administrateur" in form.message.text()
    form.enroll()  # even called directly, nothing happens
    wait_for_tasks(qtbot, tasks)
    assert not controller.status.enrolled

    enroll_device(device, hub_server.url, hub_server.code("moreuil"), "PC")
    log_visits(device, 1)
    controller.refresh()
    wait_for_tasks(qtbot, tasks)
    assert page.hub.text() == hub_server.url and page.pending.text() == "1"
    page.sync_now.click()  # anyone may sync now
    screen.settle()
    assert (page.state.text(), page.pending.text()) == ("en ligne", "0")
    assert not page.issues.mark.isVisible()


def _conflict(first: Store, second: Store) -> None:
    """Both PCs change the same contact's role offline; ``second`` syncs first."""
    add_shared_contact(first)
    sync_once(first)
    sync_once(second)
    for device, role in ((second, "accueil du matin"), (first, "accueil du soir")):
        with device.transaction() as session:
            session.scalars(select(DirectContact)).one().role = role
    sync_once(second)


def test_a_conflict_is_listed_and_marked_as_seen(
    screen: Screen, hub_server: RunningHub, device: Store, other_device: Store, manager: ProfileInfo
) -> None:
    qtbot, tasks, other = screen.qtbot, screen.tasks, other_device
    controller = screen.controller
    enroll_device(device, hub_server.url, hub_server.code("moreuil"), "PC 1")
    enroll_device(other, hub_server.url, hub_server.code("roye"), "PC 2")
    _conflict(device, other)
    page = screen.open(manager)
    issues = page.issues
    assert issues.table.isHidden() and issues.empty.text() == "Aucun conflit ni refus à examiner."
    page.sync_now.click()
    screen.settle()
    assert "1 conflit(s)" in page.message.text()
    assert issues.table.rowCount() == 1
    cells = [issues.table.item(0, column).text() for column in range(5)]
    assert cells[1:3] == ["Conflit", "Contact direct «\u00a0Accueil\u00a0»"]
    assert "role" in cells[3] and cells[4] == "à examiner"

    assert not issues.mark.isEnabled()
    issues.table.setFocus()
    issues.table.selectRow(0)
    assert issues.mark.isEnabled()
    qtbot.mouseClick(issues.mark, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot, tasks)
    assert issues.table.rowCount() == 0 and issues.empty.isVisible()
    assert controller.status.facts is not None and controller.status.facts.open_issues == 0
    issues.show_seen.setChecked(True)
    wait_for_tasks(qtbot, tasks)
    assert issues.table.item(0, 4).text().startswith("vu le ")


def test_a_record_set_aside_is_listed_with_its_reason(
    screen: Screen, hub_server: RunningHub, device: Store, manager: ProfileInfo
) -> None:
    """A record the hub holds but this PC cannot store (an older hub let it through): the
    superviseur sees it « Mise de côté », with the record and the field named."""
    from frontdesk.hub.changes import next_change_id
    from frontdesk.hub.models import Record

    enroll_device(device, hub_server.url, hub_server.code("moreuil"), "PC 1")
    [visit] = log_visits(device, 1)
    sync_once(device)
    with hub_server.store.transaction() as session:
        record = session.get(Record, ("visit", visit))
        record.payload = {**record.payload, "started_at": "pas-une-date"}
        record.echo_device, record.change_id = None, next_change_id(session)
    page = screen.open(manager)
    page.sync_now.click()
    screen.settle()
    issues = page.issues
    assert issues.table.rowCount() == 1
    cells = [issues.table.item(0, column).text() for column in range(5)]
    assert cells[1] == "Mise de côté"
    assert "started_at" in cells[3] and "invalide" in cells[3] and cells[4] == "à examiner"


def test_at_start_and_close_and_never_twice_at_once(
    qtbot: QtBot,
    hub_server: RunningHub,
    device: Store,
    controller: SyncController,
    tasks: TaskRunner,
) -> None:
    enroll_device(device, hub_server.url, hub_server.code("moreuil"), "PC")
    log_visits(device, 1)
    seen: list[str] = []
    controller.summary_changed.connect(lambda word, _detail: seen.append(word))
    controller.start()
    qtbot.waitUntil(lambda: controller.status.running, timeout=5000)
    controller.start()  # once only
    controller.sync_now()  # asked while running: one more after, never two at once
    assert tasks.running == 1
    settle(qtbot, controller)
    qtbot.waitUntil(lambda: seen.count("en cours…") == 2, timeout=5000)
    settle(qtbot, controller)
    assert seen[-1] == "à jour" and controller.timer.isActive()
    assert controller.facts_timer.isActive()  # enrolled: the pending count is followed

    log_visits(device, 2, day=12)
    controller.sync_at_close()  # the app quits: one short sync, waited for by shutdown
    assert not controller.timer.isActive()
    tasks.shutdown()
    with device.session() as session:
        from frontdesk.sync.run import pending_count

        assert pending_count(session) == 0


def test_schedule_drives_the_timer(controller: SyncController) -> None:
    assert isinstance(controller.schedule, SyncSchedule)
    controller._after_run(controller.status, 42.0)
    assert 40_000 <= controller.timer.remainingTime() <= 44_000
    controller._after_run(controller.status, None)
    assert controller.status.next_attempt is None


def test_nothing_runs_on_a_pc_not_enrolled(
    qtbot: QtBot, device: Store, controller: SyncController, tasks: TaskRunner
) -> None:
    controller.start()
    wait_for_tasks(qtbot, tasks)
    assert controller.status.facts is not None and not controller.status.enrolled
    assert not controller.timer.isActive() and not controller.facts_timer.isActive()
    controller.sync_at_close()
    assert tasks.running == 0


def test_a_pc_holding_demo_data_clears_it_from_the_screen_then_may_enrol(
    qtbot: QtBot, screen: Screen, store: Store, manager: ProfileInfo
) -> None:
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from frontdesk.stats.demo import demo_count, generate_demo
    from tests.ui.helpers import answering_modal

    with store.transaction() as session:
        generate_demo(session, 30, seed=1, until=date(2026, 12, 1))
    page = screen.open(manager)
    enroll = page.enroll
    assert not enroll.clear_demo.isVisible()
    qtbot.keyClicks(enroll.url, "https://hub.exemple.fr")
    qtbot.keyClicks(enroll.code, "ABCD-EFGH")
    qtbot.keyClick(enroll.code, Key.Key_Return)
    screen.settle()
    said = enroll.message.text()
    assert said.startswith("Inscription refusée\u00a0: ce poste contient des données de démo")
    assert enroll.clear_demo.isVisible() and enroll.clear_demo.hasFocus()

    with answering_modal(lambda box: box.button(QMessageBox.StandardButton.Yes)) as seen:
        qtbot.keyClick(enroll.clear_demo, Key.Key_Space)
        wait_for_tasks(qtbot, screen.tasks)
    assert seen and seen[0].startswith("Effacer les données de démonstration")
    assert store.read(demo_count) == 0
    assert not enroll.clear_demo.isVisible()
    assert enroll.message.text().startswith("Données de démonstration effacées (30 visites)")
