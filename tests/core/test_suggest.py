"""Suggested partners: union of journeys, publics « oui » / « à vérifier » and hints, ordered."""

from __future__ import annotations

from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.orientation.journeys import journeys, load_journeys
from frontdesk.orientation.results import Assessment, Hint, PublicResult
from frontdesk.orientation.suggest import Source, suggest_partners
from frontdesk.resources import load_json


def chosen(*ids: str):
    known = journeys()
    return [known.get(i) for i in ids]


def slugs(found) -> list[str]:
    return [p.slug for p in found]


def test_a_demarche_without_partners_suggests_nothing() -> None:
    assert suggest_partners(chosen("declarer-revenus")) == []


def test_journey_partners_in_journey_order_each_once() -> None:
    found = suggest_partners(chosen("chercher-emploi", "handicap-emploi-formation"))
    assert slugs(found) == ["france-travail", "mission-locale", "cap-emploi", "mdph"]
    france_travail = found[0]
    assert france_travail.label == "France Travail"
    assert france_travail.labels("journey") == [
        "Je cherche un emploi",
        "Je suis en situation de handicap et je souhaiterais être aidé pour accéder à "
        "l'emploi ou à la formation",
    ]


def test_publics_oui_first_then_journeys_then_hints_then_a_verifier() -> None:
    facts = parse_situation(
        {"age": 19, "employed": False, "student": False, "in_training": False, "rsa": False}
    )
    assessment = assess(facts)
    assert assessment.status("jeune-neet") == "oui"
    found = suggest_partners(chosen("demandes-logement"), assessment)
    order = slugs(found)
    # jeune-neet is « oui »: its partners lead, then the housing journey's own partners.
    assert order[:2] == ["mission-locale", "france-travail"]
    assert order[2:5] == ["caf", "departement", "ccas"]
    # Then what is only « à vérifier » (ASE, RQTH, protection…).
    assert {"departement-ase", "mdph", "ofii"} <= set(order[5:])
    mission_locale = found[0]
    assert mission_locale.labels("public-oui") == [
        "Jeune ni en emploi, ni en études, ni en formation"
    ]
    assert mission_locale.labels("hint") == ["Contrat d'engagement jeune (CEJ)"]
    assert mission_locale.reasons.startswith("Public oui : Jeune ni en emploi")
    assert "piste : Contrat d'engagement jeune (CEJ)" in mission_locale.reasons


def test_publics_non_bring_no_partner() -> None:
    assessment = assess(parse_situation({"rsa": False, "ass": False}))
    found = suggest_partners([], assessment)
    for partner in found:
        assert all(
            s.label not in ("Bénéficiaire du RSA", "Bénéficiaire de l'ASS") for s in partner.sources
        )


def test_hints_add_their_partners() -> None:
    public = PublicResult("x", "X", "non", (), (), ())
    hint = Hint("h", "Piste H", "texte", ("ofii", "agir"))
    found = suggest_partners([], Assessment((public,), (hint,)))
    assert slugs(found) == ["ofii", "agir"]
    assert found[0].sources == (Source("hint", "Piste H"),)


def test_unknown_partners_are_left_out() -> None:
    data = load_json("journeys.json")
    data["partners"] = [p for p in data["partners"] if p["slug"] != "ofii"]
    for journey in data["journeys"]:
        journey["partners"] = [p for p in journey["partners"] if p != "ofii"]
    known = load_journeys(data)
    hint = Hint("h", "Piste H", "texte", ("ofii", "agir"))
    found = suggest_partners([], Assessment((), (hint,)), known)
    assert slugs(found) == ["agir"]
