"""Local storage: one SQLite file per counter PC, through SQLAlchemy 2."""
