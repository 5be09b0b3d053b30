"""chat_groups: the language of a group's posts (standings, podiums)

Revision ID: 0014_group_language
Revises: 0013_weekly_holder
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_group_language"
down_revision: str | None = "0013_weekly_holder"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add chat_groups.language (NULL: posts in English until a moderator sets one)."""
    op.add_column("chat_groups", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    """Drop chat_groups.language."""
    with op.batch_alter_table("chat_groups") as batch:
        batch.drop_column("language")
