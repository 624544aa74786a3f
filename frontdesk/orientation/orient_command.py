"""``frontdesk-cli orient SITUATION.json``: the partners the counter would suggest, as JSON.

The situation holds the visit's journeys, the checklist's answers (the keys of
``assess``) and the visitor's commune (INSEE code; the site's when missing), all
optional::

    {"journeys": ["jeune-neet"], "facts": {"age": 19, "employed": false}, "commune": "80570"}

The answer lists the suggested partners in order (then the structures of the directory
found by the journeys' thematiques), each with its reasons and its services (``source--id``
ids); ``shown_by_default`` marks the ones the agent sees before « Voir tous les
partenaires ». ``--tous`` adds the services whose zone does not cover the commune
(``in_zone: false``). Bad input: a French message on stderr, exit code 2, nothing on
stdout.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontdesk.commands import InputRefused, command, fail, read_json_input
from frontdesk.errors import UserError
from frontdesk.paths import AppPaths

KEYS = ("journeys", "facts", "commune")
NBSP = "\u00a0"  # inside « » and before a colon
INSEE = re.compile(r"^(\d{2}|2A|2B)\d{3}$")


def quoted(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


class OrientInputError(UserError, ValueError):
    """The situation file cannot be used (message in French)."""


@dataclass(frozen=True)
class OrientRequest:
    journeys: tuple[str, ...]
    facts: Mapping[str, Any] | None  # None: no checklist asked nor answered
    commune: str | None  # None: the site's


def parse_request(data: Any) -> OrientRequest:
    """Check the situation; raise ``OrientInputError`` naming the problem."""
    from frontdesk.orientation.assess import SituationError, parse_situation
    from frontdesk.orientation.journeys import journeys

    if not isinstance(data, dict):
        raise OrientInputError("La situation doit être un objet JSON (entre accolades).")
    for key in data:
        if key not in KEYS:
            expected = ", ".join(quoted(k) for k in KEYS)
            raise OrientInputError(
                f"Clé inconnue{NBSP}: {quoted(key)} (clés possibles{NBSP}: {expected})."
            )
    chosen = data.get("journeys", [])
    if not isinstance(chosen, list) or not all(isinstance(j, str) for j in chosen):
        raise OrientInputError(
            f"{quoted('journeys')} doit être une liste d'identifiants de motifs."
        )
    known = journeys()
    for journey_id in chosen:
        if known.get(journey_id) is None:
            raise OrientInputError(f"Motif inconnu{NBSP}: {quoted(journey_id)}.")
    facts = None
    if "facts" in data or any(j.spie_checklist for j in map(known.get, chosen) if j):
        try:
            facts = parse_situation(data.get("facts") or {})
        except SituationError as exc:
            raise OrientInputError(f"Réponses refusées ({quoted('facts')}){NBSP}: {exc}") from exc
    commune = data.get("commune")
    if commune is not None:
        if not isinstance(commune, str) or not INSEE.match(commune.strip().upper()):
            raise OrientInputError(
                f"{quoted('commune')} doit être un code INSEE de 5 caractères (par exemple 80570)."
            )
        commune = commune.strip().upper()
    return OrientRequest(tuple(dict.fromkeys(chosen)), facts, commune)


def orientation_json(
    request: OrientRequest, commune: str, groups: list[Any], shown: int
) -> dict[str, Any]:
    """The answer: the commune, the journeys, the partners in order with their services."""
    from frontdesk.contacts.geo import somme
    from frontdesk.orientation.suggest import reason_parts

    place = somme().commune(commune)
    return {
        "commune": {"insee": commune, "nom": place.nom if place else None},
        "journeys": list(request.journeys),
        "partners": [
            {
                "rank": rank,
                "slug": group.partner.slug,
                "label": group.partner.label,
                "spie_partner": group.partner.is_partner,
                "score": group.partner.score,
                "shown_by_default": rank <= shown,
                "reasons": reason_parts(group.partner),
                "services": [
                    {
                        "id": service.di_id,
                        "nom": service.nom,
                        "structure": service.structure_nom,
                        "commune": service.commune,
                        "telephone": service.telephone,
                        "in_zone": service.in_zone,
                        "a_verifier": service.a_verifier,
                    }
                    for service in group.services
                ],
            }
            for rank, group in enumerate(groups, start=1)
        ],
    }


def _orient_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "fichier",
        nargs="?",
        default="-",
        help="situation JSON (par défaut l'entrée standard, ou -)",
    )
    parser.add_argument(
        "--tous",
        action="store_true",
        help="ajoute les services dont la zone ne couvre pas la commune (in_zone: false)",
    )


@command(
    "orient",
    "Partenaires et services suggérés pour une situation JSON (motifs, réponses, commune).",
    _orient_args,
)
def cmd_orient(args: argparse.Namespace, paths: AppPaths) -> int:
    from frontdesk.resources import ResourceError

    try:
        data = read_json_input(args.fichier)
    except InputRefused as exc:
        return fail(str(exc), 2)
    try:
        request = parse_request(data)
    except OrientInputError as exc:
        return fail(f"Situation refusée{NBSP}: {exc}", 2)
    except ResourceError as exc:
        return fail(str(exc), 1)
    return _answer(request, paths, everywhere=args.tous)


def _answer(request: OrientRequest, paths: AppPaths, *, everywhere: bool) -> int:
    from frontdesk.contacts.recommend import orient
    from frontdesk.contacts.visit_sheet import site_insee
    from frontdesk.orientation.assess import assess
    from frontdesk.orientation.suggest import SHOWN_BY_DEFAULT
    from frontdesk.store.open import StoreUnavailable, open_configured

    try:
        store = open_configured(paths)
    except StoreUnavailable as exc:
        return fail(str(exc))
    try:
        with store.session() as session:
            commune = request.commune or site_insee(session)
            if not commune:
                missing = f"aucune commune{NBSP}; ajoutez {quoted('commune')} (code INSEE)."
                return fail(f"Situation refusée{NBSP}: {missing}", 2)
            assessment = assess(request.facts) if request.facts is not None else None
            groups = orient(session, request.journeys, assessment, commune, everywhere=everywhere)
    finally:
        store.close()
    answer = orientation_json(request, commune, groups, SHOWN_BY_DEFAULT)
    print(json.dumps(answer, ensure_ascii=False, indent=2))
    return 0
