"""The bundled data files are present and valid; a broken file gives a French error."""

from __future__ import annotations

import pytest

from frontdesk import config, resources
from frontdesk.resources import ResourceError


def test_bundled_files_validate() -> None:
    roles = config.roles()
    assert set(roles.roles) == {"agent", "superviseur", "tuteur", "administrateur"}
    assert "profiles.manage" in roles.roles["superviseur"].actions
    assert "visit.log" not in roles.roles["tuteur"].actions
    assert [s.insee_code for s in config.sites().sites] == ["80570", "80685"]
    assert config.settings_defaults().idle_lock_minutes.default == 10
    assert config.settings_defaults().login_throttle.free_attempts == 5


def test_missing_resource_is_explained_in_french() -> None:
    with pytest.raises(ResourceError, match="introuvable"):
        resources.resource_path("n-existe-pas.json")


def test_invalid_roles_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {
        "sections": ["accueil"],
        "actions": {"visit.log": "x"},
        "roles": {"agent": {"label": "Agent", "sections": ["journal"], "actions": []}},
        "first_profile_roles": ["agent"],
    }
    monkeypatch.setattr(config, "load_json", lambda _name: broken)
    config.roles.cache_clear()
    try:
        with pytest.raises(ResourceError, match="invalide"):
            config.roles()
    finally:
        monkeypatch.undo()
        config.roles.cache_clear()
    assert config.roles().roles  # the real file still loads


def test_unreadable_json_is_refused(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "roles.json").write_text("{ pas du json", encoding="utf-8")
    monkeypatch.setattr(resources, "resource_dir", lambda: tmp_path)
    with pytest.raises(ResourceError, match="illisible"):
        resources.load_json("roles.json")


def test_all_bundled_data_files_check_out() -> None:
    from frontdesk.datafiles import check_data_files

    check_data_files()
