"""Three-valued conditions, compiled once from the rules file into plain closures.

A condition answers True (oui), False (non) or None (à vérifier: the answers given
cannot decide). ``all`` is false as soon as one part is known false, whatever the
unknown parts (a known fact that decides « non » wins); ``any`` is true as soon as
one part is true. Each condition also names the reason templates that explain its
value, chosen from the parts that decided it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Facts = Mapping[str, Any]
# value, reason templates (formatted later, only for what is shown)
Outcome = tuple[bool | None, tuple[str, ...]]
# Called with the situation's facts and the statuses decided so far (for hints).
Condition = Callable[[Facts, Mapping[str, str]], Outcome]

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "gte": operator.ge,
    "gt": operator.gt,
    "lte": operator.le,
    "lt": operator.lt,
}
REASON_KEYS = ("yes", "no", "unknown")


class ConditionError(ValueError):
    """A condition in a rules file is malformed (message in French)."""


@dataclass(frozen=True)
class CompileContext:
    thresholds: Mapping[str, int]
    facts: Mapping[str, str]  # fact name -> type (int, bool, enum)
    enum_values: Mapping[str, frozenset[str]]
    derived: Mapping[str, Callable[[Facts], int | None]]
    publics: frozenset[str] = frozenset()


def _reasons(node: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    yes, no, unknown = (tuple([node[k]]) if node.get(k) else () for k in REASON_KEYS)
    return yes, no, unknown


def _value(node: Mapping[str, Any], key: str, ctx: CompileContext) -> int:
    raw = node[key]
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ConditionError(f"« {key} » doit être un nombre ou le nom d'un seuil")
    if isinstance(raw, str):
        if raw not in ctx.thresholds:
            raise ConditionError(f"seuil inconnu « {raw} »")
        return ctx.thresholds[raw]
    return raw


def inputs_read(
    node: Any, derived_inputs: Mapping[str, frozenset[str]]
) -> tuple[frozenset[str], frozenset[str]]:
    """The facts and the publics' statuses a condition looks at: nothing else matters."""
    if not isinstance(node, Mapping):
        return frozenset(), frozenset()
    facts: set[str] = set()
    publics: set[str] = set()
    if "fact" in node:
        facts.add(node["fact"])
        facts |= derived_inputs.get(node.get("gt_derived", ""), frozenset())
    if "public" in node:
        publics.add(node["public"])
    for key in ("all", "any"):
        for part in node.get(key, ()):
            part_facts, part_publics = inputs_read(part, derived_inputs)
            facts |= part_facts
            publics |= part_publics
    return frozenset(facts), frozenset(publics)


def compile_condition(node: Any, ctx: CompileContext) -> Condition:
    if not isinstance(node, Mapping):
        raise ConditionError("une condition doit être un objet JSON")
    if "all" in node or "any" in node:
        return _compile_group(node, ctx)
    if "public" in node:
        return _compile_public(node, ctx)
    if "fact" in node:
        return _compile_fact(node, ctx)
    raise ConditionError(f"condition sans « fact », « all », « any » ni « public » : {dict(node)}")


def _compile_group(node: Mapping[str, Any], ctx: CompileContext) -> Condition:
    kind = "all" if "all" in node else "any"
    parts = node[kind]
    if not isinstance(parts, list) or not parts:
        raise ConditionError(f"« {kind} » doit être une liste non vide")
    children = tuple(compile_condition(part, ctx) for part in parts)
    yes, no, unknown = _reasons(node)
    decisive = kind == "any"  # the value that settles the group at once

    def group(facts: Facts, statuses: Mapping[str, str]) -> Outcome:
        # Every part is evaluated (no short cut): the reasons name all the parts
        # that decided, e.g. both « a un emploi » and « suit une formation ».
        outcomes = [child(facts, statuses) for child in children]
        value: bool | None = not decisive
        for part_value, _ in outcomes:
            if part_value is decisive:
                value = decisive
                break
            if part_value is None:
                value = None
        own = yes if value else (no if value is False else unknown)
        if own:
            return value, own
        picked: tuple[str, ...] = ()
        for part_value, reasons in outcomes:
            if part_value is value and reasons:
                picked += reasons
        return value, picked

    return group


def _compile_public(node: Mapping[str, Any], ctx: CompileContext) -> Condition:
    slug, wanted = node["public"], node.get("status_in")
    if slug not in ctx.publics:
        raise ConditionError(f"public inconnu « {slug} »")
    if not isinstance(wanted, list) or not set(wanted) <= {"oui", "non", "a_verifier"}:
        raise ConditionError("« status_in » doit lister des statuts parmi oui, non, a_verifier")
    accepted = frozenset(wanted)

    def public(_facts: Facts, statuses: Mapping[str, str]) -> Outcome:
        return statuses[slug] in accepted, ()

    return public


def _compile_fact(node: Mapping[str, Any], ctx: CompileContext) -> Condition:
    name = node["fact"]
    if name not in ctx.facts:
        raise ConditionError(f"fait inconnu « {name} »")
    yes, no, unknown = _reasons(node)
    if_unknown = node.get("if_unknown")
    if if_unknown not in (None, True, False):
        raise ConditionError("« if_unknown » vaut true ou false")
    test = _fact_test(node, name, ctx)
    doubtful = node.get("unknown_values")
    if isinstance(doubtful, Mapping):  # values that stay « à vérifier », each with its reason
        per_value = {value: (text,) for value, text in doubtful.items()}

        def doubtful_fact(facts: Facts, _statuses: Mapping[str, str]) -> Outcome:
            value = test(facts)
            if value is None:
                return None, per_value.get(facts.get(name), unknown)
            return value, (yes if value else no)

        return doubtful_fact

    def fact(facts: Facts, _statuses: Mapping[str, str]) -> Outcome:
        value = test(facts)
        if value is None:
            value = if_unknown
        return value, (yes if value else (no if value is False else unknown))

    return fact


def _fact_test(
    node: Mapping[str, Any], name: str, ctx: CompileContext
) -> Callable[[Facts], bool | None]:
    kind = ctx.facts[name]
    if "is" in node:
        expected = node["is"]
        if kind != "bool" or not isinstance(expected, bool):
            raise ConditionError(f"« is » s'applique à un fait oui/non (« {name} »)")
        return lambda facts: None if (v := facts.get(name)) is None else v is expected
    if "in" in node:
        accepted = frozenset(node["in"])
        unsure = frozenset(node.get("unknown_values", ()))
        allowed = ctx.enum_values.get(name, frozenset())
        if kind != "enum" or not (accepted | unsure) <= allowed:
            raise ConditionError(f"valeurs inconnues pour « {name} »")
        return lambda facts: (
            None if (v := facts.get(name)) is None or v in unsure else v in accepted
        )
    if "gt_derived" in node:
        derive = ctx.derived.get(node["gt_derived"])
        if derive is None or kind != "int":
            raise ConditionError(f"valeur dérivée inconnue « {node['gt_derived']} »")

        def above_derived(facts: Facts) -> bool | None:
            value, limit = facts.get(name), derive(facts)
            return None if value is None or limit is None else value > limit

        return above_derived
    for key, compare in COMPARISONS.items():
        if key in node:
            if kind != "int":
                raise ConditionError(f"« {key} » s'applique à un nombre (« {name} »)")
            bound = _value(node, key, ctx)

            def compared(
                facts: Facts, c: Callable[[Any, Any], bool] = compare, b: int = bound
            ) -> bool | None:
                return None if (v := facts.get(name)) is None else c(v, b)

            return compared
    raise ConditionError(f"condition sur « {name} » sans test (is, in, gte, gt, lte, lt)")
