"""Leaner hot paths: each quiz poll knows its place in the quiz; deliveries indexed for pruning.

- quiz_polls.position: grading an answer no longer rewrites the quiz session row; the next
  question follows from the answered poll itself (NULL for polls sent before this revision).
- deliveries: the stale-claim release reads only claimed rows (a partial index: tiny whatever
  the table's size), and pruning old days uses the local_date index.

Revision ID: 005
Revises: 004
"""

import sqlalchemy as sa
from alembic import op

revision = "005"
down_revision = "004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_polls") as polls:
        polls.add_column(sa.Column("position", sa.Integer(), nullable=True))
    op.drop_index("ix_deliveries_claimed_at", table_name="deliveries")
    claimed = sa.text("status = 'claimed'")
    op.create_index(
        "ix_deliveries_claimed", "deliveries", ["claimed_at"],
        sqlite_where=claimed, postgresql_where=claimed,
    )
    op.create_index("ix_deliveries_local_date", "deliveries", ["local_date"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_local_date", table_name="deliveries")
    op.drop_index("ix_deliveries_claimed", table_name="deliveries")
    op.create_index("ix_deliveries_claimed_at", "deliveries", ["claimed_at"])
    with op.batch_alter_table("quiz_polls") as polls:
        polls.drop_column("position")
