"""Administering a hub: sites, one-time enrollment codes, devices and their tokens.

Tokens and codes are random (``secrets``), shown once, stored as SHA-256 hashes: they
carry enough entropy that a fast hash is safe (a password would need Argon2).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Row, select, update
from sqlalchemy.orm import Session

from frontdesk.hub.models import Device, Enrollment, HubSite
from frontdesk.store.base import utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
CODE_LENGTH = 12
CODE_LIFETIME = timedelta(hours=24)
SITE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
UNKNOWN_OR_SPENT = "Code d'inscription inconnu ou déjà utilisé."


class HubAdminError(ValueError):
    """Refused (French message)."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def without_controls(text: str) -> str:
    """``text`` less its control characters (Unicode « C* »: ESC and the other C0 and C1
    controls, bidi overrides and other format characters, unassigned code points): a
    label is printed on an administrator's terminal, where an escape sequence would act
    (clear the screen, retitle the window, hide a line)."""
    return "".join(char for char in text if not unicodedata.category(char).startswith("C"))


def create_site(session: Session, site_id: str, name: str) -> HubSite:
    if not SITE_ID.fullmatch(site_id) or len(site_id) > 64:
        raise HubAdminError(
            f"Identifiant de site « {site_id} » invalide : minuscules, chiffres et tirets."
        )
    if session.get(HubSite, site_id) is not None:
        raise HubAdminError(f"Le site « {site_id} » existe déjà.")
    site = HubSite(id=site_id, name=name.strip() or site_id)
    session.add(site)
    session.flush()
    return site


@dataclass(frozen=True)
class IssuedCode:
    code: str  # « ABCD-EFGH-JKLM », shown once
    site_id: str | None
    kind: str
    expires_at: object
    directory_editor: bool = False


def issue_enrollment(
    session: Session, kind: str, site_id: str | None, *, directory_editor: bool = False
) -> IssuedCode:
    """A one-time code for a site device (``site_id`` required) or a tutor device.
    ``directory_editor``: a superviseur's PC, whose directory edits apply; a counter PC's
    directory edits reach the superviseurs as proposals."""
    if kind not in ("site", "tuteur"):
        raise HubAdminError("Type de poste inconnu : « site » ou « tuteur ».")
    if kind == "site" and (site_id is None or session.get(HubSite, site_id) is None):
        raise HubAdminError(f"Site inconnu : « {site_id} ». Créez-le d'abord.")
    if kind == "tuteur":
        site_id, directory_editor = None, False
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = utcnow() + CODE_LIFETIME
    session.add(
        Enrollment(
            code_hash=digest(raw),
            site_id=site_id,
            kind=kind,
            directory_editor=directory_editor,
            expires_at=expires,
        )
    )
    session.flush()
    code = "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    return IssuedCode(code, site_id, kind, expires, directory_editor)


def enroll(
    session: Session, code: str, label: str, next_seq: int = 1, *, attempt_key: str | None = None
) -> tuple[Device, str]:
    """Spend a code: a new device and its token (returned once). ``next_seq``: the seq of
    the device's next outbox row (its queue may already hold changes, numbered).

    ``attempt_key``: a random key the device drew and kept before asking. The same code
    with the same key again, while the code is valid, is that device asking again because
    our answer never reached it: it gets the same device back with a new token (the first
    one, lost, is replaced: nobody holds it), never a second device. Only while the device
    has never been seen: once it used its token, its answer was not lost."""
    enrollment = session.execute(
        select(Enrollment)
        .where(Enrollment.code_hash == digest(normalise_code(code)))
        .with_for_update()
    ).scalar_one_or_none()
    if enrollment is None:
        raise HubAdminError(UNKNOWN_OR_SPENT)
    retry = enrollment.used_at is not None
    if retry and not _same_attempt(enrollment.attempt_hash, attempt_key):
        raise HubAdminError(UNKNOWN_OR_SPENT)
    if enrollment.expires_at < utcnow():
        raise HubAdminError("Ce code d'inscription a expiré : demandez-en un nouveau.")
    token = secrets.token_urlsafe(32)
    label = without_controls(label).strip()[:120] or "poste"
    if retry:
        device = session.get(Device, enrollment.device_id, with_for_update=True)
        if device is None or device.revoked_at is not None or device.last_seen_at is not None:
            raise HubAdminError(UNKNOWN_OR_SPENT)
        # it never pushed (it had no token): its numbering is the retry's
        device.label, device.token_hash, device.last_seq = label, digest(token), next_seq - 1
        session.flush()
        return device, token
    device = Device(
        id=uuid.uuid4(),
        site_id=enrollment.site_id,
        kind=enrollment.kind,
        directory_editor=enrollment.directory_editor,
        label=label,
        token_hash=digest(token),
        last_seq=next_seq - 1,
    )
    session.add(device)
    enrollment.used_at, enrollment.device_id = utcnow(), device.id
    enrollment.attempt_hash = digest(attempt_key) if attempt_key else None
    session.flush()
    return device, token


def _same_attempt(kept: str | None, attempt_key: str | None) -> bool:
    return (
        kept is not None
        and attempt_key is not None
        and hmac.compare_digest(kept, digest(attempt_key))
    )


def update_device(session: Session, device_id: uuid.UUID, values: dict[str, Any]) -> None:
    """Write some of a device's bookkeeping columns (Core: the ORM copy is left as is)."""
    devices = Device.__table__
    session.connection().execute(update(devices).where(devices.c.id == device_id).values(values))


def find_device(connection: Connection, token: str) -> Row[Any] | None:
    """``authenticate`` for a read on a plain connection: the device's columns as a row
    (id, kind, site_id, last_cursor, last_seen_at…), None if unknown or revoked."""
    devices = Device.__table__
    return connection.execute(
        select(devices).where(devices.c.token_hash == digest(token), devices.c.revoked_at.is_(None))
    ).one_or_none()


def authenticate(session: Session, token: str, *, lock: bool = False) -> Device | None:
    """The device holding this token, None if unknown or revoked; ``lock``: its row
    locked until the transaction ends (PostgreSQL; SQLite has a single writer)."""
    query = select(Device).where(Device.token_hash == digest(token))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    device = session.execute(query).scalar_one_or_none()
    if device is None or device.revoked_at is not None:
        return None
    return device


def list_devices(session: Session) -> list[Device]:
    return list(session.scalars(select(Device).order_by(Device.site_id, Device.created_at)))


def _device(session: Session, device_id: str) -> Device:
    try:
        found = session.get(Device, uuid.UUID(device_id))
    except ValueError:
        found = None
    if found is None:
        raise HubAdminError(f"Poste inconnu : « {device_id} ».")
    return found


def revoke_device(session: Session, device_id: str) -> Device:
    device = _device(session, device_id)
    device.revoked_at = device.revoked_at or utcnow()
    return device


def rotate_token(session: Session, device_id: str) -> str:
    device = _device(session, device_id)
    if device.revoked_at is not None:
        raise HubAdminError("Ce poste est révoqué : inscrivez-le de nouveau.")
    token = secrets.token_urlsafe(32)
    device.token_hash = digest(token)
    return token
