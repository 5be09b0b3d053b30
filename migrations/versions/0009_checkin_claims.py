"""check-ins: which dispatcher process holds a "sending" claim

Revision ID: 0009_claims
Revises: 0008_lift_detail
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_claims"
down_revision: str | None = "0008_lift_detail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add checkins.claimed_by (NULL for rows no dispatcher holds; instant on both backends)."""
    op.add_column("checkins", sa.Column("claimed_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop checkins.claimed_by."""
    op.drop_column("checkins", "claimed_by")
