"""The journeys file: charter wording, resolvable references, search, all-or-nothing loading."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from frontdesk.orientation.journeys import (
    Journeys,
    JourneysError,
    journeys,
    load_journeys,
    operator_label,
    thematique_label,
)
from frontdesk.resources import load_json

# The Somme charter wording (shared/DESIGN.md, "The counter flow"), in file order, with
# two turns of phrase put right (counter trial, December 2026): « je ne suis ni en
# études », « me faire rembourser ». The ids never change: stored visits keep their sense.
DEMARCHES = [
    "Je déclare mes revenus",
    "J'établis mon permis de conduire ou ma carte d'identité",
    "Je demande une aide (allocation logement, RSA)",
    "Je cherche un emploi",
    "Je cherche à me faire rembourser mes soins",
    "Je prépare ma retraite",
    "Je fais face à un litige ou un conflit",
    "J'attends un enfant",
]
SPIE = [
    "Je rencontre plusieurs difficultés qui entravent mon retour vers l'activité "
    "(mobilité, garde d'enfant, santé)",
    "Je suis en situation d'endettement",
    "Je cherche à être accompagné pour retrouver un emploi ou une formation",
    "J'ai des demandes à faire pour mon logement",
    "J'ai entre 16 et 30 ans, je ne suis ni en études, ni en emploi, ni en formation",
    "Je suis en situation de handicap et je souhaiterais être aidé pour accéder à l'emploi "
    "ou à la formation",
]


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(load_json("journeys.json"))


@pytest.fixture
def bundled() -> Journeys:
    return journeys()


def test_bundled_file_has_the_charter_journeys(bundled: Journeys) -> None:
    assert len(bundled.all) == 14
    assert [j.label for j in bundled.all if j.kind == "demarche"] == DEMARCHES
    assert [j.label for j in bundled.all if j.kind == "spie"] == SPIE
    assert len({j.id for j in bundled.all}) == 14


def test_the_ids_of_the_reworded_journeys_are_kept(bundled: Journeys) -> None:
    assert bundled.get("jeune-neet").label.startswith("J'ai entre 16 et 30 ans, je ne suis")
    assert bundled.get("rembourser-soins").label == "Je cherche à me faire rembourser mes soins"


def test_a_saved_order_puts_its_journeys_first_then_the_file_order(bundled: Journeys) -> None:
    file_order = [j.id for j in bundled.all]
    assert [j.id for j in bundled.in_order(None)] == file_order
    saved = ["jeune-neet", "gone-journey", "declarer-revenus", "jeune-neet"]
    ordered = [j.id for j in bundled.in_order(saved)]
    assert ordered[:2] == ["jeune-neet", "declarer-revenus"]  # unknown and repeated ids skipped
    assert ordered[2:] == [i for i in file_order if i not in ("jeune-neet", "declarer-revenus")]


def test_spie_checklist_flags(bundled: Journeys) -> None:
    with_checklist = {j.id for j in bundled.all if j.spie_checklist}
    spie_ids = {j.id for j in bundled.all if j.kind == "spie"}
    assert with_checklist == spie_ids | {"chercher-emploi", "demander-aide"}


def test_every_reference_resolves(bundled: Journeys) -> None:
    for journey in bundled.all:
        assert 1 <= len(journey.thematiques) <= 4, journey.id
        for slug in journey.thematiques:
            assert thematique_label(slug)
        for slug in journey.operators:
            assert operator_label(slug)
        for slug in journey.partners:
            assert bundled.partner_label(slug)
        assert all(k == k.lower() for k in journey.keywords)
    assert bundled.get("declarer-revenus").operators == ("dgfip",)
    assert bundled.get("permis-carte-identite").operators == ("france-titres",)
    assert set(bundled.get("attendre-enfant").operators) == {"cnaf", "cnam"}
    assert {"mdph", "cap-emploi"} <= set(bundled.get("handicap-emploi-formation").partners)
    assert bundled.get("n-existe-pas") is None


def test_partner_list_covers_the_spie_rules(bundled: Journeys) -> None:
    rules = load_json("spie-rules.json")
    used = {p for entry in rules["publics"] + rules["hints"] for p in entry.get("partners", ())}
    assert used <= set(bundled.partners)
    assert {"ccas", "prefecture", "cap-emploi"} <= set(bundled.partners)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("impots", "declarer-revenus"),
        ("SANTE", "rembourser-soins"),
        ("soins", "rembourser-soins"),
        ("carte identite", "permis-carte-identite"),
        ("Carte d’identité", "permis-carte-identite"),
        ("dette", "endettement"),
        ("grossesse", "attendre-enfant"),
        ("handicap", "handicap-emploi-formation"),
    ],
)
def test_search(bundled: Journeys, query: str, expected: str) -> None:
    assert expected in [j.id for j in bundled.search(query)]


def test_search_requires_every_word(bundled: Journeys) -> None:
    assert [j.id for j in bundled.search("soins")] == ["rembourser-soins"]
    assert [j.id for j in bundled.search("carte identite")] == ["permis-carte-identite"]
    assert bundled.search("carte impots") == []
    assert len(bundled.search("  ")) == 14


def _journey(data: dict[str, Any], journey_id: str) -> dict[str, Any]:
    return next(j for j in data["journeys"] if j["id"] == journey_id)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["journeys"].append(copy.deepcopy(_journey(d, "endettement"))),
            "endettement.*en double",
        ),
        (
            lambda d: _journey(d, "jeune-neet")["thematiques"].__setitem__(0, "sante--inexistante"),
            "jeune-neet.*thématique inconnue.*sante--inexistante",
        ),
        (
            lambda d: _journey(d, "demandes-logement")["partners"].append("bailleur"),
            "demandes-logement.*partenaire inconnu.*bailleur",
        ),
        (
            lambda d: _journey(d, "preparer-retraite")["operators"].append("carsat"),
            "preparer-retraite.*opérateur inconnu.*carsat",
        ),
        (lambda d: _journey(d, "litige-conflit").pop("label"), "litige-conflit.*label.*manquant"),
        (lambda d: _journey(d, "attendre-enfant").update(label="  "), "attendre-enfant.*label"),
        (lambda d: _journey(d, "chercher-emploi").update(kind="autre"), "chercher-emploi.*kind"),
        (lambda d: _journey(d, "endettement").update(couleur="rouge"), "endettement.*inconnu"),
        (lambda d: _journey(d, "endettement").update(id="Endettement!"), "Endettement!.*id"),
        (lambda d: _journey(d, "endettement")["keywords"].append("Dettes"), "endettement.*Dettes"),
        (lambda d: _journey(d, "endettement").update(thematiques=[]), "endettement.*thematiques"),
        (lambda d: d["partners"].append({"slug": "ccas", "label": "x"}), "ccas.*en double"),
        (lambda d: _journey(d, "endettement")["partners"].append("ccas"), "endettement.*double"),
    ],
)
def test_broken_file_is_refused(
    data: dict[str, Any], mutate: Callable[[dict[str, Any]], Any], message: str
) -> None:
    mutate(data)
    with pytest.raises(JourneysError, match=message) as caught:
        load_journeys(data)
    assert "journeys.json" in str(caught.value)


def test_broken_file_names_the_file_even_without_journeys(data: dict[str, Any]) -> None:
    del data["journeys"]
    with pytest.raises(JourneysError, match=r"journeys\.json.*journeys.*manquant"):
        load_journeys(data)


def test_superviseur_adds_a_local_journey(data: dict[str, Any]) -> None:
    data["journeys"].append(
        {
            "id": "cheque-energie",
            "label": "Je veux utiliser mon chèque énergie",
            "kind": "demarche",
            "spie_checklist": False,
            "thematiques": ["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
            "operators": ["cheque-energie"],
            "partners": ["ccas"],
            "keywords": ["electricite", "chauffage"],
        }
    )
    loaded = load_journeys(data)
    assert len(loaded.all) == 15
    assert loaded.all[-1].id == "cheque-energie"
    assert [j.id for j in loaded.search("cheque energie")] == ["cheque-energie"]
    assert [j.id for j in loaded.search("chauffage")] == ["cheque-energie"]
