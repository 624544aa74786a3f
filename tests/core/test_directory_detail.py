"""A service's detail as plain data, its sheet entry, the vocabularies, the commune typed."""

from __future__ import annotations

from datetime import date, datetime

from frontdesk.contacts.defaults import default_id, seed_default_directory
from frontdesk.contacts.detail import (
    find_commune,
    load_service_detail,
    load_sheet_entries,
    publics,
    sheet_path,
    thematique_categories,
)
from frontdesk.contacts.models import DirectContact, Service, Structure

DAY = date(2026, 11, 2)


def add_centre(store):
    """A structure with hours and an address, a service without, three contacts."""
    with store.transaction() as s:
        centre = Structure(
            di_id="test--centre", nom="Centre de santé", adresse="3 rue de l'Hôpital",
            code_postal="80110", commune="Moreuil", telephone="0322000000",
            horaires_accueil="Mo-Fr 08:30-12:00", spie_partner="mdph", date_maj=DAY, source="t",
        )  # fmt: skip
        s.add(centre)
        s.flush()
        soins = Service(
            di_id="test--soins", structure_id=centre.id, nom="Soins", description="Des soins.",
            thematiques=["sante--acces-aux-soins"], publics=["tous-publics"],
            zone_eligibilite=["80570", "80"], modes_accueil=["a-distance"], frais="gratuit",
            courriel="soins@example.fr", date_maj=DAY, source="t",
        )  # fmt: skip
        other = Service(
            di_id="test--autre", structure_id=centre.id, nom="Autre", description="x",
            date_maj=DAY, source="t",
        )  # fmt: skip
        s.add_all([soins, other])
        s.flush()
        for name, service_id, note in (
            ("Zoé Accueil", None, None),
            ("Mme Lefèvre", soins.id, "Appeler le matin."),
            ("M. Autre", other.id, None),
        ):
            s.add(
                DirectContact(
                    structure_id=centre.id, service_id=service_id, name=name,
                    agent_note=note, date_maj=DAY,
                )
            )  # fmt: skip
        return soins.id


def test_detail_falls_back_on_the_structure_and_lists_the_right_contacts(store, manager) -> None:
    service_id = add_centre(store)
    with store.session() as s:
        detail = load_service_detail(s, service_id)
    assert detail is not None
    assert detail.structure_nom == "Centre de santé"
    assert detail.partner.startswith("Maison départementale des personnes handicapées")
    assert detail.telephone == "0322000000"  # the structure's
    assert detail.courriel == "soins@example.fr"  # its own
    assert detail.adresse == ("3 rue de l'Hôpital", "80110 Moreuil")
    assert detail.horaires == "Mo-Fr 08:30-12:00"
    assert detail.horaires_texte.startswith("du lundi au vendredi")
    assert detail.thematiques == ("Accès aux soins",)
    assert detail.publics == ("Tous publics",)
    assert detail.modes_accueil == ("à distance",)
    assert detail.zones == ("Moreuil (80570)", "Somme (80)")
    assert detail.frais == "gratuit"
    # The service's own contact first, then the structure's; never another service's.
    assert [c.name for c in detail.contacts] == ["Mme Lefèvre", "Zoé Accueil"]
    assert detail.agent_notes == ("Mme Lefèvre : Appeler le matin.",)
    entry = detail.sheet_entry()
    assert entry.title == "Soins" and entry.structure == "Centre de santé"
    assert [c.name for c in entry.contacts] == ["Mme Lefèvre", "Zoé Accueil"]
    assert entry.agent_note == "Mme Lefèvre : Appeler le matin."
    assert entry.horaires_texte == detail.horaires_texte


def test_missing_services_are_left_out(store, manager) -> None:
    service_id = add_centre(store)
    with store.session() as s:
        assert load_service_detail(s, default_id("nothing")) is None
        entries = load_sheet_entries(s, [default_id("nothing"), service_id])
    assert [e.title for e in entries] == ["Soins"]


def test_default_directory_services_load(store, manager) -> None:
    with store.transaction() as s:
        seed_default_directory(s)
    with store.session() as s:
        ids = list(s.scalars(Service.__table__.select().with_only_columns(Service.id)))
        details = [load_service_detail(s, i) for i in ids]
    assert details and all(d is not None and d.a_verifier for d in details)


def test_vocabularies_and_communes() -> None:
    assert ("sante", "Santé") in thematique_categories()
    assert ("tous-publics", "Tous publics") in publics()
    assert find_commune("80685").nom == "Roye"
    assert find_commune("moreuil").insee == "80570"
    assert find_commune("") is None
    assert find_commune("Nulle-part-sur-Somme") is None


def test_sheet_path_is_dated_and_never_overwrites(tmp_path) -> None:
    moment = datetime(2026, 11, 24, 10, 5)
    first = sheet_path(tmp_path, moment)
    assert first.name == "fiche-2026-11-24-10h05.pdf"
    first.write_bytes(b"")
    assert sheet_path(tmp_path, moment).name == "fiche-2026-11-24-10h05-2.pdf"
