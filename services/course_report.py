"""What the course authors learn from the learners: weak questions, weak lessons, who stays.

The figures come from domain.item_analysis, domain.lesson_analytics and domain.learner_analytics;
this module reads the rows and names things (question texts, lesson titles) from the course.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from domain import item_analysis, learner_analytics, lesson_analytics
from domain.item_analysis import ItemStats, Response
from domain.learner_analytics import Cohort, FunnelStep, LearnerFacts
from domain.lesson_analytics import LessonTally
from services.base import Service
from services.quiz import MISSED, shown_order
from services.unit_of_work import reads
from storage.report_repository import ReportRepository


@dataclass(frozen=True, slots=True)
class CourseReport:
    generated_at: datetime
    since: date | None
    items: list[ItemStats]  # worst first
    question_text: dict[str, str]
    options: dict[str, tuple[str, ...]]
    lessons: list[LessonTally]  # every lesson with any reading or vote, by id
    worst_lessons: list[LessonTally]
    lesson_title: dict[str, str]
    new_per_day: list[tuple[date, int]]
    cohorts: list[Cohort]
    funnel: list[FunnelStep]
    pushes: dict[str, int]
    paths: dict[str, int]

    @property
    def flagged(self) -> list[ItemStats]:
        return [item for item in self.items if item.flags]


class CourseReportService(Service):
    @reads
    async def build(self, since: date | None = None, min_answers: int = item_analysis.MIN_ANSWERS) -> CourseReport:
        rows = ReportRepository(self.session)
        now = self.clock.now()
        today = now.date()
        keys = {key: (ref.question.answer, len(ref.question.options)) for key, ref in self.course.questions.items()}
        answer_rows = await rows.answers(since)
        responses = [_response(row) for row in answer_rows]
        items = item_analysis.analyse([r for r in responses if r is not None], keys, min_answers)

        tallies: dict[str, LessonTally] = {}

        def tally(lesson_id: str) -> LessonTally:
            return tallies.setdefault(lesson_id, LessonTally(lesson_id))

        finished_by: dict[int, bool] = defaultdict(bool)
        for user_id, lesson_id, started_at, completed_at in await rows.readings(since):
            lesson_analytics.add_reading(tally(lesson_id), started_at, completed_at)
            finished_by[user_id] |= completed_at is not None
        for lesson_id, helpful, comment in await rows.feedback(since):
            entry = tally(lesson_id)
            if helpful is True:
                entry.helpful += 1
            elif helpful is False:
                entry.not_helpful += 1
            if comment:
                entry.comments.append(comment)
        seen_lesson_quiz: set[tuple[int, str]] = set()
        for row in answer_rows:
            user_id, question_key, _, _, correct, kind, lesson_id = row
            if kind == "lesson" and lesson_id and (user_id, question_key) not in seen_lesson_quiz:
                seen_lesson_quiz.add((user_id, question_key))  # the first attempt, right after reading
                entry = tally(lesson_id)
                entry.quiz_answers += 1
                entry.quiz_right += bool(correct)

        days: dict[int, set[date]] = defaultdict(set)
        for user_id, day in await rows.active_days(since):
            days[user_id].add(day)
        takers = await rows.quiz_takers()
        learners = [
            LearnerFacts(joined=created_at.date(), chose_path=path_id is not None,
                         finished_a_lesson=finished_by[user_id], answered_a_quiz=user_id in takers,
                         active_days=frozenset(days[user_id]))
            for user_id, created_at, path_id in await rows.learners(since)
        ]
        refs = self.course.questions
        return CourseReport(
            generated_at=now, since=since, items=items,
            question_text={key: ref.question.question for key, ref in refs.items()},
            options={key: ref.question.options for key, ref in refs.items()},
            lessons=sorted(tallies.values(), key=lambda t: t.lesson_id),
            worst_lessons=lesson_analytics.worst(tallies.values()),
            lesson_title={lesson_id: lesson.title for lesson_id, lesson in self.course.lessons_by_id.items()},
            new_per_day=learner_analytics.new_per_day(learners),
            cohorts=learner_analytics.cohorts(learners, today),
            funnel=learner_analytics.funnel(learners, today),
            pushes=await rows.pushes(since),
            paths={path or "(none yet)": count for path, count in (await rows.paths()).items()},
        )


def _response(row: tuple[int, str, str, int | None, bool | None, str, str | None]) -> Response | None:
    """An answer as an option index in the course file (polls shuffle the options)."""
    user_id, question_key, option_order, chosen, correct, _, _ = row
    order = shown_order(option_order)
    if chosen is None:
        return None
    if chosen == MISSED:
        return Response(user_id, question_key, None, False)
    if not 0 <= chosen < len(order):
        return None
    return Response(user_id, question_key, order[chosen], bool(correct))
