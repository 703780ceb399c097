"""The authors' figures on small data sets worked out by hand (the working is in the comments)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.item_analysis import DEAD_DISTRACTOR, TOO_EASY_FLAG, TOO_HARD_FLAG, WRONG_KEY, Response, analyse
from domain.learner_analytics import LearnerFacts, cohorts, funnel, new_per_day
from domain.lesson_analytics import LessonTally, add_reading, worst

# First answers (option chosen, R right / W wrong); A's second answer to q1 must be ignored.
#        q1 (key 0)  q2 (key 1)  q3 (key 0)  q4 (key 0)   accuracy
#   A    0 R         1 R         0 R         1 W          3/4
#   B    0 R         2 W         1 W         1 W          1/4
#   C    2 W         1 R         0 R         1 W          2/4
#   D    3 W         2 W         1 W         0 R          1/4
ANSWERS = [
    ("A", "q1", 0, 1), ("A", "q2", 1, 1), ("A", "q3", 0, 1), ("A", "q4", 1, 0),
    ("B", "q1", 0, 1), ("B", "q2", 2, 0), ("B", "q3", 1, 0), ("B", "q4", 1, 0),
    ("C", "q1", 2, 0), ("C", "q2", 1, 1), ("C", "q3", 0, 1), ("C", "q4", 1, 0),
    ("D", "q1", 3, 0), ("D", "q2", 2, 0), ("D", "q3", 1, 0), ("D", "q4", 0, 1),
    ("A", "q1", 2, 0),
]
KEYS = {"q1": (0, 4), "q2": (1, 4), "q3": (0, 4), "q4": (0, 4)}
LEARNER = {"A": 1, "B": 2, "C": 3, "D": 4}


def responses() -> list[Response]:
    return [Response(LEARNER[who], key, chosen, bool(right)) for who, key, chosen, right in ANSWERS]


def test_difficulty_discrimination_and_option_counts_match_the_hand_computation() -> None:
    items = {item.question_key: item for item in analyse(responses(), KEYS, min_answers=4)}
    q1, q2, q4 = items["q1"], items["q2"], items["q4"]
    assert (q1.answers, q1.right_share, q1.option_counts) == (4, 0.5, (2, 0, 1, 1))
    # q1 against accuracy on the *other* three answers: A 2/3, B 0, C 2/3, D 1/3 (mean 5/12).
    # cov = 1/2 * (3 - 5 - 3 + 1)/12 = -1/6; spread of right/wrong 1, of the rest sqrt(44)/12.
    assert q1.discrimination == pytest.approx(-(1 / 6) / (44 ** 0.5 / 12))  # -0.3015
    # q2: rests A 2/3, B 1/3, C 1/3, D 1/3 (mean 5/12); cov = 1/6, spread sqrt(12)/12.
    assert q2.discrimination == pytest.approx((1 / 6) / (12 ** 0.5 / 12))  # +0.5774
    # q4: only D right; rests A 1, B 1/3, C 2/3, D 0 (mean 1/2); cov = -1/2.
    assert q4.right_share == 0.25 and q4.option_counts == (1, 3, 0, 0)
    assert q4.discrimination == pytest.approx(-0.5 / (0.75 ** 0.5 * (5 / 9) ** 0.5))  # -0.7746


def test_flags_and_worst_first() -> None:
    items = analyse(responses(), KEYS, min_answers=4)
    assert items[0].question_key == "q4"  # a likely wrong key leads
    assert items[0].flags == (WRONG_KEY, TOO_HARD_FLAG, DEAD_DISTRACTOR)
    assert [item.question_key for item in items[1:]] == ["q1", "q2", "q3"]  # then by discrimination
    assert analyse(responses(), KEYS, min_answers=5)[0].flags == ()  # too few answers to flag anything


def test_too_easy_needs_thirty_answers() -> None:
    every_right = [Response(n, "q", 0, True) for n in range(30)] + [Response(n, "r", 1, False) for n in range(30)]
    [easy] = [i for i in analyse(every_right, {"q": (0, 4), "r": (0, 4)}) if i.question_key == "q"]
    assert TOO_EASY_FLAG in easy.flags and easy.discrimination is None  # no spread, no correlation
    assert analyse(every_right[:29], {"q": (0, 4)})[0].flags == ()


def test_questions_edited_since_and_time_outs() -> None:
    answered = [Response(1, "gone", 0, True), Response(1, "q", None, False), Response(2, "q", 0, True)]
    [item] = analyse(answered, {"q": (0, 4)}, min_answers=1)
    assert item.option_counts == (1, 0, 0, 0) and item.right_share == 0.5  # a time-out counts as wrong


MON = date(2026, 11, 2)


def facts(joined: date, *active_after: int, path: bool = True, lesson: bool = True, quiz: bool = True) -> LearnerFacts:
    return LearnerFacts(joined, path, lesson, quiz, frozenset(joined + timedelta(days=n) for n in active_after))


def test_retention_counts_only_learners_old_enough() -> None:
    learners = [
        facts(MON, 0, 1, 7), facts(MON, 0, 7), facts(MON + timedelta(days=2), 0, 1),  # week of 2 Nov
        facts(MON + timedelta(days=7), 0, path=False, lesson=False, quiz=False),      # week of 9 Nov
    ]
    today = MON + timedelta(days=8)
    first, second = cohorts(learners, today)
    assert (first.week_of, first.size) == (MON, 3)
    assert first.retention[1] == pytest.approx(2 / 3)  # all three are a day old; two came back on day 1
    assert first.retention[7] == pytest.approx(1.0)    # only the two who joined on Monday are 7 days old
    assert first.retention[30] is None                 # nobody is 30 days old yet
    assert second.retention[1] == 0.0 and second.curve[0] == 1.0
    assert new_per_day(learners) == [(MON, 2), (MON + timedelta(days=2), 1), (MON + timedelta(days=7), 1)]

    steps = {step.name: step.learners for step in funnel(learners, today)}
    assert steps == {"started": 4, "chose a path": 3, "finished a lesson": 3, "answered a quiz": 3,
                     "active on day 7 or later": 2}


def test_worst_lessons_need_enough_readers() -> None:
    at = datetime(2026, 11, 2, 9, 0)
    good, bad, rare = LessonTally("good"), LessonTally("bad"), LessonTally("rare")
    for n in range(6):
        add_reading(good, at, at + timedelta(minutes=4 + n))
        add_reading(bad, at, at + timedelta(minutes=30) if n < 2 else None)
    add_reading(rare, at, None)
    bad.not_helpful, bad.quiz_answers, bad.quiz_right = 3, 8, 2
    good.helpful, good.quiz_answers, good.quiz_right = 4, 8, 7
    assert good.median_minutes == 6.5 and bad.completion == pytest.approx(1 / 3)
    assert [t.lesson_id for t in worst([good, bad, rare])] == ["bad", "good"]
