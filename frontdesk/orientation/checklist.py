"""Which checklist questions are still worth asking, and in which order.

A question matters while one of its possible answers would change some public's
status. Questions that cannot change anything any more (the age is 40: the ASE
question is moot) are not asked, which keeps the checklist short at the counter.

The order is computed from the rules, never listed by hand: first the question that
settles the most, i.e. whose answer (each answer counted alike) leaves the fewest
questions still worth asking. The age comes first (45 ans settles the young people's
publics at once), then, for a 19-year-old, the three questions of the « jeune ni en
emploi, ni en études, ni en formation » public (« oui » to any of them settles it).
Ties go to the public already under way (the questions about one public follow each
other), then to the file's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
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
    unit: str = ""  # int: « ans », « mois »
    no_value: str | None = None  # enum: the value « n » (non) picks


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
                questions.append(_question(key, rules))
                break
    return questions


def _question(key: str, rules: CompiledRules) -> Question:
    fact = rules.spec.facts[key]
    choices = tuple((fact.values or {}).items())
    return Question(
        key, fact.label, fact.question, fact.type, choices, fact.unit or "", fact.no_value
    )


def questions_in_order(
    facts: Mapping[str, Any], rules: CompiledRules | None = None
) -> list[Question]:
    """``open_questions``, the one that settles the most first (see the module's text)."""
    if rules is None:  # the bundled rules: the same situations come back all day
        return list(_bundled_order(tuple(sorted(facts.items()))))
    return _ordered(facts, rules)


@lru_cache(maxsize=4096)
def _bundled_order(items: tuple[tuple[str, Any], ...]) -> tuple[Question, ...]:
    return tuple(_ordered(dict(items), spie_rules()))


def _ordered(facts: Mapping[str, Any], rules: CompiledRules) -> list[Question]:
    questions = open_questions(facts, rules)
    position = {key: index for index, key in enumerate(rules.spec.facts)}
    statuses = dict(zip((p.slug for p in rules.publics), _statuses(facts, rules), strict=True))

    def left_after(question: Question) -> float:
        """How many questions are still worth asking after it, on average over its answers."""
        values = _probe_values(question.key, rules)
        return sum(len(open_questions({**facts, question.key: v}, rules)) for v in values) / len(
            values
        )

    def under_way(question: Question) -> int:
        """Answers already given to the open publics this question belongs to (most)."""
        return max(
            (
                sum(name in facts for name in public.memo.fact_inputs)
                for public in rules.publics
                if statuses[public.slug] == "a_verifier" and question.key in public.memo.fact_inputs
            ),
            default=0,
        )

    return sorted(questions, key=lambda q: (left_after(q), -under_way(q), position[q.key]))
