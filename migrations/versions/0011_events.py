"""domain events: one table for every cross-feature event

Revision ID: 0011_events
Revises: 0010_fleet
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_events"
down_revision: str | None = "0010_fleet"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IdType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create domain_events (empty: events start with this release)."""
    op.create_table(
        "domain_events",
        sa.Column("id", IdType, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("athlete_id", IdType, nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_domain_events_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_domain_events")),
    )
    op.create_index(op.f("ix_domain_events_athlete_id"), "domain_events", ["athlete_id"])


def downgrade() -> None:
    """Drop domain_events."""
    op.drop_index(op.f("ix_domain_events_athlete_id"), table_name="domain_events")
    op.drop_table("domain_events")
