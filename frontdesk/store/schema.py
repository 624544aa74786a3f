"""The schema revision this code expects.

Kept as a constant so that start-up can compare it with the file's
``alembic_version`` using the standard library alone, without importing Alembic
(a test checks it equals Alembic's head).
"""

SCHEMA_HEAD = "0011"
