"""The data·inclusion v1 schema comes from the official package: vocabularies and labels,
the models every imported, typed or shipped record must pass, an export that validates
record by record, and an export-then-import round trip that changes nothing."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from data_inclusion.schema import v1
from sqlalchemy import func, select

from frontdesk.accounts import ProfileInfo
from frontdesk.cli import main
from frontdesk.contacts.defaults import default_directory, seed_default_directory
from frontdesk.contacts.detail import publics, thematique_categories
from frontdesk.contacts.editing import (
    FormErrors,
    ServiceForm,
    StructureForm,
    save_service,
    save_structure,
)
from frontdesk.contacts.importing import import_file, parse_json
from frontdesk.contacts.models import Service, Structure
from frontdesk.contacts.schema import schema_problems, slugs, thematique_groups, vocabulary
from frontdesk.orientation.journeys import network_partners, thematique_label
from frontdesk.resources import load_json, resource_dir
from frontdesk.stats import tally
from frontdesk.stats.figures import labellers
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.sync.records import _lists

NBSP = "\u00a0"
THEME = "famille--garde-denfants"
ENUMS = {
    "thematiques": v1.Thematique,
    "categories": v1.Categorie,
    "publics": v1.Public,
    "reseaux_porteurs": v1.ReseauPorteur,
    "modes_accueil": v1.ModeAccueil,
    "modes_mobilisation": v1.ModeMobilisation,
    "type": v1.TypeService,
    "frais": v1.Frais,
}


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_vocabularies_are_the_package_s(name: str) -> None:
    expected = {m.value: m.label for m in ENUMS[name]}
    assert dict(vocabulary(name)) == expected
    assert list(vocabulary(name)) == sorted(expected)  # the order of as_dict_list
    assert slugs(name) == frozenset(expected)


def test_no_copy_of_the_vocabularies_is_kept() -> None:
    """A schema update is a version bump of the package, not an edit of copied JSON."""
    root = Path(__file__).resolve().parents[2]
    assert not list((resource_dir() / "vocabularies").glob("data-inclusion-*"))
    assert not [k for k in load_json("vocabularies/_sources.json") if "data-inclusion" in k]
    readers = [*(root / "frontdesk").rglob("*.py"), *(root / "bench").glob("*.py")]
    assert [p.name for p in readers if "data-inclusion-v1" in p.read_text("utf-8")] == []


def test_readers_take_the_vocabularies_from_the_package() -> None:
    assert thematique_label(THEME) == v1.Thematique(THEME).label == "Garde d’enfants"
    assert _lists()["thematiques"] == slugs("thematiques")
    assert {network for network, _ in network_partners().pairs} <= slugs("reseaux_porteurs")
    assert labellers()[tally.CATEGORY]("sante") == v1.Categorie("sante").label == "Santé"


def test_labels_shown_come_from_the_package() -> None:
    assert ("sante", "Santé") in thematique_categories()
    assert ("tous-publics", "Tous publics") in publics()
    groups = dict(thematique_groups())
    assert ("famille--garde-denfants", "Garde d’enfants") in groups["Famille"]
    assert sum(len(themes) for themes in groups.values()) == len(v1.Thematique)


# -- records the package's models refuse ----------------------------------------------


def di_service(i: int, **changes: Any) -> dict[str, Any]:
    return {
        "id": f"dora--svc-{i}",
        "source": "dora",
        "structure_id": "dora--str-0",
        "nom": f"Service {i}",
        "description": "Une description assez longue.",
        "date_maj": "2026-02-01",
        "thematiques": [THEME],
        "publics": ["familles"],
        "zone_eligibilite": ["80"],
        "modes_mobilisation": ["telephoner"],
    } | changes


STRUCTURE = {
    "id": "dora--str-0",
    "source": "dora",
    "nom": "Centre social",
    "date_maj": "2026-01-05",
}
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
REFUSED = {  # service changes → the French reason, naming the field
    "future date": ({"date_maj": TOMORROW}, "champ « date_maj » : la date de dernière"),
    "mail": (
        {"courriel": "accueil@mairie.local"},
        f"champ « courriel » : adresse non valide «{NBSP}",
    ),
    "link": ({"lien_mobilisation": "ftp://caf.fr"}, "champ « lien_mobilisation » : adresse web"),
    "short name": ({"nom": "RS"}, "champ « nom » : 3 caractères au moins"),
    "description": ({"description": "Aide"}, "champ « description » : 5 caractères au moins"),
    "postcode": ({"code_postal": "8011"}, "champ « code_postal » : 5 caractères au moins"),
    "tous-publics": (
        {"publics": ["jeunes", "tous-publics"]},
        f"champ « publics » : «{NBSP}tous-publics{NBSP}» ne peut pas être utilisé",
    ),
    "mobilisation": (
        {"modes_mobilisation": ["appeler"]},
        "mode de mobilisation inconnu « appeler »",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_import_refuses_what_the_package_refuses(case: str) -> None:
    changes, reason = REFUSED[case]
    parsed = parse_json({"structures": [STRUCTURE], "services": [di_service(1, **changes)]})
    assert parsed.services == [] and len(parsed.rejected) == 1
    assert parsed.rejected[0].reason.startswith(f"service : {reason}")


def test_import_accepts_null_and_empty_lists_alike() -> None:
    for empty in (None, []):
        parsed = parse_json({"services": [di_service(1, modes_mobilisation=empty, publics=empty)]})
        assert parsed.rejected == []
        assert parsed.services[0].values["modes_mobilisation"] == []


def test_a_form_the_package_refuses_names_the_field(store: Store, manager: ProfileInfo) -> None:
    form = StructureForm(nom="Mairie de Moreuil", courriel="accueil@mairie.local")
    with store.transaction() as session, pytest.raises(FormErrors) as caught:
        save_structure(session, form, manager)
    assert caught.value.errors == {
        "courriel": f"Courriel{NBSP}: adresse non valide «{NBSP}accueil@mairie.local{NBSP}»."
    }


def test_schema_problems_in_french() -> None:
    assert schema_problems("structure", STRUCTURE) == {}
    assert schema_problems("structure", {"id": "x--y"}) == {
        "source": "champ obligatoire",
        "nom": "champ obligatoire",
        "date_maj": "champ obligatoire",
    }


# -- the export: every record valid, and a round trip that changes nothing --------------


def fill(store: Store, manager: ProfileInfo, tmp_path: Path) -> None:
    """The shipped directory, a data·inclusion file, and entries typed by a superviseur."""
    with store.transaction() as session:
        seed_default_directory(session)
    services = [di_service(i, telephone="03 22 35 32 82") for i in range(3)]
    services.append(di_service(9, modes_mobilisation=None, publics=[], frais="payant"))
    path = tmp_path / "di.json"
    path.write_text(json.dumps({"structures": [STRUCTURE], "services": services}))
    assert import_file(store, path).rejected == []
    with store.transaction() as session:
        structure_id = save_structure(
            session, StructureForm(nom="CCAS de Moreuil", courriel="ccas@moreuil.fr"), manager
        )
        form = ServiceForm(
            structure_id=structure_id,
            nom="Aide alimentaire",
            description="Colis chaque mardi.",
            thematiques=("equipement-et-alimentation--alimentation",),
            publics=("tous-publics",),
            zone_eligibilite=("80570",),
            modes_accueil=("en-presentiel",),
        )
        save_service(session, form, manager)
        save_service(session, dataclasses.replace(form, nom="Épicerie solidaire"), manager)


def export(capsys: pytest.CaptureFixture[str], target: Path) -> dict[str, Any]:
    assert main(["directory", "export", "--format", "json", str(target)]) == 0
    assert "Annuaire exporté" in capsys.readouterr().out
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


def test_every_exported_record_validates(
    store: Store, manager: ProfileInfo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store, manager, tmp_path)
    data = export(capsys, tmp_path / "annuaire.json")
    shipped = default_directory()
    assert len(data["structures"]) == len(shipped.structures) + 2
    assert len(data["services"]) == len(shipped.services) + 4 + 2
    for record in data["structures"]:
        v1.Structure.model_validate(record)
    for record in data["services"]:
        v1.Service.model_validate(record)
    # the shipped services name no way to mobilise them: null (« not given »), never []
    by_id = {s["id"]: s for s in data["services"]}
    assert all(by_id[s.di_id]["modes_mobilisation"] is None for s in shipped.services)
    assert by_id["dora--svc-9"]["publics"] is None
    assert by_id["dora--svc-1"]["modes_mobilisation"] == ["telephoner"]


def rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.session() as session:
        return {
            model.__tablename__: [
                dict(row) for row in session.execute(select(model.__table__)).mappings()
            ]
            for model in (Structure, Service)
        }


def test_export_then_import_changes_nothing(
    store: Store, manager: ProfileInfo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store, manager, tmp_path)
    before = rows(store)
    with store.session() as session:
        queued = session.scalar(select(func.count()).select_from(Outbox))
    target = tmp_path / "annuaire.json"
    first = export(capsys, target)
    assert main(["directory", "import", str(target)]) == 0
    out = capsys.readouterr().out
    total = len(first["structures"]) + len(first["services"])
    assert f"0 fiche(s) créée(s), 0 mise(s) à jour, {total} inchangée(s)" in out
    assert rows(store) == before  # every column, versions and dates included
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Outbox)) == queued
    assert export(capsys, tmp_path / "encore.json") == first
