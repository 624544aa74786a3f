"""What a section may be opened on, when another asks for it (``UiSession.open_section``).

Declared here, not in the section that takes them, so that no section imports another.
"""

from __future__ import annotations

# the Journal on the tutor's queue (roles.json « start_intent »): the filter's own value
from frontdesk.visits.journal import TO_REVIEW

UNREAD = "unread"  # the Journal, on the visits whose feedback this profile has not read
FILL_DIRECTORY = "fill-directory"  # the Annuaire, on « Compléter l'annuaire »

__all__ = ["FILL_DIRECTORY", "TO_REVIEW", "UNREAD"]
