"""directory search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

A full-text index of the directory, for search as you type: SQLite FTS5 table
``directory_fts``, one row per structure and per service, kept current by triggers.
It is a LOCAL derived index (no model, never synced): each PC builds it from its own
rows, and it can be rebuilt from them at any time.

- ``kind``: ``service`` or ``structure`` (not tokenised);
- ``record_id``: the record's UUID as stored (32 hex digits), tokenised ON PURPOSE so
  that a trigger finds a row through the index (``record_id:"…"``) instead of scanning
  the whole table (0.2 ms rather than 12 ms per row at 20 000 services); searches
  restrict themselves to ``{nom body}``;
- ``nom``: the name; for a service, its name then its structure's (« France Travail »,
  « MDPH » are what an agent types first, and the name weighs more in the ranking);
- ``body``: description, thematiques (raw JSON: their slugs are words too), and the
  names and roles of the direct contacts that apply (for a service: its own and the
  structure-wide ones).

Tokenizer ``unicode61 remove_diacritics 2``: « sante » finds « Santé », case ignored.
Prefix indexes on 1, 2 and 3 characters keep the first keystrokes fast.

Beware: a later batch migration that rebuilds ``service``, ``structure`` or
``direct_contact`` drops these triggers with the table; it must create them again
(``tests/core/test_directory_search.py`` checks they exist at head).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATE_TABLE = (
    "CREATE VIRTUAL TABLE directory_fts USING fts5("
    "kind UNINDEXED, record_id, nom, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
)

CONTACTS = (
    "(SELECT group_concat(c.name || ' ' || coalesce(c.role, ''), ' ') "
    "FROM direct_contact c WHERE c.structure_id = {structure} {extra})"
)


def insert_structures(where: str) -> str:
    body = "coalesce(st.description, '') || ' ' || coalesce({}, '')".format(
        CONTACTS.format(structure="st.id", extra="")
    )
    return (
        "INSERT INTO directory_fts (kind, record_id, nom, body) "
        f"SELECT 'structure', st.id, st.nom, {body} FROM structure st WHERE {where};"
    )


def insert_services(where: str) -> str:
    contacts = CONTACTS.format(
        structure="s.structure_id", extra="AND (c.service_id IS NULL OR c.service_id = s.id)"
    )
    body = (
        "coalesce(s.description, '') || ' ' || coalesce(s.thematiques, '')"
        f" || ' ' || coalesce({contacts}, '')"
    )
    return (
        "INSERT INTO directory_fts (kind, record_id, nom, body) "
        f"SELECT 'service', s.id, s.nom || ' ' || st.nom, {body} "
        f"FROM service s JOIN structure st ON st.id = s.structure_id WHERE {where};"
    )


def delete_ids(ids: str) -> str:
    """Delete the rows of ``ids`` (an SQL expression: « OR »-joined quoted ids)."""
    return f"DELETE FROM directory_fts WHERE directory_fts MATCH 'record_id:(' || {ids} || ')';"


def quoted(expr: str) -> str:
    return f"'\"' || {expr} || '\"'"


def reindex_structure(structure: str, service: str) -> str:
    """The structure's row and those of its services ``service`` (SQL expression, NULL: all)."""
    scope = f"s.structure_id = {structure} AND ({service} IS NULL OR s.id = {service})"
    services = (
        f"coalesce((SELECT group_concat(' OR ' || {quoted('s.id')}, '') "
        f"FROM service s WHERE {scope}), '')"
    )
    return "\n".join(
        (
            delete_ids(f"{quoted(structure)} || {services}"),
            insert_structures(f"st.id = {structure}"),
            insert_services(scope),
        )
    )


def differ(*columns: str) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


TRIGGERS = {
    "directory_fts_service_ai": (
        "AFTER INSERT ON service",
        insert_services("s.id = NEW.id"),
    ),
    "directory_fts_service_au": (
        "AFTER UPDATE OF nom, description, thematiques, structure_id ON service "
        f"WHEN {differ('nom', 'description', 'thematiques', 'structure_id')}",
        delete_ids(quoted("OLD.id")) + "\n" + insert_services("s.id = NEW.id"),
    ),
    "directory_fts_service_ad": ("AFTER DELETE ON service", delete_ids(quoted("OLD.id"))),
    "directory_fts_structure_ai": (
        "AFTER INSERT ON structure",
        insert_structures("st.id = NEW.id"),
    ),
    "directory_fts_structure_au": (
        f"AFTER UPDATE OF nom, description ON structure WHEN {differ('nom', 'description')}",
        reindex_structure("NEW.id", "NULL"),
    ),
    "directory_fts_structure_ad": (
        "AFTER DELETE ON structure",
        delete_ids(quoted("OLD.id")),
    ),
    "directory_fts_contact_ai": (
        "AFTER INSERT ON direct_contact",
        reindex_structure("NEW.structure_id", "NEW.service_id"),
    ),
    "directory_fts_contact_au": (
        "AFTER UPDATE OF name, role, structure_id, service_id ON direct_contact "
        f"WHEN {differ('name', 'role', 'structure_id', 'service_id')}",
        reindex_structure("OLD.structure_id", "OLD.service_id")
        + "\n"
        + reindex_structure("NEW.structure_id", "NEW.service_id"),
    ),
    "directory_fts_contact_ad": (
        "AFTER DELETE ON direct_contact",
        reindex_structure("OLD.structure_id", "OLD.service_id"),
    ),
}


def upgrade() -> None:
    op.execute(CREATE_TABLE)
    op.execute(insert_structures("1"))
    op.execute(insert_services("1"))
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN\n{body}\nEND")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS directory_fts")
