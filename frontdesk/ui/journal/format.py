"""How the journal says things: dates, labels of the closed lists, review states."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from frontdesk.contacts.detail import thematique_categories
from frontdesk.moments import date_text, date_time_text
from frontdesk.orientation.journeys import journeys
from frontdesk.orientation.rules import spie_rules
from frontdesk.ui.text import NBSP, typo
from frontdesk.visits.options import visit_options

REVIEW_LABELS = {"a_revoir": "À revoir", "valide": "Validé"}
PUBLIC_STATUS_LABELS = {"oui": "oui", "a_verifier": "à vérifier", "non": "non"}


def date_time(moment: datetime) -> str:
    """« 14/03/2026 à 9 h 05 », at the counters' time."""
    return date_time_text(moment)


def date_only(moment: datetime) -> str:
    return date_text(moment)


def journey_labels(ids: tuple[str, ...]) -> list[str]:
    known = journeys()
    return [j.label if (j := known.get(i)) else i for i in ids]


def outcome_label(outcome: str) -> str:
    return visit_options().label("outcomes", outcome)


def channel_label(channel: str) -> str:
    return visit_options().label("channels", channel)


def kind_label(kind: str) -> str:
    return visit_options().label("orientation_kinds", kind)


def age_label(band: str) -> str:
    return visit_options().label("age_bands", band)


def partner_label(slug: str) -> str:
    return journeys().partner_label(slug)


@cache
def public_labels() -> dict[str, str]:
    return {public.slug: public.label for public in spie_rules().spec.publics}


def public_label(slug: str) -> str:
    return public_labels().get(slug, slug)


@cache
def category_labels() -> dict[str, str]:
    """The issue categories the journeys use, labelled, in the vocabulary's order."""
    used = {t.split("--")[0] for j in journeys().all for t in j.thematiques}
    return {slug: label for slug, label in thematique_categories() if slug in used}


def categories_of(thematiques: tuple[str, ...]) -> list[str]:
    slugs = dict.fromkeys(t.split("--")[0] for t in thematiques)
    labels = dict(thematique_categories())
    return [labels.get(slug, slug) for slug in slugs]


def unread_text(count: int) -> str:
    if count <= 0:
        return ""
    return "1 nouveau message" if count == 1 else f"{count} nouveaux messages"


def visits_text(count: int) -> str:
    if count == 0:
        return "Aucune visite ne correspond : enlevez un filtre."
    shown = f"{count:,}".replace(",", NBSP)
    return typo("1 visite" if count == 1 else f"{shown} visites")


def commune_label(insee: str) -> str:
    """« Moreuil (80570) »: a name for people, the code for the record."""
    from frontdesk.contacts.geo import somme

    commune = somme().commune(insee)
    return f"{commune.nom} ({insee})" if commune is not None else insee
