"""Assess a visitor's situation against the seven SPIE publics.

The checklist detects and orients; it never establishes a diagnosis. Every answer is
optional: a missing answer is unknown, and an unknown that could change a result
makes it « à vérifier ».
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontdesk.errors import UserError
from frontdesk.orientation.results import Assessment
from frontdesk.orientation.rules import CompiledRules, spie_rules


class SituationError(UserError, ValueError):
    """An answer is unknown, of the wrong type, out of range or contradictory."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def parse_situation(data: Any, rules: CompiledRules | None = None) -> dict[str, Any]:
    """Check a JSON situation: known keys, right types, in range, not contradictory.

    ``null`` counts as not answered. Returns the known facts only.
    """
    rules = rules or spie_rules()
    if not isinstance(data, Mapping):
        raise SituationError("", "La situation doit être un objet JSON (entre accolades).")
    facts: dict[str, Any] = {}
    checkers = rules.checkers
    for key, value in data.items():
        check = checkers.get(key)
        if check is None:
            raise SituationError(key, f"Clé inconnue : « {key} ».")
        if value is None:
            continue
        problem = check(value)
        if problem is not None:
            raise SituationError(key, problem)
        facts[key] = value
    for contradiction, condition in rules.contradictions:
        if condition(facts, {})[0]:
            raise SituationError(contradiction.key, rules.texts.fill(contradiction.message, facts))
    return facts


def assess(facts: Mapping[str, Any], rules: CompiledRules | None = None) -> Assessment:
    """The seven statuses, in the rules file's order, with reasons and hints."""
    rules = rules or spie_rules()
    statuses: dict[str, str] = {}
    results = []
    for public in rules.publics:
        result = public.evaluate(facts, statuses)
        statuses[public.slug] = result.status
        results.append(result)
    hints = []
    for hint in rules.hints:
        found = hint.evaluate(facts, statuses)
        if found is not None:
            hints.append(found)
    return Assessment(tuple(results), tuple(hints))
