"""Shared fixtures: every test gets its own FRONTDESK_HOME; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.accounts import ProfileInfo
from frontdesk.context import AppContext
from frontdesk.paths import AppPaths, app_paths
from frontdesk.setup import first_run, known_sites
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store

PASSWORD = "motdepasse-sur"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("FRONTDESK_HOME", str(tmp_path / "home"))
    return app_paths().ensure()


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    """A migrated, empty store (no site yet)."""
    prepare_store(paths.database, paths.backup_dir)
    opened = Store(paths.database)
    yield opened
    opened.close()


@pytest.fixture
def manager(store: Store) -> ProfileInfo:
    """The PC is set up for Moreuil with a superviseur profile."""
    with store.transaction() as session:
        profile = first_run(
            session, known_sites()[0], "Claire Superviseure", "superviseur", PASSWORD
        )
    return profile


@pytest.fixture
def ctx(paths: AppPaths, store: Store) -> Iterator[AppContext]:
    context = AppContext(paths)
    yield context
    context.close()
