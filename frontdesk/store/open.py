"""Opening this PC's database for a headless command (``frontdesk-cli``): only a store
the app has already set up and migrated, never one it would have to create or upgrade."""

from __future__ import annotations

from frontdesk.errors import UserError
from frontdesk.paths import AppPaths
from frontdesk.store.engine import Store
from frontdesk.store.peek import StoreStatus, peek_store


class StoreUnavailable(UserError):
    """The database cannot be used as it is (``str()``: what to do, in French)."""


def open_configured(paths: AppPaths) -> Store:
    """The store of a PC set up by the app; ``StoreUnavailable`` otherwise. The caller
    closes it."""
    peek = peek_store(paths.database)
    if peek.status is StoreStatus.MISSING:
        raise StoreUnavailable("Aucune base : lancez d'abord Frontdesk pour configurer ce poste.")
    if peek.status is not StoreStatus.CURRENT:
        problem = peek.problem or "à mettre à jour : frontdesk-cli migrate"
        raise StoreUnavailable(f"Base inutilisable ({problem}).")
    if peek.needs_first_run:
        raise StoreUnavailable("Ce poste n'est pas encore configuré : lancez d'abord Frontdesk.")
    return Store(paths.database)
