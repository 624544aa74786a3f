"""The default directory: sourced entries only, all-or-nothing validation, idempotent seeding
with the same UUIDs on every PC and no outbox mutation."""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.defaults import (
    DEFAULTS_FILE,
    DirectoryDataError,
    default_directory,
    default_id,
    load_default_directory,
    seed_default_directory,
)
from frontdesk.contacts.models import Service, Structure
from frontdesk.orientation.journeys import journeys
from frontdesk.resources import ResourceError, load_json
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store
from frontdesk.store.models import Outbox

REQUIRED = {
    "frontdesk--france-travail",
    "frontdesk--mission-locale",
    "frontdesk--cap-emploi",
    "frontdesk--departement-somme",
    "frontdesk--departement-somme-ase",
    "frontdesk--mdph-somme",
    "frontdesk--caf-somme",
    "frontdesk--cpam-somme",
    "frontdesk--msa",
    "frontdesk--ccas-moreuil",
    "frontdesk--ccas-roye",
    "frontdesk--ofii",
    "frontdesk--agir-somme",
    "frontdesk--prefecture-somme",
}
# A French phone number (10 digits, or a 4-digit short number such as 39 49) in free text.
PHONE = re.compile(r"\b0\d(?:[ .]?\d{2}){4}\b|\b3\d ?\d{2}\b(?! ?(?:heures|h\b|€|%))")


def entries() -> list[Any]:
    directory = default_directory()
    return [*directory.structures, *directory.services]


def counts(store: Store) -> tuple[int, int, int]:
    with store.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Structure)) or 0,
            session.scalar(select(func.count()).select_from(Service)) or 0,
            session.scalar(select(func.count()).select_from(Outbox)) or 0,
        )


def ids(store: Store) -> dict[str, uuid.UUID]:
    with store.session() as session:
        rows = [*session.execute(select(Structure.di_id, Structure.id))]
        rows += [*session.execute(select(Service.di_id, Service.id))]
    return dict(rows)


def test_bundled_file_validates_and_covers_every_partner() -> None:
    directory = default_directory()
    structure_ids = {s.di_id for s in directory.structures}
    assert structure_ids >= REQUIRED
    assert {s.spie_partner for s in directory.structures} >= set(journeys().partners)
    with_service = {s.structure_id for s in directory.services}
    assert structure_ids == with_service  # every structure has at least one service
    assert isinstance(load_json(DEFAULTS_FILE)["$comment"], str)


def test_every_entry_is_sourced_and_to_be_checked() -> None:
    for entry in entries():
        assert entry.source == "frontdesk-defaut", entry.di_id
        assert entry.source_note and len(entry.source_note) > 20, entry.di_id
        assert entry.a_verifier is True, entry.di_id
    raw = load_json(DEFAULTS_FILE)
    assert all(e["a_verifier"] is True for e in [*raw["structures"], *raw["services"]])


def test_no_phone_number_without_a_cited_source() -> None:
    for entry in entries():
        if entry.telephone is not None:
            assert "http" in entry.source_note or "shared/" in entry.source_note, entry.di_id
        texts = entry.model_dump(exclude={"di_id", "source_note", "date_maj", "site_web"})
        for text in (t for t in texts.values() if isinstance(t, str)):
            assert not PHONE.search(text), (entry.di_id, text)


def test_local_entries_name_their_commune() -> None:
    by_id = {s.di_id: s for s in default_directory().structures}
    assert by_id["frontdesk--ccas-moreuil"].code_insee == "80570"
    assert by_id["frontdesk--ccas-roye"].code_insee == "80685"
    zones = {s.di_id: s.zone_eligibilite for s in default_directory().services}
    assert zones["frontdesk--ccas-moreuil-aide-sociale"] == ("80570",)
    assert zones["frontdesk--ofii-cir-agir"] == ("france",)


