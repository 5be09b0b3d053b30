"""fleet: per-user command windows and bot-wide send pacing shared across processes

Revision ID: 0010_fleet
Revises: 0009_claims
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_fleet"
down_revision: str | None = "0009_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add rate_limits and send_budgets (used on PostgreSQL; SQLite runs one process)."""
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.JSON(), nullable=False),
        sa.Column("told_at", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limits")),
    )
    op.create_index(op.f("ix_rate_limits_updated_at"), "rate_limits", ["updated_at"], unique=False)
    op.create_table(
        "send_budgets",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_send_budgets")),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("send_budgets")
    op.drop_index(op.f("ix_rate_limits_updated_at"), table_name="rate_limits")
    op.drop_table("rate_limits")
