"""Directory search (FTS5 index kept by triggers, filters, hours, ranking) and the
recommendation of services for a visit."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from frontdesk.contacts import search
from frontdesk.contacts.geo import somme
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.recommend import recommend_services
from frontdesk.contacts.search import (
    SearchQuery,
    is_open,
    match_expression,
    search_services,
    search_structures,
)
from frontdesk.orientation.journeys import journeys
from frontdesk.orientation.results import Assessment
from frontdesk.orientation.suggest import suggest_partners
from frontdesk.store.models import Setting

MOREUIL, ROYE = "80570", "80685"
TUESDAY_10H = datetime(2026, 11, 24, 10, 0)
TUESDAY_14H = datetime(2026, 11, 24, 14, 0)
SUNDAY_10H = datetime(2026, 11, 29, 10, 0)
TRIGGERS = {
    f"directory_fts_{table}_{event}"
    for table in ("service", "structure", "contact")
    for event in ("ai", "au", "ad")
}


def avre_luce_noye() -> str:
    epci = somme().commune(MOREUIL).epci
    assert epci is not None and somme().epci(epci).label == "CC Avre Luce Noye"
    return epci


def structure(session, key: str, nom: str, **fields) -> Structure:
    record = Structure(di_id=f"test--{key}", nom=nom, date_maj=date(2026, 11, 1), source="test")
    for name, value in fields.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    return record


def service(session, owner: Structure, key: str, nom: str, description: str, **fields) -> Service:
    record = Service(
        di_id=f"test--{key}",
        structure_id=owner.id,
        nom=nom,
        description=description,
        date_maj=date(2026, 11, 1),
        source="test",
        thematiques=fields.pop("thematiques", []),
        publics=fields.pop("publics", ["tous-publics"]),
        zone_eligibilite=fields.pop("zone_eligibilite", ["80"]),
        modes_accueil=fields.pop("modes_accueil", ["en-presentiel"]),
    )
    for name, value in fields.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    return record


def contact(session, owner: Structure, name: str, **fields) -> DirectContact:
    record = DirectContact(structure_id=owner.id, name=name, date_maj=date(2026, 11, 1), **fields)
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def directory(store, manager):
    """Structures of the Somme, their services and a few direct contacts."""
    with store.transaction() as s:
        sante = structure(
            s, "sante", "Centre de santé de Moreuil", code_insee=MOREUIL, commune="Moreuil",
            horaires_accueil="Mo-Fr 08:30-12:00",
        )  # fmt: skip
        service(
            s, sante, "soins", "Consultations de santé", "Accès aux soins pour tous.",
            thematiques=["sante--acces-aux-soins"], zone_eligibilite=[MOREUIL],
        )  # fmt: skip
        mdph = structure(
            s, "mdph", "MDPH de la Somme", spie_partner="mdph", code_insee="80021",
            horaires_accueil="n'importe quoi",
        )  # fmt: skip
        service(
            s, mdph, "mdph", "Accueil et information", "Constituer son dossier, RQTH.",
            thematiques=["sante--constituer-un-dossier-mdph-invalidite"],
            publics=["personnes-en-situation-de-handicap"], zone_eligibilite=["80"],
            modes_accueil=["en-presentiel", "a-distance"], horaires_accueil="Mo-Fr 09:00-17:00",
        )  # fmt: skip
        contact(s, mdph, "Accueil général", role="standard")
        contact(s, mdph, "Mme Roux", role="référente insertion", spie_publics=["travailleur-rqth"])
        ft = structure(s, "ft", "France Travail Moreuil", spie_partner="france-travail")
        service(
            s, ft, "ft-emploi", "Accompagnement vers l'emploi", "Conseiller dédié.",
            thematiques=["trouver-un-emploi--repondre-a-des-offres-demploi"],
            publics=["demandeurs-emploi"], zone_eligibilite=[avre_luce_noye()],
            horaires_accueil="pas d'horaires lisibles",
        )  # fmt: skip
        ft_roye = structure(s, "ft-roye", "France Travail Roye", spie_partner="france-travail")
        service(
            s, ft_roye, "ft-roye", "Permanence emploi de Roye", "Offres locales.",
            thematiques=["trouver-un-emploi--repondre-a-des-offres-demploi"],
            zone_eligibilite=[ROYE],
        )  # fmt: skip
        cap = structure(s, "cap", "Cap emploi Somme", spie_partner="cap-emploi")
        service(
            s, cap, "cap", "Ligne nationale handicap et emploi", "Numéro unique.",
            thematiques=["trouver-un-emploi--maintien-dans-lemploi"], zone_eligibilite=["france"],
            modes_accueil=["a-distance"],
        )  # fmt: skip
    return store


def names(hits) -> list[str]:
    return [h.nom for h in hits]


def find(store, text_: str = "", **filters) -> list[str]:
    with store.session() as s:
        return names(search_services(s, SearchQuery(text=text_, **filters)))


def test_triggers_and_index_exist_at_head(store) -> None:
    with sqlite3.connect(store.path) as conn:
        found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert found >= TRIGGERS


def test_match_expression() -> None:
    assert match_expression("  ") is None
    assert match_expression("Santé mdph") == '{nom body} : ("Santé"* AND "mdph"*)'
    assert match_expression("l'accès") == '{nom body} : ("accès"*)'  # elided article dropped
    assert match_expression('"x') == '{nom body} : ("x"*)'  # quotes cannot break the query
    # Function words typed in full are left out; the word being typed never is.
    assert match_expression("permis de co") == '{nom body} : ("permis"* AND "co"*)'
    assert match_expression("permis de") == '{nom body} : ("permis"* AND "de"*)'
    assert match_expression("de la ") == '{nom body} : ("de"* AND "la"*)'


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sante", "Consultations de santé"),
        ("SANTÉ moreuil", "Consultations de santé"),
        ("mdph", "Accueil et information"),
        ("MDPH", "Accueil et information"),
        ("roux", "Accueil et information"),  # a direct contact of its structure
        ("emplo roye", "Permanence emploi de Roye"),  # prefixes, every word required
    ],
)
def test_text_is_accent_case_insensitive_and_prefix(directory, typed: str, expected: str) -> None:
    assert expected in find(directory, typed)


def test_prefix_finds_every_emploi_service(directory) -> None:
    assert set(find(directory, "emplo")) == {
        "Accompagnement vers l'emploi",
        "Permanence emploi de Roye",
        "Ligne nationale handicap et emploi",
    }
    assert find(directory, "zzz") == []


def test_broad_text_lists_name_matches_first(directory, monkeypatch) -> None:
    ranked = find(directory, "sante")
    monkeypatch.setattr(search, "BROAD", 1)  # every query is too broad to rank
    with directory.session() as s:
        hits = search_services(s, SearchQuery(text="sante"))
    assert sorted(h.nom for h in hits) == sorted(ranked)
    assert hits[0].nom == "Consultations de santé"  # the only name with « santé »
    assert {h.score for h in hits} == {0.0}
    with directory.session() as s:
        assert len(search_services(s, SearchQuery(text="sante", limit=1))) == 1


def test_filters(directory) -> None:
    assert find(directory, thematique="sante") == [
        "Accueil et information",
        "Consultations de santé",
    ]  # a category matches its thematiques
    assert find(directory, thematique="sante--acces-aux-soins") == ["Consultations de santé"]
    # « tous-publics » services are open to every public.
    handicap = find(directory, public="personnes-en-situation-de-handicap")
    assert "Accueil et information" in handicap and "Consultations de santé" in handicap
    assert "Accompagnement vers l'emploi" not in handicap
    assert sorted(find(directory, "emploi", spie_partner="france-travail")) == [
        "Accompagnement vers l'emploi",
        "Permanence emploi de Roye",
    ]
    assert find(directory, mode_accueil="a-distance") == [
        "Accueil et information",
        "Ligne nationale handicap et emploi",
    ]


def test_commune_matches_commune_departement_epci_and_france(directory) -> None:
    in_moreuil = find(directory, commune_insee=MOREUIL)
    assert sorted(in_moreuil) == [
        "Accompagnement vers l'emploi",  # CC Avre Luce Noye
        "Accueil et information",  # 80
        "Consultations de santé",  # 80570
        "Ligne nationale handicap et emploi",  # france
    ]
    assert "Permanence emploi de Roye" in find(directory, commune_insee=ROYE)
    assert "Consultations de santé" not in find(directory, commune_insee=ROYE)


def test_open_now_true_false_unknown(directory) -> None:
    def states(now: datetime) -> dict[str, bool | None]:
        with directory.session() as s:
            return {h.nom: h.open_now for h in search_services(s, SearchQuery(now=now))}

    assert states(TUESDAY_10H) == {
        "Consultations de santé": True,  # the structure's hours, none of its own
        "Accueil et information": True,
        "Accompagnement vers l'emploi": None,  # unreadable hours: unknown
        "Permanence emploi de Roye": None,  # no hours at all
        "Ligne nationale handicap et emploi": None,
    }
    afternoon = states(TUESDAY_14H)
    assert afternoon["Consultations de santé"] is False
    assert afternoon["Accueil et information"] is True
    assert find(directory, open_now=True, now=TUESDAY_14H) == ["Accueil et information"]
    assert find(directory, open_now=True, now=SUNDAY_10H) == []
    assert is_open("Mo-Fr 09:00-12:00 unknown", TUESDAY_10H) is None
    assert is_open("   ", TUESDAY_10H) is None


def index_rows(store) -> int:
    with store.session() as s:
        return s.execute(text("SELECT count(*) FROM directory_fts")).scalar_one()


def test_edits_and_deletes_update_the_index(directory) -> None:
    with directory.session() as s:
        services = s.scalar(select(func.count()).select_from(Service))
        structures = s.scalar(select(func.count()).select_from(Structure))
    assert index_rows(directory) == services + structures
    with directory.transaction() as s:
        soins = s.scalars(select(Service).where(Service.di_id == "test--soins")).one()
        soins.nom = "Téléconsultation"
        soins.thematiques = ["sante--prevention-et-acces-aux-soins", "numerique--x"]
    assert find(directory, "teleconsult") == ["Téléconsultation"]
    assert find(directory, "consultations") == []
    assert find(directory, "numerique") == ["Téléconsultation"]  # thematique slugs
    with directory.transaction() as s:
        owner = s.scalars(select(Structure).where(Structure.di_id == "test--sante")).one()
        owner.nom = "Pôle médical Avre"
        added = contact(s, owner, "M. Lefebvre", role="médiateur santé")
    assert find(directory, "pole medical") == ["Téléconsultation"]  # structure name
    assert find(directory, "lefeb") == ["Téléconsultation"]
    with directory.session() as s:
        assert [h.nom for h in search_structures(s, "lefeb")] == ["Pôle médical Avre"]
    with directory.transaction() as s:
        s.delete(s.get(DirectContact, added.id))
    assert find(directory, "lefeb") == []
    with directory.transaction() as s:
        s.delete(s.scalars(select(Service).where(Service.di_id == "test--soins")).one())
    assert find(directory, "teleconsult") == []
    assert index_rows(directory) == services + structures - 1


def test_commune_match_ranks_first_among_equal_scores(store, manager) -> None:
    with store.transaction() as s:
        owner = structure(s, "ateliers", "Espace numérique")
        # Same text twice: equal scores. The one in Roye sorts first by name and id.
        for key, insee, nom, ident in (
            ("roye", ROYE, "Atelier numérique", uuid.UUID(int=1)),
            ("moreuil", MOREUIL, "Atelier numérique", uuid.UUID(int=2)),
        ):
            service(s, owner, key, nom, "Aide aux démarches en ligne.", code_insee=insee, id=ident)
        service(s, owner, "b", "Bureau numérique", "Aide.", code_insee=MOREUIL)
        service(s, owner, "a", "Aide numérique", "Aide.", code_insee=ROYE)
    with store.session() as s:
        hits = search_services(s, SearchQuery(text="atelier", commune_insee=MOREUIL))
        assert [h.service_id for h in hits] == [uuid.UUID(int=2), uuid.UUID(int=1)]
        assert hits[0].score == hits[1].score > 0
        assert [h.commune_match for h in hits] == [True, False]
        plain = search_services(s, SearchQuery(commune_insee=MOREUIL, limit=2))
    assert [h.nom for h in plain] == ["Atelier numérique", "Bureau numérique"]
    assert all(h.commune_match and h.score == 0 for h in plain)


def test_recommendation_follows_suggested_partners_and_zone(directory) -> None:
    statuses = {"travailleur-rqth": "oui", "beneficiaire-rsa": "non"}
    with directory.session() as s:
        found = recommend_services(s, ["chercher-emploi"], statuses, MOREUIL)
        in_roye = recommend_services(s, ["chercher-emploi"], statuses, ROYE)
        assert recommend_services(s, ["declarer-revenus"], None, MOREUIL) == []
    assert [r.nom for r in found] == [
        "Ligne nationale handicap et emploi",  # cap-emploi
        "Accompagnement vers l'emploi",  # france-travail, CC Avre Luce Noye
        "Accueil et information",  # mdph
    ]  # « Permanence emploi de Roye » does not cover Moreuil
    expected = [p.slug for p in suggest_partners([journeys().get("chercher-emploi")], None)]
    assert expected[:3] == ["france-travail", "mission-locale", "cap-emploi"]
    # Named by the journey and by the public « oui » (which names Cap emploi first), Cap
    # emploi and France Travail come before the MDPH (the public alone).
    assert [r.partner.slug for r in found] == ["cap-emploi", "france-travail", "mdph"]
    assert "Permanence emploi de Roye" in [r.nom for r in in_roye]
    assert "Accompagnement vers l'emploi" not in [r.nom for r in in_roye]
    mdph = found[2]
    assert [c.name for c in mdph.contacts] == ["Mme Roux", "Accueil général"]
    assert [c.matches_visit for c in mdph.contacts] == [True, False]
    assert mdph.partner.labels("public-oui") == ["Travailleur handicapé (RQTH ou autre statut)"]


def test_recommendation_takes_an_assessment(directory) -> None:
    with directory.session() as s:
        found = recommend_services(s, [journeys().get("chercher-emploi")], Assessment(()), MOREUIL)
    assert [r.partner.slug for r in found] == ["france-travail", "cap-emploi"]


def fts_rows(store) -> list[tuple]:
    with sqlite3.connect(store.path) as conn:
        return sorted(conn.execute("SELECT kind, record_id, nom, body FROM directory_fts"))


def trigger_sql(store) -> dict[str, str]:
    with sqlite3.connect(store.path) as conn:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))


def test_rows_view_yields_what_the_triggers_keep(directory) -> None:
    from frontdesk.contacts.search_index import rebuild

    kept = fts_rows(directory)
    assert len(kept) == 10  # 5 structures, 5 services
    with sqlite3.connect(directory.path) as conn:
        assert sorted(conn.execute("SELECT * FROM directory_fts_rows")) == kept
    with directory.transaction() as s:
        rebuild(s)
    assert fts_rows(directory) == kept
    assert find(directory, "roux") == ["Accueil et information"]


def test_suspended_index_rebuilds_once_and_restores_triggers(directory) -> None:
    from frontdesk.contacts.search_index import suspended_index

    before = trigger_sql(directory)
    with directory.transaction() as s, suspended_index(s):
        assert not set(trigger_sql_in(s)) & TRIGGERS
        owner = s.scalars(select(Structure).where(Structure.di_id == "test--cap")).one()
        service(s, owner, "bulk", "Atelier numérique", "Prendre en main un ordinateur.")
    assert trigger_sql(directory) == before
    assert find(directory, "numerique") == ["Atelier numérique"]
    # the triggers work again after the bulk block
    with directory.transaction() as s:
        owner = s.scalars(select(Structure).where(Structure.di_id == "test--cap")).one()
        service(s, owner, "after", "Permanence juridique", "Droit du travail.")
    assert find(directory, "juridique") == ["Permanence juridique"]


def trigger_sql_in(session) -> list[str]:
    return list(session.scalars(text("SELECT name FROM sqlite_master WHERE type='trigger'")))


def test_suspended_index_rolls_back_with_the_transaction(directory) -> None:
    from frontdesk.contacts.search_index import suspended_index

    before, kept = trigger_sql(directory), fts_rows(directory)
    with pytest.raises(RuntimeError), directory.transaction() as s, suspended_index(s):
        owner = s.scalars(select(Structure).where(Structure.di_id == "test--cap")).one()
        service(s, owner, "lost", "Service perdu", "Jamais enregistré.")
        raise RuntimeError("import interrupted")
    assert trigger_sql(directory) == before
    assert fts_rows(directory) == kept


def test_a_paused_index_stays_searchable_and_is_rebuilt_on_resume(directory) -> None:
    from frontdesk.contacts.search_index import PAUSED_SETTING, pause, resume

    before = trigger_sql(directory)
    with directory.transaction() as s:
        pause(s)
        pause(s)  # already paused: nothing more
    assert not set(trigger_sql(directory)) & TRIGGERS
    with directory.transaction() as s:  # another transaction, as a sync's next page
        owner = s.scalars(select(Structure).where(Structure.di_id == "test--cap")).one()
        service(s, owner, "paged", "Atelier numérique", "Prendre en main un ordinateur.")
    assert find(directory, "numerique") == []  # stale meanwhile, but still searchable
    assert find(directory, "roux") == ["Accueil et information"]
    with directory.transaction() as s:
        assert resume(s)
        assert not resume(s)  # once only
        assert s.get(Setting, PAUSED_SETTING) is None
    assert trigger_sql(directory) == before
    assert find(directory, "numerique") == ["Atelier numérique"]
    with directory.transaction() as s:  # the triggers work again
        owner = s.scalars(select(Structure).where(Structure.di_id == "test--cap")).one()
        service(s, owner, "after", "Permanence juridique", "Droit du travail.")
    assert find(directory, "juridique") == ["Permanence juridique"]


def test_a_pause_rolls_back_with_its_transaction(directory) -> None:
    from frontdesk.contacts.search_index import pause

    before = trigger_sql(directory)
    with pytest.raises(RuntimeError), directory.transaction() as s:
        pause(s)
        raise RuntimeError("page not applied")
    assert trigger_sql(directory) == before