def test_seeding_twice_creates_each_record_once(store: Store, manager: ProfileInfo) -> None:
    directory = default_directory()
    total = len(directory.structures) + len(directory.services)
    before = counts(store)
    with store.transaction() as session:
        assert seed_default_directory(session) == total
    after = counts(store)
    assert after[:2] == (before[0] + len(directory.structures), before[1] + len(directory.services))
    with store.transaction() as session:
        assert seed_default_directory(session) == 0
    assert counts(store) == after
    assert ids(store) == {e.di_id: default_id(e.di_id) for e in entries()}


def test_seeding_writes_no_outbox_row_and_restores_the_flag(
    store: Store, manager: ProfileInfo
) -> None:
    outbox_before = counts(store)[2]
    with store.transaction() as session:
        session.info["replicating"] = False
        seed_default_directory(session)
        assert session.info["replicating"] is False
    with store.transaction() as session:
        seed_default_directory(session)  # nothing left to add
        assert "replicating" not in session.info
    assert counts(store)[2] == outbox_before


def test_records_carry_the_pc_identity_or_the_default_one(
    store: Store, manager: ProfileInfo
) -> None:
    identity = store.identity()
    with store.transaction() as session:
        seed_default_directory(session)
    with store.session() as session:
        structure = session.scalars(select(Structure)).first()
        assert structure is not None
        assert (structure.site_id, structure.device_id, structure.version) == (
            identity["site_id"],
            identity["device_id"],
            1,
        )


def test_same_uuids_on_two_pcs(store: Store, tmp_path: Path) -> None:
    other_path = tmp_path / "autre-poste" / "frontdesk.sqlite3"
    prepare_store(other_path, tmp_path / "autre-poste" / "sauvegardes")
    other = Store(other_path)
    try:
        for each in (store, other):
            with each.transaction() as session:
                seed_default_directory(session)
        assert ids(store) == ids(other)
        assert len(ids(store)) == len(entries())
        with other.session() as session:
            structure = session.scalars(select(Structure)).first()
            assert structure is not None
            assert (structure.site_id, structure.device_id) == ("defaut", uuid.UUID(int=0))
    finally:
        other.close()


def test_a_local_edit_is_never_overwritten(store: Store, manager: ProfileInfo) -> None:
    target = default_id("frontdesk--caf-somme")
    with store.transaction() as session:
        seed_default_directory(session)
    outbox_before = counts(store)[2]
    with store.transaction() as session:
        structure = session.get(Structure, target)
        assert structure is not None
        structure.nom = "CAF de la Somme – accueil d'Amiens"
        structure.a_verifier = False
    assert counts(store)[2] == outbox_before + 1  # the edit itself is queued
    with store.transaction() as session:
        assert seed_default_directory(session) == 0
    with store.session() as session:
        structure = session.get(Structure, target)
        assert structure is not None
        assert (structure.nom, structure.a_verifier) == (
            "CAF de la Somme – accueil d'Amiens",
            False,
        )
        assert structure.version == 2


def test_a_deleted_default_stays_deleted(store: Store, manager: ProfileInfo) -> None:
    with store.transaction() as session:
        seed_default_directory(session)
    with store.transaction() as session:
        session.delete(session.get(Service, default_id("frontdesk--caf-somme-rsa")))
        caf_cpam = session.get(Structure, default_id("frontdesk--cpam-somme"))
        for service in session.scalars(select(Service).where(Service.structure_id == caf_cpam.id)):
            session.delete(service)
        session.delete(caf_cpam)
    with store.transaction() as session:
        assert seed_default_directory(session) == 0
    with store.session() as session:
        assert session.get(Service, default_id("frontdesk--caf-somme-rsa")) is None
        assert session.get(Structure, default_id("frontdesk--cpam-somme")) is None


def test_a_new_default_service_is_added_under_the_existing_structure(
    store: Store, manager: ProfileInfo
) -> None:
    with store.transaction() as session:
        seed_default_directory(session)
    data = copy.deepcopy(load_json(DEFAULTS_FILE))
    added = copy.deepcopy(_service(data, SERVICE)) | {"di_id": "frontdesk--caf-somme-nouveau"}
    data["services"].append(added)
    with store.transaction() as session:  # a later release ships one more service
        assert seed_default_directory(session, load_default_directory(data)) == 1
    with store.session() as session:
        service = session.get(Service, default_id("frontdesk--caf-somme-nouveau"))
        assert service is not None
        assert service.structure_id == default_id("frontdesk--caf-somme")


