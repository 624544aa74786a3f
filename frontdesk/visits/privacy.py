"""Warn when a free-text note looks like it holds personal data.

The visit log keeps categories, never identities. A note is optional and shared with
the tutor; before it is saved, this check names what looks personal so the agent can
rephrase. It warns, it does not forbid: « M. le maire » is not a visitor's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CIVILITY = re.compile(
    r"\b(?:M\.|Mr\.?|Mme|Mlle|Monsieur|Madame|Mademoiselle)\s+(?:[A-ZÀ-ÖØ-Þ][\w'-]+)"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b")
# 13 digits (+ 2-digit key), spaced or not; Corsica's 2A/2B department allowed.
NIR_CANDIDATE = re.compile(
    r"\b[12][\s.]?\d{2}[\s.]?\d{2}[\s.]?(?:\d{2}|2[AB])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?\b"
)


@dataclass(frozen=True)
class Finding:
    kind: str  # civility-name | phone | email | date | nir
    text: str  # the fragment found (shown to the agent, never logged)

    @property
    def message(self) -> str:
        return {
            "civility-name": f"« {self.text} » ressemble à un nom de personne.",
            "phone": f"« {self.text} » ressemble à un numéro de téléphone.",
            "email": f"« {self.text} » ressemble à une adresse électronique.",
            "date": f"« {self.text} » ressemble à une date de naissance.",
            "nir": f"« {self.text} » ressemble à un numéro de sécurité sociale.",
        }[self.kind]


def _nir_findings(text: str) -> list[Finding]:
    from stdnum.fr import nir

    found = []
    for match in NIR_CANDIDATE.finditer(text):
        digits = re.sub(r"[\s.]", "", match.group())
        # A full number with a valid key, or 13 digits alone (the key left out).
        if (len(digits) == 15 and nir.is_valid(digits)) or len(digits) == 13:
            found.append(Finding("nir", match.group()))
    return found


def personal_data_findings(text: str) -> list[Finding]:
    """What in ``text`` looks like a name, phone number, e-mail, birth date or NIR."""
    import phonenumbers  # loaded on first use: a large module, only needed here

    findings = [Finding("civility-name", m.group()) for m in CIVILITY.finditer(text)]
    findings += [Finding("email", m.group()) for m in EMAIL.finditer(text)]
    nirs = _nir_findings(text)
    findings += nirs
    nir_spans = {f.text for f in nirs}
    for match in phonenumbers.PhoneNumberMatcher(text, "FR"):
        if not any(match.raw_string in span for span in nir_spans):
            findings.append(Finding("phone", match.raw_string))
    findings += [Finding("date", m.group()) for m in DATE.finditer(text)]
    return findings
