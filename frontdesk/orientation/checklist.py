"""Which checklist questions are still worth asking.

A question matters while one of its possible answers would change some public's
status. Questions that cannot change anything any more (the age is 40: the ASE
question is moot) are not asked, which keeps the checklist short at the counter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontdesk.orientation.assess import assess
from frontdesk.orientation.rules import CompiledRules, spie_rules

# Ages tried when the age is unknown: every threshold and its neighbours.
_AGE_PROBES_EXTRA = (0, 120)


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    text: str
    kind: str  # bool | int | enum
    choices: tuple[tuple[str, str], ...] = ()  # enum: (value, French label)


def _probe_values(key: str, rules: CompiledRules) -> list[Any]:
    fact = rules.spec.facts[key]
    if fact.type == "bool":
        return [True, False]
    if fact.type == "enum":
        return list(fact.values or {})
    thresholds = set(rules.thresholds.values()) | set(_AGE_PROBES_EXTRA)
    low = rules.thresholds[fact.min] if fact.min else 0
    high = rules.thresholds[fact.max] if fact.max else 10**6
    return sorted({v for t in thresholds for v in (t - 1, t, t + 1) if low <= v <= high})


def _statuses(facts: Mapping[str, Any], rules: CompiledRules) -> tuple[str, ...]:
    return tuple(p.status for p in assess(facts, rules).publics)


def open_questions(facts: Mapping[str, Any], rules: CompiledRules | None = None) -> list[Question]:
    """Unanswered questions whose answer could change a status, in the file's order."""
    rules = rules or spie_rules()
    now = _statuses(facts, rules)
    if "a_verifier" not in now:
        return []
    questions = []
    for key, fact in rules.spec.facts.items():
        if key in facts:
            continue
        if fact.asked_when and any(facts.get(k) != v for k, v in fact.asked_when.items()):
            continue
        for value in _probe_values(key, rules):
            probe = {**facts, key: value}
            if _statuses(probe, rules) != now:
                choices = tuple((fact.values or {}).items())
                questions.append(Question(key, fact.label, fact.question, fact.type, choices))
                break
    return questions
