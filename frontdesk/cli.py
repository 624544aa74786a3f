"""``frontdesk-cli``: headless commands for superviseurs, administrators and scripts."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from frontdesk import __version__, argparse_fr
from frontdesk.commands import COMMANDS, InputRefused, command, fail, read_json_input
from frontdesk.paths import AppPaths, app_paths


@command("info", "Affiche les emplacements des fichiers et l'état de la base.")
def cmd_info(_args: argparse.Namespace, paths: AppPaths) -> int:
    from frontdesk.store.backup import list_backups
    from frontdesk.store.peek import peek_store

    peek = peek_store(paths.database)
    info = {
        "version": __version__,
        "base": str(paths.database),
        "etat": peek.status.value,
        "probleme": peek.problem or None,
        "site": peek.site_name or None,
        "profils": len(peek.profiles),
        "sauvegardes": [p.name for p in list_backups(paths.backup_dir)],
        "journal": str(paths.log_file),
    }
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return 0


def _resource_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("nom", help="nom du fichier, par exemple roles.json")


@command(
    "resource",
    "Affiche le chemin d'un fichier de données livré avec l'application.",
    _resource_args,
)
def cmd_resource(args: argparse.Namespace, _paths: AppPaths) -> int:
    from frontdesk.resources import ResourceError, resource_path

    try:
        print(resource_path(args.nom))
    except ResourceError as exc:
        return fail(str(exc))
    return 0


@command("migrate", "Sauvegarde puis met à jour la base au dernier schéma.")
def cmd_migrate(_args: argparse.Namespace, paths: AppPaths) -> int:
    from frontdesk.store.backup import BackupError
    from frontdesk.store.migrate import MigrationError, prepare_store

    try:
        backup = prepare_store(paths.ensure().database, paths.backup_dir)
    except (MigrationError, BackupError) as exc:
        return fail(str(exc))
    print(f"Base à jour. Sauvegarde : {backup.name}" if backup else "Base à jour.")
    return 0


@command("backup", "Fait une sauvegarde de la base maintenant.")
def cmd_backup(_args: argparse.Namespace, paths: AppPaths) -> int:
    from frontdesk.config import settings_defaults
    from frontdesk.store.backup import BackupError, make_backup

    if not paths.database.exists():
        return fail("Aucune base à sauvegarder.")
    try:
        target = make_backup(
            paths.database, paths.backup_dir, keep=settings_defaults().backups_kept
        )
    except BackupError as exc:
        return fail(str(exc))
    print(target)
    return 0


def _restore_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "fichier", nargs="?", help="sauvegarde à restaurer (par défaut la plus récente)"
    )


@command(
    "restore", "Remplace la base par une sauvegarde ; l'ancienne est mise de côté.", _restore_args
)
def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    from frontdesk.store.backup import BackupError, list_backups, restore_backup

    backups = list_backups(paths.backup_dir)
    chosen = Path(args.fichier) if args.fichier else (backups[0] if backups else None)
    if chosen is None:
        return fail("Aucune sauvegarde disponible.")
    try:
        kept = restore_backup(paths.database, chosen)
    except BackupError as exc:
        return fail(str(exc))
    print(f"Sauvegarde restaurée : {chosen.name}.")
    if kept:
        print(f"L'ancienne base est conservée ici : {kept}")
    return 0


@command("check", "Vérifie l'intégrité de la base (peut prendre du temps).")
def cmd_check(_args: argparse.Namespace, paths: AppPaths) -> int:
    if not paths.database.exists():
        return fail("Aucune base à vérifier.")
    try:
        conn = sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return fail(f"La base est endommagée : {exc}.")
    if result != ["ok"]:
        return fail("La base est endommagée :\n" + "\n".join(result[:20]))
    print("La base est intacte.")
    return 0


def _assess_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "fichier",
        nargs="?",
        default="-",
        help="situation JSON (par défaut l'entrée standard, ou -)",
    )


@command("assess", "Évalue une situation JSON au regard des sept publics du SPIE.", _assess_args)
def cmd_assess(args: argparse.Namespace, _paths: AppPaths) -> int:
    from frontdesk.orientation.assess import SituationError, assess, parse_situation
    from frontdesk.resources import ResourceError

    try:
        data = read_json_input(args.fichier)
    except InputRefused as exc:
        return fail(str(exc), 2)
    try:
        result = assess(parse_situation(data))
    except SituationError as exc:
        return fail(f"Situation refusée : {exc}", 2)
    except ResourceError as exc:
        return fail(str(exc), 1)
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    return 0


def _directory_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="importe un fichier CSV ou JSON data·inclusion")
    imp.add_argument("fichier")
    imp.add_argument("--format", choices=("csv", "json"), help="par défaut selon l'extension")
    exp = actions.add_parser("export", help="exporte l'annuaire en CSV ou JSON data·inclusion")
    exp.add_argument("--format", choices=("csv", "json"), required=True)
    exp.add_argument("fichier")
    fetch = actions.add_parser("fetch", help="importe la Somme depuis l'API data·inclusion")
    fetch.add_argument("--url", default="https://api.data.inclusion.gouv.fr")
    fetch.add_argument(
        "--token-env", required=True, help="variable d'environnement qui contient le jeton"
    )
    fetch.add_argument("--departement", default="80")
    search = actions.add_parser(
        "search", help="cherche des services comme l'Annuaire (synonymes, fautes de frappe)"
    )
    search.add_argument("requete", help="le texte cherché, par exemple « pôle emploi »")
    search.add_argument("--commune", help="code INSEE de la commune de la personne")
    search.add_argument("--limit", default="20", help="nombre de services au plus (1 à 200)")
    search.add_argument("--format", choices=("json",), default="json")


def _directory_search(args: argparse.Namespace, paths: AppPaths) -> int:
    """The ranked services, each with its ids, structure and the reasons it matched, as
    JSON. Bad input is told on stderr with exit code 2, before the base is opened."""
    from sqlalchemy import select

    from frontdesk.contacts.models import Service, Structure
    from frontdesk.contacts.search import SearchQuery, plan_query, search_services
    from frontdesk.contacts.search_index import explain
    from frontdesk.contacts.thesaurus import typed_words
    from frontdesk.contacts.validation import FieldError, clean_insee_commune
    from frontdesk.store.open import StoreUnavailable, open_configured

    if not typed_words(args.requete):
        example = "«\u00a0pôle emploi\u00a0»"
        return fail(f"Recherche vide\u00a0: indiquez au moins un mot, par exemple {example}.", 2)
    limit = args.limit.strip()
    if not limit.isdigit() or not 1 <= int(limit) <= 200:
        given = f"«\u00a0{args.limit}\u00a0»"
        return fail(f"--limit\u00a0: un nombre de 1 à 200 est attendu ({given}).", 2)
    commune = None
    if args.commune is not None:
        try:
            commune = clean_insee_commune(args.commune, "code_insee").code
        except FieldError as exc:
            return fail(f"--commune\u00a0: {exc.message}", 2)
    try:
        store = open_configured(paths)
    except StoreUnavailable as exc:
        return fail(str(exc))
    query = SearchQuery(text=args.requete, commune_insee=commune, limit=int(limit))
    try:
        with store.session() as session:
            hits = search_services(session, query)
            plan = plan_query(session, query.text)  # the same words, synonyms, corrections
            reasons = explain(session, plan.clauses, [hit.service_id for hit in hits])
            di_ids = {
                row[0]: (row[1], row[2])
                for row in session.execute(
                    select(Service.id, Service.di_id, Structure.di_id)
                    .join(Structure, Structure.id == Service.structure_id)
                    .where(Service.id.in_(reasons))
                )
            }
    finally:
        store.close()
    searched = [
        {
            "typed": c.typed,
            "alternatives": [{"kind": a.kind, "text": a.text} for a in c.alternatives],
        }
        for c in plan.clauses
    ]
    services = [
        {
            "rank": rank,
            "id": di_ids[hit.service_id][0],
            "service_id": str(hit.service_id),
            "name": hit.nom,
            "structure": {"id": di_ids[hit.service_id][1], "name": hit.structure_nom},
            "commune": hit.commune,
            "in_commune": hit.commune_match,
            "score": hit.score,
            "a_verifier": hit.a_verifier,
            "reasons": [
                {
                    "typed": r.typed,
                    "kind": r.kind,
                    "matched": r.found,
                    "in_name": r.in_name,
                    "text": r.sentence(),
                }
                for r in reasons[hit.service_id]
            ],
        }
        for rank, hit in enumerate(hits, 1)
    ]
    result = {"query": query.text, "commune": commune, "searched": searched, "services": services}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


@command(
    "directory",
    "Importe, exporte l'annuaire (CSV, JSON data·inclusion, API) ou y cherche des services.",
    _directory_args,
)
def cmd_directory(args: argparse.Namespace, paths: AppPaths) -> int:
    import os

    from frontdesk.contacts import api, exporting, importing
    from frontdesk.store.open import StoreUnavailable, open_configured

    if args.action == "search":
        return _directory_search(args, paths)
    try:
        store = open_configured(paths)
    except StoreUnavailable as exc:
        return fail(str(exc))
    try:
        if args.action == "export":
            with store.session() as session:
                count = exporting.export_directory(session, Path(args.fichier), args.format)
            print(f"Annuaire exporté ({args.format}) : {count} ligne(s) dans « {args.fichier} ».")
            return 0
        if args.action == "import":
            report = importing.import_file(store, Path(args.fichier), args.format)
        else:
            token = os.environ.get(args.token_env, "")
            if not token:
                return fail(f"La variable d'environnement « {args.token_env} » est vide.")
            structures, services = api.fetch_department(args.url, token, args.departement)
            data = {"structures": structures, "services": services}
            report = importing.import_parsed(store, importing.parse_json(data))
    except importing.ImportFileError as exc:
        return fail(f"Fichier refusé, rien n'a été importé : {exc}", 2)
    except exporting.ExportError as exc:
        return fail(str(exc))
    except api.DirectoryApiError as exc:
        return fail(f"{exc} L'annuaire local n'a pas été modifié.")
    finally:
        store.close()
    print("\n".join(report.lines()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    argparse_fr.install()
    # commands defined next to their feature register themselves (``@command``) on import
    from frontdesk.orientation import orient_command  # noqa: F401
    from frontdesk.stats import demo_command, export_command  # noqa: F401
    from frontdesk.sync import command as sync_command  # noqa: F401

    parser = argparse.ArgumentParser(
        prog="frontdesk-cli",
        description="Commandes de Frontdesk sans interface graphique.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"frontdesk {__version__}",
        help="afficher la version et quitter",
    )
    sub = parser.add_subparsers(dest="commande", metavar="COMMANDE", title="commandes")
    for name, (help_text, _func, arguments) in COMMANDS.items():
        arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from frontdesk.logs import install_cli_excepthook, setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.commande is None:
        parser.print_help()
        return 0
    paths = app_paths()
    setup_logging(paths.log_file)
    install_cli_excepthook(paths.log_file)
    return COMMANDS[args.commande][1](args, paths)


if __name__ == "__main__":
    sys.exit(main())
