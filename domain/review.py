"""Spaced review: how an answer becomes an FSRS rating, and the next due date.

Quiz polls: a wrong answer is Again, a right one is Good. We never rate Easy, even for a fast
right answer: picking the right option out of four is recognition, which is easier than the
recall FSRS was fitted on, and the time to answer a poll mostly measures reading speed and
whether the phone was in hand. Rating Easy would stretch intervals on evidence we do not have.

Recall cards (interview follow-ups): the learner answers aloud, reveals the model answer and
rates themself Again / Hard / Good / Easy. That self-rated recall is what FSRS was fitted on, so
all four ratings are used as given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler

# No same-day learning steps: a quiz bot cannot re-ask a question ten minutes later the way a
# flashcard app does, so a wrong answer comes back the next day and a right one a few days later.
_SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(correct: bool) -> Rating:
    return Rating.Good if correct else Rating.Again


@dataclass(frozen=True, slots=True)
class Scheduled:
    state: str  # serialised fsrs card, stored as is
    due: datetime


AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4  # FSRS's ratings, as stored and as buttons send them
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


def schedule(previous_state: str | None, correct: bool, now: datetime) -> Scheduled:
    """Review the card (new when `previous_state` is None) and return its next state and due date."""
    return schedule_rating(previous_state, rating_for(correct), now)


def schedule_recall(previous_state: str | None, rating: int, now: datetime) -> Scheduled:
    """A self-rated recall (AGAIN..EASY); ValueError for anything else."""
    if rating not in RATING_NAMES:
        raise ValueError(f"rating {rating} is not one of {sorted(RATING_NAMES)}")
    return schedule_rating(previous_state, Rating(rating), now)


def schedule_rating(previous_state: str | None, rating: Rating, now: datetime) -> Scheduled:
    card = Card.from_dict(json.loads(previous_state)) if previous_state else Card(due=now)
    card, _log = _SCHEDULER.review_card(card, rating, review_datetime=now)
    return Scheduled(state=json.dumps(card.to_dict()), due=card.due)


def interval_text(delta: timedelta) -> str:
    """'tomorrow', 'in 3 days', 'in 2 hours': for telling a learner when a card returns."""
    days = round(delta.total_seconds() / 86400)
    if days >= 2:
        return f"in {days} days"
    if days == 1:
        return "tomorrow"
    hours = max(1, round(delta.total_seconds() / 3600))
    return "in 1 hour" if hours == 1 else f"in {hours} hours"
