"""Classical item analysis of quiz questions, as test authors use it to find bad questions.

For each question, over each learner's *first* answer to it (later answers come after the
explanation and measure memory, not the question):
- difficulty: the share answering right (p);
- discrimination: the point-biserial correlation between being right on this question and the
  learner's accuracy on their *other* answers (the corrected item-rest correlation: including the
  item itself would inflate it, heavily so when a learner has answered only a few questions);
- how often each option was chosen, by its index in the course file.

Flags, once a question has `min_answers`: too easy, too hard, a distractor nobody picks, and a
distractor picked more often than the key (most often a wrong key). Worst questions sort first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_ANSWERS = 30
TOO_EASY = 0.95
TOO_HARD = 0.30

WRONG_KEY, TOO_HARD_FLAG, DEAD_DISTRACTOR, TOO_EASY_FLAG = (
    "distractor beats key", "too hard", "distractor nobody picks", "too easy",
)
# Severity order: a likely wrong key misleads every learner; an unused option only wastes a slot.
FLAG_ORDER = (WRONG_KEY, TOO_HARD_FLAG, DEAD_DISTRACTOR, TOO_EASY_FLAG)


@dataclass(frozen=True, slots=True)
class Response:
    learner: int
    question_key: str
    chosen: int | None  # option index in the course file; None: the time ran out
    correct: bool


@dataclass(frozen=True, slots=True)
class ItemStats:
    question_key: str
    answers: int
    right_share: float
    discrimination: float | None  # None when it cannot be computed (no spread)
    option_counts: tuple[int, ...]  # by option index in the course file
    key: int
    flags: tuple[str, ...]

    @property
    def severity(self) -> tuple[int, float, float]:
        """Sorts worst first: the worst flag, then the weakest discrimination, then the hardest."""
        worst_flag = min((FLAG_ORDER.index(flag) for flag in self.flags), default=len(FLAG_ORDER))
        discrimination = self.discrimination if self.discrimination is not None else 0.0
        return worst_flag, discrimination, self.right_share


def first_answers(responses: Iterable[Response]) -> list[Response]:
    """Each learner's first answer to each question (`responses` in the order they were given)."""
    seen: set[tuple[int, str]] = set()
    firsts = []
    for response in responses:
        pair = (response.learner, response.question_key)
        if pair not in seen:
            seen.add(pair)
            firsts.append(response)
    return firsts


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread_x = math.sqrt(sum((x - mean_x) ** 2 for x in xs))
    spread_y = math.sqrt(sum((y - mean_y) ** 2 for y in ys))
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y)


def analyse(
    responses: Iterable[Response], keys: dict[str, tuple[int, int]], min_answers: int = MIN_ANSWERS
) -> list[ItemStats]:
    """`keys`: question key -> (index of the right option, number of options). Questions not in
    `keys` (edited or removed since) are left out. Worst first."""
    firsts = [r for r in first_answers(responses) if r.question_key in keys]
    right_by_learner: dict[int, int] = defaultdict(int)
    total_by_learner: dict[int, int] = defaultdict(int)
    by_question: dict[str, list[Response]] = defaultdict(list)
    for response in firsts:
        right_by_learner[response.learner] += response.correct
        total_by_learner[response.learner] += 1
        by_question[response.question_key].append(response)

    stats = []
    for key, answered in by_question.items():
        right_index, options = keys[key]
        counts = [0] * options
        for response in answered:
            if response.chosen is not None and 0 <= response.chosen < options:
                counts[response.chosen] += 1
        scores, rests = [], []
        for response in answered:
            others = total_by_learner[response.learner] - 1
            if others > 0:  # a learner with no other answer says nothing about discrimination
                scores.append(float(response.correct))
                rests.append((right_by_learner[response.learner] - response.correct) / others)
        right_share = sum(r.correct for r in answered) / len(answered)
        stats.append(ItemStats(
            question_key=key, answers=len(answered), right_share=right_share,
            discrimination=pearson(scores, rests), option_counts=tuple(counts), key=right_index,
            flags=_flags(len(answered), right_share, counts, right_index, min_answers),
        ))
    return sorted(stats, key=lambda item: (item.severity, item.question_key))


def _flags(answers: int, right_share: float, counts: list[int], key: int, min_answers: int) -> tuple[str, ...]:
    if answers < min_answers:
        return ()
    distractors = [count for index, count in enumerate(counts) if index != key]
    flags = []
    if any(count > counts[key] for count in distractors):
        flags.append(WRONG_KEY)
    if right_share < TOO_HARD:
        flags.append(TOO_HARD_FLAG)
    if any(count == 0 for count in distractors):
        flags.append(DEAD_DISTRACTOR)
    if right_share > TOO_EASY:
        flags.append(TOO_EASY_FLAG)
    return tuple(flags)
