"""Device-local settings kept in the ``setting`` table."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from frontdesk import audit
from frontdesk.config import settings_defaults
from frontdesk.errors import UserError
from frontdesk.store.models import Setting, Site


class SettingError(UserError, ValueError):
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


def journey_order(session: Session) -> list[str] | None:
    """The superviseur's order of the motifs at the Accueil (journey ids), or None for the
    order of ``resources/journeys.json``. Never the frequency: a motif keeps its digit."""
    order = get_setting(session, "journey_order")
    return [str(i) for i in order] if isinstance(order, list) else None


def set_journey_order(session: Session, order: list[str] | None, actor_id: Any) -> None:
    """Save the motifs' order; None (or the file's own order) goes back to the file's."""
    from frontdesk.orientation.journeys import journeys

    known = [journey.id for journey in journeys().all]
    if order is not None and (len(set(order)) != len(order) or not set(order) <= set(known)):
        raise SettingError("L'ordre des motifs cite un motif inconnu ou deux fois le même.")
    kept = None if order is None or order == known else order
    put_setting(session, "journey_order", kept)
    audit.record(session, "setting_changed", actor_id, key="journey_order", value=kept)


def current_site(session: Session) -> Site | None:
    site_id = get_setting(session, "site_id")
    return None if site_id is None else session.get(Site, site_id)
