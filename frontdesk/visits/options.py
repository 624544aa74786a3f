"""The closed lists of a visit record (channels, outcomes…), from resources/visit-options.json."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frontdesk.resources import ResourceError, load_json, validation_problems

OPTIONS_FILE = "visit-options.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str


class AgeBand(Choice):
    max: int


class VisitOptions(_Strict):
    comment: str = Field("", alias="$comment")
    channels: tuple[Choice, ...]
    outcomes: tuple[Choice, ...]
    orientation_kinds: tuple[Choice, ...]
    age_bands: tuple[AgeBand, ...]
    note_max_length: int = Field(ge=1)

    def ids(self, field: str) -> frozenset[str]:
        return frozenset(choice.id for choice in getattr(self, field))

    def label(self, field: str, choice_id: str) -> str:
        return next((c.label for c in getattr(self, field) if c.id == choice_id), choice_id)

    def age_band_for(self, age: int) -> str:
        return next(band.id for band in self.age_bands if age <= band.max)


@cache
def visit_options() -> VisitOptions:
    try:
        return VisitOptions.model_validate(load_json(OPTIONS_FILE))
    except ValidationError as exc:
        raise ResourceError(
            f"Le fichier de données « {OPTIONS_FILE} » est invalide : {validation_problems(exc)}"
        ) from exc
