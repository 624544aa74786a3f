"""The SPIE checklist, row by row with its edges, the unknowns, hints and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.orientation.assess import SituationError, assess, parse_situation
from frontdesk.orientation.rules import spie_rules

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
        ({"age": 15, **IDLE}, "non"),
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
        ({"rqth": True, "age": 15}, "non"),
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
    assert "A 27 ans." in neet.reasons and "Sans emploi." in neet.reasons
    ase = result.publics[6]
    assert ase.status == "non" and ase.reasons == ("A 27 ans, 21 ans ou plus.",)
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
        ({"age": -1}, "age"),
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
    assert key in str(error.value) or "inscription" in str(error.value)


def test_edges_of_the_months_check() -> None:
    parse_situation({"age": 17, "job_seeker_months": 23})  # since 16: at most 23 months
    with pytest.raises(SituationError):
        parse_situation({"age": 17, "job_seeker_months": 24})
    assert parse_situation({"age": None, "rsa": None}) == {}  # null means not answered


situations = st.fixed_dictionaries(
    {},
    optional={
        "age": st.integers(0, 120),
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
