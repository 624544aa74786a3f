"""A broken rules file stops everything with a message naming the entry; nothing half-loads."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from frontdesk.orientation.rules import RulesError, compile_rules
from frontdesk.resources import load_json


@pytest.fixture
def rules_data() -> dict[str, Any]:
    return copy.deepcopy(load_json("spie-rules.json"))


def test_bundled_rules_compile(rules_data: dict[str, Any]) -> None:
    rules = compile_rules(rules_data)
    assert len(rules.publics) == 7 and rules.hints


def test_thresholds_come_from_the_file(rules_data: dict[str, Any]) -> None:
    rules_data["thresholds"]["ase_age_max_exclusive"] = 22
    rules = compile_rules(rules_data)
    ase = rules.publics[6]
    assert ase.evaluate_directly({"ase_before_18": True, "age": 21}).status == "oui"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["publics"][2]["rule"]["all"][0].update(gte="age_pivot"),
            "jeune-neet.*seuil inconnu",
        ),
        (
            lambda d: d["publics"][0]["rule"].update(fact="salaire"),
            "beneficiaire-rsa.*fait inconnu",
        ),
        (
            lambda d: d["publics"][0]["rule"].update(yes="Perçoit {montant}."),
            "beneficiaire-rsa.*montant",
        ),
        (
            lambda d: d["publics"][6]["rule"]["all"][0].update(
                yes="Suivi {job_seeker_months} mois."
            ),
            "jeune-sortant-ase",
        ),
        (
            lambda d: d["hints"][0]["when"].update(public="inconnu"),
            "contrat-engagement-jeune.*public inconnu",
        ),
        (lambda d: d["publics"][1].pop("documents"), "invalide"),
        (
            lambda d: d["publics"][4]["rule"]["all"][0].update(any=[]),
            "travailleur-rqth.*liste non vide",
        ),
        (
            lambda d: d["facts"]["protection_status"].update(no_value="non"),
            "protection_status.*no_value",
        ),
        (
            lambda d: d["facts"]["age"].update(range_message="Entre {min} et {plafond}."),
            "age.*plafond",
        ),
    ],
)
def test_invalid_rules_are_refused_with_their_place(
    rules_data: dict[str, Any], mutate, message: str
) -> None:
    mutate(rules_data)
    with pytest.raises(RulesError, match=message):
        compile_rules(rules_data)


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "assess", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_assess_from_stdin_and_file(tmp_path: Path) -> None:
    done = run_cli(stdin='{"age": 20, "employed": false, "student": false, "in_training": false}')
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["publics"][2] | {"reasons": [], "documents": []} == {
        "slug": "jeune-neet",
        "status": "oui",
        "reasons": [],
        "documents": [],
        "partners": ["mission-locale", "france-travail"],
    }
    situation = tmp_path / "situation.json"
    situation.write_text('{"rsa": true}', encoding="utf-8")
    assert json.loads(run_cli(str(situation)).stdout)["publics"][0]["status"] == "oui"


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        ('{"agee": 3}', "agee"),
        ('{"age": "3"}', "age"),
        ("{pas du json", "JSON"),
        ("[1, 2]", "objet"),
    ],
)
def test_cli_assess_refuses_bad_input(stdin: str, needle: str) -> None:
    done = run_cli(stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert needle in done.stderr
