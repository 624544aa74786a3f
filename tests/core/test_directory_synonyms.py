"""Search understands the words agents use: synonyms and former names (shipped and added
by a superviseur on this PC), accents and capitals ignored, one wrong letter forgiven in
words of 5 letters or more, prefixes as you type."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from frontdesk.accounts import create_profile
from frontdesk.contacts import search_index
from frontdesk.contacts.editing import DirectoryEditError
from frontdesk.contacts.search import SearchQuery, plan_query, search_services
from frontdesk.contacts.search_index import explain
from frontdesk.contacts.synonyms import (
    LOCAL_SETTING,
    SynonymError,
    add_synonym,
    list_synonyms,
    load_synonyms,
    remove_synonym,
    shipped_synonyms,
    split_expressions,
)
from frontdesk.device import put_setting
from frontdesk.resources import ResourceError
from frontdesk.store.models import AuditEvent
from tests.conftest import PASSWORD
from tests.core.test_directory_search import service, structure

FT = "Inscription des demandeurs d'emploi"
CAF = "Prestations familiales"
FIP = "Accueil des particuliers"
C2S = "Complémentaire santé solidaire"
MDPH = "Accueil et information"
RPE = "Informer les parents"
AUTO = "Préparer le permis de conduire"
PCB = "Conseil budgétaire"
BDF = "Traitement du surendettement"
SANTE = "Consultations"
DEBT = {PCB, BDF}


@pytest.fixture
def directory(store, manager):
    """One service for each kind of partner an agent names by another word."""
    entries = [
        ("ft", "France Travail Moreuil", FT, "Conseiller dédié, offres d'emploi."),
        ("caf", "CAF de la Somme", CAF, "Versement des prestations."),
        ("fip", "Centre des finances publiques de Montdidier", FIP, "Démarches fiscales."),
        ("cpam", "CPAM de la Somme", C2S, "Demande d'aide pour la mutuelle."),
        ("mdph", "MDPH de la Somme", MDPH, "Constituer son dossier."),
        ("rpe", "Relais petite enfance de Moreuil", RPE, "Trouver une assistante maternelle."),
        ("auto", "Auto-école sociale du Santerre", AUTO, "Code et conduite accompagnés."),
        ("pcb", "Point conseil budget de Moreuil", PCB, "Aide pour gérer son budget."),
        ("bdf", "Banque de France", BDF, "Dépôt du dossier auprès de la commission."),
        ("sante", "Centre de santé de Moreuil", SANTE, "Médecins généralistes."),
    ]
    with store.transaction() as s:
        for key, owner, nom, description in entries:
            service(s, structure(s, key, owner), key, nom, description)
    return store


def find(store, typed: str, **options) -> list[str]:
    with store.session() as s:
        return [h.nom for h in search_services(s, SearchQuery(text=typed, **options))]


def test_shipped_synonyms_cover_the_words_agents_use() -> None:
    written = {t.casefold() for entry in shipped_synonyms() for t in entry.terms}
    for word in ("pôle emploi", "apl", "impôt", "cmu", "c2s", "rqth", "aah", "mdph"):
        assert word in written
    for word in ("garde d'enfant", "mobilité", "permis", "dette", "surendettement"):
        assert word in written
    for word in ("endettement", "crédit", "impayé"):
        assert word in written


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pôle emploi", {FT}),  # former name
        ("POLE EMPLOI", {FT}),  # accents and capitals
        ("anpe", {FT}),
        ("APL", {CAF}),
        ("aides au logement", {CAF}),
        ("impôts", {FIP}),
        ("impots", {FIP}),
        ("CMU", {C2S}),
        ("c2s", {C2S}),
        ("RQTH", {MDPH}),
        ("AAH", {MDPH, CAF}),
        ("maison départementale des personnes handicapées", {MDPH}),
        ("garde d'enfant", {RPE}),
        ("garde d'enfants", {RPE}),  # plural
        ("mobilité", {AUTO}),
        ("permis", {AUTO}),
    ],
)
def test_synonyms_find_the_partner(directory, typed: str, expected: set[str]) -> None:
    assert set(find(directory, typed)) == expected


@pytest.mark.parametrize(
    "typed", ["dette", "dettes", "surendettement", "endettement", "crédit", "impayés", "Credit"]
)
def test_debt_words_find_point_conseil_budget_and_banque_de_france(directory, typed) -> None:
    assert set(find(directory, typed)) == DEBT


def test_one_way_synonyms_do_not_come_back(directory) -> None:
    assert set(find(directory, "CAF")) == {CAF}  # « APL » finds CAF, not the reverse
    assert find(directory, "budget") == [PCB]  # not the Banque de France


def test_prefixes_keep_working_as_you_type(directory) -> None:
    assert find(directory, "pôle emp") == [FT]  # the last word still being typed
    assert find(directory, "pôle emploi mor") == [FT]
    assert set(find(directory, "dett")) == DEBT
    assert find(directory, "consult") == [SANTE]
    assert find(directory, "pôle e") == []  # too few letters to be « emploi »
    assert find(directory, "ban") == [BDF]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("surendetement ", DEBT),  # a letter missing
        ("surendettemment ", DEBT),  # a letter too many
        ("surendettemant ", DEBT),  # a letter changed
        ("surendettmeent ", DEBT),  # two letters swapped
        ("surendetemen", DEBT),  # still typing: the start of the word, a letter missing
        ("consultatoins", {SANTE}),  # a word of the directory, not of the synonyms
        ("medecins generalsites", {SANTE}),
        ("pole emplio", {FT}),  # corrected, then a synonym
    ],
)
def test_one_wrong_letter_is_forgiven(directory, typed: str, expected: set[str]) -> None:
    assert set(find(directory, typed)) == expected


def test_short_words_and_two_typos_are_not_corrected(directory) -> None:
    assert find(directory, "mdhp") == []  # 4 letters
    assert find(directory, "consulattoins") == []  # two mistakes
    assert find(directory, "zzzzzzzz") == []


def test_a_word_that_finds_something_is_not_corrected(directory) -> None:
    with directory.session() as s:
        plan = plan_query(s, "consultations")
        assert [a.kind for c in plan.clauses for a in c.alternatives] == ["word"]
        fixed = plan_query(s, "consultatoins ")
    assert [(a.kind, a.text) for a in fixed.clauses[0].alternatives] == [("typo", "consultations")]


def test_without_expansion_only_the_typed_words_count(directory) -> None:
    assert find(directory, "pôle emploi", expand=False) == []
    assert find(directory, "surendetement", expand=False) == []
    assert find(directory, "surendettement", expand=False) == [BDF]


def test_reasons_name_the_synonym_or_the_correction(directory) -> None:
    with directory.session() as s:
        hits = search_services(s, SearchQuery(text="pôle emploi"))
        plan = plan_query(s, "pôle emploi")
        reasons = explain(s, plan.clauses, [h.service_id for h in hits])[hits[0].service_id]
        assert [(r.kind, r.found, r.in_name) for r in reasons] == [
            ("synonym", "France Travail", True)
        ]
        assert reasons[0].sentence() == (
            "«\u00a0pôle emploi\u00a0» : synonyme «\u00a0France Travail\u00a0» trouvé dans le nom"
        )
        typo = plan_query(s, "generalsites")
        hits = search_services(s, SearchQuery(text="generalsites"))
        why = explain(s, typo.clauses, [h.service_id for h in hits])[hits[0].service_id]
    assert [(r.kind, r.found, r.in_name) for r in why] == [("typo", "generalistes", False)]


def test_the_vocabulary_follows_the_directory(directory) -> None:
    assert find(directory, "teleconsultatoin") == []
    with directory.transaction() as s:
        owner = structure(s, "tele", "Maison de santé")
        service(s, owner, "tele", "Téléconsultation", "À distance.")
    assert find(directory, "teleconsultatoin") == ["Téléconsultation"]
    with directory.session() as s:
        words = search_index.vocabulary(s).documents
    assert "teleconsultation" in words
    assert not any(len(w) == 32 and w.isalnum() and w[0].isdigit() for w in words)  # no ids


# -- a superviseur's own synonyms ----------------------------------------------------------


def test_a_superviseur_adds_and_removes_a_synonym(directory, manager) -> None:
    assert find(directory, "toubib") == []
    with directory.transaction() as s:
        added = add_synonym(s, manager, ["toubib"], split_expressions("médecin ; généraliste"))
    assert added.terms == ("toubib",) and added.finds == ("médecin", "généraliste")
    assert find(directory, "toubib") == [SANTE]
    assert find(directory, "Toubi") == [SANTE]  # a prefix of 4 letters or more
    with directory.session() as s:
        rows = list_synonyms(s)
        events = s.scalars(select(AuditEvent).where(AuditEvent.kind == "setting_changed")).all()
    assert rows[0].id == added.id and rows[1].id is None  # this PC's first, then shipped
    assert len(rows) == len(shipped_synonyms()) + 1
    assert events[-1].detail == {"key": LOCAL_SETTING, "added": added.id}  # no text typed
    with directory.transaction() as s:
        remove_synonym(s, manager, added.id)
    assert find(directory, "toubib") == []
    with pytest.raises(SynonymError, match="n'existe plus"), directory.transaction() as s:
        remove_synonym(s, manager, added.id)


def test_equivalent_terms_work_both_ways(directory, manager) -> None:
    with directory.transaction() as s:
        add_synonym(s, manager, ["généraliste", "toubib"])
    assert find(directory, "toubib") == [SANTE]


@pytest.mark.parametrize(
    ("terms", "finds", "message"),
    [
        ([""], ["médecin"], "Expression vide"),
        (["de la"], ["médecin"], "ne contient aucun mot cherché"),
        (["toubib"], [], "au moins une autre expression"),
        ([], ["médecin"], "le mot ou l'expression que l'on tape"),
        (["toubib"], ["Toubibs"], "reviennent au même"),
        (["anpe", "pole emploi", "Assedic", "FRANCE TRAVAIL"], [], "existe déjà"),
        (["x" * 61], ["médecin"], "trop longue"),
    ],
)
def test_refused_synonyms_are_explained(directory, manager, terms, finds, message) -> None:
    with pytest.raises(SynonymError, match=message), directory.transaction() as s:
        add_synonym(s, manager, terms, finds)


def test_only_who_edits_the_directory_adds_synonyms(directory, manager) -> None:
    with directory.transaction() as s:
        agent = create_profile(s, "Agent", "agent", PASSWORD, actor_id=manager.id)
    with pytest.raises(DirectoryEditError, match="Votre rôle"), directory.transaction() as s:
        add_synonym(s, agent, ["toubib"], ["médecin"])


def test_an_unreadable_local_synonym_is_left_out(directory, manager) -> None:
    with directory.transaction() as s:
        put_setting(s, LOCAL_SETTING, [{"terms": ["toubib"]}, {"id": "0" * 12, "x": 1}])
    assert find(directory, "pôle emploi") == [FT]
    with directory.session() as s:
        assert all(row.id is None for row in list_synonyms(s))


def test_the_file_is_validated_in_french() -> None:
    good = {"$comment": "x", "synonyms": [{"terms": ["RSA", "RMI"]}]}
    assert load_synonyms(good)[0].terms == ("RSA", "RMI")
    bad = [
        {"$comment": "x", "synonyms": [{"terms": ["RSA"]}]},
        {"$comment": "x", "synonyms": [{"terms": ["RSA", "rsa"]}]},
        {"$comment": "x", "synonyms": [{"terms": ["RSA", "RMI"], "inconnu": 1}]},
        {"synonyms": []},
    ]
    for data in bad:
        with pytest.raises(ResourceError, match=r"directory/synonyms\.json"):
            load_synonyms(data)
    with pytest.raises(ResourceError, match="reviennent au même"):
        load_synonyms(bad[1])
