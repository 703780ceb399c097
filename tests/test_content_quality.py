"""Guards on the shipped quizzes: a learner must not be able to guess answers from position or length."""

from __future__ import annotations

from content import load_course


def test_correct_answers_are_spread_over_positions() -> None:
    course = load_course()
    positions = [0, 0, 0, 0]
    for ref in course.questions.values():
        positions[ref.question.answer] += 1
    total = sum(positions)
    assert all(0.2 <= count / total <= 0.3 for count in positions), positions


def test_the_right_option_is_not_given_away_by_its_length() -> None:
    """Sorted by length, the right option sits on each rank (shortest .. longest) about equally often."""
    course = load_course()
    ranks = [0, 0, 0, 0]
    for ref in course.questions.values():
        options = ref.question.options
        order = sorted(range(len(options)), key=lambda i: (len(options[i]), i))
        ranks[order.index(ref.question.answer)] += 1
    total = sum(ranks)
    assert all(0.15 <= count / total <= 0.35 for count in ranks), ranks
