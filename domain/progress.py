"""What comes next on a path, and how far along a learner is."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

BAR_WIDTH = 10
FULL, EMPTY = "█", "░"


@dataclass(frozen=True, slots=True)
class PathProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.done >= self.total


def percent(part: int, whole: int) -> int:
    """Rounded half up (1/37 is 3 %, 7/9 is 78 %), but 100 % only when it is all, and 0 % only
    when it is nothing: 36/37 reads 97 %, never a premature 100 %."""
    if whole <= 0 or part <= 0:
        return 0
    if part >= whole:
        return 100
    return min(99, max(1, (200 * part + whole) // (2 * whole)))


def next_lesson(path_lessons: Sequence[str], completed: Collection[str]) -> str | None:
    """The first lesson of the path not yet completed, or None when the path is finished."""
    for lesson_id in path_lessons:
        if lesson_id not in completed:
            return lesson_id
    return None


def lesson_after(path_lessons: Sequence[str], completed: Collection[str], current: str) -> str | None:
    """What to offer after finishing `current`: the next unread lesson after it on the path,
    wrapping to any earlier unread one; None when nothing is left."""
    if current in path_lessons:
        start = path_lessons.index(current) + 1
        ordered = list(path_lessons[start:]) + list(path_lessons[:start])
    else:
        ordered = list(path_lessons)
    return next_lesson([lid for lid in ordered if lid != current], completed)


def path_progress(path_lessons: Sequence[str], completed: Collection[str]) -> PathProgress:
    done = sum(1 for lesson_id in path_lessons if lesson_id in completed)
    return PathProgress(done=done, total=len(path_lessons))


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar such as '███░░░░░░░'; a started path shows at least one block."""
    if total <= 0:
        return EMPTY * width
    filled = done * width // total
    if done and not filled:
        filled = 1
    return FULL * filled + EMPTY * (width - filled)
