"""Orientation from an imported data·inclusion directory: the networks make the partners,
the journeys' thematiques and keywords find the others, the zone keeps the commune's,
the partners are ranked and trimmed (``orient``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.importing import import_file
from frontdesk.contacts.models import Structure
from frontdesk.contacts.recommend import PartnerGroup, orient, recommend_services
from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.orientation.journeys import (
    NetworksError,
    journeys,
    load_networks,
    network_partners,
)
from frontdesk.orientation.suggest import SHOWN_BY_DEFAULT, suggest_partners
from frontdesk.resources import load_json
from frontdesk.store.engine import Store

MOREUIL, ROYE, MONTDIDIER, AMIENS = "80570", "80685", "80561", "80021"
AVRE_LUCE_NOYE = "200070969"
DEBT = "difficultes-financieres--situation-dendettement-surendettement"
BUDGET = "difficultes-financieres--ameliorer-sa-gestion-budgetaire"
PAPERS = "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
ONLINE = "numerique--acceder-a-des-services-en-ligne"
JOB = "trouver-un-emploi--repondre-a-des-offres-demploi"
HANDICAP_JOB = "trouver-un-emploi--maintien-dans-lemploi"
MDPH_FILE = "sante--constituer-un-dossier-mdph-invalidite"

Offered = list[tuple[str, str, list[str], list[str]]]  # (key, name, thematiques, zones)
# (key, structure name, networks, INSEE code, its services)
AROUND_MOREUIL: list[tuple[str, str, list[str], str, Offered]] = [
    ("ft-montdidier", "France Travail Montdidier", ["france-travail"], MONTDIDIER,
     [("ft-accompagnement", "Accompagnement des demandeurs d'emploi", [JOB], ["80"])]),
    ("ft-roye", "France Travail Roye", ["france-travail"], ROYE,
     [("ft-roye", "Permanence emploi de Roye", [JOB], [ROYE])]),
    ("ml-moreuil", "Mission locale du Grand Amiénois, antenne de Moreuil", ["mission-locale"],
     MOREUIL, [("ml-cej", "Contrat d'engagement jeune", [JOB], [AVRE_LUCE_NOYE])]),
    ("cap-emploi", "Cap emploi Somme", ["cap-emploi-reseau-cheops"], AMIENS,
     [("cap-accompagnement", "Accompagnement vers l'emploi des personnes handicapées",
       [HANDICAP_JOB, JOB], ["80"])]),
    ("mdph", "MDPH de la Somme", ["mdph"], AMIENS,
     [("mdph-accueil", "Accueil et dossier MDPH", [MDPH_FILE], ["80"])]),
    ("pcb", "UDAF de la Somme, Point conseil budget", ["points-conseil-budget", "departements"],
     AMIENS, [("pcb-rdv", "Point conseil budget", [DEBT, BUDGET], ["80"])]),
    ("caf", "Caisse d'allocations familiales de la Somme", ["caf"], AMIENS,
     [("caf-accueil", "Accueil des allocataires", [PAPERS], ["80"])]),
    ("ccas-moreuil", "CCAS de Moreuil", ["ccas-cias"], MOREUIL,
     [("ccas-aides", "Aides facultatives", [BUDGET], [MOREUIL])]),
    ("bdf", "Banque de France, succursale d'Amiens", [], AMIENS,
     [("bdf-surendettement", "Surendettement : dépôt d'un dossier", [DEBT], ["80"])]),
    ("dgfip-montdidier", "Centre des finances publiques de Montdidier", [], MONTDIDIER,
     [("dgfip-particuliers", "Accueil des particuliers", [PAPERS], ["80"])]),
    ("centre-social", "Centre social de Moreuil", [], MOREUIL,
     [("cs-numerique", "Aide aux démarches en ligne", [PAPERS, ONLINE], [MOREUIL])]),
]  # fmt: skip


def di_file(path: Path) -> Path:
    """A data·inclusion v1 JSON file of the partners around Moreuil (no SPIE partner
    chosen by hand: only their networks)."""
    structures: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    for key, nom, networks, insee, offered in AROUND_MOREUIL:
        structures.append(
            {"id": f"di--{key}", "source": "di", "nom": nom, "date_maj": "2026-10-01",
             "reseaux_porteurs": networks, "code_insee": insee, "telephone": "0322000000"}
        )  # fmt: skip
        for service_key, service_nom, themes, zones in offered:
            services.append(
                {"id": f"di--{service_key}", "source": "di", "structure_id": f"di--{key}",
                 "nom": service_nom, "description": "Un service de test assez décrit.",
                 "date_maj": "2026-10-01", "thematiques": themes, "publics": ["tous-publics"],
                 "zone_eligibilite": zones, "modes_accueil": ["en-presentiel"],
                 "modes_mobilisation": ["se-presenter"]}
            )  # fmt: skip
    path.write_text(json.dumps({"structures": structures, "services": services}), "utf-8")
    return path


def import_around_moreuil(store: Store, folder: Path) -> None:
    report = import_file(store, di_file(folder / "autour-de-moreuil.json"))
    assert report.rejected == []
    assert report.created == len(AROUND_MOREUIL) + sum(len(s[4]) for s in AROUND_MOREUIL)


@pytest.fixture
def imported(store: Store, manager: ProfileInfo, tmp_path: Path) -> Store:
    import_around_moreuil(store, tmp_path)
    with store.session() as session:  # nothing was tied to a partner by hand
        assert session.scalars(select(Structure.spie_partner)).all() == [None] * 11
    return store


def groups_for(
    store: Store, chosen: list[str], facts: dict[str, Any] | None, commune: str = MOREUIL,
    everywhere: bool = False,
) -> list[PartnerGroup]:  # fmt: skip
    assessment = assess(parse_situation(facts)) if facts is not None else None
    with store.session() as session:
        return orient(session, chosen, assessment, commune, everywhere=everywhere)


def service_ids(groups: list[PartnerGroup], slug: str) -> list[str]:
    return [s.di_id for g in groups if g.partner.slug == slug for s in g.services]


NEET = {"age": 19, "employed": False, "student": False, "in_training": False}


class Case(NamedTuple):
    chosen: list[str]
    facts: dict[str, Any] | None  # None: no checklist
    slug: str  # expected among the first ``within`` suggestions
    service: str | None  # expected among its services
    within: int


CASES = {
    "jeune NEET de 19 ans": Case(["jeune-neet"], NEET, "mission-locale", "di--ml-cej", 1),
    "travailleur RQTH": Case(
        ["chercher-emploi"], {"age": 35, "rqth": True}, "cap-emploi", "di--cap-accompagnement", 2
    ),
    "RQTH, motif handicap": Case(
        ["handicap-emploi-formation"], {"rqth": True}, "cap-emploi", "di--cap-accompagnement", 3
    ),
    "personne endettée": Case(["endettement"], {}, "point-conseil-budget", "di--pcb-rdv", 1),
    "endettée, sans questionnaire": Case(
        ["endettement"], None, "point-conseil-budget", "di--pcb-rdv", 1
    ),
    "déclarer ses revenus": Case(
        ["declarer-revenus"], None, "annuaire:di--dgfip-montdidier", "di--dgfip-particuliers", 1
    ),
    "se faire rembourser ses soins": Case(["rembourser-soins"], None, "cpam", None, 1),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_imported_directory_reaches_the_right_partner(imported: Store, name: str) -> None:
    case = CASES[name]
    groups = groups_for(imported, case.chosen, case.facts)
    order = [g.partner.slug for g in groups]
    assert case.slug in order[: case.within], (name, order)
    if case.service is not None:
        assert case.service in service_ids(groups, case.slug), name
    assert len(order) == len(set(order))


def test_debt_also_offers_the_banque_de_france_found_by_its_thematique(imported: Store) -> None:
    groups = groups_for(imported, ["endettement"], None)
    [bdf] = [g for g in groups if not g.partner.is_partner and "Banque" in g.partner.label]
    assert [s.di_id for s in bdf.services] == ["di--bdf-surendettement"]
    assert bdf.partner.reasons == (
        "Thème : Situation d’endettement ou de surendettement ;"
        " mot-clé : banque de france, surendettement"
    )
    pcb = groups[0]
    assert pcb.partner.slug == "point-conseil-budget"
    assert pcb.partner.reasons == "Motif : Je suis en situation d'endettement"


def test_a_motif_without_partner_finds_the_finances_publiques_by_name_and_thematiques(
    imported: Store,
) -> None:
    groups = groups_for(imported, ["declarer-revenus"], None)
    assert [g.partner.label for g in groups] == [
        "Centre des finances publiques de Montdidier",  # named by « finances publiques »
        "Centre social de Moreuil",  # both thematiques of the motif, in Moreuil
    ]  # the CAF shares one thematique, but it is a partner no journey of the visit names
    assert all(not g.partner.is_partner for g in groups)
    assert "mot-clé : finances publiques" in groups[0].partner.reasons


@pytest.mark.parametrize(
    "typed",
    [
        "dette",
        "dettes",
        "surendettement",
        "endettement",
        "crédit",
        "impayés",
        "Dettes",
        "crédits",
        "loyer impayé",
    ],
)
def test_every_word_for_debts_leads_to_the_point_conseil_budget(
    imported: Store, typed: str
) -> None:
    found = [j.id for j in journeys().search(typed)]
    assert found == ["endettement"], typed
    groups = groups_for(imported, found, None)
    assert groups[0].partner.slug == "point-conseil-budget"
    assert "di--pcb-rdv" in service_ids(groups, "point-conseil-budget")


def test_a_roye_permanence_is_not_offered_in_moreuil_unless_all_are_asked(
    imported: Store,
) -> None:
    in_moreuil = service_ids(groups_for(imported, ["chercher-emploi"], None), "france-travail")
    assert in_moreuil == ["di--ft-accompagnement"]
    everything = groups_for(imported, ["chercher-emploi"], None, everywhere=True)
    [ft] = [g for g in everything if g.partner.slug == "france-travail"]
    assert [(s.di_id, s.in_zone) for s in ft.services] == [
        ("di--ft-accompagnement", True),
        ("di--ft-roye", False),  # shown « hors zone », after the ones that cover Moreuil
    ]
    in_roye = service_ids(groups_for(imported, ["chercher-emploi"], None, ROYE), "france-travail")
    assert in_roye == ["di--ft-roye", "di--ft-accompagnement"]  # the one in Roye first
    # The Mission locale's CEJ covers the CC Avre Luce Noye only.
    assert "di--ml-cej" not in service_ids(
        groups_for(imported, ["chercher-emploi"], None, ROYE), "mission-locale"
    )


def test_recommend_services_flattens_the_groups_in_order(imported: Store) -> None:
    facts = assess(parse_situation(NEET))
    with imported.session() as session:
        groups = orient(session, ["jeune-neet"], facts, MOREUIL)
        flat = recommend_services(session, ["jeune-neet"], facts, MOREUIL)
    assert [r.service_id for r in flat] == [s.service_id for g in groups for s in g.services]
    assert flat[0].nom == "Contrat d'engagement jeune" and flat[0].in_zone


def test_a_hand_chosen_partner_wins_over_the_network(imported: Store) -> None:
    before = groups_for(imported, ["endettement"], None)  # the structures are kept in memory
    assert "di--pcb-rdv" in service_ids(before, "point-conseil-budget")
    with imported.transaction() as session:
        udaf = session.scalars(select(Structure).where(Structure.di_id == "di--pcb")).one()
        udaf.spie_partner = "departement"
    groups = groups_for(imported, ["endettement"], None)  # … and read again once changed
    assert "di--pcb-rdv" in service_ids(groups, "departement")
    assert service_ids(groups, "point-conseil-budget") == []


# --- ranking and trimming


def test_publics_non_bring_nothing_and_unknowns_never_reorder() -> None:
    known = journeys()
    everything_unknown = suggest_partners([known.get("endettement")], assess({}))
    by_slug = {p.slug: p for p in everything_unknown}
    # Named by the journey and by publics « à vérifier », the Département keeps the
    # journey's rank; named by four publics « à vérifier », the MDPH gets one point.
    assert [p.slug for p in everything_unknown][:3] == [
        "point-conseil-budget",
        "ccas",
        "departement",
    ]
    assert by_slug["departement"].labels("public-a-verifier")
    assert by_slug["departement"].score == by_slug["point-conseil-budget"].score == 4
    assert by_slug["mdph"].score == 1
    answered = suggest_partners(
        [known.get("endettement")],
        assess(parse_situation({"age": 45, "rsa": False, "ass": False, "rqth": False,
                                "protection_status": "aucune", "ase_before_18": False,
                                "job_seeker_registered": False, "employed": True})),
    )  # fmt: skip
    slugs = [p.slug for p in answered]
    assert slugs[:3] == ["point-conseil-budget", "ccas", "departement"]  # the journey's own
    for partner in answered[3:]:  # what is still « à vérifier » (a disability, the CEJ…)
        assert partner.score <= 2 and not partner.labels("public-oui")
    assert not {"ofii", "agir", "departement-ase"} & set(slugs)  # their publics are « non »


def test_the_agent_sees_five_partners_by_default() -> None:
    assert SHOWN_BY_DEFAULT == 5
    found = suggest_partners([journeys().get("jeune-neet")], assess(parse_situation(NEET)))
    assert [p.slug for p in found][:2] == ["mission-locale", "france-travail"]
    assert len(found) > SHOWN_BY_DEFAULT  # the rest behind « Voir tous les partenaires »
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


# --- the networks file


def test_the_shipped_networks_map_to_known_partners() -> None:
    networks = network_partners()
    assert networks.partner_of(None, ["departements", "ase"]) == "departement-ase"
    assert networks.partner_of(None, ["maisons-des-solidarites"]) == "departement"
    assert networks.partner_of(None, ["cap-emploi-reseau-cheops"]) == "cap-emploi"
    assert networks.partner_of(None, ["points-conseil-budget"]) == "point-conseil-budget"
    assert networks.partner_of("caf", ["mdph"]) == "caf"  # chosen by hand
    assert networks.partner_of(None, ["restos-du-coeur"]) is None
    assert set(slug for _n, slug in networks.pairs) <= set(journeys().partners)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"reseau": "france-travail", "partner": "pole-emploi"},
         "réseau « france-travail » : partenaire inconnu « pole-emploi »"),
        ({"reseau": "pole-emploi", "partner": "france-travail"},
         "réseau « pole-emploi » : réseau inconnu de data·inclusion"),
        ({"reseau": "caf", "partner": "caf", "note": "x"}, "champ « note » inconnu"),
        ({"reseau": "mdph", "partner": "mdph"}, "réseau « mdph » : réseau en double"),
    ],
)  # fmt: skip
def test_a_bad_networks_file_is_refused_in_french(line: dict[str, str], message: str) -> None:
    data = load_json("directory/reseaux-partenaires.json")
    data["reseaux"].append(line)
    with pytest.raises(NetworksError, match=message):
        load_networks(data)
