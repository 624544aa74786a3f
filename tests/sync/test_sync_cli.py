"""``frontdesk-cli sync``: enrol this PC, sync headless, read the state; exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from frontdesk.accounts import ProfileInfo
from frontdesk.cli import main
from frontdesk.hub.models import Record
from frontdesk.paths import AppPaths
from frontdesk.store.engine import Store
from frontdesk.sync.models import SyncIssue
from tests.sync.test_sync import log_visits


@pytest.fixture
def hub_url(tmp_path: Path) -> str:
    """The CLI does not depend on the hub's database: SQLite is enough here."""
    return f"sqlite:///{tmp_path / 'hub.db'}"


@pytest.fixture
def device(store: Store, manager: ProfileInfo) -> Store:
    """This PC (FRONTDESK_HOME), set up for Moreuil, with the profile for log_visits."""
    store.profile = manager  # type: ignore[attr-defined]
    return store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["sync", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_not_enrolled_says_how(device: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "n'est pas inscrit" in err and "sync inscrire" in err
    code, out, _ = run(capsys, "etat")
    assert code == 0
    assert "non configurée" in out and "Modifications en attente d'envoi\u00a0: 0" in out


def test_enrol_sync_and_state(hub, device: Store, capsys: pytest.CaptureFixture[str]) -> None:
    log_visits(device, 2)
    code, out, _ = run(capsys, "inscrire", "--url", hub.url, "--code", hub.code("moreuil"))
    assert code == 0 and "Poste inscrit (poste superviseur d'une France Services" in out
    code, out, _ = run(capsys, "etat")
    assert f"Hub\u00a0: {hub.url}" in out and "jamais synchronisé" in out
    assert "Modifications en attente d'envoi\u00a0: 2" in out
    assert "Dernière synchronisation réussie\u00a0: jamais" in out

    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert "Synchronisation réussie\u00a0: 2 modification(s) envoyée(s)" in out
    with hub.store.transaction() as session:
        query = select(func.count()).select_from(Record).where(Record.site_id != "defaut")
        assert session.scalar(query) == 2
    code, out, _ = run(capsys, "etat")
    assert "État\u00a0: à jour" in out and "en attente d'envoi\u00a0: 0" in out
    assert "Dernière synchronisation réussie\u00a0: jamais" not in out
    assert "Conflits et refus à examiner\u00a0: 0" in out


def test_a_spent_code_and_a_bad_url_are_refused(
    hub, device: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code = hub.code("moreuil")
    assert run(capsys, "inscrire", "--url", hub.url, "--code", code)[0] == 0
    status, _, err = run(capsys, "inscrire", "--url", hub.url, "--code", code)
    assert status == 2 and err.startswith("Inscription refusée\u00a0:")
    status, _, err = run(capsys, "inscrire", "--url", "http://hub.somme.fr", "--code", "X")
    assert status == 2 and "non chiffrée" in err


def test_hub_down_exits_1_and_keeps_the_changes(
    hub, device: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "inscrire", "--url", hub.url, "--code", hub.code("moreuil"))[0] == 0
    log_visits(device, 3)
    hub.stop()
    code, out, err = run(capsys)
    assert code == 1 and out == ""
    assert err.startswith("Synchronisation impossible\u00a0: Hub injoignable")
    code, out, _ = run(capsys, "etat")
    assert "dernier essai en échec\u00a0: Hub injoignable" in out
    assert "Modifications en attente d'envoi\u00a0: 3" in out


def test_revoked_token_exits_2(hub, device: Store, capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk.device import get_setting
    from frontdesk.hub import admin
    from frontdesk.sync.run import DEVICE

    assert (
        run(capsys, "inscrire", "--url", hub.url, "--code", hub.code("moreuil"), "--nom", "PC 1")[0]
        == 0
    )
    with device.session() as session:
        hub_device = get_setting(session, DEVICE)
    with hub.store.transaction() as session:
        admin.revoke_device(session, hub_device)
    code, _, err = run(capsys)
    assert code == 2 and "Jeton refusé" in err


def test_open_conflicts_are_counted(device: Store, capsys: pytest.CaptureFixture[str]) -> None:
    import uuid

    with device.transaction() as session:
        for kind in ("conflict", "rejected"):
            session.add(
                SyncIssue(
                    kind=kind,
                    entity="direct_contact",
                    record_id=uuid.uuid4(),
                    reason="Champ « role » modifié des deux côtés",
                )
            )
    assert "Conflits et refus à examiner\u00a0: 2" in run(capsys, "etat")[1]


def test_no_database_yet(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "Aucune base" in err
