"""Recall practice: each interview follow-up of a finished lesson becomes a card that the learner
answers aloud, reveals and rates (Again / Hard / Good / Easy), scheduled by FSRS.

A recall card takes a place in a quiz session like a poll does (a review session mixes both, most
overdue first), and its answer is recorded the same way: a row in quiz_polls, whose id here is
ours (`rc<session>-<position>`) instead of Telegram's, graded at most once by the same
conditional update.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from content import Course
from domain.review import schedule_recall
from storage.models import RecallCard
from storage.recall_repository import RecallRepository

ITEM_PREFIX = "rc"  # Telegram's poll ids are digits: ours can never be mistaken for one
FIRST_DUE = timedelta(days=1)  # a fresh card: the learner has just read the answers on page 6


def item_id(session_id: int, position: int) -> str:
    return f"{ITEM_PREFIX}{session_id}-{position}"


def is_item_id(poll_id: str) -> bool:
    return poll_id.startswith(ITEM_PREFIX)


@dataclass(frozen=True, slots=True)
class RecallToShow:
    """A follow-up to answer aloud, in a quiz session."""

    session_id: int
    item_id: str
    key: str
    number: int  # 1-based position in the session
    total: int
    question: str
    lesson_title: str


@dataclass(frozen=True, slots=True)
class Revealed:
    item: RecallToShow
    answer: str
    rated: int | None  # the rating already given, if any


class RecallCards:
    """Creating, reading and rating a learner's recall cards (inside the caller's transaction)."""

    def __init__(self, repository: RecallRepository, course: Course) -> None:
        self.repository = repository
        self.course = course

    async def add_for_lessons(self, user_id: int, lesson_ids: list[str], due: datetime, now: datetime) -> None:
        cards = [(key, lesson_id) for lesson_id in lesson_ids for key in self.course.lesson_follow_up_keys(lesson_id)]
        await self.repository.add_missing(user_id, cards, due, now)

    async def live(self, user_id: int) -> list[RecallCard]:
        """Cards whose follow-up still exists (edited ones are retired at start-up)."""
        return [c for c in await self.repository.live(user_id) if self.course.follow_up(c.card_key) is not None]

    async def rate(self, user_id: int, key: str, rating: int, now: datetime) -> RecallCard:
        ref = self.course.follow_up(key)
        lesson_id = ref.lesson.id if ref else key.rsplit(".", 1)[0]
        card = await self.repository.get(user_id, key)
        if card is None:  # rated from a mock's follow-ups before the lesson was finished
            card = RecallCard(user_id=user_id, card_key=key, lesson_id=lesson_id, due=now, reviews=0,
                              created_at=now, updated_at=now)
            self.repository.session.add(card)
        scheduled = schedule_recall(card.fsrs_state, rating, now)
        card.fsrs_state, card.due, card.last_rating, card.updated_at = scheduled.state, scheduled.due, rating, now
        card.reviews += 1
        card.retired_at = None
        return card
