"""Alembic environment of the hub: runs on the connection ``upgrade_hub`` hands over."""

from alembic import context

from frontdesk.hub.models import HubBase

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=HubBase.metadata,
    render_as_batch=True,  # SQLite hubs: tables are rebuilt, not altered
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
