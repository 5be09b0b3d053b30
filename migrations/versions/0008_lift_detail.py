"""training logs: per-set detail (reps per set, sets, load, reps in reserve, check-in result)

Revision ID: 0008_lift_detail
Revises: 0007
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_lift_detail"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("set_reps", sa.SmallInteger()),
    ("sets", sa.SmallInteger()),
    ("load_used", sa.String(length=32)),
    ("rir", sa.SmallInteger()),
    ("reached_top", sa.Boolean()),
)


def upgrade() -> None:
    """Add nullable detail columns to training_logs (existing logs are plain totals: NULL)."""
    with op.batch_alter_table("training_logs", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    """Drop the detail columns."""
    with op.batch_alter_table("training_logs", schema=None) as batch_op:
        for name, _type in reversed(COLUMNS):
            batch_op.drop_column(name)
