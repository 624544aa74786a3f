"""``frontdesk-cli sync``: one sync without the interface (for a scheduled task), the
enrollment of this PC, its sync state. Also what the app and the CLI both read of the
sync state (``read_facts``).

Exit codes: 0 done; 1 hub unavailable (nothing lost, try again later); 2 refused or
not enrolled (a person must act).
"""

from __future__ import annotations

import argparse
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.cli import _open_directory_store, command, fail
from frontdesk.device import get_setting
from frontdesk.paths import AppPaths
from frontdesk.sync.client import HubRefused, HubUnavailable, SyncError
from frontdesk.sync.models import SyncIssue
from frontdesk.sync.run import (
    KIND,
    LAST_ERROR,
    LAST_SUCCESS,
    TOKEN,
    URL,
    enroll_device,
    pending_count,
    sync_once,
)

if TYPE_CHECKING:
    from frontdesk.store.engine import Store

NBSP = "\u00a0"
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


def french_moment(moment: datetime | None) -> str:
    """« 14/03/2026 à 09:05 » in the PC's time zone; « jamais » without a moment."""
    if moment is None:
        return "jamais"
    return f"{moment.astimezone():%d/%m/%Y} à {moment.astimezone():%H:%M}"


def default_label() -> str:
    """How the hub's administrator will see this PC unless a name is given."""
    return socket.gethostname() or "Poste Frontdesk"


def _sync_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    enroll = actions.add_parser(
        "inscrire",
        help="inscrit ce poste auprès d'un hub avec un code à usage unique",
        description="Inscrit ce poste auprès d'un hub avec un code à usage unique (valable"
        " 24 h) donné par l'administrateur du hub. Le poste garde ensuite un jeton secret.",
    )
    enroll.add_argument("--url", required=True, help="adresse du hub (https://…)")
    enroll.add_argument("--code", required=True, help="code d'inscription à usage unique")
    enroll.add_argument("--nom", help="nom du poste vu par le hub (par défaut le nom du PC)")
    actions.add_parser("etat", help="affiche l'état de la synchronisation de ce poste")


@command(
    "sync",
    "Synchronise ce poste avec le hub maintenant (ou : inscrire, etat).",
    _sync_args,
)
def cmd_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    store = _open_directory_store(paths)
    if isinstance(store, str):
        return fail(store, 2)
    try:
        if args.action == "inscrire":
            return _enroll(store, args)
        if args.action == "etat":
            with store.session() as session:
                facts = read_facts(session)
            print("\n".join(state_lines(facts)))
            return 0
        with store.session() as session:
            enrolled = bool(get_setting(session, TOKEN))
        if not enrolled:
            return fail(NOT_ENROLLED, 2)
        try:
            report = sync_once(store)
        except HubUnavailable as exc:
            return fail(f"Synchronisation impossible{NBSP}: {exc}", 1)
        except SyncError as exc:
            return fail(f"Synchronisation refusée{NBSP}: {exc}", 2)
        print(f"Synchronisation réussie{NBSP}: {report.summary()}")
        return 0
    finally:
        store.close()


def _enroll(store: Store, args: argparse.Namespace) -> int:
    code = args.code.strip()
    if not code:
        return fail("Le code d'inscription est vide.", 2)
    try:
        label = (args.nom or "").strip() or default_label()
        kind = enroll_device(store, args.url, code, label)
    except HubUnavailable as exc:
        return fail(f"Inscription impossible{NBSP}: {exc}", 1)
    except (HubRefused, SyncError) as exc:
        return fail(f"Inscription refusée{NBSP}: {exc}", 2)
    print(
        f"Poste inscrit ({KIND_LABELS.get(kind, kind)}). Lancez « frontdesk-cli sync »"
        " pour une première synchronisation."
    )
    return 0


def state_lines(facts: SyncFacts) -> list[str]:
    if not facts.enrolled:
        lines = [f"Hub{NBSP}: aucun", f"État{NBSP}: non configurée ({NOT_ENROLLED})"]
    else:
        if facts.last_error:
            state = f"dernier essai en échec{NBSP}: {facts.last_error}"
        elif facts.last_success is None:
            state = "jamais synchronisé"
        else:
            state = "à jour" if facts.pending == 0 else "en ligne, modifications à envoyer"
        lines = [
            f"Hub{NBSP}: {facts.url}",
            f"Type de poste{NBSP}: {KIND_LABELS.get(facts.kind, facts.kind or '—')}",
            f"État{NBSP}: {state}",
        ]
    return [
        *lines,
        f"Modifications en attente d'envoi{NBSP}: {facts.pending}",
        f"Dernière synchronisation réussie{NBSP}: {french_moment(facts.last_success)}",
        f"Conflits et refus à examiner{NBSP}: {facts.open_issues}",
    ]
