"""What a write changed: every operation of the core reports it with its result.

Modelled on Anki's ``OpChanges``: an operation returns, next to its value, the kinds of
data it changed (visits, reviews, directory…), and each open screen decides from that
whether what it shows is still true. The kinds are not declared by hand at each call:
the store records the tables each statement wrote (``INSERT``, ``UPDATE``, ``DELETE``,
whatever path sent it: the ORM, a bulk upsert, raw SQL) and ``TABLE_CHANGES`` maps each
table to its kind, once. A test checks that every table of the schema has one, so a new
table cannot be forgotten.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import Engine

T = TypeVar("T")


class Change(StrEnum):
    """A kind of data a screen may show."""

    VISITS = "visits"  # visits and the tallies the statistics read
    REVIEWS = "reviews"  # the tutor's review of a visit and the messages about it
    DRAFTS = "drafts"  # a visit in progress, kept across a crash
    DIRECTORY = "directory"  # structures, services, contacts and the reports about them
    PROFILES = "profiles"
    SETTINGS = "settings"  # this PC's settings and the sites it knows
    AUDIT = "audit"
    SYNC = "sync"  # what waits to be sent, what was set aside, the sync's own state


TABLE_CHANGES: dict[str, Change] = {
    "visit": Change.VISITS,
    "visit_tally": Change.VISITS,
    "satisfaction_tally": Change.VISITS,
    "visit_review": Change.REVIEWS,
    "review_comment": Change.REVIEWS,
    "visit_draft": Change.DRAFTS,
    "structure": Change.DIRECTORY,
    "service": Change.DIRECTORY,
    "direct_contact": Change.DIRECTORY,
    "directory_report": Change.DIRECTORY,
    "profile": Change.PROFILES,
    "setting": Change.SETTINGS,
    "site": Change.SETTINGS,
    "audit_event": Change.AUDIT,
    "outbox": Change.SYNC,
    "sync_version": Change.SYNC,
    "sync_parked": Change.SYNC,
    "sync_sent": Change.SYNC,
    "sync_issue": Change.SYNC,
}


@dataclass(frozen=True)
class OpChanges:
    """The kinds of data an operation changed; empty for a read or a no-op."""

    kinds: frozenset[Change] = frozenset()

    @classmethod
    def of(cls, *kinds: Change) -> OpChanges:
        return cls(frozenset(kinds))

    @classmethod
    def of_tables(cls, tables: Iterable[str]) -> OpChanges:
        return cls(frozenset(TABLE_CHANGES[t] for t in tables if t in TABLE_CHANGES))

    def touches(self, *kinds: Change) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(self.kinds | other.kinds)

    def __str__(self) -> str:
        return ", ".join(sorted(self.kinds)) or "rien"


NO_CHANGES = OpChanges()


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """An operation's value and what it changed."""

    value: T
    changes: OpChanges


# The tables a statement writes. SQLite's own tables (the search index's shadow tables,
# alembic_version) match too and are simply not in TABLE_CHANGES.
_WRITES = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r"\s+[\"`\[]?(\w+)",
    re.IGNORECASE,
)
_local = threading.local()


def _recorders() -> list[set[str]]:
    stack: list[set[str]] | None = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def written_table(statement: str) -> str | None:
    match = _WRITES.match(statement)
    return match.group(1).lower() if match else None


def install_recorder(engine: Engine) -> None:
    """Note, for the ``recording()`` blocks open on this thread, each table written."""
    from sqlalchemy import event

    @event.listens_for(engine, "after_cursor_execute")
    def _written(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        stack = _recorders()
        # a statement that touched no row changed nothing (-1: the driver cannot tell)
        if stack and getattr(cursor, "rowcount", -1) != 0:
            table = written_table(statement)
            if table is not None:
                for tables in stack:
                    tables.add(table)


@contextmanager
def recording() -> Iterator[set[str]]:
    """The tables written on this thread inside the block (nested blocks all see them)."""
    tables: set[str] = set()
    stack = _recorders()
    stack.append(tables)
    try:
        yield tables
    finally:
        stack.remove(tables)


def recorded(work: Callable[[], T]) -> OpResult[T]:
    """Run ``work`` (any number of transactions) and say what it changed. If it raises,
    nothing is reported: each transaction it opened rolled back or committed whole, and
    the error says which."""
    with recording() as tables:
        value = work()
    return OpResult(value, OpChanges.of_tables(tables))
