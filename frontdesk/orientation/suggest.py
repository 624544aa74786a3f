"""Which partners to suggest at the end of the counter flow, and why.

The suggestion gathers the partners of the chosen journeys, of the SPIE publics that
are « oui » or « à vérifier », and of the hints. It orders them so that the agent sees
first what the checklist established, then what the visitor asked for, then what is
still worth checking: publics « oui », journeys, hints, publics « à vérifier ».
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frontdesk.orientation.journeys import Journey, Journeys, journeys
from frontdesk.orientation.results import Assessment

SOURCE_KINDS = ("public-oui", "journey", "hint", "public-a-verifier")  # in this order


@dataclass(frozen=True)
class Source:
    """Why a partner is suggested: a public (oui / à vérifier), a journey or a hint."""

    kind: str  # one of SOURCE_KINDS
    label: str


@dataclass(frozen=True)
class SuggestedPartner:
    slug: str
    label: str
    sources: tuple[Source, ...]

    def labels(self, kind: str) -> list[str]:
        return [source.label for source in self.sources if source.kind == kind]

    @property
    def reasons(self) -> str:
        """In French, grouped: « Motif : … ; public oui : … ; à vérifier : … »."""
        names = {
            "public-oui": "public oui",
            "journey": "motif",
            "hint": "piste",
            "public-a-verifier": "à vérifier",
        }
        parts = []
        for kind in SOURCE_KINDS:
            labels = self.labels(kind)
            if labels:
                parts.append(f"{names[kind]} : " + ", ".join(labels))
        text = " ; ".join(parts)
        return text[:1].upper() + text[1:]


def suggest_partners(
    chosen: Sequence[Journey],
    assessment: Assessment | None = None,
    known: Journeys | None = None,
) -> list[SuggestedPartner]:
    """The partners to offer, most relevant first, each once, with every reason for it.

    Partners missing from the journeys file's partner list are left out: a visit
    cannot be oriented to them.
    """
    known = known or journeys()
    sources: dict[str, list[Source]] = {}

    def add(slugs: Iterable[str], source: Source) -> None:
        for slug in slugs:
            if slug in known.partners:
                found = sources.setdefault(slug, [])
                if source not in found:
                    found.append(source)

    publics = assessment.publics if assessment is not None else ()
    hints = assessment.hints if assessment is not None else ()
    for public in publics:
        if public.status == "oui":
            add(public.partners, Source("public-oui", public.label))
    for journey in chosen:
        add(journey.partners, Source("journey", journey.label))
    for hint in hints:
        add(hint.partners, Source("hint", hint.label))
    for public in publics:
        if public.status == "a_verifier":
            add(public.partners, Source("public-a-verifier", public.label))
    return [
        SuggestedPartner(slug, known.partner_label(slug), tuple(found))
        for slug, found in sources.items()
    ]
