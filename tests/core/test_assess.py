"""The SPIE checklist, row by row with its edges, the unknowns, hints and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.orientation.assess import SituationError, assess, parse_situation
from frontdesk.orientation.checklist import _probe_values, open_questions, questions_in_order
from frontdesk.orientation.rules import spie_rules
from frontdesk.resources import load_json

ORDER = [
    "beneficiaire-rsa",
    "beneficiaire-ass",
    "jeune-neet",
    "demandeur-emploi-longue-duree",
    "travailleur-rqth",
    "beneficiaire-protection-internationale",
    "jeune-sortant-ase",
]
IDLE = {"employed": False, "student": False, "in_training": False}
NO_DISABILITY = {"rqth": False, "disability_other": False}


def status(slug: str, **situation: Any) -> str:
    return assess(parse_situation(situation)).status(slug)


def level(**situation: Any) -> str | None:
    result = assess(parse_situation(situation))
    return next(p.level for p in result.publics if p.slug == "demandeur-emploi-longue-duree")


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        ({"rsa": True}, "oui"),
        ({"rsa": False}, "non"),
        ({}, "a_verifier"),
    ],
)
def test_rsa(situation: dict[str, Any], expected: str) -> None:
    assert status("beneficiaire-rsa", **situation) == expected


@pytest.mark.parametrize(
    ("situation", "expected"), [({"ass": True}, "oui"), ({"ass": False}, "non"), ({}, "a_verifier")]
)
def test_ass(situation: dict[str, Any], expected: str) -> None:
    assert status("beneficiaire-ass", **situation) == expected


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        ({"age": 16, **IDLE}, "oui"),
        ({"age": 25, **IDLE}, "oui"),
        ({"age": 26, **IDLE, **NO_DISABILITY}, "non"),
        ({"age": 26, **IDLE}, "a_verifier"),  # could be up to 29 with an RQTH
        ({"age": 29, **IDLE, "rqth": True}, "oui"),
        ({"age": 29, **IDLE, "rqth": False, "disability_other": True}, "oui"),
        ({"age": 30, **IDLE, "rqth": True}, "non"),
        ({"age": 20, "employed": True}, "non"),  # a known « non » wins over unknowns
        ({"employed": False, "student": True}, "non"),
        ({"age": 20, "employed": False, "student": False, "in_training": True}, "non"),
        ({"age": 20, "employed": False}, "a_verifier"),
        ({**IDLE}, "a_verifier"),
    ],
)
def test_neet(situation: dict[str, Any], expected: str) -> None:
    assert status("jeune-neet", **situation) == expected


@pytest.mark.parametrize(
    ("situation", "expected", "expected_level"),
    [
        ({"job_seeker_registered": True, "job_seeker_months": 11}, "non", None),
        ({"job_seeker_registered": True, "job_seeker_months": 12}, "oui", "longue"),
        ({"job_seeker_registered": True, "job_seeker_months": 23}, "oui", "longue"),
        ({"job_seeker_registered": True, "job_seeker_months": 24}, "oui", "tres-longue"),
        ({"job_seeker_registered": False}, "non", None),
        ({"job_seeker_registered": True}, "a_verifier", None),
        ({}, "a_verifier", None),
    ],
)
def test_long_term_job_seeker(
    situation: dict[str, Any], expected: str, expected_level: str | None
) -> None:
    assert status("demandeur-emploi-longue-duree", **situation) == expected
    assert level(**situation) == expected_level


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        ({"rqth": True}, "oui"),
        ({"rqth": False, "disability_other": True}, "oui"),
        ({"rqth": False, "disability_other": False}, "non"),
        ({"rqth": True, "age": 16}, "oui"),
        ({"rqth": False}, "a_verifier"),
        ({"disability_other": False}, "a_verifier"),
    ],
)
def test_rqth(situation: dict[str, Any], expected: str) -> None:
    assert status("travailleur-rqth", **situation) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("refugie", "oui"),
        ("protection_subsidiaire", "oui"),
        ("apatride", "a_verifier"),
        ("protection_temporaire", "non"),
        ("demandeur_asile", "non"),
        ("aucune", "non"),
        (None, "a_verifier"),
    ],
)
def test_international_protection(value: str | None, expected: str) -> None:
    assert status("beneficiaire-protection-internationale", protection_status=value) == expected


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        ({"ase_before_18": True, "age": 20}, "oui"),
        ({"ase_before_18": True, "age": 21}, "non"),
        ({"ase_before_18": False, "age": 19}, "non"),
        ({"ase_before_18": True}, "a_verifier"),
        ({"age": 25}, "non"),  # too old whatever the answer about the ASE
        ({"age": 19}, "a_verifier"),
    ],
)
def test_leaving_child_welfare(situation: dict[str, Any], expected: str) -> None:
    assert status("jeune-sortant-ase", **situation) == expected


def test_contract_shape() -> None:
    result = assess(
        parse_situation({"age": 30, "job_seeker_registered": True, "job_seeker_months": 26})
    ).to_json()
    assert [p["slug"] for p in result["publics"]] == ORDER
    for public in result["publics"]:
        assert public["status"] in {"oui", "non", "a_verifier"}
        assert set(public) <= {"slug", "status", "level", "reasons", "documents", "partners"}
        assert public["reasons"], public["slug"]
    deld = result["publics"][3]
    assert (
        deld["level"] == "tres-longue"
        and deld["documents"]
        and deld["partners"] == ["france-travail"]
    )
    assert "level" not in result["publics"][0]
    assert isinstance(result["hints"], list)


def test_reasons_and_documents_are_french_and_specific() -> None:
    result = assess(parse_situation({"age": 27, **IDLE, "rqth": True}))
    neet = result.publics[2]
    assert neet.status == "oui"
    assert "À 27 ans." in neet.reasons and "Sans emploi." in neet.reasons
    ase = result.publics[6]
    assert ase.status == "non" and ase.reasons == ("À 27 ans, 21 ans ou plus.",)
    assert ase.documents == () and ase.partners == ()


@pytest.mark.parametrize(
    ("situation", "hint"),
    [
        ({"age": 19, **IDLE}, "contrat-engagement-jeune"),
        ({"protection_status": "refugie"}, "agir-refugies"),
        ({"rsa": False, "age": 40, "employed": False}, "droit-rsa-a-verifier"),
    ],
)
def test_hints(situation: dict[str, Any], hint: str) -> None:
    hints = {h.id for h in assess(parse_situation(situation)).hints}
    assert hint in hints


def test_no_hint_without_reason() -> None:
    situation = {"age": 40, "rsa": True, "employed": True, "protection_status": "aucune"}
    assert assess(parse_situation(situation)).hints == ()


@pytest.mark.parametrize(
    ("situation", "key"),
    [
        ({"agee": 20}, "agee"),
        ({"age": "20"}, "age"),
        ({"age": True}, "age"),
        ({"rsa": 1}, "rsa"),
        ({"age": 15}, "age"),
        ({"age": 121}, "age"),
        ({"protection_status": "refugiee"}, "protection_status"),
        ({"job_seeker_registered": False, "job_seeker_months": 14}, "job_seeker_months"),
        ({"age": 17, "job_seeker_months": 30}, "job_seeker_months"),
    ],
)
def test_bad_input_names_the_key(situation: dict[str, Any], key: str) -> None:
    with pytest.raises(SituationError) as error:
        parse_situation(situation)
    assert error.value.key == key
    # The key for a wrong type (JSON input), the fact in words for a value out of range.
    fact = spie_rules().spec.facts.get(key)
    names = {key, fact.label.lower() if fact else key}
    assert any(name in str(error.value).lower() for name in names), str(error.value)


def test_an_age_out_of_range_is_said_in_french() -> None:
    with pytest.raises(SituationError) as error:
        parse_situation({"age": 0})
    assert str(error.value) == (
        "L'âge doit être compris entre 16 et 120 ans : les publics du SPIE ont 16 ans ou plus."
    )
    with pytest.raises(SituationError) as error:
        parse_situation({"job_seeker_months": 1201})
    assert str(error.value) == "La durée d'inscription doit être comprise entre 0 et 1200 mois."


def test_edges_of_the_months_check() -> None:
    parse_situation({"age": 17, "job_seeker_months": 23})  # since 16: at most 23 months
    with pytest.raises(SituationError):
        parse_situation({"age": 17, "job_seeker_months": 24})
    assert parse_situation({"age": None, "rsa": None}) == {}  # null means not answered


situations = st.fixed_dictionaries(
    {},
    optional={
        "age": st.integers(16, 120),
        **{
            k: st.booleans()
            for k in (
                "rsa",
                "ass",
                "employed",
                "student",
                "in_training",
                "rqth",
                "disability_other",
                "ase_before_18",
            )
        },
        "protection_status": st.sampled_from(
            [
                "refugie",
                "protection_subsidiaire",
                "apatride",
                "protection_temporaire",
                "demandeur_asile",
                "aucune",
            ]
        ),
        "job_seeker_registered": st.booleans(),
    },
)


@settings(max_examples=300)
@given(situations)
def test_cached_and_direct_results_agree(situation: dict[str, Any]) -> None:
    facts = parse_situation(situation)
    rules = spie_rules()
    for public in rules.publics:
        assert public.evaluate(facts, {}) == public.evaluate_directly(facts)


@settings(max_examples=300)
@given(
    situations,
    st.sampled_from(
        sorted(
            {
                "rsa",
                "ass",
                "employed",
                "student",
                "in_training",
                "rqth",
                "disability_other",
                "ase_before_18",
            }
        )
    ),
)
def test_answering_never_turns_a_decided_status_around(situation: dict[str, Any], key: str) -> None:
    """Adding an answer only settles « à vérifier »: a decided status never flips."""
    situation = {k: v for k, v in situation.items() if k != key}
    before = assess(parse_situation(situation))
    for value in (True, False):
        after = assess(parse_situation({**situation, key: value}))
        for old, new in zip(before.publics, after.publics, strict=True):
            if old.status != "a_verifier":
                assert new.status == old.status, (old.slug, situation, key, value)


def test_unknown_answers_read_as_unknown_not_missing() -> None:
    rsa = assess(parse_situation({})).publics[0]
    assert rsa.reasons == (
        "Perception du RSA inconnue : à vérifier (attestation de paiement CAF ou MSA).",
    )
    texts = str(load_json("spie-rules.json"))
    assert "non renseign" not in texts  # « je ne sais pas » is an answer, not a blank


def test_rsa_without_france_travail_hints_at_the_automatic_registration() -> None:
    found = assess(parse_situation({"rsa": True, "job_seeker_registered": False})).hints
    [hint] = [h for h in found if h.id == "rsa-inscription-france-travail"]
    assert "1er janvier 2025" in hint.text and hint.partners == ("france-travail",)
    others = assess(parse_situation({"rsa": True, "job_seeker_registered": True})).hints
    assert "rsa-inscription-france-travail" not in {h.id for h in others}


def test_the_long_term_level_does_not_repeat_the_public() -> None:
    situation = {"job_seeker_registered": True, "job_seeker_months": 14}
    deld = assess(parse_situation(situation)).publics[3]
    assert f"{deld.label} — {deld.level_label}" == (
        "Demandeur d'emploi de longue durée — de 12 à moins de 24 mois"
    )


def keys_in_order(facts: dict[str, Any]) -> list[str]:
    return [q.key for q in questions_in_order(facts)]


def left_after(facts: dict[str, Any], key: str) -> float:
    """Questions still worth asking after ``key``, on average over its possible answers."""
    rules = spie_rules()
    fact = rules.spec.facts[key]
    if fact.type == "bool":
        values: list[Any] = [True, False]
    elif fact.type == "enum":
        values = list(fact.values or {})
    else:
        values = _probe_values(key, rules)
    return sum(len(open_questions({**facts, key: v})) for v in values) / len(values)


def test_the_questions_that_settle_the_most_come_first() -> None:
    assert keys_in_order({})[0] == "age"  # 45 ans settles the young people's publics at once
    # A 19-year-old: one « oui » to a job, studies or training settles her public.
    assert keys_in_order({"age": 19})[:3] == ["employed", "student", "in_training"]
    # Ties go to the public under way: training before the RSA, which settles as much.
    after_two = {"age": 19, "employed": False, "student": False}
    assert left_after(after_two, "in_training") == left_after(after_two, "rsa")
    assert keys_in_order(after_two)[0] == "in_training"
    assert keys_in_order({"age": 45}) == [
        "rsa",
        "ass",
        "protection_status",
        "rqth",
        "job_seeker_registered",
    ]


@settings(max_examples=60, deadline=None)
@given(situations)
def test_the_order_is_computed_from_the_rules(situation: dict[str, Any]) -> None:
    """Whatever was answered: the same questions as ``open_questions``, the first one
    leaving the fewest questions to ask."""
    facts = parse_situation(situation)
    ordered = keys_in_order(facts)
    assert sorted(ordered) == sorted(q.key for q in open_questions(facts))
    if ordered:
        best = min(left_after(facts, key) for key in ordered)
        assert left_after(facts, ordered[0]) == best
