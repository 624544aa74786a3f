"""``frontdesk-hub``: serve the hub, administer sites, devices and enrollment codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from frontdesk import __version__, argparse_fr

DB_ENV = "FRONTDESK_HUB_DB"
THREADS_ENV, THREADS = "FRONTDESK_HUB_THREADS", 2  # request threads per worker
HOME_ENV = "FRONTDESK_HUB_HOME"


def default_url() -> str:
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    if os.environ.get(HOME_ENV):
        home = Path(os.environ[HOME_ENV])
    else:
        from platformdirs import user_data_dir

        home = Path(user_data_dir("frontdesk-hub", appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'hub.db'}"


def build_parser() -> argparse.ArgumentParser:
    argparse_fr.install()
    parser = argparse.ArgumentParser(
        prog="frontdesk-hub", description="Hub de synchronisation Frontdesk."
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"frontdesk {__version__}",
        help="afficher la version et quitter",
    )
    parser.add_argument("--db", help=f"URL de la base (défaut : ${DB_ENV} ou un fichier SQLite)")
    sub = parser.add_subparsers(dest="commande", metavar="COMMANDE", required=True)
    serve = sub.add_parser("serve", help="démarre le hub (HTTP, à placer derrière un proxy TLS)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, help="processus (PostgreSQL seulement)")
    serve.add_argument(
        "--threads",
        type=int,
        default=THREADS,
        choices=range(1, 65),
        metavar="N",
        help=f"fils de requêtes par processus (défaut : {THREADS} ; peu, c'est plus rapide)",
    )
    admin = sub.add_parser("admin", help="sites, postes et codes d'inscription")
    actions = admin.add_subparsers(dest="action", metavar="ACTION", required=True)
    site = actions.add_parser("site", help="crée un site")
    site.add_argument("id")
    site.add_argument("nom")
    code = actions.add_parser("code", help="émet un code d'inscription à usage unique (24 h)")
    who = code.add_mutually_exclusive_group(required=True)
    who.add_argument("--site", help="pour un poste de ce site")
    who.add_argument("--tuteur", action="store_true", help="pour un poste de tuteur (Ddets)")
    code.add_argument(
        "--superviseur",
        action="store_true",
        help="poste de site qui modifie l'annuaire partagé (sinon : ses modifications"
        " arrivent aux superviseurs comme propositions)",
    )
    actions.add_parser("postes", help="liste les postes inscrits")
    revoke = actions.add_parser("revoquer", help="révoque un poste")
    revoke.add_argument("poste")
    rotate = actions.add_parser("renouveler", help="remplace le jeton d'un poste")
    rotate.add_argument("poste")
    upkeep = actions.add_parser(
        "entretien", help="efface les suppressions déjà reçues par tous les postes actifs"
    )
    upkeep.add_argument(
        "--jours", type=int, default=90, help="un poste silencieux plus longtemps sera rechargé"
    )
    actions.add_parser(
        "restauration",
        help="à lancer après avoir restauré la base d'une sauvegarde : les postes renvoient"
        " ce qu'elle a perdu, puis rechargent sans rien effacer que le hub n'ait supprimé",
    )
    return parser


def _admin(args: argparse.Namespace, url: str) -> int:
    from frontdesk.hub import admin
    from frontdesk.hub.db import HubStore, upgrade_hub
    from frontdesk.moments import moment_text

    store = HubStore(url)
    upgrade_hub(store.engine)
    try:
        with store.transaction() as session:
            if args.action == "site":
                created = admin.create_site(session, args.id, args.nom)
                print(f"Site « {created.id} » créé ({created.name}).")
            elif args.action == "code":
                kind = "tuteur" if args.tuteur else "site"
                issued = admin.issue_enrollment(
                    session, kind, args.site, directory_editor=args.superviseur
                )
                whom = (
                    "un poste de tuteur"
                    if kind == "tuteur"
                    else f"un poste {_profile(issued.directory_editor)} du site « {args.site} »"
                )
                print(f"Code d'inscription pour {whom}, valable 24 h, à usage unique :")
                print(issued.code)
            elif args.action == "postes":
                for device in admin.list_devices(session):
                    state = "révoqué" if device.revoked_at else "actif"
                    seen = moment_text(device.last_seen_at)
                    editor = device.directory_editor
                    role = "tuteur" if device.kind == "tuteur" else _profile(editor)
                    print(
                        f"{device.id}  {role:12} {device.site_id or '—':12}"
                        f" {state:8} vu : {seen}  {admin.without_controls(device.label)}"
                    )
            elif args.action == "revoquer":
                device = admin.revoke_device(session, args.poste)
                print(f"Poste {device.id} révoqué.")
            elif args.action == "entretien":
                from frontdesk.hub.maintenance import routine_upkeep

                horizon, tombstones, replies = routine_upkeep(session, args.jours)
                print(
                    f"Entretien fait : {tombstones} suppression(s) effacée(s) jusqu'à la"
                    f" modification n° {horizon}, {replies} réponse(s) d'envoi oubliée(s)."
                )
            elif args.action == "restauration":
                from frontdesk.hub.maintenance import restored

                epoch = restored(session)
                print(
                    f"Base déclarée restaurée (nouvel historique {epoch[:8]}) : à leur prochaine"
                    " synchronisation, les postes renvoient les modifications perdues."
                )
            else:
                token = admin.rotate_token(session, args.poste)
                print("Nouveau jeton (affiché une seule fois) :")
                print(token)
    except admin.HubAdminError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


def _profile(directory_editor: bool) -> str:
    return "superviseur" if directory_editor else "d'accueil"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = args.db or default_url()
    if args.commande == "admin":
        return _admin(args, url)
    import uvicorn

    from frontdesk.hub.db import HubStore, upgrade_hub

    store = HubStore(url)
    upgrade_hub(store.engine)
    store.close()
    os.environ[DB_ENV] = url  # the workers build their app from these
    os.environ[THREADS_ENV] = str(args.threads)
    uvicorn.run(
        "frontdesk.hub.server:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        factory=False,
        log_level="info",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
