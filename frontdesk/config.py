"""Validated views of the bundled data files (roles, sites, default settings)."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from frontdesk.resources import ResourceError, load_json, validation_problems

INSEE_PATTERN = r"^(2A|2B|\d{2})\d{3}$"
_M = TypeVar("_M", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleSpec(_Strict):
    label: str
    sections: tuple[str, ...]
    actions: tuple[str, ...]
    # where the workspace opens after login, and on what (« a_traiter »: the review queue)
    start: str = ""
    start_intent: str = ""


class RolesFile(_Strict):
    comment: str = Field("", alias="$comment")
    sections: tuple[str, ...]
    actions: dict[str, str]
    roles: dict[str, RoleSpec]
    first_profile_roles: tuple[str, ...]

    @model_validator(mode="after")
    def _names_exist(self) -> RolesFile:
        for role, spec in self.roles.items():
            unknown = set(spec.sections) - set(self.sections)
            unknown |= set(spec.actions) - set(self.actions)
            if spec.start and spec.start not in spec.sections:
                unknown.add(spec.start)
            if unknown:
                raise ValueError(f"rôle « {role} » : inconnus {sorted(unknown)}")
        if not set(self.first_profile_roles) <= set(self.roles):
            raise ValueError("first_profile_roles nomme un rôle inconnu")
        return self


class SiteSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=2)
    commune: str
    insee_code: str = Field(pattern=INSEE_PATTERN)


class SitesFile(_Strict):
    comment: str = Field("", alias="$comment")
    sites: tuple[SiteSpec, ...]


class Bounded(_Strict):
    default: int
    min: int
    max: int

    @model_validator(mode="after")
    def _default_within(self) -> Bounded:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} hors de [{self.min}, {self.max}]")
        return self


class Throttle(_Strict):
    free_attempts: int = Field(ge=1)
    first_delay_seconds: int = Field(ge=1)
    max_delay_seconds: int = Field(ge=1)


class SettingsFile(_Strict):
    comment: str = Field("", alias="$comment")
    idle_lock_minutes: Bounded
    retention_months: Bounded  # visit details kept, then monthly anonymous counts
    login_throttle: Throttle
    password_min_length: int = Field(ge=6)
    backups_kept: int = Field(ge=1)
    daily_backup_hours: int = Field(ge=1)


def _validated(model: type[_M], name: str) -> _M:
    data: Any = load_json(name)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ResourceError(
            f"Le fichier de données « {name} » est invalide : {validation_problems(exc)}"
        ) from exc


@cache
def roles() -> RolesFile:
    return _validated(RolesFile, "roles.json")


@cache
def sites() -> SitesFile:
    return _validated(SitesFile, "sites.json")


@cache
def settings_defaults() -> SettingsFile:
    return _validated(SettingsFile, "settings.json")
