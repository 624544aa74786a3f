"""« Fiches à compléter »: the named partners the counter cannot reach come first."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.defaults import seed_default_directory
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.worklist import build_worklist, named_partners
from frontdesk.store.engine import Store


def seeded(store: Store) -> None:
    with store.transaction() as session:
        seed_default_directory(session)


def structure_of(store: Store, partner: str) -> Structure:
    with store.session() as session:
        return session.scalars(select(Structure).where(Structure.spie_partner == partner)).one()


def test_the_shipped_directory_reaches_none_of_the_main_partners(store: Store) -> None:
    seeded(store)
    with store.session() as session:
        worklist = build_worklist(session)
    named = list(named_partners())
    assert named[0] == "france-travail"  # named by the most publics and journeys
    assert not worklist.complete
    assert worklist.unreachable[:2] == ("france-travail", "mission-locale")
    first = worklist.items[0]
    assert first.group == "injoignable" and first.partner == "france-travail"
    assert first.missing == ("telephone", "adresse", "horaires_accueil", "courriel")
    assert first.says() == (
        "Aucun moyen de le joindre ; manque : téléphone, adresse, horaires, courriel."
    )
    groups = [item.group for item in worklist.items]
    assert groups == sorted(groups, key=["injoignable", "incomplet", "absent", "autre"].index)


def test_a_phone_or_an_address_with_hours_makes_a_partner_reachable(
    store: Store, manager: ProfileInfo
) -> None:  # (manager: the PC is set up, records can be written)
    seeded(store)
    mission = structure_of(store, "mission-locale")
    cap = structure_of(store, "cap-emploi")
    with store.transaction() as session:
        contact = DirectContact(
            structure_id=mission.id, name="Accueil", telephone="03 22 00 00 00",
            date_maj=date(2026, 12, 1),
        )  # fmt: skip
        session.add(contact)  # for the whole structure: every service has a phone
        for service in session.scalars(select(Service).where(Service.structure_id == cap.id)):
            service.adresse = "12 rue des Lilas"
            service.horaires_accueil = "Mo-Fr 09:00-12:00"
    with store.session() as session:
        worklist = build_worklist(session)
    assert "mission-locale" not in worklist.unreachable
    assert "cap-emploi" not in worklist.unreachable
    mission_lines = [i for i in worklist.items if i.partner == "mission-locale"]
    assert mission_lines and all(i.group == "incomplet" for i in mission_lines)
    assert all("telephone" not in i.missing for i in mission_lines)
    cap_lines = [i for i in worklist.items if i.partner == "cap-emploi"]
    assert [i.missing for i in cap_lines] == [("telephone", "courriel")] * len(cap_lines)
    assert cap_lines[0].says() == "Manque : téléphone, courriel."


def test_a_partner_without_any_record_gets_a_line(store: Store) -> None:
    seeded(store)
    cap = structure_of(store, "cap-emploi")
    with store.transaction() as session:
        session.execute(delete(Service).where(Service.structure_id == cap.id))
    with store.session() as session:
        worklist = build_worklist(session)
    absent = [i for i in worklist.items if i.partner == "cap-emploi"]
    assert len(absent) == 1 and absent[0].group == "absent" and absent[0].service_id is None
    assert absent[0].says() == "Aucune fiche dans l'annuaire."
    assert "cap-emploi" in worklist.unreachable


def test_a_complete_partner_has_no_line(store: Store) -> None:
    seeded(store)
    france_travail = structure_of(store, "france-travail")
    with store.transaction() as session:
        for service in session.scalars(
            select(Service).where(Service.structure_id == france_travail.id)
        ):
            service.telephone, service.courriel = "3949", "contact@example.org"
            service.adresse, service.horaires_accueil = "1 rue de Paris", "Mo-Fr 08:30-12:30"
    with store.session() as session:
        worklist = build_worklist(session)
    assert all(i.partner != "france-travail" for i in worklist.items)
    assert "france-travail" not in worklist.unreachable


def test_an_imported_structure_counts_by_its_network(store: Store, manager: ProfileInfo) -> None:
    """No partner chosen by hand: its data·inclusion network says it is the Mission locale."""
    with store.transaction() as session:
        structure = Structure(
            di_id="dora--ml", nom="Mission locale du Santerre", reseaux_porteurs=["mission-locale"],
            date_maj=date(2026, 11, 1), source="dora",
        )  # fmt: skip
        session.add(structure)
        session.flush()
        cej = Service(
            di_id="dora--ml-cej", structure_id=structure.id, nom="CEJ",
            description="Contrat d'engagement jeune.", date_maj=date(2026, 11, 1),
            source="dora", telephone="0322000000",
        )  # fmt: skip
        session.add(cej)
    with store.session() as session:
        worklist = build_worklist(session)
    lines = [i for i in worklist.items if i.name == "Mission locale du Santerre — CEJ"]
    assert [(i.partner, i.group) for i in lines] == [("mission-locale", "incomplet")]
    assert "mission-locale" not in worklist.unreachable
