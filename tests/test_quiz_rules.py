"""Grading, FSRS rating, streaks across timezones and midnight, question selection, placement."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Rating

from domain.placement import ADVANCED, FUNDAMENTALS, recommend
from domain.review import AGAIN, EASY, GOOD, HARD, interval_text, rating_for, schedule, schedule_recall
from domain.selection import Accuracy, most_overdue, pick_weighted, shuffled_order, weakest_chapters
from domain.streaks import end_of_local_day, local_day, streaks

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_wrong_is_again_and_right_is_good_never_easy() -> None:
    assert rating_for(False) is Rating.Again
    assert rating_for(True) is Rating.Good


def test_wrong_answer_returns_tomorrow_right_answer_later() -> None:
    wrong = schedule(None, correct=False, now=NOW)
    right = schedule(None, correct=True, now=NOW)
    assert wrong.due - NOW == timedelta(days=1)
    assert right.due - NOW > wrong.due - NOW


def test_intervals_grow_with_right_answers_and_shrink_after_a_lapse() -> None:
    first = schedule(None, True, NOW)
    second = schedule(first.state, True, first.due)
    assert second.due - first.due > first.due - NOW
    lapse = schedule(second.state, False, second.due)
    assert lapse.due - second.due < second.due - first.due


def test_interval_text() -> None:
    assert interval_text(timedelta(hours=23, minutes=50)) == "tomorrow"
    assert interval_text(timedelta(days=3, hours=2)) == "in 3 days"
    assert interval_text(timedelta(minutes=20)) == "in 1 hour"
    assert interval_text(timedelta(hours=5)) == "in 5 hours"


def test_local_day_follows_the_learners_timezone_across_midnight() -> None:
    late_utc = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)
    assert local_day(late_utc, None) == date(2026, 11, 2)
    assert local_day(late_utc, "Asia/Tokyo") == date(2026, 11, 3)  # already tomorrow in Tokyo
    assert local_day(late_utc, "America/Los_Angeles") == date(2026, 11, 2)
    assert local_day(late_utc, "Not/AZone") == date(2026, 11, 2)  # unknown zone falls back to UTC


def test_end_of_local_day_across_dst_change() -> None:
    # Europe/Berlin leaves summer time on 2026-10-25: that local day is 25 hours long.
    morning = datetime(2026, 10, 25, 6, 0, tzinfo=UTC)
    assert end_of_local_day(morning, "Europe/Berlin") == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)
    assert end_of_local_day(morning, None) == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)


def test_streaks() -> None:
    days = [date(2026, 11, d) for d in (1, 2, 3, 5, 6)]
    today = streaks(days, date(2026, 11, 6))
    assert (today.current, today.longest) == (2, 3)
    assert streaks(days, date(2026, 11, 7)).current == 2  # today's work is still possible
    assert streaks(days, date(2026, 11, 8)).current == 0  # a whole day missed
    assert streaks([], date(2026, 11, 8)).longest == 0


def test_streak_counts_the_local_day_of_each_action() -> None:
    # Two actions 2 hours apart in UTC fall on two different days for a learner in Tokyo.
    actions = [datetime(2026, 11, 2, 14, 0, tzinfo=UTC), datetime(2026, 11, 2, 16, 0, tzinfo=UTC)]
    tokyo = {local_day(a, "Asia/Tokyo") for a in actions}
    utc = {local_day(a, None) for a in actions}
    assert streaks(tokyo, date(2026, 11, 3)).current == 2
    assert streaks(utc, date(2026, 11, 2)).current == 1


def test_most_overdue_first_and_capped() -> None:
    cards = [(f"k{i}", NOW - timedelta(days=i)) for i in range(15)] + [("future", NOW + timedelta(days=1))]
    picked = most_overdue(cards, NOW, limit=10)
    assert picked[0] == "k14" and len(picked) == 10 and "future" not in picked


def test_weakest_chapters_need_answers_and_skip_perfect_ones() -> None:
    accuracy = {"a": Accuracy(1, 4), "b": Accuracy(3, 4), "c": Accuracy(4, 4), "d": Accuracy(0, 1), "e": Accuracy(1, 2)}
    assert weakest_chapters(accuracy) == ["a", "e", "b"]


def test_weighted_pick_favours_weak_chapters_and_never_repeats() -> None:
    pools = {"weak": [f"w{i}" for i in range(50)], "strong": [f"s{i}" for i in range(50)]}
    accuracy = {"weak": Accuracy(0, 10), "strong": Accuracy(10, 10)}
    rng = random.Random(1)
    draws = [key for _ in range(200) for key in pick_weighted(pools, accuracy, rng, count=5)]
    weak_share = sum(key.startswith("w") for key in draws) / len(draws)
    assert 0.7 < weak_share < 0.9  # weights 4 vs 1 give 80 %
    one = pick_weighted(pools, accuracy, random.Random(2), count=5)
    assert len(set(one)) == 5
    assert len(pick_weighted({"x": ["only"]}, {}, random.Random(3), count=5)) == 1


def test_shuffled_order_is_a_permutation() -> None:
    order = shuffled_order(4, random.Random(5))
    assert sorted(order) == [0, 1, 2, 3]


def test_placement_recommendations() -> None:
    def results(f_right: int, a_right: int) -> list[tuple[str, bool]]:
        return [(FUNDAMENTALS, i < f_right) for i in range(4)] + [(ADVANCED, i < a_right) for i in range(4)]

    assert recommend(results(2, 4)).path_id == "beginner"
    assert recommend(results(4, 1)).path_id == "mid-level"
    assert recommend(results(3, 3)).path_id == "fast-track"
    assert "3 of 4" in recommend(results(3, 1)).reason


def test_self_rated_recall_uses_all_four_ratings() -> None:
    now = datetime(2026, 11, 2, 9, tzinfo=UTC)
    due = {rating: schedule_recall(None, rating, now).due - now for rating in (AGAIN, HARD, GOOD, EASY)}
    assert due[AGAIN] <= timedelta(days=1) and due[GOOD] > due[AGAIN] and due[EASY] > due[GOOD]
    good = schedule_recall(None, GOOD, now)
    later = {rating: schedule_recall(good.state, rating, good.due).due - good.due for rating in (AGAIN, GOOD, EASY)}
    assert later[AGAIN] <= timedelta(days=1) < later[GOOD] < later[EASY]  # a lapse starts over
    for bad in (0, 5, -1):
        with pytest.raises(ValueError):
            schedule_recall(None, bad, now)
