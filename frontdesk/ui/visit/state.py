"""What the counter flow has collected so far, as plain values (no Qt here).

The state is what a draft holds: ``to_json`` gives plain JSON, ``from_json`` takes a
draft back, leaving out whatever the current data files no longer know (a journey
removed, an answer now out of range) instead of failing. The note is never part of
it: a draft holds categories and answers, never free text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from frontdesk.orientation.assess import SituationError, assess, parse_situation
from frontdesk.orientation.journeys import Journey, journeys
from frontdesk.orientation.results import Assessment
from frontdesk.store.base import utcnow
from frontdesk.visits.options import visit_options
from frontdesk.visits.record import Orientation, VisitInput

STEPS = ("motif", "questionnaire", "orientation")
DRAFT_VERSION = 1


@dataclass
class FlowState:
    step: str = "motif"
    journeys: list[str] = field(default_factory=list)
    # The checklist answers; None is « je ne sais pas » (asked, left unknown).
    answers: dict[str, Any] = field(default_factory=dict)
    partners: dict[str, str] = field(default_factory=dict)  # ticked partner -> kind
    outcome: str = "resolu"
    channel: str = "guichet"
    started_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not self.journeys

    def chosen(self) -> list[Journey]:
        known = journeys()
        return [j for j in (known.get(i) for i in self.journeys) if j is not None]

    def needs_checklist(self) -> bool:
        return any(j.spie_checklist for j in self.chosen())

    def toggle_journey(self, journey_id: str) -> None:
        if journey_id in self.journeys:
            self.journeys.remove(journey_id)
        else:
            self.journeys.append(journey_id)
            if self.started_at is None:
                self.started_at = utcnow()

    def facts(self) -> dict[str, Any]:
        """The known answers, checked (raises ``SituationError``)."""
        return parse_situation({k: v for k, v in self.answers.items() if v is not None})

    def assessment(self) -> Assessment | None:
        return assess(self.facts()) if self.needs_checklist() else None

    def tick_partner(self, slug: str, ticked: bool) -> None:
        if ticked:
            self.partners.setdefault(slug, "information")
            if self.outcome == "resolu":
                self.outcome = "oriente"
        else:
            self.partners.pop(slug, None)
            if not self.partners and self.outcome == "oriente":
                self.outcome = "resolu"

    def visit_input(self, note: str | None) -> VisitInput:
        facts = self.facts() if self.needs_checklist() else {}
        age = facts.get("age")
        return VisitInput(
            started_at=self.started_at or utcnow(),
            channel=self.channel,
            journeys=tuple(self.journeys),
            outcome=self.outcome,
            assessment=self.assessment(),
            orientations=tuple(Orientation(p, k) for p, k in self.partners.items()),
            age_band=visit_options().age_band_for(age) if isinstance(age, int) else None,
            note=note,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "version": DRAFT_VERSION,
            "step": self.step,
            "journeys": list(self.journeys),
            "answers": dict(self.answers),
            "partners": dict(self.partners),
            "outcome": self.outcome,
            "channel": self.channel,
            "started_at": self.started_at.isoformat() if self.started_at else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> FlowState:
        """A draft back as a state; anything no longer valid is dropped, never raised."""
        state = cls()
        if not isinstance(data, dict):
            return state
        known = journeys()
        options = visit_options()
        raw_journeys = data.get("journeys")
        if isinstance(raw_journeys, list):
            state.journeys = [
                j for j in dict.fromkeys(raw_journeys) if isinstance(j, str) and known.get(j)
            ]
        state.answers = _valid_answers(data.get("answers"))
        raw_partners = data.get("partners")
        if isinstance(raw_partners, dict):
            kinds = options.ids("orientation_kinds")
            state.partners = {
                slug: kind if kind in kinds else "information"
                for slug, kind in raw_partners.items()
                if slug in known.partners
            }
        if data.get("outcome") in options.ids("outcomes"):
            state.outcome = data["outcome"]
        if data.get("channel") in options.ids("channels"):
            state.channel = data["channel"]
        if data.get("step") in STEPS and state.journeys:
            state.step = data["step"]
        state.started_at = _aware(data.get("started_at")) if state.journeys else None
        if state.journeys and state.started_at is None:
            state.started_at = utcnow()
        return state


def _valid_answers(raw: Any) -> dict[str, Any]:
    """The answers that still pass the rules, in the order they were given."""
    answers: dict[str, Any] = {}
    if not isinstance(raw, dict):
        return answers
    for key, value in raw.items():
        try:
            parse_situation({**answers, key: value})
        except SituationError:
            continue
        answers[key] = value
    return answers


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
