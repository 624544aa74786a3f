"""What an assessment answers: a status per public, with reasons, and hints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

STATUS_NAMES = {True: "oui", False: "non", None: "a_verifier"}


class PublicResult(NamedTuple):
    slug: str
    label: str
    status: str  # oui | non | a_verifier
    reasons: tuple[str, ...]
    documents: tuple[str, ...]
    partners: tuple[str, ...]
    level: str | None = None
    level_label: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"slug": self.slug, "status": self.status}
        if self.level is not None:
            data["level"] = self.level
        data |= {
            "reasons": list(self.reasons),
            "documents": list(self.documents),
            "partners": list(self.partners),
        }
        return data


class Hint(NamedTuple):
    """A scheme the answers point to (CEJ, AGIR…), apart from the seven statuses."""

    id: str
    label: str
    text: str
    partners: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "text": self.text,
            "partners": list(self.partners),
        }


class Assessment(NamedTuple):
    publics: tuple[PublicResult, ...]
    hints: tuple[Hint, ...] = ()

    def status(self, slug: str) -> str:
        return next(p.status for p in self.publics if p.slug == slug)

    def to_json(self) -> dict[str, Any]:
        return {
            "publics": [p.to_json() for p in self.publics],
            "hints": [h.to_json() for h in self.hints],
        }


class TemplateValues(dict[str, Any]):
    """Values for the French texts: unknown facts read as « ? » rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def template_values(
    facts: Mapping[str, Any], thresholds: Mapping[str, int], labels: Mapping[str, Mapping[str, str]]
) -> TemplateValues:
    """Thresholds, facts, and ``<fact>_label`` for facts whose values have labels."""
    values = TemplateValues(thresholds)
    values.update(facts)
    for name, value in facts.items():
        if name in labels:
            values[f"{name}_label"] = labels[name].get(value, value)
    return values
