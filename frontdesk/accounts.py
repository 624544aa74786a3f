"""Profiles of the people who use a counter PC: passwords, roles, login throttling.

Passwords are hashed with Argon2id (argon2-cffi, memory-hard) and never stored or
logged in clear. After ``free_attempts`` wrong passwords in a row, each further try
must wait, doubling from ``first_delay_seconds`` up to ``max_delay_seconds``; the
count survives a restart because it lives in the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk import audit
from frontdesk.config import Throttle, roles, settings_defaults
from frontdesk.errors import UserError
from frontdesk.store.base import utcnow
from frontdesk.store.models import Profile


class AccountError(UserError, ValueError):
    """A profile operation was refused (message in French, shown as is)."""


@dataclass(frozen=True)
class ProfileInfo:
    id: uuid.UUID
    display_name: str
    role: str
    active: bool

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    def may(self, action: str) -> bool:
        return action in roles().roles[self.role].actions

    def sees(self, section: str) -> bool:
        return section in roles().roles[self.role].sections


def role_label(role: str) -> str:
    """The role's name in ``roles.json``; the id itself for a role this PC does not know
    (a comment written on a PC with another version of the file)."""
    spec = roles().roles.get(role)
    return spec.label if spec is not None else role


class LoginOutcome(Enum):
    OK = "ok"
    WRONG_PASSWORD = "wrong_password"
    DELAYED = "delayed"  # too many failures: wait before trying again
    UNKNOWN_PROFILE = "unknown_profile"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    profile: ProfileInfo | None = None
    wait_seconds: int = 0  # before the next try is accepted

    @property
    def message(self) -> str:
        if self.outcome is LoginOutcome.OK:
            return ""
        if self.outcome is LoginOutcome.UNKNOWN_PROFILE:
            return "Ce profil n'existe plus ou a été désactivé."
        wait = _wait_text(self.wait_seconds)
        if self.outcome is LoginOutcome.DELAYED:
            return f"Trop d'essais infructueux. Réessayez dans {wait}."
        if self.wait_seconds:
            return f"Mot de passe incorrect. Trop d'essais : réessayez dans {wait}."
        return "Mot de passe incorrect."


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds}\u00a0s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}\u00a0min\u00a0{rest:02d}\u00a0s" if rest else f"{minutes}\u00a0min"


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    check_password_strength(password)
    return _hasher().hash(password)


def check_password_strength(password: str) -> None:
    minimum = settings_defaults().password_min_length
    if len(password) < minimum:
        raise AccountError(f"Le mot de passe doit compter au moins {minimum} caractères.")
    if password.strip() != password:
        raise AccountError("Le mot de passe ne doit pas commencer ni finir par une espace.")


def delay_after(failures: int, throttle: Throttle) -> int:
    """Seconds to wait after ``failures`` wrong passwords in a row."""
    if failures < throttle.free_attempts:
        return 0
    doubling = min(failures - throttle.free_attempts, 30)
    factor: int = 2**doubling  # typeshed: int ** int is Any (a negative power is a float)
    return min(throttle.first_delay_seconds * factor, throttle.max_delay_seconds)


def _info(profile: Profile) -> ProfileInfo:
    return ProfileInfo(profile.id, profile.display_name, profile.role, profile.active)


def _clean_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not 2 <= len(name) <= 100:
        raise AccountError("Le nom affiché doit compter entre 2 et 100 caractères.")
    return name


def _check_role(role: str) -> None:
    if role not in roles().roles:
        raise AccountError(f"Rôle inconnu : « {role} ».")


def list_profiles(session: Session, *, include_inactive: bool = False) -> list[ProfileInfo]:
    query = select(Profile).order_by(func.lower(Profile.display_name))
    if not include_inactive:
        query = query.where(Profile.active)
    return [_info(p) for p in session.scalars(query)]


def create_profile(
    session: Session, display_name: str, role: str, password: str, *, actor_id: uuid.UUID | None
) -> ProfileInfo:
    name = _clean_name(display_name)
    _check_role(role)
    taken = session.scalar(
        select(Profile.id).where(func.lower(Profile.display_name) == name.lower())
    )
    if taken is not None:
        raise AccountError(f"Un profil « {name} » existe déjà.")
    profile = Profile(display_name=name, role=role, password_hash=hash_password(password))
    session.add(profile)
    session.flush()
    audit.record(session, "profile_created", actor_id, target=str(profile.id), role=role)
    return _info(profile)


def _get(session: Session, profile_id: uuid.UUID) -> Profile:
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise AccountError("Ce profil n'existe plus.")
    return profile


def verify_login(
    session: Session,
    profile_id: uuid.UUID,
    password: str,
    *,
    unlock: bool = False,
    now: datetime | None = None,
) -> LoginResult:
    """Check a password, counting failures and enforcing the delay. Writes the audit.

    ``unlock``: the profile is resuming its locked session (audited as ``unlock``).
    """
    now = now or utcnow()
    profile = session.get(Profile, profile_id)
    if profile is None or not profile.active:
        return LoginResult(LoginOutcome.UNKNOWN_PROFILE)
    throttle = settings_defaults().login_throttle
    if profile.last_failed_at is not None:
        ready_at = profile.last_failed_at + timedelta(
            seconds=delay_after(profile.failed_attempts, throttle)
        )
        if now < ready_at:
            audit.record(session, "login_delayed", profile.id)
            return LoginResult(LoginOutcome.DELAYED, wait_seconds=_ceil_seconds(ready_at - now))
    try:
        _hasher().verify(profile.password_hash, password)
    except (VerificationError, InvalidHashError):
        profile.failed_attempts += 1
        profile.last_failed_at = now
        audit.record(session, "login_failed", profile.id, failures=profile.failed_attempts)
        wait = delay_after(profile.failed_attempts, throttle)
        return LoginResult(LoginOutcome.WRONG_PASSWORD, wait_seconds=wait)
    if _hasher().check_needs_rehash(profile.password_hash):
        profile.password_hash = _hasher().hash(password)
    profile.failed_attempts = 0
    profile.last_failed_at = None
    audit.record(session, "unlock" if unlock else "login", profile.id)
    return LoginResult(LoginOutcome.OK, profile=_info(profile))


def _ceil_seconds(delta: timedelta) -> int:
    return max(1, int(-(-delta.total_seconds() // 1)))


def change_own_password(session: Session, profile_id: uuid.UUID, current: str, new: str) -> None:
    profile = _get(session, profile_id)
    try:
        _hasher().verify(profile.password_hash, current)
    except (VerificationError, InvalidHashError) as exc:
        raise AccountError("Le mot de passe actuel est incorrect.") from exc
    profile.password_hash = hash_password(new)
    profile.updated_at = utcnow()
    audit.record(session, "password_changed", profile.id)


def _require_manager(session: Session, actor_id: uuid.UUID) -> Profile:
    actor = _get(session, actor_id)
    if not _info(actor).may("profiles.manage"):
        raise AccountError("Votre rôle ne permet pas de gérer les profils.")
    return actor


def reset_password(session: Session, actor_id: uuid.UUID, profile_id: uuid.UUID, new: str) -> None:
    _require_manager(session, actor_id)
    profile = _get(session, profile_id)
    profile.password_hash = hash_password(new)
    profile.failed_attempts = 0
    profile.last_failed_at = None
    profile.updated_at = utcnow()
    audit.record(session, "password_reset", actor_id, target=str(profile.id))


def _managers_left(session: Session, without: uuid.UUID) -> int:
    managing = [r for r, spec in roles().roles.items() if "profiles.manage" in spec.actions]
    return (
        session.scalar(
            select(func.count())
            .select_from(Profile)
            .where(Profile.active, Profile.role.in_(managing), Profile.id != without)
        )
        or 0
    )


def set_role(session: Session, actor_id: uuid.UUID, profile_id: uuid.UUID, role: str) -> None:
    _require_manager(session, actor_id)
    _check_role(role)
    profile = _get(session, profile_id)
    if role == profile.role:
        return
    if not ProfileInfo(profile.id, "", role, True).may("profiles.manage") and not _managers_left(
        session, profile.id
    ):
        raise AccountError("Il doit rester au moins un profil qui peut gérer les profils.")
    audit.record(
        session,
        "profile_role_changed",
        actor_id,
        target=str(profile.id),
        old=profile.role,
        new=role,
    )
    profile.role = role
    profile.updated_at = utcnow()


def set_active(session: Session, actor_id: uuid.UUID, profile_id: uuid.UUID, active: bool) -> None:
    _require_manager(session, actor_id)
    profile = _get(session, profile_id)
    if profile.active == active:
        return
    if (
        not active
        and _info(profile).may("profiles.manage")
        and not _managers_left(session, profile.id)
    ):
        raise AccountError("Il doit rester au moins un profil qui peut gérer les profils.")
    profile.active = active
    profile.updated_at = utcnow()
    kind = "profile_enabled" if active else "profile_disabled"
    audit.record(session, kind, actor_id, target=str(profile.id))
