"""challenge members: a version that every change bumps, for optimistic writes of credits

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add challenge_members.version (0 for existing rows; instant on PostgreSQL 11+)."""
    op.add_column(
        "challenge_members",
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    """Drop challenge_members.version (SQLite 3.35+ drops a plain column in place)."""
    op.drop_column("challenge_members", "version")
