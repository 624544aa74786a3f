"""Alembic environment: runs on the connection the application hands over."""

from alembic import context

from frontdesk.store import all_models  # noqa: F401  (registers every table)
from frontdesk.store.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: rebuild tables instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
