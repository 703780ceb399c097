"""Typed, immutable shapes of the course content.

The pydantic models forbid unknown fields and freeze after validation, so a typo in a YAML key
is reported instead of silently ignored, and nothing at run time can mutate the course.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from content.ids import ID_MAX, ID_PATTERN
from content.practice import CheatSection, Drill, Estimate

# Telegram limits for quiz polls (Bot API sendPoll).
QUESTION_MAX = 300
OPTION_MAX = 100
EXPLANATION_MAX = 200
EXPLANATION_MAX_LINE_BREAKS = 2

# Interview follow-ups: a question short enough to read at a glance, a model answer of a paragraph.
FOLLOW_UP_QUESTION_MAX = 200
FOLLOW_UP_ANSWER_WORDS = (30, 150)
FOLLOW_UPS_PER_LESSON = 3


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class QuizQuestion(_Frozen):
    question: str = Field(min_length=1, max_length=QUESTION_MAX)
    options: tuple[str, ...] = Field(min_length=4, max_length=4)
    answer: int
    explanation: str = Field(min_length=1, max_length=EXPLANATION_MAX)

    @field_validator("options")
    @classmethod
    def _options_fit_a_poll(cls, options: tuple[str, ...]) -> tuple[str, ...]:
        for index, option in enumerate(options):
            if not option.strip():
                raise ValueError(f"option {index} is empty")
            if len(option) > OPTION_MAX:
                raise ValueError(f"option {index} has {len(option)} characters, limit is {OPTION_MAX}")
        if len(set(options)) != len(options):
            raise ValueError("two options are the same")
        return options

    @field_validator("answer")
    @classmethod
    def _answer_names_an_option(cls, answer: int, info: ValidationInfo) -> int:
        options = info.data.get("options")
        if options is not None and not 0 <= answer < len(options):
            raise ValueError(f"index {answer} is out of range (0..{len(options) - 1})")
        return answer

    @field_validator("explanation")
    @classmethod
    def _explanation_line_breaks(cls, explanation: str) -> str:
        if explanation.count("\n") > EXPLANATION_MAX_LINE_BREAKS:
            raise ValueError(f"more than {EXPLANATION_MAX_LINE_BREAKS} line breaks")
        return explanation


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


class FollowUp(_Frozen):
    """What a senior interviewer asks next about the lesson's topic, and a strong answer."""

    question: str = Field(min_length=1, max_length=FOLLOW_UP_QUESTION_MAX)
    answer: str = Field(min_length=1)

    @field_validator("answer")
    @classmethod
    def _answer_is_a_paragraph(cls, answer: str) -> str:
        low, high = FOLLOW_UP_ANSWER_WORDS
        words = word_count(answer)
        if not low <= words <= high:
            raise ValueError(f"{words} words, the answer needs {low}-{high}")
        return answer


class Lesson(_Frozen):
    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX)
    title: str = Field(min_length=1, max_length=120)
    minutes: int = Field(ge=1, le=30)
    concept: str = Field(min_length=1)
    how_it_works: str = Field(min_length=1)
    trade_offs: str = Field(min_length=1)
    real_world: str = Field(min_length=1)
    summary: tuple[str, ...] = Field(min_length=1)
    terms: tuple[str, ...] = ()
    quiz: tuple[QuizQuestion, ...] = ()
    # Optional until every chapter has them; check-content counts the lessons still without.
    follow_ups: tuple[FollowUp, ...] = ()

    @field_validator("follow_ups")
    @classmethod
    def _three_or_none(cls, follow_ups: tuple[FollowUp, ...]) -> tuple[FollowUp, ...]:
        if follow_ups and len(follow_ups) != FOLLOW_UPS_PER_LESSON:
            raise ValueError(f"{len(follow_ups)} follow-ups, a lesson has {FOLLOW_UPS_PER_LESSON} or none yet")
        return follow_ups


class InterviewPrompt(_Frozen):
    prompt: str = Field(min_length=1)
    checklist: tuple[str, ...] = Field(min_length=1)


class Chapter(_Frozen):
    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX)
    number: int = Field(ge=1)
    title: str = Field(min_length=1, max_length=120)
    summary: str = Field(min_length=1)
    lessons: tuple[Lesson, ...] = Field(min_length=1)
    interview: tuple[InterviewPrompt, ...] = ()


