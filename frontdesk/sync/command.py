"""``frontdesk-cli sync``: one sync without the interface (for a scheduled task), the
enrollment of this PC, its sync state (read as the app reads it: ``frontdesk.sync.status``).

Exit codes: 0 done; 1 hub unavailable (nothing lost, try again later); 2 refused or
not enrolled (a person must act).
"""

from __future__ import annotations

import argparse

from frontdesk.commands import command, fail
from frontdesk.device import get_setting
from frontdesk.moments import NBSP, moment_text
from frontdesk.paths import AppPaths
from frontdesk.store.engine import Store
from frontdesk.store.open import StoreUnavailable, open_configured
from frontdesk.sync.client import HubRefused, HubUnavailable, SyncError
from frontdesk.sync.run import TOKEN, enroll_device, sync_once
from frontdesk.sync.status import (
    KIND_LABELS,
    NOT_ENROLLED,
    SyncFacts,
    default_label,
    read_facts,
)


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
    try:
        store = open_configured(paths)
    except StoreUnavailable as exc:
        return fail(str(exc), 2)
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
        f"Dernière synchronisation réussie{NBSP}: {moment_text(facts.last_success)}",
        f"Conflits et refus à examiner{NBSP}: {facts.open_issues}",
    ]
