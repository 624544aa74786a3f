"""The choices of the directory forms' pick lists: (slug, French label), grouped."""

from __future__ import annotations

from functools import cache

from frontdesk.contacts.defaults import RESEAUX_FILE
from frontdesk.contacts.detail import CATEGORIES_FILE, THEMATIQUES_FILE, publics
from frontdesk.orientation.journeys import journeys
from frontdesk.orientation.rules import spie_rules
from frontdesk.resources import load_json
from frontdesk.ui.directory.pick_list import Choice, Group

MODES_ACCUEIL: list[Choice] = [("en-presentiel", "Sur place"), ("a-distance", "À distance")]
NO_PARTNER = "Aucun (pas un partenaire du SPIE)"


@cache
def thematiques() -> tuple[Group, ...]:
    """The data·inclusion thematiques under their categories, in the files' order."""
    entries = load_json(THEMATIQUES_FILE)
    return tuple(
        (
            category["label"],
            [(e["slug"], e["label"]) for e in entries if e["categorie"] == category["slug"]],
        )
        for category in load_json(CATEGORIES_FILE)
    )


def service_publics() -> tuple[Group, ...]:
    return (("", publics()),)


def modes_accueil() -> tuple[Group, ...]:
    return (("", MODES_ACCUEIL),)


@cache
def reseaux() -> tuple[Group, ...]:
    return (("", [(e["slug"], e["label"]) for e in load_json(RESEAUX_FILE)]),)


def spie_publics() -> tuple[Group, ...]:
    return (("", [(p.slug, p.spec.label) for p in spie_rules().publics]),)


def journey_groups() -> tuple[Group, ...]:
    every = journeys().all
    return (
        ("Démarches France Services", [(j.id, j.label) for j in every if j.kind == "demarche"]),
        ("Parcours SPIE", [(j.id, j.label) for j in every if j.kind == "spie"]),
    )


def partners() -> list[Choice]:
    """For a combo box: no partner first, then the journeys file's SPIE partners."""
    return [("", NO_PARTNER), *journeys().partners.items()]
