"""Timed quiz polls for mock rounds, design drill attempts, estimation attempts.

Revision ID: 004
Revises: 003
"""

import sqlalchemy as sa
from alembic import op

revision = "004"
down_revision = "003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("awaiting_estimate", sa.String(64), nullable=True))
    with op.batch_alter_table("quiz_polls") as polls:
        polls.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        polls.create_index("ix_quiz_polls_expires_at", ["expires_at"])
    op.create_table(
        "drill_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("drill_id", sa.String(64), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("ticked", sa.String(200), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_drill_attempts_user_id", "drill_attempts", ["user_id"])
    op.create_table(
        "estimate_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("estimate_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_estimate_attempts_user_id", "estimate_attempts", ["user_id"])


def downgrade() -> None:
    op.drop_table("estimate_attempts")
    op.drop_table("drill_attempts")
    with op.batch_alter_table("quiz_polls") as polls:
        polls.drop_index("ix_quiz_polls_expires_at")
        polls.drop_column("expires_at")
    with op.batch_alter_table("users") as users:
        users.drop_column("awaiting_estimate")
