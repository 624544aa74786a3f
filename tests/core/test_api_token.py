"""The data·inclusion token: the system's credential store when there is one, else a
file only the user can read; never in a log."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from frontdesk.contacts.api_token import SERVICE, TokenError, TokenStore

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("none")


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous, backend = keyring.get_keyring(), MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_credential_store_the_token_is_in_a_private_file(
    tmp_path: Path, no_keyring: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = TokenStore(tmp_path)
    assert tokens.where() is None and tokens.load() is None
    assert tokens.save(f"  {TOKEN}\n") == "fichier"
    assert tokens.load() == TOKEN and tokens.where() == "fichier"
    if os.name == "posix":
        assert stat.S_IMODE(tokens.file.stat().st_mode) == 0o600
    tokens.forget()
    assert tokens.load() is None and not tokens.file.exists()
    assert TOKEN not in caplog.text


def test_with_a_credential_store_the_token_is_kept_there_only(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    tokens = TokenStore(tmp_path)
    tokens.file.write_text("ancien-jeton", encoding="utf-8")  # from a PC without one
    assert tokens.save(TOKEN) == "trousseau"
    assert memory_keyring.kept == {(SERVICE, "jeton-api"): TOKEN}
    assert not tokens.file.exists()  # the old copy is gone
    assert tokens.load() == TOKEN and tokens.where() == "trousseau"
    tokens.forget()
    assert memory_keyring.kept == {} and tokens.where() is None
    tokens.forget()  # nothing kept: no error


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("   ", "Le jeton est vide : collez celui que data·inclusion vous a donné."),
        ("abc def", "Le jeton ne doit contenir ni espace ni retour à la ligne."),
    ],
)
def test_a_bad_token_is_refused_in_french(
    tmp_path: Path, no_keyring: None, typed: str, said: str
) -> None:
    with pytest.raises(TokenError) as refused:
        TokenStore(tmp_path).save(typed)
    assert str(refused.value) == said
    assert not (tmp_path / "data-inclusion.jeton").exists()
