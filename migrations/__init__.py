"""Alembic migrations; applied by `hipcoach db upgrade`, `run` and `chat`."""

# The newest revision. Start-up compares the database's revision with it and loads Alembic
# only when they differ; a new migration updates it (tests/foundation/test_migrations.py
# checks it against Alembic's own head).
HEAD = "0014_i18n_text"
