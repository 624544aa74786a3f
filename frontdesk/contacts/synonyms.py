"""The words agents use: synonyms and former names for the directory search, shipped in
``resources/directory/synonyms.json`` (validated at start-up) and added by a superviseur
on this PC (setting ``directory_synonyms``: local, never synced), merged into the
``Thesaurus`` (``frontdesk.contacts.thesaurus``) that the search expands typed words with.

An entry's ``terms`` are equivalent (typing one searches the others too); its ``finds``
are searched as well, one way only (« APL » finds « CAF », not the reverse). Expressions
are compared as the search compares words (« Pôle Emploi », « pole emploi » and « pôle
d'emploi » are the same; so are « dette » and « dettes »).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import text
from sqlalchemy.orm import Session

from frontdesk import audit
from frontdesk.contacts.thesaurus import NBSP, Thesaurus, quoted, singular, words_of
from frontdesk.device import get_setting, put_setting
from frontdesk.errors import UserError
from frontdesk.resources import ResourceError, load_json, validation_problems

log = logging.getLogger(__name__)

SYNONYMS_FILE = "directory/synonyms.json"
LOCAL_SETTING = "directory_synonyms"
MAX_LOCAL, MAX_EXPRESSIONS, MAX_LENGTH = 300, 12, 60


def _key(expression: str) -> tuple[str, ...]:
    return tuple(singular(w) for w in words_of(expression))


class SynonymError(UserError, ValueError):
    """A synonym refused (message in French)."""


def clean_expression(raw: str) -> str:
    expression = " ".join(raw.split())
    if not expression:
        raise SynonymError("Expression vide : tapez un mot ou une expression.")
    if len(expression) > MAX_LENGTH:
        problem = f"trop longue ({MAX_LENGTH}{NBSP}caractères au plus)"
        raise SynonymError(f"L'expression {quoted(expression[:MAX_LENGTH])}… est {problem}.")
    if not words_of(expression):
        raise SynonymError(
            f"{quoted(expression)} ne contient aucun mot cherché : les mots d'une lettre et"
            f" les petits mots comme {quoted('de')} ou {quoted('la')} sont ignorés."
        )
    return expression


def split_expressions(raw: str) -> list[str]:
    """« RSA, revenu de solidarité ; RMI » → the expressions, commas or semicolons apart."""
    return [part.strip() for part in re.split(r"[,;]", raw) if part.strip()]


def check_entry(terms: Iterable[str], finds: Iterable[str]) -> tuple[list[str], list[str]]:
    """The expressions cleaned; ``SynonymError`` for an empty, unsearchable or repeated one."""
    cleaned = [clean_expression(t) for t in terms], [clean_expression(f) for f in finds]
    if not cleaned[0]:
        raise SynonymError("Indiquez le mot ou l'expression que l'on tape.")
    expressions = cleaned[0] + cleaned[1]
    if len(expressions) < 2:
        raise SynonymError("Indiquez au moins une autre expression à chercher.")
    if len(expressions) > MAX_EXPRESSIONS:
        raise SynonymError(f"{MAX_EXPRESSIONS} expressions au plus par synonyme.")
    seen: dict[tuple[str, ...], str] = {}
    for expression in expressions:
        first = seen.setdefault(_key(expression), expression)
        if first is not expression:
            raise SynonymError(f"{quoted(first)} et {quoted(expression)} reviennent au même.")
    return cleaned


class SynonymEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    terms: tuple[str, ...]
    finds: tuple[str, ...] = ()
    note: str | None = Field(None, min_length=1, max_length=400)

    @model_validator(mode="after")
    def _searchable(self) -> SynonymEntry:
        try:
            check_entry(self.terms, self.finds)
        except SynonymError as exc:
            raise PydanticCustomError("synonym", "{reason}", {"reason": str(exc)}) from exc
        return self


class LocalSynonym(SynonymEntry):
    id: str = Field(pattern=r"^[0-9a-f]{12}$")


class SynonymsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    comment: str = Field(alias="$comment", min_length=1)
    synonyms: tuple[SynonymEntry, ...] = Field(min_length=1)


def load_synonyms(data: Any) -> tuple[SynonymEntry, ...]:
    try:
        return SynonymsFile.model_validate(data).synonyms
    except ValidationError as exc:
        where = f"Fichier {quoted(SYNONYMS_FILE)} invalide{NBSP}: "
        raise ResourceError(where + validation_problems(exc)) from exc


@cache
def shipped_synonyms() -> tuple[SynonymEntry, ...]:
    return load_synonyms(load_json(SYNONYMS_FILE))


# -- this PC's synonyms (a superviseur's) -------------------------------------------------


@dataclass(frozen=True)
class SynonymRow:
    id: str | None  # None: shipped with the application, not removable here
    terms: tuple[str, ...]
    finds: tuple[str, ...]
    note: str | None


def _parsed(raw: Any) -> list[LocalSynonym]:
    kept = []
    for item in raw if isinstance(raw, list) else []:
        try:
            kept.append(LocalSynonym.model_validate(item))
        except ValidationError:
            log.warning("a local directory synonym is unreadable and was left out")
    return kept


def local_synonyms(session: Session) -> list[LocalSynonym]:
    return _parsed(get_setting(session, LOCAL_SETTING))


def list_synonyms(session: Session) -> list[SynonymRow]:
    """This PC's synonyms, the latest first, then the shipped ones in the file's order."""
    local = [SynonymRow(s.id, s.terms, s.finds, s.note) for s in reversed(local_synonyms(session))]
    return local + [SynonymRow(None, s.terms, s.finds, s.note) for s in shipped_synonyms()]


def _keys(items: Iterable[str]) -> set[tuple[str, ...]]:
    return {_key(item) for item in items}


def add_synonym(
    session: Session, actor: Any, terms: Sequence[str], finds: Sequence[str] = ()
) -> SynonymRow:
    """Add a synonym on this PC (``directory.edit``); typing any of ``terms`` then also
    searches the other terms and ``finds``."""
    from frontdesk.contacts.editing import require

    require(session, actor, "directory.edit")
    cleaned_terms, cleaned_finds = check_entry(terms, finds)
    local = local_synonyms(session)
    wanted = (_keys(cleaned_terms), _keys(cleaned_finds))
    if any((_keys(e.terms), _keys(e.finds)) == wanted for e in [*local, *shipped_synonyms()]):
        raise SynonymError("Ce synonyme existe déjà.")
    if len(local) >= MAX_LOCAL:
        raise SynonymError(f"{MAX_LOCAL} synonymes au plus sur ce poste : retirez-en d'abord.")
    entry = LocalSynonym(id=uuid.uuid4().hex[:12], terms=cleaned_terms, finds=cleaned_finds)
    stored = [s.model_dump(exclude_none=True) for s in [*local, entry]]
    put_setting(session, LOCAL_SETTING, stored)
    audit.record(session, "setting_changed", actor.id, key=LOCAL_SETTING, added=entry.id)
    log.info("directory synonym %s added by profile %s", entry.id, actor.id)
    return SynonymRow(entry.id, entry.terms, entry.finds, None)


def remove_synonym(session: Session, actor: Any, synonym_id: str) -> None:
    from frontdesk.contacts.editing import require

    require(session, actor, "directory.edit")
    local = local_synonyms(session)
    kept = [s for s in local if s.id != synonym_id]
    if len(kept) == len(local):
        raise SynonymError("Ce synonyme n'existe plus sur ce poste.")
    put_setting(session, LOCAL_SETTING, [s.model_dump(exclude_none=True) for s in kept])
    audit.record(session, "setting_changed", actor.id, key=LOCAL_SETTING, removed=synonym_id)
    log.info("directory synonym %s removed by profile %s", synonym_id, actor.id)


@lru_cache(maxsize=8)
def _compiled(local: str | None) -> Thesaurus:
    extra = _parsed(json.loads(local)) if local else []
    return Thesaurus([*shipped_synonyms(), *extra])


def thesaurus(session: Session) -> Thesaurus:
    """The shipped synonyms and this PC's (compiled once per version of the setting)."""
    raw = session.execute(
        text("SELECT value FROM setting WHERE key = :key"), {"key": LOCAL_SETTING}
    ).scalar()
    return _compiled(raw if isinstance(raw, str) else None)
