"""Who owns the learner's next free-text message: the activity started last.

Revision ID: 007
Revises: 006
"""

import sqlalchemy as sa
from alembic import op

revision = "007"
down_revision = "006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("text_claim", sa.String(16), nullable=True))
    # Whatever was waiting for text before keeps it: an estimate over a comment (asked later, likely).
    op.execute("UPDATE users SET text_claim = 'comment' WHERE awaiting_comment_for IS NOT NULL")
    op.execute("UPDATE users SET text_claim = 'estimate' WHERE awaiting_estimate IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.drop_column("text_claim")
