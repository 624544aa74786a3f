"""Rules ready to run: each public and hint cached on exactly what it reads.

A public's result — status, level, reasons already written out — is a pure function
of a few facts (the rules file's texts may only quote those, checked at load), and
counters see the same situations again and again. So each public and each hint is
evaluated once per combination of its inputs and then read from a bounded cache; a
test checks cached and direct results agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from frontdesk.orientation.conditions import Condition, Facts, inputs_read
from frontdesk.orientation.results import STATUS_NAMES, Hint, PublicResult, template_values

CACHE_SIZE = 16_384
# Derived values a condition may compare with, and the facts they are made from.
DERIVED_INPUTS = {"months_since_working_age": frozenset({"age"})}


def months_since_working_age(thresholds: Mapping[str, int]) -> Callable[[Facts], int | None]:
    """Most months a person of this age can have been registered since working age."""
    start = thresholds["working_age_min"]

    def derive(facts: Facts) -> int | None:
        age = facts.get("age")
        return None if age is None else max(0, (age - start) * 12 + 11)

    return derive


@dataclass(frozen=True)
class Memo:
    call: Callable[[Facts, Mapping[str, str]], Any]
    fact_inputs: tuple[str, ...]
    public_inputs: tuple[str, ...]
    cache_info: Callable[[], Any]


def memoised(nodes: list[Any], compute: Callable[[Facts, Mapping[str, str]], Any]) -> Memo:
    """Cache ``compute`` on the facts and publics' statuses that ``nodes`` read."""
    facts: frozenset[str] = frozenset()
    publics: frozenset[str] = frozenset()
    for node in nodes:
        node_facts, node_publics = inputs_read(node, DERIVED_INPUTS)
        facts, publics = facts | node_facts, publics | node_publics
    fact_inputs, public_inputs = tuple(sorted(facts)), tuple(sorted(publics))
    split = len(fact_inputs)

    @lru_cache(maxsize=CACHE_SIZE)
    def from_key(key: tuple[Any, ...]) -> Any:
        known = {n: v for n, v in zip(fact_inputs, key[:split], strict=True) if v is not None}
        return compute(known, dict(zip(public_inputs, key[split:], strict=True)))

    if public_inputs:

        def call(facts: Facts, statuses: Mapping[str, str]) -> Any:
            return from_key(
                tuple(map(facts.get, fact_inputs)) + tuple(map(statuses.get, public_inputs))
            )

    else:

        def call(facts: Facts, statuses: Mapping[str, str]) -> Any:  # noqa: ARG001
            return from_key(tuple(map(facts.get, fact_inputs)))

    return Memo(call, fact_inputs, public_inputs, from_key.cache_info)


@dataclass(frozen=True)
class TextContext:
    thresholds: Mapping[str, int]
    labels: Mapping[str, Mapping[str, str]]  # enum fact -> value -> French label

    def fill(self, template: str, facts: Facts) -> str:
        if "{" not in template:
            return template
        return template.format_map(template_values(facts, self.thresholds, self.labels))


class CompiledPublic:
    def __init__(
        self,
        spec: Any,  # rules.PublicSpec
        rule: Condition,
        levels: tuple[tuple[Any, Condition], ...],  # (rules.LevelSpec, condition)
        texts: TextContext,
    ) -> None:
        self.spec = spec
        self.slug = spec.slug
        self.rule = rule
        self.levels = levels
        self.texts = texts
        self.memo = memoised([spec.rule, *(lv.when for lv in spec.levels)], self.evaluate_directly)
        self.evaluate: Callable[[Facts, Mapping[str, str]], PublicResult] = self.memo.call

    def evaluate_directly(
        self, facts: Facts, _statuses: Mapping[str, str] | None = None
    ) -> PublicResult:
        value, templates = self.rule(facts, {})
        level = level_label = None
        for level_spec, condition in self.levels if value else ():
            if condition(facts, {})[0]:
                level, level_label = level_spec.level, self.texts.fill(level_spec.label, facts)
                break
        applies = value is not False
        return PublicResult(
            self.slug,
            self.spec.label,
            STATUS_NAMES[value],
            tuple(self.texts.fill(t, facts) for t in templates),
            self.spec.documents if applies else (),
            self.spec.partners if applies else (),
            level,
            level_label,
        )


class CompiledHint:
    def __init__(
        self, spec: Any, condition: Condition, texts: TextContext
    ) -> None:  # rules.HintSpec
        self.spec = spec
        self.condition = condition
        self.texts = texts
        self.memo = memoised([spec.when], self.evaluate_directly)
        self.evaluate: Callable[[Facts, Mapping[str, str]], Hint | None] = self.memo.call

    def evaluate_directly(self, facts: Facts, statuses: Mapping[str, str]) -> Hint | None:
        if not self.condition(facts, statuses)[0]:
            return None
        spec = self.spec
        return Hint(spec.id, spec.label, self.texts.fill(spec.text, facts), spec.partners)


Checker = Callable[[Any], str | None]  # a French message when the value is refused


def fact_checker(
    name: str,
    kind: str,
    values: Mapping[str, str] | None,
    low: int,
    high: int,
    *,
    range_message: str = "« {name} » doit être compris entre {min} et {max}.",
) -> Checker:
    """Type errors name the key (they come from JSON input); a value out of range is
    said with ``range_message`` (« L'âge doit être compris entre 16 et 120 ans »)."""
    if kind == "bool":
        wrong_bool = f"« {name} » doit valoir true ou false."
        return lambda value: None if value is True or value is False else wrong_bool
    if kind == "enum":
        allowed = frozenset(values or {})
        wrong_enum = f"« {name} » doit valoir l'une de ces valeurs : {', '.join(values or {})}."
        return lambda value: None if isinstance(value, str) and value in allowed else wrong_enum
    not_int = f"« {name} » doit être un nombre entier."
    out_of_range = range_message.format(name=name, min=low, max=high)

    def check_int(value: Any) -> str | None:
        if type(value) is not int:  # bool is an int subclass: refused on purpose
            return not_int
        return None if low <= value <= high else out_of_range

    return check_int
