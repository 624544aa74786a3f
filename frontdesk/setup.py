"""First start of a counter PC: its site, its device id and its first profile."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk import audit
from frontdesk.accounts import AccountError, ProfileInfo, create_profile
from frontdesk.config import INSEE_PATTERN, roles, sites
from frontdesk.device import get_setting, put_setting
from frontdesk.errors import UserError
from frontdesk.store.models import Site


class SetupError(UserError, ValueError):
    """The first-run answers are not usable (message in French)."""


@dataclass(frozen=True)
class SiteChoice:
    name: str
    commune: str
    insee_code: str
    id: str = ""  # empty: derived from the name


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated: ``Saint-Éloi d'en Haut`` → ``saint-eloi-d-en-haut``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def known_sites() -> list[SiteChoice]:
    return [SiteChoice(s.name, s.commune, s.insee_code, s.id) for s in sites().sites]


def validate_site(choice: SiteChoice) -> SiteChoice:
    name = " ".join(choice.name.split())
    commune = " ".join(choice.commune.split())
    code = choice.insee_code.strip().upper()
    if len(name) < 2:
        raise SetupError("Indiquez le nom de la France Services.")
    if len(commune) < 2:
        raise SetupError("Indiquez la commune de la France Services.")
    if not re.fullmatch(INSEE_PATTERN, code):
        raise SetupError(
            "Le code INSEE de la commune compte 5 caractères (par exemple 80570 pour Moreuil)."
        )
    site_id = choice.id or slugify(commune)
    if not site_id:
        raise SetupError("Le nom de la commune doit contenir des lettres.")
    return SiteChoice(name, commune, code, site_id)


def is_set_up(session: Session) -> bool:
    return get_setting(session, "site_id") is not None


def first_run(
    session: Session, site: SiteChoice, display_name: str, role: str, password: str
) -> ProfileInfo:
    """Record the site, give the device its id and create the first profile, atomically."""
    if is_set_up(session):
        raise SetupError("Ce poste est déjà configuré.")
    if role not in roles().first_profile_roles:
        raise AccountError("Le premier profil doit pouvoir gérer les autres profils.")
    site = validate_site(site)
    if session.scalar(select(Site.id).where(Site.id == site.id)) is None:
        session.add(
            Site(id=site.id, name=site.name, commune=site.commune, insee_code=site.insee_code)
        )
    put_setting(session, "site_id", site.id)
    put_setting(session, "device_id", str(uuid.uuid4()))
    profile = create_profile(session, display_name, role, password, actor_id=None)
    audit.record(session, "site_configured", profile.id, site=site.id, insee=site.insee_code)
    return profile
