"""checkin_schedules: the holder of a weekly summary / program lease

Revision ID: 0013_weekly_holder
Revises: 0012_language
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_weekly_holder"
down_revision: str | None = "0012_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HELD_COLUMNS = ("summary_held_by", "program_held_by")


def upgrade() -> None:
    """Add the holder id of each weekly lease (NULL: no lease held)."""
    for column in HELD_COLUMNS:
        op.add_column("checkin_schedules", sa.Column(column, sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop the weekly lease holders."""
    with op.batch_alter_table("checkin_schedules") as batch:
        for column in HELD_COLUMNS:
            batch.drop_column(column)
