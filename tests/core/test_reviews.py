"""The tutor's review: statuses, the conversation, read marks, permissions, the outbox."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo, create_profile
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.visits.journal import JournalFilter, count_visits, page, scope_for
from frontdesk.visits.models import ReviewComment, VisitReview
from frontdesk.visits.reviews import (
    PersonalDataError,
    ReviewError,
    add_comment,
    feedback_line,
    mark_read,
    review_id,
    review_queue_filter,
    set_review_status,
    unread_feedback_count,
    unread_feedback_filter,
)
from tests.conftest import PASSWORD
from tests.core.test_journal import DAY, add_visit


@pytest.fixture
def people(store: Store, manager: ProfileInfo) -> dict[str, ProfileInfo]:
    with store.transaction() as session:
        return {
            "agent": create_profile(session, "Paul Agent", "agent", PASSWORD, actor_id=manager.id),
            "other": create_profile(session, "Léa Agente", "agent", PASSWORD, actor_id=manager.id),
            "tuteur": create_profile(
                session, "Tina Tutrice", "tuteur", PASSWORD, actor_id=manager.id
            ),
            "superviseur": manager,
        }


@pytest.fixture
def visits(store: Store, people: dict[str, ProfileInfo]) -> list[uuid.UUID]:
    agent = people["agent"].id
    return [add_visit(store, agent, DAY + timedelta(hours=n)) for n in range(3)]


def outbox(store: Store, entity: str) -> list[Outbox]:
    with store.session() as session:
        return list(session.scalars(select(Outbox).where(Outbox.entity == entity)))


def test_the_review_is_one_synced_record_per_visit(
    store: Store, people: dict[str, ProfileInfo], visits: list[uuid.UUID]
) -> None:
    tutor = people["tuteur"]
    with store.transaction() as session:
        set_review_status(session, visits[0], "a_revoir", tutor)
    with store.transaction() as session:
        set_review_status(session, visits[0], "valide", tutor)
        set_review_status(session, visits[0], "valide", tutor)  # no change, nothing queued
    with store.session() as session:
        reviews = session.scalars(select(VisitReview)).all()
    assert len(reviews) == 1
    review = reviews[0]
    assert review.id == review_id(visits[0])
    assert review_id(visits[0]) == review_id(visits[0]) != review_id(visits[1])
    assert (review.status, review.reviewer_name, review.version) == ("valide", "Tina Tutrice", 2)
    rows = outbox(store, "visit_review")
    assert [(r.op, r.base_version, r.version) for r in rows] == [("create", 0, 1), ("update", 1, 2)]
    assert rows[1].changed == ["status"]
    assert rows[1].payload["visit_id"] == str(visits[0])


def test_only_the_tutor_sets_a_status_and_only_known_ones(
    store: Store, people: dict[str, ProfileInfo], visits: list[uuid.UUID]
) -> None:
    for role in ("agent", "superviseur"):
        with (
            pytest.raises(ReviewError, match="ne permet pas de relire"),
            store.transaction() as session,
        ):
            set_review_status(session, visits[0], "valide", people[role])
    with (
        pytest.raises(ReviewError, match="Statut de relecture inconnu"),
        store.transaction() as session,
    ):
        set_review_status(session, visits[0], "parfait", people["tuteur"])
    with pytest.raises(ReviewError, match="n'existe pas"), store.transaction() as session:
        set_review_status(session, uuid.uuid4(), "valide", people["tuteur"])
    assert outbox(store, "visit_review") == []


def test_the_tutor_and_the_visits_own_agent_write_nobody_else(
    store: Store, people: dict[str, ProfileInfo], visits: list[uuid.UUID]
) -> None:
    with store.transaction() as session:
        first = add_comment(session, visits[0], "  Pensez au CEJ.\n\n\n\nMerci  ", people["tuteur"])
        add_comment(session, visits[0], "C'est noté.", people["agent"])
    for role in ("other", "superviseur"):
        with (
            pytest.raises(ReviewError, match="Seuls le tuteur et l'agent"),
            store.transaction() as session,
        ):
            add_comment(session, visits[0], "Bonjour", people[role])
    with (
        pytest.raises(ReviewError, match="Écrivez votre message"),
        store.transaction() as session,
    ):
        add_comment(session, visits[0], "   \n ", people["tuteur"])
    with pytest.raises(ReviewError, match="1000 caractères"), store.transaction() as session:
        add_comment(session, visits[0], "a" * 1001, people["tuteur"])
    with store.session() as session:
        comment = session.get(ReviewComment, first)
    assert comment is not None
    assert comment.body == "Pensez au CEJ.\n\nMerci"
    assert (comment.author_name, comment.author_role) == ("Tina Tutrice", "tuteur")
    created = [r for r in outbox(store, "review_comment") if r.op == "create"]
    assert len(created) == 2 and created[0].payload["body"] == "Pensez au CEJ.\n\nMerci"


def test_a_message_that_looks_personal_needs_a_confirmation(
    store: Store, people: dict[str, ProfileInfo], visits: list[uuid.UUID]
) -> None:
    text = "Rappeler Mme Durand au 06 12 34 56 78"
    with pytest.raises(PersonalDataError) as refused, store.transaction() as session:
        add_comment(session, visits[0], text, people["tuteur"])
    assert {f.kind for f in refused.value.findings} == {"civility-name", "phone"}
    assert outbox(store, "review_comment") == []
    with store.transaction() as session:
        add_comment(session, visits[0], text, people["tuteur"], confirmed=True)
    assert len(outbox(store, "review_comment")) == 1


def test_unread_feedback_is_counted_for_the_agent_and_read_when_shown(
    store: Store, people: dict[str, ProfileInfo], visits: list[uuid.UUID]
) -> None:
    agent, tutor = people["agent"], people["tuteur"]
    with store.transaction() as session:
        add_comment(session, visits[0], "Pensez au CEJ.", tutor)
        add_comment(session, visits[1], "Bonne orientation.", tutor)
        add_comment(session, visits[1], "Et la mobilité ?", tutor)
        add_comment(session, visits[1], "Merci !", agent)  # mine: never « unread » for me
    with store.session() as session:
        assert unread_feedback_count(session, agent.id) == 3
        assert unread_feedback_count(session, people["other"].id) == 0
        scope = scope_for(session, agent)
        rows = {r.id: r.unread for r in page(session, JournalFilter(), scope, 0, 10)}
        assert rows == {visits[0]: 1, visits[1]: 2, visits[2]: 0}
        assert count_visits(session, unread_feedback_filter(), scope) == 2
        other_scope = scope_for(session, people["other"])  # same site, not their visits
        assert count_visits(session, unread_feedback_filter(), other_scope) == 0

    with store.transaction() as session:
        assert mark_read(session, visits[1], people["superviseur"]) == 0  # not theirs
        assert mark_read(session, visits[1], agent) == 2
    with store.session() as session:
        assert unread_feedback_count(session, agent.id) == 1
        reads = session.scalars(
            select(Outbox).where(Outbox.entity == "review_comment", Outbox.op == "update")
        ).all()
        assert len(reads) == 2 and all(r.changed == ["read_at"] for r in reads)
        tutor_scope = scope_for(session, tutor)  # the agent's answer is new for the tutor
        tutor_rows = {r.id: r.unread for r in page(session, JournalFilter(), tutor_scope, 0, 10)}
        assert tutor_rows[visits[1]] == 1 and tutor_rows[visits[0]] == 0
        assert count_visits(session, unread_feedback_filter(), tutor_scope) == 1
    with store.transaction() as session:
        assert mark_read(session, visits[1], tutor) == 1
        assert mark_read(session, visits[1], tutor) == 0


def test_the_review_queue_and_the_accueil_line(
    store: Store, people: dict[str, ProfileInfo], visits: list[uuid.UUID]
) -> None:
    tutor = people["tuteur"]
    with store.transaction() as session:
        set_review_status(session, visits[0], "a_revoir", tutor)
        set_review_status(session, visits[2], "a_revoir", tutor)
        set_review_status(session, visits[1], "valide", tutor)
    with store.session() as session:
        queue = page(session, review_queue_filter(), scope_for(session, tutor), 0, 10)
    assert [row.id for row in queue] == [visits[2], visits[0]]
    assert feedback_line(0) == ""
    assert feedback_line(1) == "1 retour de votre tuteur"
    assert feedback_line(2) == "2 retours de votre tuteur"
