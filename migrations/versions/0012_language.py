"""athletes: the language the bot speaks to them

Revision ID: 0012_language
Revises: 0011_events
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_language"
down_revision: str | None = "0011_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add athletes.language (NULL until a platform or `profile language` sets it)."""
    op.add_column("athletes", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    """Drop athletes.language."""
    with op.batch_alter_table("athletes") as batch:
        batch.drop_column("language")
