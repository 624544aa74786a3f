"""Warn when a free-text note looks like it holds personal data.

The visit log keeps categories, never identities. A note is optional and shared with
the tutor; before it is saved, this check names what looks personal so the agent can
rephrase. It warns, it does not forbid: « M. le maire » is not a visitor's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from frontdesk import moments
from frontdesk.visits import privacy_patterns as patterns
from frontdesk.visits.privacy_patterns import Span


@dataclass(frozen=True)
class Finding:
    # civility-name | phone | email | date | nir | address | caf | france-travail
    # | fiscal | iban
    kind: str
    text: str  # the fragment found (shown to the agent, never logged)

    @property
    def message(self) -> str:
        return {
            "civility-name": f"« {self.text} » ressemble à un nom de personne.",
            "phone": f"« {self.text} » ressemble à un numéro de téléphone.",
            "email": f"« {self.text} » ressemble à une adresse électronique.",
            "date": f"« {self.text} » ressemble à une date de naissance.",
            "nir": f"« {self.text} » ressemble à un numéro de sécurité sociale.",
            "address": f"« {self.text} » ressemble à une adresse postale.",
            "caf": f"« {self.text} » ressemble à un numéro d'allocataire CAF ou MSA.",
            "france-travail": f"« {self.text} » ressemble à un identifiant France Travail.",
            "fiscal": f"« {self.text} » ressemble à un numéro fiscal.",
            "iban": f"« {self.text} » ressemble à des coordonnées bancaires (IBAN).",
        }[self.kind]


def _emails(text: str, _today: date) -> Iterable[Span]:
    return ((m.start(), m.end(), "email") for m in patterns.EMAIL.finditer(text))


def _ibans(text: str, _today: date) -> Iterable[Span]:
    """The longest valid IBAN at each candidate's start (« FR76 3000 … 189 merci »)."""
    from stdnum import iban

    for match in patterns.IBAN_CANDIDATE.finditer(text):
        ends = [match.start() + i + 1 for i, c in enumerate(match.group()) if c.isalnum()]
        compact = re.sub(r"\W", "", match.group()).upper()
        for length in range(len(compact), 14, -1):
            end = ends[length - 1]
            if not text[end : end + 1].isalnum() and iban.is_valid(compact[:length]):
                yield match.start(), end, "iban"
                break


def _fiscal_numbers(text: str, _today: date) -> Iterable[Span]:
    """13 digits with the key of a numéro fiscal; after « fiscal », « SPI », the key
    may be wrong (a typo is still someone's number)."""
    from stdnum.fr import nif

    for match in patterns.FISCAL_CANDIDATE.finditer(text):
        cue = patterns.FISCAL_CUE.search(text[max(0, match.start() - 40) : match.start()])
        if cue or nif.is_valid(patterns.digits_of(match.group())):
            yield match.start(), match.end(), "fiscal"


def _nirs(text: str, _today: date) -> Iterable[Span]:
    from stdnum.fr import nir

    for match in patterns.NIR_CANDIDATE.finditer(text):
        digits = patterns.digits_of(match.group())
        # A full number with a valid key, or 13 digits alone (the key left out).
        if (len(digits) == 15 and nir.is_valid(digits)) or len(digits) == 13:
            yield match.start(), match.end(), "nir"


def _phones(text: str, _today: date) -> Iterable[Span]:
    import phonenumbers  # loaded on first use: a large module, only needed here

    for match in phonenumbers.PhoneNumberMatcher(text, "FR"):
        yield match.start, match.end, "phone"


def _france_travail_ids(text: str, _today: date) -> Iterable[Span]:
    for match in patterns.FRANCE_TRAVAIL_ID.finditer(text):
        yield match.start(), match.end(), "france-travail"
    for match in patterns.FRANCE_TRAVAIL_CUE.finditer(text):
        if any(c.isdigit() for c in match["id"]):
            yield match.start("id"), match.end("id"), "france-travail"


def _caf_numbers(text: str, _today: date) -> Iterable[Span]:
    return ((m.start("id"), m.end("id"), "caf") for m in patterns.CAF.finditer(text))


# First come, first kept: where two spans overlap, the earlier detector names it (an
# IBAN's digits are not a phone number, a NIR is not a date).
DETECTORS: tuple[Callable[[str, date], Iterable[Span]], ...] = (
    _emails,
    _ibans,
    _fiscal_numbers,
    _nirs,
    _phones,
    _france_travail_ids,
    _caf_numbers,
    patterns.addresses,  # « 12 rue du 8 Mai 1945 » is an address, not a birth date
    patterns.birth_dates,
    patterns.civility_names,
)


def personal_data_findings(text: str, *, today: date | None = None) -> list[Finding]:
    """What in ``text`` looks like a name, an address, a phone number, an e-mail, a birth
    date or an identifier (NIR, numéro fiscal, IBAN, CAF, France Travail), in text order.
    ``today`` tells a birth date from a coming appointment (tests set it)."""
    today = today or moments.today()
    kept: list[Span] = []
    for detect in DETECTORS:
        for start, end, kind in detect(text, today):
            if not any(
                start < other_end and other_start < end for other_start, other_end, _ in kept
            ):
                kept.append((start, end, kind))
    return [Finding(kind, text[start:end]) for start, end, kind in sorted(kept)]
