"""``frontdesk-cli directory search``: the ranked services as JSON, with their ids, their
structure and why they match; bad input refused in French, exit code 2, nothing on stdout."""

from __future__ import annotations

import json

import pytest

from frontdesk.cli import main
from tests.core.test_directory_synonyms import BDF, FT, PCB, SANTE
from tests.core.test_directory_synonyms import directory as directory  # noqa: PLC0414

pytestmark = pytest.mark.usefixtures("directory")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["directory", "search", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def search(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_a_former_name_finds_the_service_with_its_ids_and_reason(capsys) -> None:
    found = search(capsys, "pôle emploi")
    assert found["query"] == "pôle emploi" and found["commune"] is None
    assert found["searched"] == [
        {
            "typed": "pôle emploi",
            "alternatives": [
                {"kind": "word", "text": "pôle emploi"},
                {"kind": "synonym", "text": "France Travail"},
                {"kind": "synonym", "text": "ANPE"},
                {"kind": "synonym", "text": "Assédic"},
            ],
        }
    ]
    [hit] = found["services"]
    assert hit["rank"] == 1 and hit["id"] == "test--ft" and hit["name"] == FT
    assert hit["structure"] == {"id": "test--ft", "name": "France Travail Moreuil"}
    assert len(hit["service_id"]) == 36 and hit["score"] > 0
    assert hit["reasons"] == [
        {
            "typed": "pôle emploi",
            "kind": "synonym",
            "matched": "France Travail",
            "in_name": True,
            "text": "«\u00a0pôle emploi\u00a0» : synonyme «\u00a0France Travail\u00a0»"
            " trouvé dans le nom",
        }
    ]


def test_debt_words_rank_both_debt_services(capsys) -> None:
    found = search(capsys, "dettes")
    assert [s["rank"] for s in found["services"]] == [1, 2]
    assert {s["id"] for s in found["services"]} == {"test--pcb", "test--bdf"}
    assert {s["name"] for s in found["services"]} == {PCB, BDF}
    for hit in found["services"]:
        assert hit["reasons"] and {r["kind"] for r in hit["reasons"]} == {"synonym"}


def test_a_typo_is_reported_as_corrected(capsys) -> None:
    found = search(capsys, "medecins generalsites", "--limit", "5")
    [hit] = found["services"]
    assert hit["name"] == SANTE
    assert [(r["typed"], r["kind"], r["matched"]) for r in hit["reasons"]] == [
        ("medecins", "word", "medecins"),
        ("generalsites", "typo", "generalistes"),
    ]


def test_commune_and_limit(capsys) -> None:
    found = search(capsys, "de", "--commune", "80570", "--limit", "1")
    assert found["commune"] == "80570"
    assert len(found["services"]) == 1
    everything = search(capsys, "de", "--limit", "200")
    assert len(everything["services"]) > 1


def test_format_defaults_to_json(capsys) -> None:
    code, out, _err = run(capsys, "anpe")
    assert code == 0 and json.loads(out)["services"][0]["id"] == "test--ft"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["  "], "Recherche vide"),
        (["-"], "Recherche vide"),
        (["emploi", "--limit", "0"], "--limit\u00a0: un nombre de 1 à 200"),
        (["emploi", "--limit", "201"], "--limit\u00a0: un nombre de 1 à 200"),
        (["emploi", "--limit", "dix"], "«\u00a0dix\u00a0»"),
        (["emploi", "--commune", "99999"], "n'est pas une commune de la Somme"),
    ],
)
def test_bad_input_exits_2_in_french_with_nothing_on_stdout(capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, out) == (2, "")
    assert message in err


def test_an_unknown_format_is_refused_by_the_parser(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, "emploi", "--format", "csv")
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == ""
    assert "choix invalide" in err
