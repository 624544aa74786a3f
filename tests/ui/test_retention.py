"""Retention in the UI: the superviseur's setting, the daily run at start-up."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from frontdesk.accounts import ProfileInfo
from frontdesk.context import AppContext
from frontdesk.device import get_setting
from frontdesk.stats.retention import LAST_RUN_KEY, local_today
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.store.models import AuditEvent, Outbox
from frontdesk.ui import app as app_module
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.tasks import TaskRunner
from frontdesk.visits.models import Visit
from frontdesk.visits.record import VisitInput, save_visit
from tests.ui.conftest import AddProfile, MakeWindow
from tests.ui.helpers import audit_kinds, shown_message, wait_for_tasks
from tests.ui.test_parametres import MANAGER, click, parametres


def test_superviseur_sets_the_retention_period(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    panel = parametres(qtbot, window, MANAGER).device_panel
    wait_for_tasks(qtbot, window.tasks)
    assert panel.retention.value() == 24  # the default of resources/settings.json
    assert (panel.retention.minimum(), panel.retention.maximum()) == (6, 60)
    assert panel.retention.isEnabled() and panel.save_retention.isVisible()
    assert panel.retention.accessibleName() == "Conservation des visites"

    panel.retention.setValue(36)
    click(qtbot, panel.save_retention, window)

    assert shown_message(panel) == "Le détail des visites sera conservé 36\u00a0mois."
    with store.session() as session:
        assert get_setting(session, "retention_months") == 36
    assert audit_kinds(store)[0] == "setting_changed"


def test_agent_sees_the_retention_period_but_cannot_change_it(
    qtbot: QtBot, add_profile: AddProfile, make_window: MakeWindow
) -> None:
    add_profile("Bruno Agent", "agent")
    panel = parametres(qtbot, make_window(), "Bruno Agent").device_panel
    wait_for_tasks(qtbot, panel._session.tasks)
    assert panel.retention is None  # a plain value, not a spin box that looks editable
    assert panel.retention_value.text() == "24\u00a0mois"
    assert not panel.save_retention.isVisible()


def test_warm_up_purges_once_a_day(
    qtbot: QtBot, ctx: AppContext, manager: ProfileInfo, tasks: TaskRunner
) -> None:
    old = utcnow() - timedelta(days=31 * 30)  # 30 months: beyond the default 24
    with ctx.store.transaction() as session:
        for started in (old, utcnow() - timedelta(hours=1)):
            visit = VisitInput(
                started_at=started,
                channel="guichet",
                journeys=("declarer-revenus",),
                outcome="resolu",
            )
            save_visit(session, visit, manager.id, now=started + timedelta(minutes=5))
    with ctx.store.session() as session:
        queued = session.scalar(select(func.count()).select_from(Outbox))

    for _ in range(2):
        tasks.run(lambda: app_module.warm_up(ctx))
        wait_for_tasks(qtbot, tasks)

    with ctx.store.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 1
        assert session.scalar(select(func.count()).select_from(Outbox)) == queued
        assert get_setting(session, LAST_RUN_KEY) == local_today().isoformat()
        purges = session.scalar(select(func.count()).where(AuditEvent.kind == "retention_purge"))
    assert purges == 1
