"""What comes next on a path and how progress is shown."""

from __future__ import annotations

from domain.progress import lesson_after, next_lesson, path_progress, progress_bar

PATH = ("a", "b", "c", "d")


def test_next_lesson_is_first_unfinished() -> None:
    assert next_lesson(PATH, set()) == "a"
    assert next_lesson(PATH, {"a", "c"}) == "b"
    assert next_lesson(PATH, set(PATH)) is None


def test_lesson_after_continues_then_wraps_to_skipped_ones() -> None:
    assert lesson_after(PATH, {"a"}, "a") == "b"
    assert lesson_after(PATH, {"c", "d"}, "d") == "a"  # wraps around to what was skipped
    assert lesson_after(PATH, set(PATH), "d") is None
    assert lesson_after(PATH, {"x"}, "x") == "a"  # finished an off-path lesson


def test_progress_counts_only_path_lessons() -> None:
    progress = path_progress(PATH, {"a", "b", "other"})
    assert (progress.done, progress.total, progress.percent, progress.finished) == (2, 4, 50, False)
    assert path_progress(PATH, set(PATH)).finished
    assert path_progress((), set()).percent == 0


def test_percent_never_rounds_up_to_done() -> None:
    assert path_progress(tuple(str(i) for i in range(176)), {str(i) for i in range(175)}).percent == 99


def test_progress_bar() -> None:
    assert progress_bar(0, 10) == "░" * 10
    assert progress_bar(5, 10) == "█" * 5 + "░" * 5
    assert progress_bar(1, 176) == "█" + "░" * 9  # started shows something
    assert progress_bar(10, 10) == "█" * 10
    assert progress_bar(0, 0) == "░" * 10


def test_percentages_round_half_up_but_never_claim_done_early() -> None:
    from domain.progress import percent

    assert (percent(1, 37), percent(7, 9), percent(1, 2), percent(1, 200)) == (3, 78, 50, 1)
    assert (percent(36, 37), percent(199, 200), percent(37, 37), percent(0, 5), percent(3, 0)) == (97, 99, 100, 0, 0)
