"""Quiz sessions and polls, FSRS review cards, lesson scores, activity days, feedback.

Revision ID: 002
Revises: 001
"""

import sqlalchemy as sa
from alembic import op

revision = "002"
down_revision = "001"
branch_labels = None
depends_on = None


def _user_fk() -> sa.ForeignKey:
    return sa.ForeignKey("users.id", ondelete="CASCADE")


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("timezone", sa.String(64), nullable=True))
        users.add_column(sa.Column("awaiting_comment_for", sa.String(64), nullable=True))
    op.create_table(
        "quiz_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), _user_fk(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("lesson_id", sa.String(64), nullable=True),
        sa.Column("question_keys", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_quiz_sessions_user_id", "quiz_sessions", ["user_id"])
    op.create_table(
        "quiz_polls",
        sa.Column("poll_id", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("quiz_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("question_key", sa.String(64), nullable=False),
        sa.Column("option_order", sa.String(32), nullable=False),
        sa.Column("correct_option", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chosen_option", sa.Integer(), nullable=True),
        sa.Column("is_correct", sa.Boolean(), nullable=True),
    )
    op.create_index("ix_quiz_polls_session_id", "quiz_polls", ["session_id"])
    op.create_index("ix_quiz_polls_user_id", "quiz_polls", ["user_id"])
    op.create_table(
        "review_cards",
        sa.Column("user_id", sa.BigInteger(), _user_fk(), primary_key=True),
        sa.Column("question_key", sa.String(64), primary_key=True),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("fsrs_state", sa.Text(), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_correct", sa.Boolean(), nullable=False),
        sa.Column("right_count", sa.Integer(), nullable=False),
        sa.Column("wrong_count", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_review_cards_user_due", "review_cards", ["user_id", "due"])
    op.create_table(
        "lesson_scores",
        sa.Column("user_id", sa.BigInteger(), _user_fk(), primary_key=True),
        sa.Column("lesson_id", sa.String(64), primary_key=True),
        sa.Column("best", sa.Integer(), nullable=False),
        sa.Column("latest", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "activity_days",
        sa.Column("user_id", sa.BigInteger(), _user_fk(), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
    )
    op.create_table(
        "lesson_feedback",
        sa.Column("user_id", sa.BigInteger(), _user_fk(), primary_key=True),
        sa.Column("lesson_id", sa.String(64), primary_key=True),
        sa.Column("helpful", sa.Boolean(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("lesson_feedback", "activity_days", "lesson_scores", "review_cards", "quiz_polls", "quiz_sessions"):
        op.drop_table(table)
    with op.batch_alter_table("users") as users:
        users.drop_column("awaiting_comment_for")
        users.drop_column("timezone")
