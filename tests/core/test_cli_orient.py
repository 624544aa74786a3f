"""``frontdesk-cli orient``: JSON out in the counter's order; French errors, exit 2 and
nothing on stdout for bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from frontdesk.accounts import ProfileInfo
from frontdesk.cli import main
from frontdesk.store.engine import Store
from tests.core.test_orient import NEET, import_around_moreuil


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ready(store: Store, manager: ProfileInfo, tmp_path: Path) -> Store:
    """Moreuil's PC with the partners around Moreuil imported from data·inclusion."""
    import_around_moreuil(store, tmp_path)
    return store


def situation(tmp_path: Path, data: Any, name: str = "situation.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_young_neet_in_moreuil(
    ready: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = situation(tmp_path, {"journeys": ["jeune-neet"], "facts": NEET, "commune": "80570"})
    code, out, err = run(capsys, "orient", path)
    assert (code, err) == (0, "")
    answer = json.loads(out)
    assert answer["commune"] == {"insee": "80570", "nom": "Moreuil"}
    first = answer["partners"][0]
    assert first["slug"] == "mission-locale" and first["rank"] == 1
    assert first["spie_partner"] and first["shown_by_default"]
    assert [s["id"] for s in first["services"]] == ["di--ml-cej"]
    assert first["services"][0]["in_zone"] is True
    assert "public oui : Jeune ni en emploi, ni en études, ni en formation" in first["reasons"]
    shown = [p["shown_by_default"] for p in answer["partners"]]
    assert shown == [True] * 5 + [False] * (len(shown) - 5)


def test_the_site_commune_by_default_and_tous_for_other_zones(
    ready: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = situation(tmp_path, {"journeys": ["chercher-emploi"]})
    code, out, _ = run(capsys, "orient", path)
    assert code == 0
    answer = json.loads(out)
    assert answer["commune"]["nom"] == "Moreuil"  # the PC's site
    [ft] = [p for p in answer["partners"] if p["slug"] == "france-travail"]
    assert [s["id"] for s in ft["services"]] == ["di--ft-accompagnement"]
    code, out, _ = run(capsys, "orient", "--tous", path)
    [ft] = [p for p in json.loads(out)["partners"] if p["slug"] == "france-travail"]
    assert [(s["id"], s["in_zone"]) for s in ft["services"]] == [
        ("di--ft-accompagnement", True),
        ("di--ft-roye", False),
    ]


def test_declaring_income_lists_the_finances_publiques_of_the_directory(
    ready: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"journeys": ["declarer-revenus"]}'))
    code, out, _ = run(capsys, "orient")
    assert code == 0
    first = json.loads(out)["partners"][0]
    assert first["slug"] == "annuaire:di--dgfip-montdidier"
    assert first["spie_partner"] is False
    assert first["label"] == "Centre des finances publiques de Montdidier"
    assert [s["id"] for s in first["services"]] == ["di--dgfip-particuliers"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{pas du json", "La situation n'est pas du JSON valide (ligne 1)\u00a0:"),
        ([], "La situation doit être un objet JSON"),
        ({"motifs": []}, "Clé inconnue\u00a0: «\u00a0motifs\u00a0»"),
        ({"journeys": "jeune-neet"}, "«\u00a0journeys\u00a0» doit être une liste"),
        ({"journeys": ["inconnu"]}, "Motif inconnu\u00a0: «\u00a0inconnu\u00a0»."),
        ({"facts": {"age": "dix-neuf"}}, "Réponses refusées («\u00a0facts\u00a0»)\u00a0:"),
        ({"facts": {"salaire": 1}}, "Clé inconnue : « salaire »."),  # the rules' own words
        ({"commune": "Moreuil"}, "«\u00a0commune\u00a0» doit être un code INSEE de 5 caractères"),
        ({"commune": 80570}, "«\u00a0commune\u00a0» doit être un code INSEE"),
    ],
)
def test_bad_input_exits_2_in_french_with_nothing_on_stdout(
    ready: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data: Any,
    message: str,
) -> None:
    code, out, err = run(capsys, "orient", situation(tmp_path, data))
    assert code == 2
    assert out == ""
    assert err.startswith(("Situation refusée\u00a0: ", "La situation n'est pas")), err
    assert message in err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "orient", str(tmp_path / "absente.json"))
    assert (code, out) == (2, "")
    assert "Impossible de lire la situation" in err


def test_without_a_configured_base(
    paths: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "orient", situation(tmp_path, {"journeys": []}))
    assert (code, out) == (1, "")
    assert "Aucune base" in err


def test_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["orient", "--help"])
    out = capsys.readouterr().out
    assert "--tous" in out and "situation JSON" in out
