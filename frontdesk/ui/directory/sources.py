"""Where a directory entry comes from, told to the agents in words, never in file paths.

The shipped directory notes, for each entry, the references it was built from
(« shared/reference/spie-domain.md §3 … »): useful to whoever maintains the data files,
meaningless at a counter. Those technical notes stay in the database, unchanged; the
screens show a human source instead (« Annuaire fourni avec Frontdesk »), and a note only
when a person wrote it.
"""

from __future__ import annotations

import re

SOURCES = {
    "frontdesk-defaut": "Annuaire fourni avec Frontdesk",
    "frontdesk-saisie": "Saisie sur un poste France Services",
    "dora": "DORA (data·inclusion)",
    "data-inclusion": "data·inclusion",
}
# A repository path (« shared/reference/… », « resources/geo/somme.json ») or a data file.
_TECHNICAL = re.compile(
    r"\b(?:shared|resources|frontdesk|tests|docs|src)/[\w./-]+"
    r"|\b[\w-]+\.(?:md|json|py|txt|csv|ya?ml)\b"
)


def source_label(source: str) -> str:
    """« Annuaire fourni avec Frontdesk » for « frontdesk-defaut »; an import's own name
    (« soliguide ») as it is."""
    return SOURCES.get(source, source)


def is_technical(note: str | None) -> bool:
    """A note written for the maintainers of the data files, not for the agents."""
    return bool(note) and _TECHNICAL.search(note or "") is not None


def readable_note(note: str | None) -> str | None:
    """The note an agent may read: None when there is none or it is a technical one."""
    note = (note or "").strip()
    return None if not note or is_technical(note) else note
