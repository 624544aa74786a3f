"""Directory import: a 20 000-service data·inclusion v1 JSON file (2 000 structures).

Generates the file in a temporary directory, then times, in the same run, the bare
``json.load`` of the file and the whole import into a set-up store (parsing, phone
numbers, vocabularies, upsert in one transaction, outbox rows), then a second import of
the same file (everything unchanged). Target (directory issue): import ≤ 5 s.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from frontdesk.contacts.geo import somme
from frontdesk.contacts.importing import import_file
from frontdesk.contacts.schema import vocabulary
from frontdesk.setup import first_run, known_sites
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store

STRUCTURES, SERVICES_EACH = 2_000, 10
TARGET_SECONDS = 5.0
TYPES = ["accompagnement", "aide-financiere", "atelier", "formation", "information"]


def fr(number: float, decimals: int = 0) -> str:
    """French number format: narrow no-break space for thousands, decimal comma."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def generate(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    communes = list(somme().communes.values())
    themes = list(vocabulary("thematiques"))
    publics = list(vocabulary("publics"))
    publics.remove("tous-publics")
    structures, services = [], []
    for s in range(STRUCTURES):
        commune = rng.choice(communes)
        structures.append(
            {
                "id": f"dora--s{s}",
                "source": "dora",
                "nom": f"Structure d'insertion de {commune.nom} n° {s}",
                "description": "Accueil, information et accompagnement des habitants.",
                "telephone": f"03 22 {s // 100:02d} {s % 100:02d} 00",
                "courriel": f"accueil{s}@exemple.fr",
                "code_postal": commune.codes_postaux[0],
                "code_insee": commune.insee,
                "commune": commune.nom,
                "date_maj": "2026-01-15",
                "reseaux_porteurs": [],
            }
        )
        for k in range(SERVICES_EACH):
            n = s * SERVICES_EACH + k
            services.append(
                {
                    "id": f"dora--v{n}",
                    "source": "dora",
                    "structure_id": f"dora--s{s}",
                    "nom": f"Service n° {n} à {commune.nom}",
                    "description": "Un accompagnement individuel, sur rendez-vous. " * 4,
                    "type": rng.choice(TYPES),
                    "thematiques": rng.sample(themes, 2),
                    "publics": rng.sample(publics, 2),
                    "frais": "gratuit",
                    "zone_eligibilite": ["80", commune.insee],
                    "modes_accueil": ["en-presentiel"],
                    "modes_mobilisation": ["telephoner", "se-presenter"],
                    "telephone": f"03 22 {n // 10000:02d} {n // 100 % 100:02d} {n % 100:02d}",
                    "date_maj": "2026-02-01",
                    "score_qualite": 0.9,
                }
            )
    return {"structures": structures, "services": services}


def main() -> int:
    rng = random.Random(20261125)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "services.json"
        path.write_text(json.dumps(generate(rng), ensure_ascii=False), encoding="utf-8")
        size = path.stat().st_size
        db = Path(tmp) / "banc.db"
        prepare_store(db, Path(tmp) / "sauvegardes")
        store = Store(db)
        with store.transaction() as session:
            first_run(session, known_sites()[0], "Banc Superviseur", "superviseur", "banc-1234")

        start = time.perf_counter()
        with path.open(encoding="utf-8") as handle:
            json.load(handle)
        load_seconds = time.perf_counter() - start

        start = time.perf_counter()
        report = import_file(store, path)
        import_seconds = time.perf_counter() - start

        start = time.perf_counter()
        again = import_file(store, path)
        again_seconds = time.perf_counter() - start
        store.close()

    print(
        f"json.load seul          : {fr(load_seconds, 2)} s  ({fr(size / 1e6, 1)} Mo,"
        f" {fr(STRUCTURES * SERVICES_EACH)} services, {fr(STRUCTURES)} structures)"
    )
    print(
        f"import complet          : {fr(import_seconds, 2)} s  ({fr(report.created)} fiches"
        f" créées, {len(report.rejected)} refusées)"
    )
    print(
        f"second import identique : {fr(again_seconds, 2)} s  ({fr(again.unchanged)} inchangées,"
        f" {again.created + again.updated} écrites)"
    )
    ok = import_seconds <= TARGET_SECONDS and not report.rejected
    verdict = "atteinte" if ok else "NON ATTEINTE"
    print(
        f"rapport import / json.load : {fr(import_seconds / load_seconds, 1)} ;"
        f" cible import ≤ {fr(TARGET_SECONDS)} s → {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
