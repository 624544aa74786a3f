"""Assessment throughput: 100 000 random situations through the SPIE checklist.

Prints assessments per second (validation + the seven publics + hints, reasons
formatted), next to the bare ``json.loads`` of the same inputs measured in the same
run. Target (issue 3): at least 50 000 assessments per second.
"""

from __future__ import annotations

import gc
import json
import random
import sys
import time
from typing import Any

from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.orientation.rules import spie_rules

COUNT = 100_000
TARGET_PER_SECOND = 50_000
STATUSES = [
    "refugie",
    "protection_subsidiaire",
    "apatride",
    "protection_temporaire",
    "demandeur_asile",
    "aucune",
]
BOOLS = [
    "rsa",
    "ass",
    "employed",
    "student",
    "in_training",
    "rqth",
    "disability_other",
    "ase_before_18",
]


def random_situation(rng: random.Random) -> dict[str, Any]:
    """A plausible counter situation; about a third of the answers are « je ne sais pas »."""
    situation: dict[str, Any] = {}
    if rng.random() < 0.8:
        situation["age"] = rng.randint(16, 70)  # the rules take ages from 16 (age_min)
    for key in BOOLS:
        if rng.random() < 0.65:
            situation[key] = rng.random() < 0.3
    if rng.random() < 0.6:
        status = rng.choice(STATUSES)
        situation["protection_status"] = status
    registered = rng.random() < 0.6 if rng.random() < 0.7 else None
    if registered is not None:
        situation["job_seeker_registered"] = registered
        age = situation.get("age")
        if registered and age is not None and age >= 16 and rng.random() < 0.8:
            situation["job_seeker_months"] = rng.randint(0, min(60, (age - 16) * 12 + 11))
    return situation


def fr(number: float, decimals: int = 0) -> str:
    """French number format: narrow no-break space for thousands, decimal comma."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def main() -> int:
    rng = random.Random(20261123)
    texts = [json.dumps(random_situation(rng)) for _ in range(COUNT)]
    spie_rules()  # load and compile once, outside the timings

    start = time.perf_counter()
    situations = [json.loads(text) for text in texts]
    parse_seconds = time.perf_counter() - start

    # The 100 000 inputs are a benchmark artefact (a counter holds one situation):
    # keep the collector from re-scanning them while the assessments run.
    gc.collect()
    gc.freeze()
    oui = 0
    start = time.perf_counter()
    for situation in situations:  # results are used, not kept (as at the counter)
        result = assess(parse_situation(situation))
        oui += sum(p.status == "oui" for p in result.publics)
    assess_seconds = time.perf_counter() - start

    rate = COUNT / assess_seconds
    print(
        f"json.loads seul          : {fr(COUNT / parse_seconds):>9} situations/s"
        f"  ({fr(parse_seconds * 1e6 / COUNT, 1)} µs chacune)"
    )
    print(
        f"validation + évaluation  : {fr(rate):>9} évaluations/s"
        f"  ({fr(assess_seconds * 1e6 / COUNT, 1)} µs chacune ; {fr(oui)} statuts « oui »)"
    )
    verdict = "atteinte" if rate >= TARGET_PER_SECOND else "NON ATTEINTE"
    print(
        f"rapport évaluation / json.loads : {fr(assess_seconds / parse_seconds, 1)} ;"
        f" cible ≥ {fr(TARGET_PER_SECOND)} évaluations/s → {verdict}"
    )
    return 0 if rate >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
