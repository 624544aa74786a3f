"""Filling the directory from the screen: a data·inclusion file, or the Somme fetched
from the data·inclusion API, with progress and cancel.

Everything is read (and, for the API, downloaded) before anything is written, then
written in one transaction: a bad file, a refused token, a network cut or a cancel leaves
the directory exactly as it was. The token comes from ``api_token.TokenStore``; it is
never logged nor put in a message.
"""

from __future__ import annotations

from pathlib import Path

from frontdesk import audit
from frontdesk.accounts import ProfileInfo
from frontdesk.contacts import api
from frontdesk.contacts.editing import require
from frontdesk.contacts.importing import ImportReport, Parsed, parse_json, read_file
from frontdesk.progress import Progress
from frontdesk.store.engine import Store

API_URL = "https://api.data.inclusion.gouv.fr"
DEPARTEMENT = "80"  # the Somme
ENDPOINT_LABELS = {"structures": "structures", "services": "services"}


def _write(
    store: Store, parsed: Parsed, progress: Progress, actor: ProfileInfo, origin: str
) -> ImportReport:
    from frontdesk.contacts.upsert import apply_records

    with store.transaction() as session:
        require(session, actor, "directory.edit")
        report = apply_records(session, parsed, progress)
        audit.record(
            session,
            "directory_imported",
            actor.id,
            origin=origin,
            created=report.created,
            updated=report.updated,
            rejected=len(report.rejected),
        )
        progress.check()  # a cancel asked during the last writes still rolls back
    return report


def import_directory_file(
    store: Store, path: Path, progress: Progress, actor: ProfileInfo
) -> ImportReport:
    """A CSV or JSON data·inclusion file (format from its extension)."""
    with store.session() as session:  # refused before the file is even read
        require(session, actor, "directory.edit")
    progress.step(0, None, f"Lecture de « {path.name} »…")
    parsed = read_file(path)
    progress.check()
    return _write(store, parsed, progress, actor, "fichier")


def fetch_directory(
    store: Store,
    token: str,
    progress: Progress,
    actor: ProfileInfo,
    *,
    base_url: str = API_URL,
    departement: str = DEPARTEMENT,
) -> ImportReport:
    """Every structure and service of ``departement`` from the API, then imported."""

    def on_page(endpoint: str, count: int) -> None:
        progress.step(count, None, f"Téléchargement des {ENDPOINT_LABELS[endpoint]} : {count}…")

    with store.session() as session:
        require(session, actor, "directory.edit")
    progress.step(0, None, "Connexion à data·inclusion…")
    structures, services = api.fetch_department(base_url, token, departement, on_page=on_page)
    parsed = parse_json({"structures": structures, "services": services})
    progress.check()
    return _write(store, parsed, progress, actor, "data·inclusion")
