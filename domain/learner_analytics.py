"""How many learners come, stay and get how far: new per day, retention by weekly cohort, the funnel.

A learner is *active* on a day when they read a lesson or finished a review that day (the
streak's days). Day N retention is the share of a cohort active exactly N days after the day
they joined, counted only over learners who joined at least N days before `today` (a cohort is
not "0 % on day 30" just because day 30 has not come yet).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

RETENTION_DAYS = (1, 7, 30)
CURVE_DAYS = 30


@dataclass(frozen=True, slots=True)
class LearnerFacts:
    joined: date
    chose_path: bool
    finished_a_lesson: bool
    answered_a_quiz: bool
    active_days: frozenset[date]


@dataclass(frozen=True, slots=True)
class Cohort:
    week_of: date  # the Monday of the week they joined
    size: int
    retention: dict[int, float | None]  # day N -> share active on that day; None: nobody eligible yet
    curve: tuple[float | None, ...]  # day 0..CURVE_DAYS


@dataclass(frozen=True, slots=True)
class FunnelStep:
    name: str
    learners: int
    share_of_start: float


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def new_per_day(learners: Iterable[LearnerFacts]) -> list[tuple[date, int]]:
    counts = Counter(learner.joined for learner in learners)
    return sorted(counts.items())


def retention_share(members: list[LearnerFacts], day_n: int, today: date) -> float | None:
    eligible = [m for m in members if m.joined + timedelta(days=day_n) <= today]
    if not eligible:
        return None
    active = sum(1 for m in eligible if m.joined + timedelta(days=day_n) in m.active_days)
    return active / len(eligible)


def cohorts(learners: Iterable[LearnerFacts], today: date) -> list[Cohort]:
    weeks: dict[date, list[LearnerFacts]] = defaultdict(list)
    for learner in learners:
        weeks[monday_of(learner.joined)].append(learner)
    return [
        Cohort(
            week_of=week, size=len(members),
            retention={n: retention_share(members, n, today) for n in RETENTION_DAYS},
            curve=tuple(retention_share(members, n, today) for n in range(CURVE_DAYS + 1)),
        )
        for week, members in sorted(weeks.items())
    ]


def funnel(learners: Iterable[LearnerFacts], today: date) -> list[FunnelStep]:
    """start -> path -> first lesson -> first quiz -> active on some day from day 7 on.
    The last step counts only learners who joined at least 7 days ago."""
    everyone = list(learners)
    old_enough = [m for m in everyone if m.joined + timedelta(days=7) <= today]
    steps = [
        ("started", len(everyone)),
        ("chose a path", sum(m.chose_path for m in everyone)),
        ("finished a lesson", sum(m.finished_a_lesson for m in everyone)),
        ("answered a quiz", sum(m.answered_a_quiz for m in everyone)),
        ("active on day 7 or later", sum(
            1 for m in old_enough if any(day >= m.joined + timedelta(days=7) for day in m.active_days)
        )),
    ]
    start = len(everyone) or 1
    return [FunnelStep(name, count, count / start) for name, count in steps]
