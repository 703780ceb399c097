"""The interview fast-track plan: the path's remaining lessons fitted into the days left.

The plan is never stored, only its inputs (interview date, path). It is fitted again from
today and the lessons done so far whenever it is shown, so a learner who falls behind or gets
ahead sees the rest of the plan re-spread over the days that remain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MIN_DAYS = 2  # today plus a light last day
MAX_DAYS = 180  # beyond this a plan is guesswork: keep a daily pace instead
REVIEW_EVERY = 5  # with a week or more, every 5th day is for review

LEARN, REVIEW, MOCK, LIGHT = "learn", "review", "mock", "light"


@dataclass(frozen=True, slots=True)
class PlanDay:
    day: date
    kind: str  # learn | review | mock | light
    lesson_ids: tuple[str, ...] = ()
    minutes: int = 0


class PlanError(ValueError):
    """A date the plan cannot use; `reason` is past | too-close | too-far."""

    def __init__(self, reason: str, days_left: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.days_left = days_left


def days_left(today: date, interview: date) -> int:
    """Study days before the interview (the interview day itself is not one)."""
    return (interview - today).days


def check_date(today: date, interview: date, min_days: int = MIN_DAYS) -> int:
    """Days left for a plan; PlanError when the date cannot carry one. A new plan needs
    MIN_DAYS; an existing plan is re-fitted down to its last (light) day, min_days=1."""
    left = days_left(today, interview)
    if left <= 0 and min_days > 0:
        raise PlanError("past" if left < 0 else "too-close", left)
    if left < min_days:
        raise PlanError("too-close", left)
    if left > MAX_DAYS:
        raise PlanError("too-far", left)
    return left


def _day_kinds(count: int, refit: bool) -> list[str]:
    kinds = [LEARN] * count
    kinds[-1] = LIGHT
    # The mock day is the day before the light day. A new two-day plan learns today instead; a
    # plan being re-fitted keeps its mock day, even if that leaves lessons unread.
    if count >= 3 or (refit and count == 2):
        kinds[-2] = MOCK
    if count >= 8:
        for index in range(REVIEW_EVERY - 1, count - 2, REVIEW_EVERY):
            kinds[index] = REVIEW
    return kinds


def _spread(lessons: Sequence[tuple[str, int]], days: int) -> list[list[tuple[str, int]]]:
    """Split lessons, in order, into `days` chunks with minutes as even as possible."""
    chunks: list[list[tuple[str, int]]] = [[] for _ in range(days)]
    remaining_minutes = sum(minutes for _, minutes in lessons)
    index = 0
    for day in range(days):
        days_after = days - day
        target = remaining_minutes / days_after if days_after else remaining_minutes
        taken = 0
        while index < len(lessons):
            lesson_id, minutes = lessons[index]
            last_day = day == days - 1
            # Take the lesson if the day is empty, if this is the last day, or if it brings the
            # day closer to its target than leaving it out would.
            if chunks[day] and not last_day and abs(taken + minutes - target) > abs(taken - target):
                break
            chunks[day].append((lesson_id, minutes))
            taken += minutes
            index += 1
        remaining_minutes -= taken
    return chunks


def fit_plan(
    lessons: Sequence[tuple[str, int]], today: date, interview: date, refit: bool = False
) -> list[PlanDay]:
    """`lessons`: the path's unread lessons in order, with minutes. One PlanDay per day left.
    `refit`: re-fitting a plan already under way, which may run down to its last day."""
    count = check_date(today, interview, 1 if refit else MIN_DAYS)
    kinds = _day_kinds(count, refit)
    learn_days = [i for i, kind in enumerate(kinds) if kind == LEARN]
    chunks = _spread(lessons, len(learn_days)) if lessons and learn_days else [[] for _ in learn_days]
    by_day = dict(zip(learn_days, chunks, strict=True))
    plan = []
    for offset, kind in enumerate(kinds):
        chunk = by_day.get(offset, [])
        plan.append(
            PlanDay(
                day=today + timedelta(days=offset),
                kind=kind if chunk or kind != LEARN else REVIEW,  # nothing left to learn: review
                lesson_ids=tuple(lesson_id for lesson_id, _ in chunk),
                minutes=sum(minutes for _, minutes in chunk),
            )
        )
    return plan
