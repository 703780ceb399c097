"""Which lessons work: votes and comments, how many who open one finish it, how long it takes,
and how well its quiz goes right after. The worst lessons are the ones to rewrite first."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

MIN_OPENED = 5  # fewer openings rank nothing: one reader's bad day is not a bad lesson


@dataclass(slots=True)
class LessonTally:
    lesson_id: str
    opened: int = 0
    finished: int = 0
    minutes: list[float] = field(default_factory=list)  # opened -> finished, of those who finished
    helpful: int = 0
    not_helpful: int = 0
    comments: list[str] = field(default_factory=list)
    quiz_right: int = 0  # first attempt at the lesson's own quiz
    quiz_answers: int = 0

    @property
    def completion(self) -> float | None:
        return self.finished / self.opened if self.opened else None

    @property
    def median_minutes(self) -> float | None:
        return statistics.median(self.minutes) if self.minutes else None

    @property
    def quiz_accuracy(self) -> float | None:
        return self.quiz_right / self.quiz_answers if self.quiz_answers else None

    @property
    def thumbs_down_share(self) -> float | None:
        votes = self.helpful + self.not_helpful
        return self.not_helpful / votes if votes else None

    @property
    def badness(self) -> float:
        """Higher is worse: unfinished readers, thumbs down and a quiz that goes badly, each 0..1."""
        return ((1 - (self.completion or 0.0)) + (self.thumbs_down_share or 0.0)
                + (1 - self.quiz_accuracy if self.quiz_accuracy is not None else 0.0))


def add_reading(tally: LessonTally, opened_at: datetime, finished_at: datetime | None) -> None:
    tally.opened += 1
    if finished_at is not None:
        tally.finished += 1
        tally.minutes.append(max(0.0, (finished_at - opened_at).total_seconds() / 60))


def worst(tallies: Iterable[LessonTally], count: int = 10, min_opened: int = MIN_OPENED) -> list[LessonTally]:
    ranked = [t for t in tallies if t.opened >= min_opened]
    return sorted(ranked, key=lambda t: (-t.badness, t.lesson_id))[:count]
