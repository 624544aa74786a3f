"""First run: the site, the device id and the first profile, all or nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from frontdesk.accounts import AccountError
from frontdesk.device import current_site, get_setting
from frontdesk.setup import SetupError, SiteChoice, first_run, is_set_up, slugify, validate_site
from frontdesk.store.engine import Store
from frontdesk.store.models import Profile, Site


def test_first_run_sets_up_everything(store: Store) -> None:
    site = SiteChoice("France Services d'Albert", "Albert", "80016")
    with store.transaction() as session:
        profile = first_run(session, site, "Responsable", "superviseur", "motdepasse-123")
    with store.session() as session:
        assert is_set_up(session)
        assert current_site(session).id == "albert"
        uuid.UUID(get_setting(session, "device_id"))
    assert profile.role == "superviseur"
    assert store.identity()["site_id"] == "albert"


def test_first_run_is_all_or_nothing(store: Store) -> None:
    site = SiteChoice("France Services de Roye", "Roye", "80685", "roye")
    with pytest.raises(AccountError), store.transaction() as session:
        first_run(session, site, "Responsable", "superviseur", "court")
    with store.session() as session:
        assert not is_set_up(session)
        assert session.scalar(select(func.count()).select_from(Site)) == 0
        assert session.scalar(select(func.count()).select_from(Profile)) == 0


def test_first_profile_must_manage(store: Store) -> None:
    site = SiteChoice("France Services de Roye", "Roye", "80685", "roye")
    with pytest.raises(AccountError, match="gérer"), store.transaction() as session:
        first_run(session, site, "Agent", "agent", "motdepasse-123")


def test_second_first_run_is_refused(store: Store, manager) -> None:
    site = SiteChoice("France Services de Roye", "Roye", "80685", "roye")
    with pytest.raises(SetupError, match="déjà configuré"), store.transaction() as session:
        first_run(session, site, "Autre", "superviseur", "motdepasse-123")


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (SiteChoice("FS", "Ham", "80110x"), "5 caractères"),
        (SiteChoice("FS", "Ham", "8011"), "5 caractères"),
        (SiteChoice("", "Ham", "80410"), "nom"),
        (SiteChoice("France Services", "", "80410"), "commune"),
    ],
)
def test_invalid_sites_are_refused(choice: SiteChoice, message: str) -> None:
    with pytest.raises(SetupError, match=message):
        validate_site(choice)


def test_corsica_codes_and_slugs() -> None:
    assert validate_site(SiteChoice("FS d'Ajaccio", "Ajaccio", "2a004")).insee_code == "2A004"
    assert slugify("Saint-Éloi d'en Haut") == "saint-eloi-d-en-haut"
