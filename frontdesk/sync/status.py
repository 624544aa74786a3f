"""What this PC knows of its sync, as the app and ``frontdesk-cli sync etat`` both show it:
the facts read in one go (``read_facts``) and the French words for them."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.device import get_setting
from frontdesk.sync.models import SyncIssue
from frontdesk.sync.run import KIND, LAST_ERROR, LAST_SUCCESS, TOKEN, URL, pending_count

KIND_LABELS = {
    "site": "poste superviseur d'une France Services, qui modifie l'annuaire partagé",
    "accueil": "poste d'accueil d'une France Services, qui propose les modifications de l'annuaire",
    "tuteur": "poste du tuteur (Ddets)",
}
NOT_ENROLLED = (
    "Ce poste n'est pas inscrit auprès d'un hub. Inscrivez-le avec un code à usage unique"
    " donné par l'administrateur du hub : frontdesk-cli sync inscrire --url URL --code CODE."
)


@dataclass(frozen=True)
class SyncFacts:
    """What this PC knows of its sync, read in one go (plain values, thread-safe)."""

    enrolled: bool
    url: str
    kind: str
    pending: int
    last_success: datetime | None
    last_error: str
    open_issues: int


def read_facts(session: Session) -> SyncFacts:
    success = get_setting(session, LAST_SUCCESS)
    return SyncFacts(
        enrolled=bool(get_setting(session, TOKEN)),
        url=str(get_setting(session, URL) or ""),
        kind=str(get_setting(session, KIND) or ""),
        pending=pending_count(session),
        last_success=datetime.fromisoformat(success) if success else None,
        last_error=str(get_setting(session, LAST_ERROR) or ""),
        open_issues=session.scalar(
            select(func.count()).select_from(SyncIssue).where(SyncIssue.seen_at.is_(None))
        )
        or 0,
    )


def default_label() -> str:
    """How the hub's administrator will see this PC unless a name is given."""
    return socket.gethostname() or "Poste Frontdesk"
