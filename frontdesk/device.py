"""Device-local settings kept in the ``setting`` table."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from frontdesk import audit
from frontdesk.config import settings_defaults
from frontdesk.store.models import Setting, Site


class SettingError(ValueError):
    """A setting value is out of range (message in French)."""


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def put_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def idle_lock_minutes(session: Session) -> int:
    return int(
        get_setting(session, "idle_lock_minutes", settings_defaults().idle_lock_minutes.default)
    )


def set_idle_lock_minutes(session: Session, minutes: int, actor_id: Any) -> None:
    bounds = settings_defaults().idle_lock_minutes
    if not bounds.min <= minutes <= bounds.max:
        raise SettingError(
            "Le délai de verrouillage doit être compris entre "
            f"{bounds.min} et {bounds.max}\u00a0minutes."
        )
    put_setting(session, "idle_lock_minutes", minutes)
    audit.record(session, "setting_changed", actor_id, key="idle_lock_minutes", value=minutes)


def retention_months(session: Session) -> int:
    """How many months visit details are kept before the retention job purges them."""
    return int(
        get_setting(session, "retention_months", settings_defaults().retention_months.default)
    )


def set_retention_months(session: Session, months: int, actor_id: Any) -> None:
    bounds = settings_defaults().retention_months
    if not bounds.min <= months <= bounds.max:
        raise SettingError(
            "La durée de conservation doit être comprise entre "
            f"{bounds.min} et {bounds.max}\u00a0mois."
        )
    put_setting(session, "retention_months", months)
    audit.record(session, "setting_changed", actor_id, key="retention_months", value=months)


def current_site(session: Session) -> Site | None:
    site_id = get_setting(session, "site_id")
    return None if site_id is None else session.get(Site, site_id)
