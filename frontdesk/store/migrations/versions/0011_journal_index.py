"""journal index

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Two LOCAL derived tables (no model, never synced, like ``directory_fts``) kept current
by triggers on ``visit``, whatever wrote the row (the ORM, a sync's bulk upsert, the demo
generator's plain INSERTs), so the journal reads a million visits without scanning them:

- ``journal_facet``: one row per motif and per SPIE public of each visit (``facet``
  ``j:<journey id>``; ``p:<public slug>`` when its ``status`` is « oui » or
  « a_verifier », what the journal's filter on a public keeps by default, else
  ``p:<public slug>:<status>``), keyed by the journal's order (``started_at``, then the
  visit's rowid). The journal filtered on a motif or a public counts and skips rows on
  this index instead of reading the JSON lists of every visit of the site;
- ``journal_count``: the number of visits of each site held on the PC, for the journal
  opened without a filter (the count of 440 000 index entries took 50 ms).

Both are rebuilt from ``visit`` by ``REBUILD``. Beware: a later batch migration that
rebuilds ``visit`` drops these triggers with the table (and may renumber its rowids): it
must create them again and run ``REBUILD`` (``tests/core/test_journal_index.py`` checks
they exist at head and agree with the visits).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "CREATE TABLE journal_facet ("
    "facet TEXT NOT NULL, started_at DATETIME NOT NULL, visit_rowid INTEGER NOT NULL,"
    " site_id VARCHAR(64) NOT NULL, status,"  # no affinity: as json_extract gives it
    " PRIMARY KEY (facet, started_at, visit_rowid)) WITHOUT ROWID",
    "CREATE TABLE journal_count ("
    "site_id VARCHAR(64) NOT NULL PRIMARY KEY, visits INTEGER NOT NULL)",
)


def valid(column: str) -> str:
    """The JSON list of ``column``, or none if it is not valid JSON: a malformed list is
    left out of the index, it never makes the visit's write fail."""
    return f"CASE WHEN json_valid({column}) THEN {column} ELSE '[]' END"


def facets_of(row: str, rowid: str) -> list[str]:
    """INSERT statements of the facets of ``row`` (``NEW``, or ``v`` with ``FROM visit v``)."""
    source = "" if row == "NEW" else f" visit {row},"
    return [
        "INSERT OR IGNORE INTO journal_facet (facet, started_at, visit_rowid, site_id, status)"
        f" SELECT 'j:' || j.value, {row}.started_at, {rowid}, {row}.site_id, NULL"
        f" FROM{source} json_each({valid(row + '.journeys')}) j WHERE j.type = 'text';",
        "INSERT OR IGNORE INTO journal_facet (facet, started_at, visit_rowid, site_id, status)"
        f" SELECT {public_facet('p.key', STATUS)}, {row}.started_at, {rowid},"
        f" {row}.site_id, {STATUS} FROM{source} json_each({valid(row + '.publics')}) p"
        f" WHERE p.type = 'object' AND {STATUS} IS NOT NULL;",
    ]


# a public's status, as the journal's filter reads it
STATUS = "json_extract(p.value, '$.status')"


def public_facet(slug: str, status: str) -> str:
    """« p:<slug> » for a public the visitor may belong to (« oui », « a_verifier »: the
    journal's filter on a public by default), « p:<slug>:<status> » otherwise."""
    return (
        f"'p:' || {slug} || CASE WHEN {status} IN ('oui', 'a_verifier') THEN ''"
        f" ELSE ':' || {status} END"
    )


# the facets of OLD, found by their key (one index lookup each)
DELETE_OLD = (
    "DELETE FROM journal_facet WHERE visit_rowid = OLD.rowid AND started_at = OLD.started_at"
    f" AND facet IN (SELECT 'j:' || value FROM json_each({valid('OLD.journeys')})"
    f" WHERE type = 'text' UNION ALL SELECT {public_facet('p.key', STATUS)}"
    f" FROM json_each({valid('OLD.publics')}) p WHERE p.type = 'object' AND {STATUS} IS NOT NULL);"
)
ADD_ONE = (
    "INSERT INTO journal_count (site_id, visits) VALUES ({site}, 1)"
    " ON CONFLICT (site_id) DO UPDATE SET visits = visits + 1;"
)
TAKE_ONE = "UPDATE journal_count SET visits = visits - 1 WHERE site_id = {site};"
CHANGED = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}" for c in ("journeys", "publics", "started_at", "site_id")
)

TRIGGERS = {
    "journal_visit_ai": (
        "AFTER INSERT ON visit",
        [*facets_of("NEW", "NEW.rowid"), ADD_ONE.format(site="NEW.site_id")],
    ),
    "journal_visit_au": (
        f"AFTER UPDATE OF journeys, publics, started_at, site_id ON visit WHEN {CHANGED}",
        [
            DELETE_OLD,
            *facets_of("NEW", "NEW.rowid"),
            TAKE_ONE.format(site="OLD.site_id"),
            ADD_ONE.format(site="NEW.site_id"),
        ],
    ),
    "journal_visit_ad": (
        "AFTER DELETE ON visit",
        [DELETE_OLD, TAKE_ONE.format(site="OLD.site_id")],
    ),
}

REBUILD = [
    "DELETE FROM journal_facet;",
    "DELETE FROM journal_count;",
    *facets_of("v", "v.rowid"),
    "INSERT INTO journal_count (site_id, visits)"
    " SELECT site_id, count(*) FROM visit GROUP BY site_id;",
]


def create_triggers() -> None:
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN\n" + "\n".join(body) + "\nEND")


def upgrade() -> None:
    for statement in TABLES:
        op.execute(statement)
    for statement in REBUILD:
        op.execute(statement)
    create_triggers()


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS journal_facet")
    op.execute("DROP TABLE IF EXISTS journal_count")
