"""Directory import/export: French Excel CSV, data·inclusion JSON, upsert by id, the report,
refused files, round trips and the ``directory`` command."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from frontdesk.accounts import ProfileInfo
from frontdesk.cli import main
from frontdesk.contacts.defaults import default_id, seed_default_directory
from frontdesk.contacts.exporting import export_directory
from frontdesk.contacts.importing import (
    CSV_COLUMNS,
    ImportFileError,
    import_file,
    import_parsed,
    parse_json,
)
from frontdesk.contacts.models import Service, Structure
from frontdesk.contacts.search import SearchQuery, search_services
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox

THEME = "choisir-un-metier--confirmer-son-choix-de-metier"


def row(i: int, **changes: str) -> dict[str, str]:
    """A CSV row: service i of structure i // 10 (ten services per structure)."""
    s = i // 10
    cells = {
        "id": f"dora--svc-{i}",
        "structure_id": f"dora--str-{s}",
        "source": "dora",
        "nom": f"Accompagnement vers l'emploi n° {i}",
        "description": "Un rendez-vous par semaine avec une conseillère.",
        "type": "accompagnement",
        "thematiques": THEME,
        "publics": "jeunes, demandeurs-emploi",
        "frais": "gratuit",
        "zone_eligibilite": "80",
        "modes_accueil": "en-presentiel",
        "telephone": f"03 22 {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d}",
        "code_postal": "80110",
        "date_maj": "15/03/2026",
        "structure_nom": f"Mission locale, antenne {s}",
        "structure_telephone": "03 22 35 32 82",
        "structure_courriel": "accueil@ml-somme.fr",
        "structure_date_maj": "01/02/2026",
    }
    return cells | changes


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, delimiter=";", restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def counts(store: Store) -> tuple[int, int, int]:
    with store.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Structure, Service, Outbox)
        )


@pytest.fixture
def ready(store: Store, manager: ProfileInfo) -> Store:
    return store


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_csv_in_excel_encodings_keeps_accents(ready: Store, tmp_path: Path, encoding: str) -> None:
    nom = "Épicerie solidaire « Le Panier » à Moreuil"
    path = write_csv(tmp_path / "annuaire.csv", [row(1, nom=nom)], encoding)
    report = import_file(ready, path)
    assert (report.created, report.rejected) == (2, [])
    with ready.session() as session:
        service = session.scalar(select(Service))
        assert service.nom == nom
        assert service.id == default_id("dora--svc-1")  # same id on every PC
        assert service.telephone == "+33322000001"
        assert service.publics == ["jeunes", "demandeurs-emploi"]
        assert str(service.date_maj) == "2026-03-15"
        assert service.a_verifier is True
    assert counts(ready)[2] == 2  # an import is a local change: queued in the outbox


def test_multiline_cell_and_line_numbers(ready: Store, tmp_path: Path) -> None:
    rows = [row(1, description="Première ligne ;\nseconde ligne\n« troisième »"), row(2)]
    rows.append(row(3, telephone="12"))
    report = import_file(ready, write_csv(tmp_path / "a.csv", rows))
    with ready.session() as session:
        text = session.scalar(select(Service.description).where(Service.di_id == "dora--svc-1"))
    assert text == "Première ligne ;\nseconde ligne\n« troisième »"
    # header line 1, row 1 on lines 2-4, row 2 on line 5, row 3 on line 6
    assert report.rejected == [(6, "dora--svc-3", "service : téléphone non reconnu « 12 »")]


