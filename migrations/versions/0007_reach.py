"""Reaching people: groups the bot was removed from; Discord accounts DM-able by user id

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add chat_groups.bot_removed_at; give Discord accounts without a DM chat their user id.

    Discord lets the bot open a DM with any member of a server it shares, by user id, so a
    member who only ever used the bot in a server can get check-ins too (the adapter records
    the id on every interaction from now on; this covers the accounts already stored).
    """
    op.add_column(
        "chat_groups",
        sa.Column("bot_removed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.execute(
        "UPDATE platform_accounts SET dm_chat_id = external_id "
        "WHERE platform = 'discord' AND dm_chat_id IS NULL"
    )


def downgrade() -> None:
    """Drop chat_groups.bot_removed_at (the DM chat ids stay: they are correct)."""
    op.drop_column("chat_groups", "bot_removed_at")
