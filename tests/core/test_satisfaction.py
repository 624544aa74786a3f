"""The anonymous satisfaction form: its file, its monthly counters, nothing per visitor."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from frontdesk import satisfaction
from frontdesk.resources import ResourceError
from frontdesk.satisfaction import (
    SatisfactionError,
    record_answers,
    satisfaction_counts,
    satisfaction_form,
)
from frontdesk.stats.models import SatisfactionTally
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox

ANSWERS = {"reponse-obtenue": "oui", "accueil": "tres-bien", "recommandation": "oui"}


def test_the_form_has_three_questions_with_fixed_answers() -> None:
    form = satisfaction_form()
    assert [q.id for q in form.questions] == ["reponse-obtenue", "accueil", "recommandation"]
    assert form.questions[0].label == "Avez-vous obtenu une réponse à votre demande ?"
    assert [a.id for a in form.questions[0].answers] == ["oui", "en-partie", "non"]
    assert [a.label for a in form.questions[1].answers] == [
        "Très bien",
        "Bien",
        "Moyen",
        "Pas satisfaisant",
    ]
    assert [a.id for a in form.questions[2].answers] == ["oui", "non"]


def test_a_broken_form_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {"questions": [{"id": "q", "label": "Q ?", "answers": [{"id": "x", "label": "X"}]}]}
    monkeypatch.setattr(satisfaction, "load_json", lambda _name: broken)
    satisfaction_form.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"satisfaction\.json"):
            satisfaction_form()
    finally:
        satisfaction_form.cache_clear()


def test_the_counters_hold_no_time_and_no_visit() -> None:
    columns = {c.key for c in sa_inspect(SatisfactionTally).columns}
    assert columns == {"month", "site_id", "device_id", "question", "answer", "n"}


def test_answers_are_counted_by_month(store: Store, manager) -> None:
    with store.transaction() as session:
        assert record_answers(session, ANSWERS, date(2026, 3, 2)) == 3
        record_answers(session, ANSWERS | {"accueil": "bien"}, date(2026, 3, 30))
        record_answers(session, {"reponse-obtenue": "non", "accueil": None}, date(2026, 4, 1))

    with store.session() as session:
        rows = session.scalars(select(SatisfactionTally)).all()
        march = satisfaction_counts(session, date(2026, 3, 1), date(2026, 3, 31))
        spring = satisfaction_counts(session, date(2026, 3, 15), date(2026, 4, 30), ["moreuil"])
        roye = satisfaction_counts(session, date(2026, 1, 1), date(2026, 12, 31), ["roye"])
        identity = store.identity()

    assert len(rows) == 5  # counters (7 answers given), not one row per answer
    assert {row.month for row in rows} == {date(2026, 3, 1), date(2026, 4, 1)}
    assert {(row.site_id, row.device_id) for row in rows} == {
        (identity["site_id"], identity["device_id"])
    }
    assert march["reponse-obtenue"] == {"oui": 2, "en-partie": 0, "non": 0}
    assert march["accueil"] == {"tres-bien": 1, "bien": 1, "moyen": 0, "pas-satisfaisant": 0}
    assert march["recommandation"] == {"oui": 2, "non": 0}
    assert spring["reponse-obtenue"] == {"oui": 2, "en-partie": 0, "non": 1}  # whole months
    assert spring["accueil"]["tres-bien"] == 1  # the April visitor skipped it
    assert all(n == 0 for answers in roye.values() for n in answers.values())


def test_unknown_answers_are_refused_and_nothing_is_written(store: Store, manager) -> None:
    for answers in (
        {"reponse-obtenue": "oui", "accueil": "super"},
        {"reponse-obtenue": "oui", "humeur": "bonne"},
    ):
        with pytest.raises(SatisfactionError), store.transaction() as session:
            record_answers(session, answers, date(2026, 3, 2))
    with store.session() as session:
        assert session.scalars(select(SatisfactionTally)).all() == []


def test_all_skipped_writes_nothing_and_nothing_is_queued(store: Store, manager) -> None:
    with store.session() as session:
        outbox = len(session.scalars(select(Outbox)).all())
    with store.transaction() as session:
        assert record_answers(session, dict.fromkeys(ANSWERS), date(2026, 3, 2)) == 0
        record_answers(session, ANSWERS, date(2026, 3, 2))
    with store.session() as session:
        assert len(session.scalars(select(SatisfactionTally)).all()) == 3
        assert len(session.scalars(select(Outbox)).all()) == outbox


def test_identity_falls_back_on_the_settings(store: Store, manager) -> None:
    """A session made without the store's identity (a script, the CLI) still counts."""
    from sqlalchemy.orm import Session

    with Session(store.engine) as session, session.begin():
        record_answers(session, {"recommandation": "non"}, date(2026, 5, 5))
    with store.session() as session:
        row = session.scalars(select(SatisfactionTally)).one()
    assert row.site_id == "moreuil" and isinstance(row.device_id, uuid.UUID)


def test_a_pc_not_set_up_cannot_count(store: Store) -> None:
    with pytest.raises(SatisfactionError, match="pas encore rattaché"), store.transaction() as s:
        record_answers(s, ANSWERS, date(2026, 3, 2))
