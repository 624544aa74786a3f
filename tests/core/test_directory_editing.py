"""Editing the directory: permissions, all field errors at once, confirmation, outbox."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo, create_profile
from frontdesk.contacts.defaults import default_id, seed_default_directory
from frontdesk.contacts.editing import (
    ContactForm,
    DirectoryEditError,
    FormErrors,
    ServiceForm,
    StructureForm,
    mark_stale_entries,
    save_contact,
    save_service,
    save_structure,
)
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.validation import NBSP
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox

MAIRIE = StructureForm(
    nom="Mairie de Moreuil",
    telephone="03 22 35 32 82",
    courriel="Accueil@Moreuil.FR",
    site_web="www.moreuil.fr",
    adresse="Place Norbert Malterre",
    code_insee="80570",
    code_postal="80110",
    horaires_accueil="Mo-Fr 08:30-12:00,13:30-17:00",
)


@pytest.fixture
def agent(store: Store, manager: ProfileInfo) -> ProfileInfo:
    with store.transaction() as session:
        return create_profile(session, "Agent", "agent", "motdepasse-agent", actor_id=manager.id)


def outbox(store: Store, record_id) -> list[Outbox]:
    with store.session() as session:
        query = select(Outbox).where(Outbox.record_id == record_id).order_by(Outbox.seq)
        return list(session.scalars(query))


def test_create_structure_cleans_every_field(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session:
        structure_id = save_structure(session, MAIRIE, manager)
    with store.session() as session:
        mairie = session.get(Structure, structure_id)
        assert mairie.telephone == "+33322353282"
        assert mairie.courriel == "Accueil@moreuil.fr"
        assert mairie.site_web == "https://www.moreuil.fr"
        assert mairie.commune == "Moreuil"  # filled from the INSEE code
        assert mairie.date_maj == date.today() and mairie.a_verifier is False
        assert mairie.source == "frontdesk-saisie"
        assert mairie.di_id == f"frontdesk--{structure_id.hex}"
        assert mairie.complement_adresse is None
    assert [row.op for row in outbox(store, structure_id)] == ["create"]


def test_all_field_errors_come_back_together(store: Store, manager: ProfileInfo) -> None:
    bad = dataclasses.replace(
        MAIRIE,
        nom=" ",
        telephone="03 22",
        courriel="accueil@",
        site_web="ftp://moreuil.fr",
        code_insee="75056",
        horaires_accueil="Lu-Ve sur rendez-vous",
        siret="123",
        reseaux_porteurs=("inconnu",),
    )
    with store.transaction() as session, pytest.raises(FormErrors) as caught:
        save_structure(session, bad, manager)
    errors = caught.value.errors
    assert set(errors) == {
        "nom",
        "telephone",
        "courriel",
        "site_web",
        "code_insee",
        "horaires_accueil",
        "siret",
        "reseaux_porteurs",
    }
    assert errors["nom"] == f"Nom{NBSP}: ce champ est obligatoire."
    assert errors["telephone"].startswith(f"Téléphone{NBSP}:")
    assert errors["courriel"].startswith(f"Courriel{NBSP}:")
    assert errors["site_web"].startswith(f"Site web{NBSP}:")
    assert errors["code_insee"].startswith(f"Code INSEE{NBSP}:")
    assert errors["horaires_accueil"].startswith(
        f"Horaires d'accueil non compris{NBSP}: mot inconnu"
    )
    assert all(message in str(caught.value) for message in errors.values())
    with store.session() as session:
        assert session.scalars(select(Structure)).all() == []
        assert session.scalars(select(Outbox)).all() == []


def test_an_agent_cannot_edit(store: Store, agent: ProfileInfo) -> None:
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="modifier"):
        save_structure(session, MAIRIE, agent)


def test_an_invalid_update_leaves_the_record_untouched(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session:
        structure_id = save_structure(session, MAIRIE, manager)
    with store.transaction() as session:
        bad = dataclasses.replace(MAIRIE, nom="Mairie", courriel="x@")
        with pytest.raises(FormErrors):
            save_structure(session, bad, manager, structure_id)
        assert session.get(Structure, structure_id).nom == "Mairie de Moreuil"  # not half-written
    assert len(outbox(store, structure_id)) == 1


def test_superviseur_edit_confirms_and_queues_an_update(
    store: Store, manager: ProfileInfo, caplog: pytest.LogCaptureFixture
) -> None:
    structure_id = default_id("frontdesk--departement-somme")
    with store.transaction() as session:
        seed_default_directory(session)
        session.info["replicating"] = True  # as if received from the hub: no outbox row
        session.get(Structure, structure_id).date_maj = date(2024, 1, 1)
    with store.transaction() as session:
        before = session.get(Structure, structure_id)
        assert before.a_verifier is True and before.date_maj == date(2024, 1, 1)
        form = StructureForm(
            nom=before.nom,
            description=before.description or "",
            site_web=before.site_web or "",
            adresse=before.adresse or "",
            code_postal=before.code_postal or "",
            code_insee=before.code_insee or "",
            source_note=before.source_note or "",
            reseaux_porteurs=tuple(before.reseaux_porteurs),
            spie_partner=before.spie_partner or "",
            telephone="03 22 71 80 80",
        )
        with caplog.at_level(logging.INFO, logger="frontdesk.contacts.editing"):
            assert save_structure(session, form, manager, structure_id) == structure_id
    assert str(structure_id) in caplog.text
    with store.session() as session:
        after = session.get(Structure, structure_id)
        assert after.a_verifier is False and after.date_maj == date.today()
        assert after.telephone == "+33322718080" and after.source == "frontdesk-defaut"
    [row] = outbox(store, structure_id)  # seeding queues nothing
    assert row.op == "update" and row.base_version == 1 and row.version == 2
    assert set(row.changed) >= {"telephone", "a_verifier", "date_maj"}
    assert "nom" not in row.changed


def test_outside_insee_needs_the_flag_and_a_commune_name(
    store: Store, manager: ProfileInfo
) -> None:
    paris = dataclasses.replace(MAIRIE, code_insee="75056", code_postal="75001")
    with store.transaction() as session, pytest.raises(FormErrors) as caught:
        save_structure(session, dataclasses.replace(paris, insee_outside_somme=True), manager)
    assert set(caught.value.errors) == {"commune"}
    form = dataclasses.replace(paris, insee_outside_somme=True, commune="Paris")
    with store.transaction() as session:
        record = session.get(Structure, save_structure(session, form, manager))
        assert (record.code_insee, record.commune) == ("75056", "Paris")


def service_form(structure_id, **changes) -> ServiceForm:
    form = ServiceForm(
        structure_id=structure_id,
        nom="Aide aux démarches en ligne",
        description="Accompagnement aux démarches administratives en ligne.",
        thematiques=("numerique--acceder-a-des-services-en-ligne",),
        publics=("tous-publics",),
        zone_eligibilite=("80570", "france"),
        modes_accueil=("en-presentiel",),
        frais="gratuit",
    )
    return dataclasses.replace(form, **changes)


def test_service_vocabularies_and_zone(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session:
        structure_id = save_structure(session, MAIRIE, manager)
        service_id = save_service(session, service_form(structure_id), manager)
        service = session.get(Service, service_id)
        assert service.zone_eligibilite == ["80570", "france"] and service.frais == "gratuit"
        assert service.type is None and service.a_verifier is False
        bad = service_form(
            structure_id,
            thematiques=("inconnue",),
            publics=("tous-publics", "jeunes"),
            zone_eligibilite=("99999",),
            modes_accueil=(),
            frais="offert",
            description="",
        )
        with pytest.raises(FormErrors) as caught:
            save_service(session, bad, manager, service_id)
    errors = caught.value.errors
    assert set(errors) == {
        "thematiques",
        "publics",
        "zone_eligibilite",
        "modes_accueil",
        "frais",
        "description",
    }
    assert errors["thematiques"].startswith(f"Thématiques{NBSP}: valeur inconnue")
    assert "ne peut pas être utilisé avec d’autres valeurs" in errors["publics"]  # the package
    assert "99999" in errors["zone_eligibilite"]


def test_contact_needs_a_way_to_reach_it(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session:
        structure_id = save_structure(session, MAIRIE, manager)
        form = ContactForm(structure_id=structure_id, name="Ligne directe", spie_publics=("x",))
        with pytest.raises(FormErrors) as caught:
            save_contact(session, form, manager)
        assert set(caught.value.errors) == {"telephone", "spie_publics"}
        form = dataclasses.replace(form, telephone="06 12 34 56 78", spie_publics=())
        contact = session.get(DirectContact, save_contact(session, form, manager))
        assert contact.telephone == "+33612345678" and contact.a_verifier is False


def test_mark_stale_entries_with_a_fixed_today(store: Store, manager: ProfileInfo) -> None:
    today = date(2026, 6, 1)
    with store.transaction() as session:
        old_id = save_structure(session, MAIRIE, manager)
        recent_id = save_structure(session, dataclasses.replace(MAIRIE, nom="CCAS"), manager)
        service_id = save_service(session, service_form(old_id), manager)
        session.get(Structure, old_id).date_maj = date(2025, 5, 31)
        session.get(Structure, recent_id).date_maj = date(2025, 6, 1)
        session.get(Service, service_id).date_maj = today - timedelta(days=400)
    with store.transaction() as session:
        assert mark_stale_entries(session, today) == 2
    with store.transaction() as session:
        assert session.get(Structure, old_id).a_verifier is True
        assert session.get(Structure, recent_id).a_verifier is False
        assert session.get(Service, service_id).a_verifier is True
        assert mark_stale_entries(session, today) == 0  # already marked
    assert outbox(store, old_id)[-1].changed == ["a_verifier"]