def _service(data: dict[str, Any], di_id: str) -> dict[str, Any]:
    return next(s for s in data["services"] if s["di_id"] == di_id)


def _structure(data: dict[str, Any], di_id: str) -> dict[str, Any]:
    return next(s for s in data["structures"] if s["di_id"] == di_id)


SERVICE = "frontdesk--caf-somme-rsa"
STRUCTURE = "frontdesk--caf-somme"
BREAKAGES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "thematique": (
        lambda d: _service(d, SERVICE)["thematiques"].append("logement--inconnu"),
        "thématique inconnue « logement--inconnu »",
    ),
    "zone": (
        lambda d: _service(d, SERVICE).update(zone_eligibilite=["59350"]),
        "zone inconnue « 59350 »",
    ),
    "zone-case": (
        lambda d: _service(d, SERVICE).update(zone_eligibilite=["France"]),
        "zone inconnue « France »",
    ),
    "public": (
        lambda d: _service(d, SERVICE).update(publics=["beneficiaires-rsa"]),
        "public inconnu « beneficiaires-rsa »",
    ),
    "tous-publics": (
        lambda d: _service(d, SERVICE).update(publics=["tous-publics", "jeunes"]),
        "champ « publics » : «\u00a0tous-publics\u00a0» ne peut pas être utilisé",
    ),
    # rules only the data·inclusion package's models hold
    "mobilisation": (
        lambda d: _service(d, SERVICE).update(modes_mobilisation=["appeler"]),
        "champ « modes_mobilisation » : valeur inconnue «\u00a0appeler\u00a0»",
    ),
    "courriel": (
        lambda d: _structure(d, STRUCTURE).update(courriel="accueil@"),
        "champ « courriel » : adresse non valide «\u00a0accueil@\u00a0»",
    ),
    "short-name": (
        lambda d: _service(d, SERVICE).update(nom="RS"),
        "champ « nom » : 3 caractères au moins",
    ),
    "link": (
        lambda d: _service(d, SERVICE).update(lien_mobilisation="ftp://caf.fr"),
        "champ « lien_mobilisation » : adresse web non valide",
    ),
    "structure": (
        lambda d: _service(d, SERVICE).update(structure_id="frontdesk--absente"),
        "structure inconnue « frontdesk--absente »",
    ),
    "reseau": (
        lambda d: _structure(d, STRUCTURE).update(reseaux_porteurs=["caisse"]),
        "réseau porteur inconnu « caisse »",
    ),
    "partner": (
        lambda d: _structure(d, STRUCTURE).update(spie_partner="cnaf"),
        "partenaire inconnu « cnaf »",
    ),
    "not-to-check": (
        lambda d: _structure(d, STRUCTURE).update(a_verifier=False),
        "a_verifier",
    ),
    "no-source": (lambda d: _structure(d, STRUCTURE).pop("source_note"), "source_note"),
    "commune": (
        lambda d: _structure(d, STRUCTURE).update(code_insee="75056"),
        "commune inconnue « 75056 »",
    ),
    "duplicate": (
        lambda d: d["services"].append(copy.deepcopy(_service(d, SERVICE))),
        "identifiant en double",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_a_broken_file_names_the_entry(name: str) -> None:
    breakage, message = BREAKAGES[name]
    data = copy.deepcopy(load_json(DEFAULTS_FILE))
    breakage(data)
    with pytest.raises(DirectoryDataError) as caught:
        load_default_directory(data)
    text = str(caught.value)
    assert DEFAULTS_FILE in text
    assert SERVICE in text or STRUCTURE in text
    assert message in text
    assert isinstance(caught.value, ResourceError)


def test_a_broken_file_top_level_is_refused() -> None:
    data = copy.deepcopy(load_json(DEFAULTS_FILE))
    del data["source_vintage"]
    with pytest.raises(DirectoryDataError, match="source_vintage"):
        load_default_directory(data)
