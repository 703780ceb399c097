"""The shape of /export: everything stored about one learner, as one JSON document.

The keys are stable: a field may be added in a later version, none is renamed or removed
without raising `version`. Times are ISO 8601 with their zone (stored times are UTC, so
"+00:00"); calendar days (a local day of the learner's) are plain ISO dates. Question and
follow-up texts come from the course as it is now; a question edited since it was answered is
exported with its key and `"question": null`. README "Your data" documents every key.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from content import Course
from domain.reminders import WEEKDAY_NAMES, format_time
from domain.review import RATING_NAMES
from services.quiz import MISSED, shown_order
from storage.models import QuizPoll, QuizSession
from storage.user_data import LearnerRows

FORMAT = "sd-coach-export"
VERSION = 1
ANSWER_COLUMNS = (
    "quiz_id", "quiz_kind", "lesson_id", "question_key", "question", "chosen", "right_answer", "correct",
    "sent_at", "answered_at",
)


def iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def build(rows: LearnerRows, course: Course, now: datetime) -> dict[str, Any]:
    user = rows.user
    answers_by_quiz: dict[int, list[dict[str, Any]]] = {}
    for poll in rows.polls:
        answers_by_quiz.setdefault(poll.session_id, []).append(_answer(poll, course))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(now),
        "learner": None if user is None else {
            "telegram_id": user.id,
            "first_name": user.first_name,
            "language_code": user.language_code,
            "first_seen_at": iso(user.created_at),
            "last_seen_at": iso(user.last_seen_at),
            "reachable": user.is_active,
        },
        "settings": None if user is None else {
            "path": user.path_id,
            "timezone": user.timezone or "UTC",
            "daily_lesson_at": format_time(user.remind_minute),
            "lessons_per_day": user.pace,
            "days_off": [WEEKDAY_NAMES[int(day)] for day in user.quiet_days.split(",") if day.strip().isdigit()],
            "daily_lesson_on": user.reminders_on,
            "paused_until": iso(user.resume_on),
            "interview_date": iso(user.interview_date),
            "next_push_at": iso(user.next_push_at),
            "pushes_ignored_in_a_row": user.ignored_pushes,
        },
        "lessons": [
            {"lesson_id": row.lesson_id, "title": _lesson_title(course, row.lesson_id),
             "opened_at": iso(row.started_at), "finished_at": iso(row.completed_at)}
            for row in rows.lessons
        ],
        "lesson_scores": [
            {"lesson_id": row.lesson_id, "best": row.best, "latest": row.latest, "out_of": row.total,
             "attempts": row.attempts, "updated_at": iso(row.updated_at)}
            for row in rows.scores
        ],
        "quizzes": [_quiz(quiz, answers_by_quiz.get(quiz.id, [])) for quiz in rows.quizzes],
        "review_cards": [
            {"question_key": card.question_key, "question": _question_text(course, card.question_key),
             "lesson_id": card.lesson_id, "due": iso(card.due), "right": card.right_count,
             "wrong": card.wrong_count, "last_correct": card.last_correct, "retired_at": iso(card.retired_at),
             "schedule": _schedule(card.fsrs_state)}
            for card in rows.review_cards
        ],
        "recall_cards": [
            {"card_key": card.card_key, "question": _follow_up_text(course, card.card_key),
             "lesson_id": card.lesson_id, "due": iso(card.due), "reviews": card.reviews,
             "last_rating": _rating(card.last_rating), "retired_at": iso(card.retired_at),
             "schedule": _schedule(card.fsrs_state)}
            for card in rows.recall_cards
        ],
        "drills": [
            {"drill_id": drill.drill_id, "status": drill.status, "phase": drill.phase, "notes": drill.notes,
             "rubric_ticked": [int(i) for i in drill.ticked.split(",") if i.strip().isdigit()],
             "score": drill.score, "out_of": drill.total, "started_at": iso(drill.started_at),
             "finished_at": iso(drill.finished_at)}
            for drill in rows.drills
        ],
        "estimates": [
            {"estimate_id": estimate.estimate_id, "value": estimate.value, "within_tolerance": estimate.correct,
             "at": iso(estimate.created_at)}
            for estimate in rows.estimates
        ],
        "feedback": [
            {"lesson_id": row.lesson_id, "helpful": row.helpful, "comment": row.comment,
             "updated_at": iso(row.updated_at)}
            for row in rows.feedback
        ],
        "active_days": [iso(row.day) for row in rows.activity_days],
        "deliveries": [
            {"local_date": iso(row.local_date), "kind": row.kind, "status": row.status, "attempts": row.attempts,
             "claimed_at": iso(row.claimed_at), "finished_at": iso(row.finished_at), "error": row.error}
            for row in rows.deliveries
        ],
    }


def to_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def answers_csv(document: dict[str, Any]) -> bytes:
    """Every quiz answer, one row each, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ANSWER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for quiz in document["quizzes"]:
        for answer in quiz["answers"]:
            writer.writerow({
                "quiz_id": quiz["id"], "quiz_kind": quiz["kind"], "lesson_id": quiz["lesson_id"],
                **{column: _cell(answer[column]) for column in ANSWER_COLUMNS[3:]},
            })
    return out.getvalue().encode("utf-8")


