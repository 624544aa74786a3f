"""The agent's day at a glance: counted on the counters' day, whatever the PC's zone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from frontdesk.accounts import ProfileInfo
from frontdesk.store.engine import Store
from frontdesk.visits.day import DaySummary, day_summary, day_text
from frontdesk.visits.drafts import save_draft
from frontdesk.visits.record import void_visit
from tests.core.test_journal import add_visit

# 23:30 UTC on 7 December is already 00:30 on the 8th in Paris
LATE = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)


def test_the_day_is_the_counters_day_and_mine_are_counted_apart(
    store: Store, manager: ProfileInfo
) -> None:
    other = uuid.uuid4()
    add_visit(store, manager.id, LATE - timedelta(minutes=20))  # 00:10 Paris, the 8th
    add_visit(store, other, LATE - timedelta(minutes=10))
    add_visit(store, manager.id, LATE - timedelta(hours=2))  # 22:30 Paris, the 7th
    voided = add_visit(store, manager.id, LATE - timedelta(minutes=5))
    add_visit(store, manager.id, LATE - timedelta(minutes=5), site_id="roye")
    with store.transaction() as session:
        void_visit(session, voided, "Saisie en double")
    summary = store.read(lambda s: day_summary(s, manager.id, "moreuil", LATE))
    assert summary == DaySummary(
        site_visits=2, my_visits=1, draft_waiting=False, unread_feedback=0
    )
    assert day_text(summary) == "Aujourd'hui : 2 visites sur ce site, dont 1 par vous."


def test_a_draft_waiting_is_said(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session:
        save_draft(session, manager.id, {"step": "motif", "journeys": ["jeune-neet"]})
    summary = store.read(lambda s: day_summary(s, manager.id, "moreuil", LATE))
    assert summary.draft_waiting and summary.site_visits == 0
    assert day_text(summary) == (
        "Aujourd'hui : aucune visite enregistrée sur ce site pour l'instant. "
        "Une visite commencée attend d'être terminée."
    )
