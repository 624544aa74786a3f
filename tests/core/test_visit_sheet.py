"""The contact sheet made from a visit: services of the ticked partners, documents."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pypdf import PdfReader

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.defaults import seed_default_directory
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.visit_sheet import (
    load_recommendations,
    service_line,
    sheet_documents,
    sheet_service_ids,
    write_visit_sheet,
)
from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.store.engine import Store

NEET = {
    "age": 19,
    "rsa": False,
    "ass": False,
    "job_seeker_registered": False,
    "employed": False,
    "student": False,
    "in_training": False,
}
SERVICE = "Permanence jeunes de Moreuil"
NOTE = "Rappeler après 14 h, demander Julie."


def seed_with_permanence(store: Store) -> None:
    """The default directory plus a Mission locale service for Moreuil, with a phone
    and a direct contact carrying an agent note."""
    with store.transaction() as s:
        seed_default_directory(s)
        mission = s.query(Structure).filter_by(spie_partner="mission-locale").one()
        service = Service(
            di_id="test--permanence-jeunes",
            structure_id=mission.id,
            nom=SERVICE,
            description="Accueil des jeunes de 16 à 25 ans.",
            date_maj=date(2026, 11, 2),
            source="test",
            thematiques=["emploi--accompagnement-global"],
            zone_eligibilite=["80570"],
            telephone="0322112233",
            a_verifier=False,
        )
        s.add(service)
        s.flush()
        s.add(
            DirectContact(
                structure_id=mission.id,
                service_id=service.id,
                name="Mme Durand",
                role="conseillère",
                telephone="0322445566",
                agent_note=NOTE,
                date_maj=date(2026, 11, 2),
            )
        )


@pytest.fixture
def directory(store: Store, manager: ProfileInfo) -> Store:
    seed_with_permanence(store)
    return store


def neet_assessment():
    return assess(parse_situation(NEET))


def test_documents_come_from_the_publics_oui_only() -> None:
    documents = sheet_documents(neet_assessment())
    assert "Pièce d'identité (pour l'âge)" in documents
    assert not any("RSA" in d for d in documents)
    assert sheet_documents(None) == ()


def test_lines_and_ids_of_the_recommended_services(directory: Store) -> None:
    with directory.session() as s:
        found = load_recommendations(s, ["chercher-emploi"], neet_assessment())
    mission = [r for r in found if r.partner.slug == "mission-locale"]
    assert SERVICE in [r.nom for r in mission]
    line = service_line(next(r for r in mission if r.nom == SERVICE))
    assert "03\u00a022\u00a011\u00a022\u00a033" in line and "Mme Durand" in line
    assert "à vérifier" not in line.split("Mme Durand")[0]
    assert NOTE not in line
    ids = sheet_service_ids(found, {"mission-locale"})
    assert ids == [r.service_id for r in mission]
    assert sheet_service_ids(found, set()) == [r.service_id for r in found]


def test_the_pdf_has_the_services_and_documents_and_nothing_about_the_visitor(
    directory: Store, tmp_path
) -> None:
    with directory.session() as s:
        path, count = write_visit_sheet(
            s,
            ["chercher-emploi"],
            neet_assessment(),
            ["mission-locale"],
            folder=tmp_path / "fiches",
            now=datetime(2026, 11, 24, 10, 30),
        )
    assert path.name == "fiche-2026-11-24-10h30.pdf" and count >= 1
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert SERVICE in text and "Pièces à apporter" in text
    assert "19 ans" not in text and "Rappeler" not in text
    assert "France Travail" not in text.split("Pièces à apporter")[0]


def test_no_service_says_so(store: Store, manager: ProfileInfo, tmp_path) -> None:
    with store.session() as s, pytest.raises(LookupError):
        write_visit_sheet(s, ["chercher-emploi"], None, [], folder=tmp_path, now=datetime.now())