class LearningPath(_Frozen):
    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX)
    title: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    advice: str = ""
    # A step is a chapter id ("caching") or one lesson ("introduction-to-system-design/30-must-know-concepts").
    steps: tuple[str, ...] = Field(min_length=1)
    # Chapters the learner may skim; shown as a hint, they still count toward the path.
    skim: tuple[str, ...] = ()
    # Resolved by the loader from `steps`: every lesson of the path, in order.
    lesson_ids: tuple[str, ...] = ()


class GlossaryTerm(_Frozen):
    term: str = Field(min_length=1, max_length=80)
    definition: str = Field(min_length=1, max_length=300)
    lesson: str


def question_key(lesson_id: str, question: QuizQuestion) -> str:
    """A stable id for a question: its lesson plus a digest of its wording, so that editing a
    question retires the learners' cards for the old wording instead of grading the new one."""
    digest = hashlib.sha1(question.question.encode("utf-8")).hexdigest()[:8]
    return f"{lesson_id}.{digest}"


def follow_up_key(lesson_id: str, follow_up: FollowUp) -> str:
    """A stable id for a follow-up, like question_key: editing the question retires its cards."""
    digest = hashlib.sha1(follow_up.question.encode("utf-8")).hexdigest()[:8]
    return f"{lesson_id}.f{digest}"


@dataclass(frozen=True, slots=True)
class FollowUpRef:
    key: str
    chapter: Chapter
    lesson: Lesson
    index: int
    follow_up: FollowUp


@dataclass(frozen=True, slots=True)
class QuestionRef:
    key: str
    chapter: Chapter
    lesson: Lesson
    index: int
    question: QuizQuestion


class Course(BaseModel):
    """The whole validated course; look-ups are precomputed once."""

    model_config = ConfigDict(frozen=True)

    chapters: tuple[Chapter, ...]
    paths: tuple[LearningPath, ...]
    glossary: tuple[GlossaryTerm, ...] = ()
    drills: tuple[Drill, ...] = ()
    estimates: tuple[Estimate, ...] = ()
    cheatsheet: tuple[CheatSection, ...] = ()

    @cached_property
    def lessons_by_id(self) -> dict[str, Lesson]:
        return {lesson.id: lesson for chapter in self.chapters for lesson in chapter.lessons}

    @cached_property
    def chapter_of_lesson(self) -> dict[str, Chapter]:
        return {lesson.id: chapter for chapter in self.chapters for lesson in chapter.lessons}

    @cached_property
    def chapters_by_id(self) -> dict[str, Chapter]:
        return {chapter.id: chapter for chapter in self.chapters}

    @cached_property
    def paths_by_id(self) -> dict[str, LearningPath]:
        return {path.id: path for path in self.paths}

    @cached_property
    def drills_by_id(self) -> dict[str, Drill]:
        return {drill.id: drill for drill in self.drills}

    @cached_property
    def estimates_by_id(self) -> dict[str, Estimate]:
        return {estimate.id: estimate for estimate in self.estimates}

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self.lessons_by_id.get(lesson_id)

    def chapter(self, chapter_id: str) -> Chapter | None:
        return self.chapters_by_id.get(chapter_id)

    def path(self, path_id: str) -> LearningPath | None:
        return self.paths_by_id.get(path_id)

    @cached_property
    def questions(self) -> dict[str, QuestionRef]:
        refs = {}
        for chapter in self.chapters:
            for lesson in chapter.lessons:
                for index, question in enumerate(lesson.quiz):
                    key = question_key(lesson.id, question)
                    refs[key] = QuestionRef(key, chapter, lesson, index, question)
        return refs

    def question(self, key: str) -> QuestionRef | None:
        return self.questions.get(key)

    @cached_property
    def follow_ups(self) -> dict[str, FollowUpRef]:
        """Every lesson's interview follow-ups, as recall cards are keyed."""
        refs = {}
        for chapter in self.chapters:
            for lesson in chapter.lessons:
                for index, follow_up in enumerate(lesson.follow_ups):
                    key = follow_up_key(lesson.id, follow_up)
                    refs[key] = FollowUpRef(key, chapter, lesson, index, follow_up)
        return refs

    def follow_up(self, key: str) -> FollowUpRef | None:
        return self.follow_ups.get(key)

    def lesson_follow_up_keys(self, lesson_id: str) -> list[str]:
        lesson = self.lesson(lesson_id)
        return [follow_up_key(lesson_id, f) for f in lesson.follow_ups] if lesson else []

    def lesson_question_keys(self, lesson_id: str) -> list[str]:
        lesson = self.lesson(lesson_id)
        return [question_key(lesson_id, q) for q in lesson.quiz] if lesson else []

    @property
    def lesson_count(self) -> int:
        return len(self.lessons_by_id)
