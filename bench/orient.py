"""``orient`` on a 20 000-service directory: the partners and services of a situation.

Builds the same migrated store as ``bench/directory.py`` (2 000 structures, 20 000
services, 2 000 direct contacts), except that half of the partners' structures come as an
import would bring them: no partner chosen by hand, only their data·inclusion network
(``reseaux_porteurs``), which ``reseaux-partenaires.json`` maps. Then runs 300 situations
(one or two journeys, answers drawn from realistic sets, the commune drawn among the
Somme's, Moreuil one time in three) through what ``frontdesk-cli orient`` does: assess,
suggest, read the services in the zone, group, contacts (the first call, timed apart,
also reads the structures' catalogue that ``partner_index`` keeps while the structure
table does not change; every call checks that). In the same run, two baselines
on the same situations: the assessment and the suggestion alone (no directory), and the
bare SQL of the partners' services (``spie_partner IN …`` through ``sqlite3``, no zone, no
network, no ranking, no cut: what a naive reading starts from).
Target (directory issue): p95 ≤ 20 ms per situation.
"""

from __future__ import annotations

import gc
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.directory import fr, generate, percentiles
from frontdesk.contacts.geo import somme
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.recommend import orient
from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.orientation.journeys import journeys, network_partners
from frontdesk.orientation.suggest import suggest_partners
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store

SITUATIONS = 300
TARGET_P95_MS = 20.0
MOREUIL = "80570"
FACTS: list[dict[str, Any]] = [
    {},
    {"age": 19, "employed": False, "student": False, "in_training": False},
    {"age": 23, "rqth": True, "employed": False},
    {"age": 45, "rsa": True},
    {"age": 52, "job_seeker_registered": True, "job_seeker_months": 26},
    {"age": 34, "protection_status": "refugie"},
    {"age": 19, "ase_before_18": True, "student": False},
    {"age": 61, "rsa": False, "ass": True},
]


def imported(structures: list[dict[str, Any]], rng: random.Random) -> int:
    """Half the partners' structures lose their hand-chosen partner and keep only their
    network, as an import brings them; how many."""
    pairs = network_partners().pairs
    count = 0
    for owner in structures:
        slug = owner["spie_partner"]
        networks = [network for network, partner in pairs if partner == slug]
        if networks and rng.random() < 0.5:
            owner["spie_partner"], owner["reseaux_porteurs"] = None, [networks[0]]
            count += 1
    return count


def situations(rng: random.Random) -> list[tuple[list[str], dict[str, Any], str]]:
    ids = [j.id for j in journeys().all]
    communes = list(somme().communes)
    found = []
    for i in range(SITUATIONS):
        chosen = rng.sample(ids, rng.choice([1, 1, 2]))
        commune = MOREUIL if i % 3 == 0 else rng.choice(communes)
        found.append((chosen, parse_situation(rng.choice(FACTS)), commune))
    return found


def timed(run: Any, items: list[Any]) -> list[float]:
    seconds = []
    for item in items:
        start = time.perf_counter()
        run(*item)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> int:
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "banc.db"
        prepare_store(db, Path(tmp) / "sauvegardes")
        store = Store(db)
        structures, services, contacts = generate(rng)
        by_network = imported(structures, rng)
        with store.engine.begin() as conn:
            conn.execute(insert(Structure), structures)
            conn.execute(insert(Service), services)
            conn.execute(insert(DirectContact), contacts)
        asked = situations(rng)
        known = journeys()
        gc.collect()
        gc.freeze()

        def rules_only(chosen: list[str], facts: dict[str, Any], _commune: str) -> None:
            suggest_partners([known.get(j) for j in chosen], assess(facts))

        rules = timed(rules_only, asked)

        conn = sqlite3.connect(db)

        def bare_sql(chosen: list[str], facts: dict[str, Any], _commune: str) -> None:
            slugs = [
                p.slug for p in suggest_partners([known.get(j) for j in chosen], assess(facts))
            ]
            marks = ", ".join("?" * len(slugs)) or "NULL"
            conn.execute(
                "SELECT s.id, s.nom, s.zone_eligibilite, st.nom FROM service s"
                f" JOIN structure st ON st.id = s.structure_id WHERE st.spie_partner IN ({marks})",
                slugs,
            ).fetchall()

        raw = timed(bare_sql, asked)
        conn.close()

        with store.session() as session:
            start = time.perf_counter()  # the first call reads the structures' catalogue
            orient(session, ["chercher-emploi"], None, MOREUIL)
            first_ms = (time.perf_counter() - start) * 1000

            def full(chosen: list[str], facts: dict[str, Any], commune: str) -> None:
                orient(session, chosen, assess(facts), commune)

            whole = timed(full, asked)
            groups = orient(session, ["endettement"], assess(parse_situation({})), MOREUIL)
        store.close()

    shown = sum(len(g.services) for g in groups)
    print(
        f"{'annuaire généré':<31}: {fr(len(services))} services,"
        f" {fr(len(structures))} structures dont {fr(by_network)} rattachées par leur seul"
        f" réseau porteur, {fr(len(contacts))} contacts directs"
    )
    for label, seconds in (
        ("évaluation + suggestion seules", rules),
        ("SQL brut des partenaires", raw),
        ("orient complet", whole),
    ):
        p50, p95, p99 = percentiles(seconds)
        print(
            f"{label:<31}: p50 {fr(p50, 2)} ms, p95 {fr(p95, 2)} ms, p99 {fr(p99, 2)} ms"
            f"  ({fr(len(seconds))} situations)"
        )
    print(
        f"{'première situation':<31}: {fr(first_ms, 1)} ms (catalogue des structures lu,"
        " gardé ensuite tant que la table des structures ne change pas)"
    )
    p95 = percentiles(whole)[1]
    verdict = "atteinte" if p95 <= TARGET_P95_MS else "NON ATTEINTE"
    print(
        f"exemple « endettement » à Moreuil : {len(groups)} partenaires ou structures,"
        f" {shown} services ; cible p95 ≤ {fr(TARGET_P95_MS)} ms par situation → {verdict}"
    )
    return 0 if p95 <= TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
