"""The hub's database: a SQLite file for a single office, PostgreSQL (psycopg 3) for a
production hub with several stateless workers. Schema by Alembic (``hub/migrations``)."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, insert, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from frontdesk.hub.models import Counter


def new_epoch() -> str:
    """A name for a new history of the hub's changes."""
    return str(uuid.uuid4())


MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def make_hub_engine(url: str, *, writer: bool = True) -> Engine:
    """``writer``: SQLite transactions take the write lock at BEGIN; the reader engine's
    do not (WAL readers run alongside the writer, each on its snapshot)."""
    if url.startswith("sqlite"):
        # connections kept for the request threads: opening one costs its pragmas
        engine = create_engine(url, connect_args={"timeout": 30}, pool_size=20, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN recipe
            cursor = dbapi_connection.cursor()
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            # one writer at a time, taken at BEGIN: no deadlock upgrading a read lock
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def upgrade_hub(engine: Engine) -> None:
    """Create or migrate the hub schema, make sure the counter row exists, and hold the
    shipped default directory (``frontdesk.hub.defaults``)."""
    from alembic import command
    from alembic.config import Config

    from frontdesk.hub.defaults import seed_hub_defaults

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if connection.execute(select(Counter.id)).first() is None:
            connection.execute(insert(Counter).values(id=1, value=0, horizon=0))
        unnamed = update(Counter).where(Counter.id == 1, Counter.epoch.is_(None))
        connection.execute(unnamed.values(epoch=new_epoch()))
    with Session(engine) as session, session.begin():
        seed_hub_defaults(session)


class HubStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_hub_engine(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer: requests queue here, first come first served, instead of
        # polling in SQLite's busy handler (one hub process on SQLite: a single office)
        sqlite = url.startswith("sqlite")
        self._turn = threading.Lock() if sqlite else None
        # reads see one snapshot from their first statement: SQLite's deferred BEGIN (WAL),
        # PostgreSQL's REPEATABLE READ (a read-only transaction never fails there)
        self._reader = (
            make_hub_engine(url, writer=False)
            if sqlite
            else self.engine.execution_options(isolation_level="REPEATABLE READ")
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        if self._turn is None:
            with self._factory.begin() as session:
                yield session
            return
        with self._turn, self._factory.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A transaction that writes nothing (a pull's token and page), on a plain
        connection: on SQLite it neither waits for nor holds the writer's turn."""
        with self._reader.begin() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()
        if self._turn is not None:  # SQLite: the reader is an engine of its own
            self._reader.dispose()
