"""« Fiches à compléter » of a 20 000-service directory (``bench.directory.generate``:
2 000 structures of the SPIE partners and others, 10 services each, one direct contact
per structure, 40 % of the services with their own opening hours).

Measured, median of 7 after one warm-up: ``build_worklist`` alone; with the quality
scores (``contacts.quality.qualities``: scored once, then read from its cache, as the
Annuaire does at each refresh), the first scoring timed apart. Baseline in the same
run: the bare SELECT of the columns the worklist reads (services, structures, contacts).

Target: the worklist (with its scores, once cached) ≤ 200 ms.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, text

from bench.directory import fr, generate
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.quality import qualities
from frontdesk.contacts.worklist import build_worklist
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store

RUNS = 7
TARGET_MS = 200
BARE = (
    "SELECT id, structure_id, nom, telephone, courriel, site_web, adresse, horaires_accueil,"
    " a_verifier FROM service",
    "SELECT id, nom, spie_partner, reseaux_porteurs, telephone, courriel, site_web, adresse,"
    " horaires_accueil FROM structure",
    "SELECT service_id, structure_id, telephone, courriel FROM direct_contact",
)


def median_ms(work: Callable[[], object]) -> float:
    work()  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    rng = random.Random(20261207)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "banc.db"
        prepare_store(db, Path(tmp) / "sauvegardes")
        store = Store(db)
        structures, services, contacts = generate(rng)
        with store.engine.begin() as conn:
            conn.execute(insert(Structure), structures)
            conn.execute(insert(Service), services)
            conn.execute(insert(DirectContact), contacts)
        gc.collect()
        with store.session() as session:

            def bare() -> None:
                for query in BARE:
                    session.execute(text(query)).fetchall()

            bare_ms = median_ms(bare)
            alone_ms = median_ms(lambda: build_worklist(session))
            start = time.perf_counter()
            qualities(session)
            first_s = time.perf_counter() - start
            scored_ms = median_ms(lambda: build_worklist(session, quality=qualities(session).score))
            worklist = build_worklist(session, quality=qualities(session).score)
        store.close()
    print(
        f"SELECT brut des colonnes lues : {fr(bare_ms, 1)} ms ({fr(len(services))} services,"
        f" {fr(len(structures))} structures, {fr(len(contacts))} contacts ; médiane de {RUNS})"
    )
    print(f"liste seule                   : {fr(alone_ms, 1)} ms (médiane de {RUNS})")
    print(
        f"liste avec les scores qualité : {fr(scored_ms, 1)} ms (médiane de {RUNS} ;"
        f" {fr(len(worklist.items))} lignes ; premier calcul des scores {fr(first_s, 2)} s)"
    )
    ok = scored_ms <= TARGET_MS
    print(
        f"rapport liste / SELECT brut : {fr(scored_ms / bare_ms, 1)} ; cible ≤ {TARGET_MS} ms"
        f" → {'atteinte' if ok else 'NON ATTEINTE'}",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