def _rating(rating: int | None) -> str | None:
    name = RATING_NAMES.get(rating or 0)
    return name.lower() if name else None


def _schedule(fsrs_state: str | None) -> Any:
    """The card's spaced-review state as FSRS keeps it (stability, difficulty, step, due...)."""
    if not fsrs_state:
        return None
    try:
        return json.loads(fsrs_state)
    except ValueError:
        return None


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _quiz(quiz: QuizSession, answers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": quiz.id, "kind": quiz.kind, "lesson_id": quiz.lesson_id, "status": quiz.status,
        "right": quiz.correct, "asked": len(json.loads(quiz.question_keys or "[]")),
        "started_at": iso(quiz.started_at), "finished_at": iso(quiz.finished_at), "answers": answers,
    }


def _answer(poll: QuizPoll, course: Course) -> dict[str, Any]:
    ref = course.question(poll.question_key)
    if ref is None:  # a follow-up recalled aloud and self-rated, or a question edited since
        follow_up = course.follow_up(poll.question_key)
        rated = follow_up is not None and poll.answered_at is not None
        return {
            "question_key": poll.question_key,
            "question": follow_up.follow_up.question if follow_up else None,
            "chosen": _rating(poll.chosen_option) if rated else None,
            "right_answer": None, "correct": poll.is_correct,
            "sent_at": iso(poll.sent_at), "answered_at": iso(poll.answered_at),
        }
    order = shown_order(poll.option_order)

    def shown(index: int | None) -> str | None:
        if index is None or index == MISSED or not 0 <= index < len(order):
            return None
        return ref.question.options[order[index]]

    return {
        "question_key": poll.question_key,
        "question": ref.question.question,
        "chosen": shown(poll.chosen_option) if poll.answered_at is not None else None,
        "right_answer": ref.question.options[ref.question.answer],
        "correct": poll.is_correct,
        "sent_at": iso(poll.sent_at),
        "answered_at": iso(poll.answered_at),
        "options_shown": [ref.question.options[i] for i in order if 0 <= i < len(ref.question.options)],
        "time_limit_ends_at": iso(poll.expires_at),
    }


def _lesson_title(course: Course, lesson_id: str) -> str | None:
    lesson = course.lesson(lesson_id)
    return lesson.title if lesson else None


def _question_text(course: Course, key: str) -> str | None:
    ref = course.question(key)
    return ref.question.question if ref else None


def _follow_up_text(course: Course, key: str) -> str | None:
    ref = course.follow_up(key)
    return ref.follow_up.question if ref else None
