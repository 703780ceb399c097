"""Free text has one owner: the activity the learner started last.

A lesson comment, an estimate answer and drill notes all arrive as plain messages. Each activity
claims free text when it starts (or is resumed) and releases it when it ends; starting one ends
the others' claim. A message nobody claims gets the fallback hint, so nothing is silently dropped.
"""

from __future__ import annotations

from storage.models import User

COMMENT, ESTIMATE, DRILL, TIMEZONE = "comment", "estimate", "drill", "timezone"


def claim(user: User | None, owner: str) -> None:
    if user is not None:
        user.text_claim = owner


def release(user: User | None, owner: str) -> None:
    """Only the owner can release: ending an activity that lost its claim changes nothing."""
    if user is not None and user.text_claim == owner:
        user.text_claim = None


def owns(user: User | None, owner: str) -> bool:
    return user is not None and user.text_claim == owner
