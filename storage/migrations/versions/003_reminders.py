"""Daily push settings on users, and the deliveries table that makes each push happen once.

Revision ID: 003
Revises: 002
"""

import sqlalchemy as sa
from alembic import op

revision = "003"
down_revision = "002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("remind_minute", sa.Integer(), nullable=False, server_default="540"))
        users.add_column(sa.Column("reminders_on", sa.Boolean(), nullable=False, server_default=sa.true()))
        users.add_column(sa.Column("pace", sa.Integer(), nullable=False, server_default="1"))
        users.add_column(sa.Column("quiet_days", sa.String(16), nullable=False, server_default=""))
        users.add_column(sa.Column("resume_on", sa.Date(), nullable=True))
        users.add_column(sa.Column("ignored_pushes", sa.Integer(), nullable=False, server_default="0"))
        users.add_column(sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()))
        users.add_column(sa.Column("next_push_at", sa.DateTime(timezone=True), nullable=True))
        users.add_column(sa.Column("interview_date", sa.Date(), nullable=True))
        users.create_index("ix_users_next_push_at", ["next_push_at"])
    op.create_table(
        "deliveries",
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("local_date", sa.Date(), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
    )
    op.create_index("ix_deliveries_claimed_at", "deliveries", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_claimed_at", table_name="deliveries")
    op.drop_table("deliveries")
    with op.batch_alter_table("users") as users:
        users.drop_index("ix_users_next_push_at")
        for column in ("interview_date", "next_push_at", "is_active", "ignored_pushes", "resume_on",
                       "quiet_days", "pace", "reminders_on", "remind_minute"):
            users.drop_column(column)
