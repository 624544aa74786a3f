"""What a write changed: recorded from the statements themselves, mapped once."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from frontdesk.store import all_models  # noqa: F401  (every table in the metadata)
from frontdesk.store.base import Base
from frontdesk.store.changes import (
    TABLE_CHANGES,
    Change,
    OpChanges,
    recorded,
    written_table,
)
from frontdesk.store.engine import Store
from frontdesk.store.models import Setting


def test_every_table_of_the_schema_has_a_kind() -> None:
    assert set(Base.metadata.tables) == set(TABLE_CHANGES)


@pytest.mark.parametrize(
    ("statement", "table"),
    [
        ("INSERT INTO visit (id) VALUES (?)", "visit"),
        ('INSERT OR REPLACE INTO "setting" VALUES (?)', "setting"),
        ("  update service SET nom=?", "service"),
        ("DELETE FROM visit_draft WHERE id=?", "visit_draft"),
        ("REPLACE INTO outbox VALUES (?)", "outbox"),
        ("SELECT * FROM visit", None),
        ("WITH x AS (SELECT 1) SELECT * FROM x", None),
    ],
)
def test_the_written_table_is_read_from_the_statement(statement: str, table: str | None) -> None:
    assert written_table(statement) == table


def test_a_write_reports_what_it_changed(store: Store) -> None:
    result = store.write(lambda s: s.add(Setting(key="x-test", value="1")))
    assert result.changes == OpChanges.of(Change.SETTINGS)
    assert result.changes.touches(Change.SETTINGS, Change.VISITS)
    assert not result.changes.touches(Change.VISITS)


def test_a_read_or_a_no_op_changes_nothing(store: Store) -> None:
    assert not store.write(lambda s: s.execute(text("SELECT 1"))).changes
    nobody = str(uuid.uuid4())
    # an UPDATE that touches no row changed nothing: no screen reloads for it
    update = text("UPDATE setting SET value = 'y' WHERE key = :k")
    assert not store.write(lambda s: s.execute(update, {"k": nobody})).changes


def test_a_failed_write_reports_nothing_and_keeps_nothing(store: Store) -> None:
    def fails(session: Session) -> None:
        session.add(Setting(key="x-failed", value="1"))
        session.flush()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.write(fails)
    assert store.read(lambda s: s.get(Setting, "x-failed")) is None


def test_work_of_several_transactions_reports_them_all(store: Store) -> None:
    def work() -> int:
        with store.transaction() as s:
            s.add(Setting(key="x-a", value="1"))
        with store.transaction() as s:
            s.execute(text("DELETE FROM setting WHERE key = 'x-a'"))
        return 2

    result = recorded(work)
    assert result.value == 2
    assert result.changes == OpChanges.of(Change.SETTINGS)
