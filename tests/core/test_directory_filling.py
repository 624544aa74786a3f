"""Filling the directory from the screen: file or API, progress, and a cancel or a
failure that leaves the directory as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.api import DirectoryApiError
from frontdesk.contacts.filling import fetch_directory, import_directory_file
from frontdesk.contacts.models import Service, Structure
from frontdesk.progress import Cancelled, Progress
from frontdesk.store.engine import Store
from tests.core.test_directory_api import DATA, TOKEN, Api, server  # noqa: F401  (fixture)


def counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Structure)) or 0,
            session.scalar(select(func.count()).select_from(Service)) or 0,
        )


def test_a_file_is_imported_with_its_progress(
    store: Store, manager: ProfileInfo, tmp_path: Path
) -> None:
    path = tmp_path / "somme.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    progress = Progress()
    report = import_directory_file(store, path, progress, manager)
    assert (report.created, report.rejected) == (10, [])
    assert counts(store) == (3, 7)
    seen = progress.snapshot()
    assert (seen.done, seen.total) == (10, 10)


def test_a_cancel_keeps_nothing(store: Store, manager: ProfileInfo, tmp_path: Path) -> None:
    path = tmp_path / "somme.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        import_directory_file(store, path, progress, manager)
    assert counts(store) == (0, 0)


def test_a_bad_file_names_its_line_and_keeps_nothing(
    store: Store, manager: ProfileInfo, tmp_path: Path
) -> None:
    path = tmp_path / "somme.json"
    path.write_text('{"structures": [', encoding="utf-8")
    with pytest.raises(ValueError, match="n'est pas du JSON valide \\(ligne 1\\)"):
        import_directory_file(store, path, Progress(), manager)
    assert counts(store) == (0, 0)


def test_the_somme_is_fetched_then_imported(
    store: Store,
    manager: ProfileInfo,
    server: tuple[str, type[Api]],  # noqa: F811
) -> None:
    url, _handler = server
    progress = Progress()
    report = fetch_directory(store, TOKEN, progress, manager, base_url=url)
    assert report.created == 10 and counts(store) == (3, 7)


def test_a_refused_token_is_said_and_nothing_changes(
    store: Store,
    manager: ProfileInfo,
    server: tuple[str, type[Api]],  # noqa: F811
) -> None:
    url, _handler = server
    with pytest.raises(DirectoryApiError, match="Jeton refusé") as refused:
        fetch_directory(store, "pas-le-bon", Progress(), manager, base_url=url)
    assert "pas-le-bon" not in str(refused.value)
    assert counts(store) == (0, 0)


def test_an_agent_may_not_import(
    store: Store, manager: ProfileInfo, tmp_path: Path, add_agent: ProfileInfo
) -> None:
    path = tmp_path / "somme.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    with pytest.raises(ValueError, match="Votre rôle ne permet pas de modifier l'annuaire"):
        import_directory_file(store, path, Progress(), add_agent)
    assert counts(store) == (0, 0)


@pytest.fixture
def add_agent(store: Store, manager: ProfileInfo) -> ProfileInfo:
    from frontdesk.accounts import create_profile

    with store.transaction() as session:
        return create_profile(
            session, "Paul Agent", "agent", "secret-agent-42", actor_id=manager.id
        )
