"""The visitor's anonymous satisfaction form (charter, article 6) and its counters.

The questions come from ``resources/satisfaction.json``. Answers are never stored one
by one: each adds 1 to a counter of (month, site, device, question, answer) in
``satisfaction_tally``. No time, no visit, no agent: an answer cannot be linked to the
visit it followed. A question the visitor skipped is not counted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from frontdesk.errors import UserError
from frontdesk.resources import ResourceError, load_json, validation_problems
from frontdesk.stats.models import SatisfactionTally
from frontdesk.store.models import Setting

QUESTIONS_FILE = "satisfaction.json"
ID_PATTERN = r"^[a-z0-9-]+$"


class SatisfactionError(UserError, ValueError):
    """An answer the form does not offer (message in French)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Answer(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=40)
    label: str = Field(min_length=1)


class Question(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=40)
    label: str = Field(min_length=1)
    answers: tuple[Answer, ...] = Field(min_length=2, max_length=9)  # keys 1 to 9

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)

    @model_validator(mode="after")
    def _unique_answers(self) -> Question:
        ids = [a.id for a in self.answers]
        if len(ids) != len(set(ids)):
            raise ValueError(f"question « {self.id} » : réponses en double")
        return self


class SatisfactionForm(_Strict):
    comment: str = Field("", alias="$comment")
    questions: tuple[Question, ...] = Field(min_length=1)

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @model_validator(mode="after")
    def _unique_questions(self) -> SatisfactionForm:
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("questions en double")
        return self


@cache
def satisfaction_form() -> SatisfactionForm:
    data: Any = load_json(QUESTIONS_FILE)
    try:
        return SatisfactionForm.model_validate(data)
    except ValidationError as exc:
        raise ResourceError(
            f"Le fichier de données « {QUESTIONS_FILE} » est invalide : {validation_problems(exc)}"
        ) from exc


def _identity(session: Session) -> tuple[str, uuid.UUID]:
    """This PC's site and device: from the session (``Store``), else from the settings."""
    site_id, device_id = session.info.get("site_id"), session.info.get("device_id")
    if site_id is None or device_id is None:
        rows: dict[str, Any] = dict(
            session.execute(
                select(Setting.key, Setting.value).where(Setting.key.in_(("site_id", "device_id")))
            ).all()
        )
        site_id = site_id or rows.get("site_id")
        device_id = device_id or rows.get("device_id")
    if site_id is None or device_id is None:
        raise SatisfactionError("Ce poste n'est pas encore rattaché à une France Services.")
    return str(site_id), device_id if isinstance(device_id, uuid.UUID) else uuid.UUID(device_id)


def record_answers(session: Session, answers: Mapping[str, str | None], today: date) -> int:
    """Add one to the counter of each answer given (None: question skipped).

    Checks every answer before writing anything; returns how many were counted."""
    form = satisfaction_form()
    given: list[tuple[str, str]] = []
    for question_id, answer_id in answers.items():
        question = form.get(question_id)
        if question is None:
            raise SatisfactionError(f"Question inconnue : « {question_id} ».")
        if answer_id is None:
            continue
        if question.answer(answer_id) is None:
            raise SatisfactionError(f"Réponse inconnue : « {answer_id} » ({question_id}).")
        given.append((question_id, answer_id))
    if not given:
        return 0
    site_id, device_id = _identity(session)
    month = today.replace(day=1)
    rows = [
        {
            "month": month,
            "site_id": site_id,
            "device_id": device_id,
            "question": question_id,
            "answer": answer_id,
            "n": 1,
        }
        for question_id, answer_id in given
    ]
    statement = insert(SatisfactionTally).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["month", "site_id", "device_id", "question", "answer"],
        set_={"n": SatisfactionTally.n + statement.excluded.n},
    )
    session.execute(statement)
    return len(given)


def satisfaction_counts(
    session: Session, start: date, end: date, sites: Iterable[str] | None = None
) -> dict[str, dict[str, int]]:
    """Answers counted over the months from ``start`` to ``end`` (both included, whole
    months: the counters know no day), for ``sites`` (None: every site, every device).

    Every question and answer of the form is present, in its order (0 when none);
    answers no longer in the form are kept after them."""
    query = (
        select(SatisfactionTally.question, SatisfactionTally.answer, func.sum(SatisfactionTally.n))
        .where(SatisfactionTally.month >= start.replace(day=1), SatisfactionTally.month <= end)
        .group_by(SatisfactionTally.question, SatisfactionTally.answer)
    )
    if sites is not None:
        query = query.where(SatisfactionTally.site_id.in_(list(sites)))
    counts: dict[str, dict[str, int]] = {
        q.id: {a.id: 0 for a in q.answers} for q in satisfaction_form().questions
    }
    for question, answer, n in session.execute(query):
        counts.setdefault(str(question), {})[str(answer)] = int(n or 0)
    return counts
