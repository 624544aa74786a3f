"""What the app shows of the sync: its health, and the texts of the status bar and the
section (no widgets here: plain values and French words)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any

from frontdesk.sync.status import SyncFacts
from frontdesk.ui.text import after_colon, clock, typo


class Health(Enum):
    UNKNOWN = "unknown"  # enrolled, not tried yet since the app started
    ONLINE = "online"
    OFFLINE = "offline"  # hub unavailable: retried automatically
    ERROR = "error"  # refused: a person must act


@dataclass(frozen=True)
class SyncStatus:
    facts: SyncFacts | None = None  # None until first read
    health: Health = Health.UNKNOWN
    reason: str = ""
    running: bool = False
    next_attempt: datetime | None = None  # None: no automatic attempt planned

    @property
    def enrolled(self) -> bool:
        return self.facts is not None and self.facts.enrolled

    def but(self, **changes: Any) -> SyncStatus:
        return replace(self, **changes)


def pending_words(count: int) -> str:
    return f"{count}\u00a0en attente"


def bar_text(status: SyncStatus) -> str:
    """« à jour », « 3 en attente », « hors ligne », « erreur », « non configurée »."""
    if not status.enrolled:
        return "non configurée"
    assert status.facts is not None
    pending = status.facts.pending
    if status.running:
        return "en cours…"
    if status.health is Health.OFFLINE:
        return f"hors ligne ({pending_words(pending)})" if pending else "hors ligne"
    if status.health is Health.ERROR:
        return "erreur"
    if pending:
        return pending_words(pending)
    if status.health is Health.UNKNOWN and status.facts.last_success is None:
        return "jamais synchronisée"
    return "à jour"


def bar_detail(status: SyncStatus) -> str:
    """The tooltip and accessible description of the status bar's sync label."""
    if not status.enrolled:
        return typo("Ce poste n'est inscrit auprès d'aucun hub : il fonctionne hors ligne.")
    return typo(status.reason) if status.reason else typo(state_text(status))


def state_text(status: SyncStatus) -> str:
    """The section's state line: « en ligne », « hors ligne : <raison> », « erreur : … »."""
    if not status.enrolled:
        return "non configurée"
    if status.running:
        return "synchronisation en cours…"
    if status.health is Health.ONLINE:
        return "en ligne"
    if status.health is Health.OFFLINE:
        return typo(f"hors ligne : {after_colon(status.reason)}")
    if status.health is Health.ERROR:
        return typo(f"erreur : {after_colon(status.reason)}")
    assert status.facts is not None
    if status.facts.last_error:
        return typo(f"dernier essai en échec : {after_colon(status.facts.last_error)}")
    return "pas encore vérifié depuis l'ouverture"


def state_word(status: SyncStatus) -> tuple[str, str]:
    """The state as a badge word and its reason: (« hors ligne », « Hub injoignable… »)."""
    text = state_text(status)
    word, _sep, reason = text.partition("\u00a0: ")
    return word, reason[:1].upper() + reason[1:]  # the reason stands alone: a sentence


def next_attempt_text(status: SyncStatus) -> str:
    if not status.enrolled or status.running:
        return ""
    if status.next_attempt is None:
        return typo(
            "Pas de nouvel essai automatique : une personne doit agir (nouvelle inscription "
            "ou demande à l'administrateur du hub), puis « Synchroniser maintenant »."
        )
    return f"Prochain essai automatique vers {clock(status.next_attempt)}."
