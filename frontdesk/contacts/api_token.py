"""The data·inclusion API token of this PC's user, entered once.

Kept in the system's credential store through ``keyring`` (Windows Credential Manager,
macOS Keychain, the Secret Service on a Linux desktop) where the PC has one; otherwise
in a file of the configuration folder that only the user can read. Never in the
database, a log or an export, and never shown back: the screens only learn whether a
token is kept, and where.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Literal

import keyring
from keyring.errors import KeyringError

from frontdesk.errors import UserError
from frontdesk.paths import private_file

SERVICE, ACCOUNT = "Frontdesk — data·inclusion", "jeton-api"
FILE_NAME = "data-inclusion.jeton"
Where = Literal["trousseau", "fichier"]
WHERE_TEXT = {
    "trousseau": "dans le coffre-fort de mots de passe du système",
    "fichier": "dans un fichier lisible par vous seul",
}

log = logging.getLogger(__name__)


class TokenError(UserError):
    """The token could not be kept or read; the message is French."""


def _usable_keyring() -> bool:
    """A real backend (the « fail » one has priority 0)."""
    try:
        return float(keyring.get_keyring().priority) > 0
    except (KeyringError, AttributeError):
        return False


class TokenStore:
    """``save``, ``load``, ``forget`` the token; ``folder`` holds the file fallback."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / FILE_NAME

    def save(self, token: str) -> Where:
        token = token.strip()
        if not token:
            raise TokenError("Le jeton est vide : collez celui que data·inclusion vous a donné.")
        if any(c.isspace() for c in token):
            raise TokenError("Le jeton ne doit contenir ni espace ni retour à la ligne.")
        if _usable_keyring():
            try:
                keyring.set_password(SERVICE, ACCOUNT, token)
            except KeyringError:
                log.warning("credential store refused the token; kept in a private file")
            else:
                self._remove_file()
                return "trousseau"
        try:
            private_file(self.file)
            self.file.write_text(token, encoding="utf-8")
        except OSError as exc:
            raise TokenError(f"Impossible d'enregistrer le jeton : {exc.strerror}.") from exc
        return "fichier"

    def load(self) -> str | None:
        if _usable_keyring():
            try:
                kept = keyring.get_password(SERVICE, ACCOUNT)
            except KeyringError:
                kept = None
            if kept:
                return kept
        try:
            text = self.file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenError(f"Impossible de lire le jeton enregistré : {exc.strerror}.") from exc
        return text or None

    def where(self) -> Where | None:
        """Where the token is kept, or None if there is none (the token is not returned)."""
        if _usable_keyring():
            try:
                if keyring.get_password(SERVICE, ACCOUNT):
                    return "trousseau"
            except KeyringError:
                pass
        return "fichier" if self.file.is_file() and self.file.stat().st_size else None

    def forget(self) -> None:
        if _usable_keyring():
            with contextlib.suppress(KeyringError):  # none kept there, or unreachable
                keyring.delete_password(SERVICE, ACCOUNT)
        self._remove_file()

    def _remove_file(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.file)
