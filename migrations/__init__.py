"""Alembic migrations; applied by `hipcoach db upgrade`, `run` and `chat`."""
