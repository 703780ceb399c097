"""Recall cards: each interview follow-up of a finished lesson, recalled aloud and self-rated.

Revision ID: 006
Revises: 005
"""

import sqlalchemy as sa
from alembic import op

revision = "006"
down_revision = "005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recall_cards",
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("card_key", sa.String(64), primary_key=True),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("fsrs_state", sa.Text(), nullable=True),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("last_rating", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_recall_cards_user_due", "recall_cards", ["user_id", "due"])


def downgrade() -> None:
    op.drop_index("ix_recall_cards_user_due", table_name="recall_cards")
    op.drop_table("recall_cards")
