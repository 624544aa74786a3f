"""The SPIE rules file: validated, then compiled into conditions, all or nothing.

A file that fails validation raises ``RulesError`` naming the file, the entry and the
problem; nothing of it is used.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frontdesk.orientation.compiled import (
    DERIVED_INPUTS,
    Checker,
    CompiledHint,
    CompiledPublic,
    TextContext,
    fact_checker,
    months_since_working_age,
)
from frontdesk.orientation.conditions import (
    REASON_KEYS,
    CompileContext,
    Condition,
    ConditionError,
    compile_condition,
    inputs_read,
)
from frontdesk.resources import ResourceError, load_json, validation_problems

RULES_FILE = "spie-rules.json"
STATUSES = ("oui", "non", "a_verifier")


class RulesError(ResourceError):
    """The rules file is invalid (message in French naming the entry)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactSpec(_Strict):
    type: Literal["int", "bool", "enum"]
    label: str
    question: str
    min: str | None = None
    max: str | None = None
    values: dict[str, str] | None = None
    # Ask only once these answers are given (e.g. the months once registered).
    asked_when: dict[str, bool | int | str] | None = None
    unit: str | None = None  # after a number: « 19 ans », « 14 mois »
    range_message: str | None = None  # a value out of bounds, with {min} and {max}
    no_value: str | None = None  # the value of a list that « n » (non) picks


class ContradictionSpec(_Strict):
    id: str
    when: dict[str, Any]
    key: str
    message: str


class LevelSpec(_Strict):
    level: str
    when: dict[str, Any]
    label: str


class PublicSpec(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str
    rule: dict[str, Any]
    levels: tuple[LevelSpec, ...] = ()
    documents: tuple[str, ...]
    partners: tuple[str, ...]


class HintSpec(_Strict):
    id: str
    label: str
    text: str
    when: dict[str, Any]
    partners: tuple[str, ...] = ()


class RulesFileSpec(_Strict):
    comment: str = Field("", alias="$comment")
    version: str
    thresholds: dict[str, int]
    facts: dict[str, FactSpec]
    contradictions: tuple[ContradictionSpec, ...]
    publics: tuple[PublicSpec, ...]
    hints: tuple[HintSpec, ...]


@dataclass(frozen=True)
class CompiledRules:
    spec: RulesFileSpec
    publics: tuple[CompiledPublic, ...]
    hints: tuple[CompiledHint, ...]
    contradictions: tuple[tuple[ContradictionSpec, Condition], ...]
    checkers: Mapping[str, Checker]
    texts: TextContext

    @property
    def thresholds(self) -> Mapping[str, int]:
        return self.spec.thresholds


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _check_texts(where: str, texts: list[str], allowed: set[str]) -> None:
    for text in texts:
        unknown = _placeholders(text) - allowed
        if unknown:
            raise RulesError(
                f"{RULES_FILE}, {where} : le texte « {text} » cite {sorted(unknown)}, "
                "qui ne sont ni des seuils ni des réponses lues par cette règle"
            )


def _reason_texts(node: Any) -> list[str]:
    """Every reason text of a condition tree."""
    found: list[str] = []
    if isinstance(node, dict):
        found += [node[k] for k in REASON_KEYS if isinstance(node.get(k), str)]
        for key in ("all", "any"):
            for part in node.get(key, ()):
                found += _reason_texts(part)
    return found


def _quotable(spec: RulesFileSpec, nodes: list[Any]) -> set[str]:
    """What a rule's texts may quote: thresholds, and the answers the rule reads.

    Texts are written out once per combination of those answers and cached, so they
    must not depend on anything else.
    """
    facts: set[str] = set()
    for node in nodes:
        facts |= inputs_read(node, DERIVED_INPUTS)[0]
    return set(spec.thresholds) | facts | {f"{name}_label" for name in facts}


def compile_rules(data: Any) -> CompiledRules:
    try:
        spec = RulesFileSpec.model_validate(data)
    except ValidationError as exc:
        raise RulesError(
            f"Le fichier de règles « {RULES_FILE} » est invalide : {validation_problems(exc)}"
        ) from exc
    for name, fact in spec.facts.items():
        for bound in (fact.min, fact.max):
            if bound is not None and bound not in spec.thresholds:
                raise RulesError(f"{RULES_FILE}, fait « {name} » : seuil inconnu « {bound} »")
        for other in fact.asked_when or {}:
            if other not in spec.facts:
                raise RulesError(f"{RULES_FILE}, fait « {name} » : asked_when cite « {other} »")
        if fact.no_value is not None and fact.no_value not in (fact.values or {}):
            raise RulesError(
                f"{RULES_FILE}, fait « {name} » : no_value « {fact.no_value} » "
                "n'est pas l'une de ses valeurs"
            )
        if fact.range_message is not None:
            _check_texts(f"fait « {name} »", [fact.range_message], {"min", "max"})
    ctx = CompileContext(
        thresholds=spec.thresholds,
        facts={name: fact.type for name, fact in spec.facts.items()},
        enum_values={n: frozenset(f.values or {}) for n, f in spec.facts.items()},
        derived={"months_since_working_age": months_since_working_age(spec.thresholds)},
    )
    hint_ctx = replace(ctx, publics=frozenset(p.slug for p in spec.publics))
    texts = TextContext(spec.thresholds, {n: f.values for n, f in spec.facts.items() if f.values})

    def build(where: str, node: Any, context: CompileContext = ctx) -> Condition:
        try:
            return compile_condition(node, context)
        except (ConditionError, KeyError) as exc:
            raise RulesError(f"{RULES_FILE}, {where} : {exc}") from exc

    publics = []
    for public in spec.publics:
        where = f"public « {public.slug} »"
        nodes = [public.rule, *(lv.when for lv in public.levels)]
        _check_texts(
            where,
            _reason_texts(public.rule) + [lv.label for lv in public.levels],
            _quotable(spec, nodes),
        )
        levels = tuple(
            (lv, build(f"{where}, niveau « {lv.level} »", lv.when)) for lv in public.levels
        )
        publics.append(CompiledPublic(public, build(where, public.rule), levels, texts))
    hints = []
    for hint in spec.hints:
        where = f"indice « {hint.id} »"
        _check_texts(where, [hint.text], _quotable(spec, [hint.when]))
        hints.append(CompiledHint(hint, build(where, hint.when, hint_ctx), texts))
    contradictions = []
    for contradiction in spec.contradictions:
        where = f"contradiction « {contradiction.id} »"
        _check_texts(where, [contradiction.message], set(spec.thresholds) | set(spec.facts))
        contradictions.append((contradiction, build(where, contradiction.when)))
    checkers = {
        name: fact_checker(
            name,
            fact.type,
            fact.values,
            spec.thresholds[fact.min] if fact.min else -(10**9),
            spec.thresholds[fact.max] if fact.max else 10**9,
            range_message=fact.range_message
            or f"« {fact.label} » doit être compris entre {{min}} et {{max}}.",
        )
        for name, fact in spec.facts.items()
    }
    return CompiledRules(spec, tuple(publics), tuple(hints), tuple(contradictions), checkers, texts)


@cache
def spie_rules() -> CompiledRules:
    return compile_rules(load_json(RULES_FILE))
