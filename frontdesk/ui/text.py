"""French typography for texts shown on screen (core texts are written with plain spaces).

A non-breaking space goes before « : », a narrow one before « ; ! ? », and inside
the guillemets, so that no line ever starts with a colon or a lone guillemet.
"""

from __future__ import annotations

import re
from datetime import datetime

from frontdesk.moments import time_text

NBSP = "\u00a0"
NNBSP = "\u202f"  # espace fine insécable

_BEFORE = re.compile(r"[ \u00a0\u202f]*([:;!?»])")
_AFTER = re.compile(r"«[ \u00a0\u202f]*")


def typo(text: str) -> str:
    """« Quel âge a la personne ? » with the right unbreakable spaces."""

    def before(match: re.Match[str]) -> str:
        mark = match.group(1)
        # Glued to a word, a colon stays glued (« 14:32 », « https: »).
        if match.start() == 0 or (mark == ":" and match.group(0) == ":"):
            return mark
        return (NBSP if mark in ":»" else NNBSP) + mark

    return _AFTER.sub("«" + NBSP, _BEFORE.sub(before, text))


def clock(moment: datetime) -> str:
    """« 14 h 05 » at the counters' time (``frontdesk.moments``)."""
    return time_text(moment)


def after_colon(text: str) -> str:
    """A sentence put after « … : » starts in lower case (« Inscription refusée : ce
    poste… »), unless it starts with an acronym (« URL », « PC »)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
