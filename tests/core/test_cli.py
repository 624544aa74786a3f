"""frontdesk-cli: help, version, info, resources, migrate, backup, restore, check."""

from __future__ import annotations

import json

import pytest

from frontdesk import __version__
from frontdesk.cli import main
from frontdesk.paths import AppPaths
from frontdesk.store.backup import list_backups
from frontdesk.store.peek import StoreStatus, peek_store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    for name in ("info", "resource", "migrate", "backup", "restore", "check"):
        assert name in help_text


def test_migrate_then_info(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "migrate")[0] == 0
    code, out, _ = run(capsys, "info")
    assert code == 0
    info = json.loads(out)
    assert info["etat"] == "current" and info["base"] == str(paths.database)


def test_resource_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "resource", "roles.json")
    assert code == 0 and out.strip().endswith("roles.json")
    code, _, err = run(capsys, "resource", "absent.json")
    assert code == 1 and "introuvable" in err


def test_backup_restore_and_check(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "backup")[0] == 1  # nothing to back up yet
    run(capsys, "migrate")
    assert run(capsys, "check")[1].strip() == "La base est intacte."
    assert run(capsys, "backup")[0] == 0
    assert len(list_backups(paths.backup_dir)) == 1

    paths.database.write_bytes(b"\0garbage" * 1000)
    code, _, err = run(capsys, "check")
    assert code == 1 and "endommagée" in err

    code, out, _ = run(capsys, "restore")
    assert code == 0 and "conservée" in out
    assert peek_store(paths.database).status is StoreStatus.CURRENT


def test_restore_without_backup(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "restore")
    assert code == 1 and "Aucune sauvegarde" in err


def test_the_help_and_errors_of_the_cli_are_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk.cli import build_parser

    parser = build_parser()
    help_text = parser.format_help()
    assert help_text.startswith("utilisation : frontdesk-cli")
    assert "afficher cette aide et quitter" in help_text
    assert "afficher la version et quitter" in help_text
    assert "show " not in help_text
    with pytest.raises(SystemExit):
        parser.parse_args(["inconnue"])
    assert "erreur : argument COMMANDE : choix invalide : 'inconnue'" in capsys.readouterr().err
