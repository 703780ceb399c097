"""Which questions to ask: due reviews, a quick quiz weighted toward weak chapters, weakest chapters."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

REVIEW_SESSION_MAX = 10
QUICK_QUIZ_SIZE = 5
UNKNOWN_ACCURACY = 0.5  # a chapter with no answers yet counts as middling


@dataclass(frozen=True, slots=True)
class Accuracy:
    right: int
    total: int

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None


def most_overdue(
    due_cards: Sequence[tuple[str, datetime]], now: datetime, limit: int = REVIEW_SESSION_MAX
) -> list[str]:
    """Keys of cards due by `now`, the longest overdue first, at most `limit`."""
    due = sorted((due_at, key) for key, due_at in due_cards if due_at <= now)
    return [key for _, key in due[:limit]]


def weakest_chapters(accuracy: Mapping[str, Accuracy], count: int = 3, min_answers: int = 2) -> list[str]:
    """Chapters with the lowest share of right answers (ties: more answers first, then id)."""
    ranked = [(acc.share, -acc.total, chapter) for chapter, acc in accuracy.items() if acc.total >= min_answers]
    ranked = [item for item in ranked if item[0] is not None and item[0] < 1.0]
    return [chapter for _, _, chapter in sorted(ranked)[:count]]


def pick_weighted(
    questions_by_chapter: Mapping[str, Sequence[str]],
    accuracy: Mapping[str, Accuracy],
    rng: random.Random,
    count: int = QUICK_QUIZ_SIZE,
) -> list[str]:
    """Draw up to `count` distinct questions; a chapter's weight grows as its accuracy falls
    (weight 1 at 100 %, 4 at 0 %), so weak chapters come up more often but strong ones still do."""
    pools = {chapter: list(keys) for chapter, keys in questions_by_chapter.items() if keys}
    picked: list[str] = []
    while pools and len(picked) < count:
        chapters = sorted(pools)
        weights = []
        for chapter in chapters:
            share = accuracy.get(chapter, Accuracy(0, 0)).share
            weights.append(1 + 3 * (1 - (UNKNOWN_ACCURACY if share is None else share)))
        chapter = rng.choices(chapters, weights=weights)[0]
        pool = pools[chapter]
        picked.append(pool.pop(rng.randrange(len(pool))))
        if not pool:
            del pools[chapter]
    return picked


def shuffled_order(option_count: int, rng: random.Random) -> tuple[int, ...]:
    """A per-learner option order: shown option i is content option order[i]."""
    order = list(range(option_count))
    rng.shuffle(order)
    return tuple(order)
