"""The choices of the directory forms' pick lists: (slug, French label), grouped."""

from __future__ import annotations

from functools import cache

from frontdesk.contacts.detail import publics
from frontdesk.contacts.schema import thematique_groups, vocabulary
from frontdesk.orientation.journeys import journeys
from frontdesk.orientation.rules import spie_rules
from frontdesk.ui.directory.pick_list import Choice, Group

MODES_ACCUEIL: list[Choice] = [("en-presentiel", "Sur place"), ("a-distance", "À distance")]
NO_PARTNER = "Aucun (pas un partenaire du SPIE)"


@cache
def thematiques() -> tuple[Group, ...]:
    """The data·inclusion thematiques under their categories, both by slug (the package's
    ``as_dict_list`` order)."""
    return tuple((label, list(themes)) for label, themes in thematique_groups())


def service_publics() -> tuple[Group, ...]:
    return (("", publics()),)


def modes_accueil() -> tuple[Group, ...]:
    return (("", MODES_ACCUEIL),)


@cache
def reseaux() -> tuple[Group, ...]:
    """The data·inclusion networks (reseaux porteurs), by slug."""
    return (("", list(vocabulary("reseaux_porteurs").items())),)


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