def test_missing_column_refuses_the_whole_file(ready: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id;nom;date_maj\ndora--1;Nom;01/01/2026\n", encoding="utf-8")
    before = counts(ready)
    with pytest.raises(ImportFileError) as refused:
        import_file(ready, path)
    assert "colonne(s) manquante(s) description, structure_id" in str(refused.value)
    path.write_text("id,nom,description\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="séparateur doit être « ; »"):
        import_file(ready, path)
    assert counts(ready) == before


def test_wrong_encoding_is_refused(ready: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(";".join(CSV_COLUMNS).encode() + b"\r\n\x81\x8d\r\n")
    with pytest.raises(ImportFileError, match="ni en UTF-8 ni en Windows-1252"):
        import_file(ready, path)
    write_csv(path, [row(1)], encoding="utf-16")
    with pytest.raises(ImportFileError, match="UTF-16"):
        import_file(ready, path)
    assert counts(ready) == (0, 0, 0)


def test_three_broken_lines_among_many(ready: Store, tmp_path: Path) -> None:
    rows = [row(i) for i in range(2000)]
    rows[17] = row(17, telephone="03 22 AB")
    rows[999] = row(999, thematiques="cuisine--recettes")
    rows[1500] = row(1500, date_maj="31/02/2026")
    report = import_file(ready, write_csv(tmp_path / "gros.csv", rows))
    assert [(r.line, r.di_id) for r in report.rejected] == [
        (19, "dora--svc-17"),
        (1001, "dora--svc-999"),
        (1502, "dora--svc-1500"),
    ]
    assert "téléphone non reconnu" in report.rejected[0].reason
    assert "thématique inconnue « cuisine--recettes »" in report.rejected[1].reason
    assert "date « 31/02/2026 » illisible" in report.rejected[2].reason
    assert report.created == 1997 + 200 and report.updated == report.unchanged == 0
    assert counts(ready)[:2] == (200, 1997)
    lines = report.lines()
    assert lines[0].startswith("Import terminé : 2197 fiche(s) créée(s)")
    assert lines[1].startswith("  ligne 19 (dora--svc-17) : service : téléphone")
    # 2197 entries written: the search index was rebuilt once, and it finds them
    with ready.session() as session:
        hits = search_services(session, SearchQuery(text="emploi 1999"))
        assert [h.nom for h in hits] == ["Accompagnement vers l'emploi n° 1999"]
        triggers = session.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'directory_fts_%_a_'")
        )
    assert triggers == 9


def test_reimport_is_unchanged_then_one_field_updates(ready: Store, tmp_path: Path) -> None:
    rows = [row(i) for i in range(30)]
    import_file(ready, write_csv(tmp_path / "a.csv", rows))
    before = counts(ready)
    again = import_file(ready, tmp_path / "a.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 33)
    assert counts(ready) == before  # no duplicate, no outbox row
    rows[4] = row(4, telephone="03 22 99 99 99")
    changed = import_file(ready, write_csv(tmp_path / "a.csv", rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 32)
    with ready.session() as session:
        last = session.scalars(select(Outbox).order_by(Outbox.seq.desc())).first()
    assert (last.op, last.changed, last.version) == ("update", ["telephone"], 2)
    assert counts(ready)[2] == before[2] + 1


def test_duplicate_and_orphans_are_rejected(ready: Store, tmp_path: Path) -> None:
    rows = [row(1), row(1, nom="Autre nom du service"), row(12, structure_nom="")]
    report = import_file(ready, write_csv(tmp_path / "a.csv", rows))
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "service : identifiant déjà vu ligne 2"),
        (4, "structure : champ « nom » manquant"),
    ]
    report = import_parsed(ready, parse_json({"services": [di_service(5, "dora--absente")]}))
    assert report.rejected[0].reason == "service : structure « dora--absente » absente ou refusée"


def di_structure(i: int) -> dict[str, Any]:
    return {"id": f"dora--str-{i}", "source": "dora", "nom": f"Structure {i}",
            "date_maj": "2026-01-05", "reseaux_porteurs": ["mission-locale"],
            "score_qualite": 0.8, "longitude": 2.3}  # fmt: skip


def di_service(i: int, structure: str = "dora--str-0") -> dict[str, Any]:
    return {"id": f"dora--svc-{i}", "source": "dora", "structure_id": structure,
            "nom": f"Service {i}", "description": "Une description assez longue.",
            "date_maj": "2026-02-01", "thematiques": [THEME], "publics": ["tous-publics"],
            "zone_eligibilite": ["80", "02"], "telephone": "0322353282",
            "modes_mobilisation": ["telephoner"], "mobilisable_par": ["usagers"]}  # fmt: skip


def test_json_import_both_file_shapes(ready: Store, tmp_path: Path) -> None:
    path = tmp_path / "di.json"
    path.write_text(json.dumps({"structures": [di_structure(0)], "services": [di_service(1)]}))
    report = import_file(ready, path)
    assert (report.created, report.rejected) == (2, [])
    with ready.session() as session:
        service = session.scalar(select(Service))
        assert service.zone_eligibilite == ["80"]  # a code outside the Somme is dropped
        assert service.telephone == "+33322353282"
    # the weekly open-data file: a bare list of services
    bad = di_service(3) | {"publics": ["jeunes", "tous-publics"]}
    path.write_text(json.dumps([di_service(1), di_service(2), bad]))
    report = import_file(ready, path)
    assert (report.created, report.unchanged) == (1, 1)
    reason = "service : champ « publics » : «\u00a0tous-publics\u00a0» ne peut pas être utilisé"
    assert [(r.line, r.di_id) for r in report.rejected] == [(3, "dora--svc-3")]
    assert report.rejected[0].reason.startswith(reason)  # the package's own French message
    path.write_text("{not json")
    with pytest.raises(ImportFileError, match="n'est pas du JSON valide"):
        import_file(ready, path)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_export_then_import_is_unchanged(ready: Store, tmp_path: Path, fmt: str) -> None:
    with ready.transaction() as session:
        seed_default_directory(session)
    rows = [row(i) for i in range(20)] + [row(99, description="Deux\nlignes ; « guillemets »")]
    import_file(ready, write_csv(tmp_path / "a.csv", rows))
    before = counts(ready)
    target = tmp_path / f"export.{fmt}"
    with ready.session() as session:
        lines = export_directory(session, target, fmt)
    assert lines > 0
    if fmt == "csv":
        raw = target.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"15/03/2026" in raw and b"03 22 35" in raw
    else:
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["services"][0]["date_maj"][4] == "-"  # ISO for data·inclusion
    report = import_file(ready, target)
    assert report.rejected == [] and report.created == report.updated == 0
    assert report.unchanged == before[0] + before[1]
    assert counts(ready) == before


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_export(
    ready: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "a.csv", [row(1), row(2, frais="parfois")])
    code, out, _ = run(capsys, "directory", "import", str(source))
    assert code == 0
    assert "2 fiche(s) créée(s)" in out and "frais inconnus « parfois »" in out
    (tmp_path / "b.csv").write_text("nom;date_maj\n", encoding="utf-8")
    code, _, err = run(capsys, "directory", "import", str(tmp_path / "b.csv"))
    assert code == 2 and "Fichier refusé, rien n'a été importé" in err
    for fmt in ("csv", "json"):
        target = tmp_path / f"sortie.{fmt}"
        code, out, _ = run(capsys, "directory", "export", "--format", fmt, str(target))
        assert code == 0 and target.exists() and "Annuaire exporté" in out
    code, out, _ = run(capsys, "directory", "import", str(tmp_path / "sortie.json"))
    assert code == 0 and "0 fiche(s) créée(s), 0 mise(s) à jour, 2 inchangée(s)" in out


def test_cli_needs_a_configured_base(paths, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "directory", "export", "--format", "csv", "x.csv")
    assert code == 1 and "Aucune base" in err


def test_bulk_outbox_rows_match_the_orm_listener(ready: Store) -> None:
    """The import writes in bulk: its outbox rows must read like the listener's."""
    import_parsed(ready, parse_json({"structures": [di_structure(0)]}))
    with ready.transaction() as session:
        values = {"nom": "Structure ORM", "source": "dora", "reseaux_porteurs": ["ase"]}
        session.add(
            Structure(di_id="dora--orm", a_verifier=True, date_maj=date(2026, 1, 5), **values)
        )
    with ready.session() as session:
        bulk, orm = session.scalars(select(Outbox).order_by(Outbox.seq))
    assert (bulk.entity, bulk.op, bulk.base_version, bulk.version) == ("structure", "create", 0, 1)
    assert (orm.entity, orm.op, orm.base_version, orm.version) == ("structure", "create", 0, 1)
    assert bulk.changed == orm.changed
    assert bulk.payload.keys() == orm.payload.keys()
    for key, value in orm.payload.items():
        assert type(bulk.payload[key]) is type(value) or None in (value, bulk.payload[key]), key
    assert bulk.payload["id"] == str(default_id("dora--str-0"))
    assert bulk.payload["date_maj"] == "2026-01-05"
    assert bulk.record_id == default_id("dora--str-0") and bulk.mutation_id != orm.mutation_id
