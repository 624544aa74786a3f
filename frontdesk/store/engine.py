"""The SQLite engine and the unit-of-work sessions of a counter PC."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from frontdesk.store.changes import OpResult, install_recorder, recorded
from frontdesk.store.models import Setting
from frontdesk.store.outbox import install_outbox

CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
)


T = TypeVar("T")
WRITER = "frontdesk_writer"  # execution option: this connection's transactions write


def make_engine(db_path: Path, *, foreign_keys: bool = True) -> Engine:
    """A SQLite engine that applies the pragmas on every new connection.

    pysqlite's own transaction handling is switched off and BEGIN is sent by
    SQLAlchemy, so that a transaction really starts at ``begin()`` (SQLAlchemy's
    documented recipe for SQLite).
    """
    engine = create_engine(f"sqlite:///{db_path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in CONNECTION_PRAGMAS:
            if foreign_keys or "foreign_keys" not in pragma:
                cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # a writer takes the write lock at BEGIN: a deferred transaction that reads and
        # then writes finds its snapshot stale if the other lane committed meanwhile, and
        # SQLite answers SQLITE_BUSY at once, without the busy timeout
        writer = connection.get_execution_options().get(WRITER, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


class Store:
    """The open local database: short-lived sessions, one per unit of work."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self.engine = make_engine(db_path)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._writing = sessionmaker(
            self.engine.execution_options(**{WRITER: True}), expire_on_commit=False
        )
        install_outbox(self._factory)
        install_outbox(self._writing)
        install_recorder(self.engine)
        self._identity: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def identity(self) -> dict[str, Any]:
        """``device_id`` and ``site_id`` of this PC, read from the settings.

        Cached once both exist (they never change afterwards); before the first-run
        setup it is read again each time, so the setup needs no cache reset.
        """
        with self._lock:
            if self._identity is not None:
                return dict(self._identity)
            with self._factory() as session:
                rows: dict[str, Any] = dict(
                    session.execute(
                        select(Setting.key, Setting.value).where(
                            Setting.key.in_(("device_id", "site_id"))
                        )
                    ).all()
                )
            identity: dict[str, Any] = {}
            if "device_id" in rows:
                identity["device_id"] = uuid.UUID(rows["device_id"])
            if "site_id" in rows:
                identity["site_id"] = rows["site_id"]
            if len(identity) == 2:
                self._identity = identity
            return dict(identity)

    def session(self) -> Session:
        """A session for reading; use ``transaction()`` to write."""
        return self._factory(info=self.identity())

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on error. It holds
        the write lock from its start: two lanes (the sync's, the counter's) queue for it
        instead of failing each other."""
        with self._writing(info=self.identity()) as session, session.begin():
            yield session

    def read(self, query: Callable[[Session], T]) -> T:
        """A read-only query in its own session."""
        with self.session() as session:
            return query(session)

    def write(self, operation: Callable[[Session], T]) -> OpResult[T]:
        """One operation in one transaction: its value and what it changed (nothing
        written at all if it raises)."""

        def work() -> T:
            with self.transaction() as session:
                return operation(session)

        return recorded(work)

    def close(self) -> None:
        self.engine.dispose()
