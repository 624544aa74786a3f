"""Which partners to suggest at the end of the counter flow, and why, most relevant first.

The suggestion gathers the partners of the chosen journeys, of the SPIE publics that
are « oui » or « à vérifier », and of the hints; a public « non » brings none. Each
partner gets a relevance score from its reasons (``WEIGHTS``): the journeys the visitor
came for count once, however many name the partner; every public « oui » counts, each
hint set counts once; the publics « à vérifier » give one point to a partner nothing
else names, and nothing to the others: unknown answers bring no more than the partners
of the publics they could still open, and never reorder what the visitor came for or
what the answers established. Ties go to what the visitor
came for (journeys), then to publics « oui », hints, « à vérifier », then to the order
the partners were named in. The agent sees the first ``SHOWN_BY_DEFAULT``; the rest on demand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from frontdesk.orientation.journeys import Journey, Journeys, journeys
from frontdesk.orientation.results import Assessment

# In this order in the reasons; the last two only for services found in the directory.
SOURCE_KINDS = ("public-oui", "journey", "hint", "public-a-verifier", "thematique", "mot-cle")
SOURCE_NAMES: Mapping[str, str] = {
    "public-oui": "public oui",
    "journey": "motif",
    "hint": "piste",
    "public-a-verifier": "à vérifier",
    "thematique": "thème",
    "mot-cle": "mot-clé",
}
WEIGHTS: Mapping[str, int] = {"journey": 4, "public-oui": 3, "hint": 2, "public-a-verifier": 1}
COUNTED_ONCE = frozenset({"journey", "hint", "public-a-verifier"})
TIE_ORDER = ("journey", "public-oui", "hint", "public-a-verifier")
SHOWN_BY_DEFAULT = 5
DIRECTORY_PREFIX = "annuaire:"  # slug of a structure found by the journeys' thematiques


@dataclass(frozen=True)
class Source:
    """Why a partner is suggested: a public (oui / à vérifier), a journey, a hint, or for
    a structure of the directory a thematique or a keyword of the journeys."""

    kind: str  # one of SOURCE_KINDS
    label: str


@dataclass(frozen=True)
class SuggestedPartner:
    slug: str
    label: str
    sources: tuple[Source, ...]
    score: int = 0

    @property
    def is_partner(self) -> bool:
        """A SPIE partner a visit can be oriented to (not a structure of the directory)."""
        return not self.slug.startswith(DIRECTORY_PREFIX)

    def labels(self, kind: str) -> list[str]:
        return [source.label for source in self.sources if source.kind == kind]

    @property
    def reasons(self) -> str:
        """In French, grouped: « Motif : … ; public oui : … ; à vérifier : … »."""
        text = " ; ".join(reason_parts(self))
        return text[:1].upper() + text[1:]


def reason_parts(partner: SuggestedPartner) -> list[str]:
    """« public oui : A, B », « motif : C »… in ``SOURCE_KINDS`` order."""
    parts = []
    for kind in SOURCE_KINDS:
        labels = partner.labels(kind)
        if labels:
            parts.append(f"{SOURCE_NAMES[kind]} : " + ", ".join(labels))
    return parts


def relevance(sources: Iterable[Source]) -> int:
    """The score of a list of reasons (see the module's text)."""
    score, seen = 0, set()
    for source in sources:
        if source.kind in COUNTED_ONCE and source.kind in seen:
            continue
        seen.add(source.kind)
        if source.kind != "public-a-verifier":
            score += WEIGHTS.get(source.kind, 0)
    return score or (WEIGHTS["public-a-verifier"] if "public-a-verifier" in seen else 0)


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
    found = [
        SuggestedPartner(slug, known.partner_label(slug), tuple(reasons), relevance(reasons))
        for slug, reasons in sources.items()
    ]
    named = {p.slug: n for n, p in enumerate(found)}

    def order(partner: SuggestedPartner) -> tuple[int, int, int]:
        best = min(TIE_ORDER.index(s.kind) for s in partner.sources)
        return (-partner.score, best, named[partner.slug])

    return sorted(found, key=order)
