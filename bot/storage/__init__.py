"""SQLAlchemy-backed storage: the only package that imports SQLAlchemy."""

from bot.storage.db import create_engine_for
from bot.storage.holders import SqlHolders
from bot.storage.migrate import upgrade_to_head
from bot.storage.uow import SqlUnitOfWork, make_uow_factory

__all__ = [
    "SqlHolders",
    "SqlUnitOfWork",
    "create_engine_for",
    "make_uow_factory",
    "upgrade_to_head",
]
