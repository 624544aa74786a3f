"""Alembic environment: runs on the connection the application hands over."""

from alembic import context

from frontdesk.store import all_models  # noqa: F401  (registers every table)
from frontdesk.store.base import Base

# Tables made by hand in migrations, with no model: the directory's FTS5 index and the
# shadow tables SQLite creates for it (directory_fts_data, _idx, _content…), the
# journal's index of the visits (journal_facet, journal_count: migration 0011).
UNMODELLED_PREFIXES = ("directory_fts", "journal_")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(UNMODELLED_PREFIXES))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: rebuild tables instead
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
