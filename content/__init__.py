"""The course: YAML chapters, paths and glossary, validated into immutable objects."""

from content.loader import ContentError, load_course
from content.schema import Chapter, Course, GlossaryTerm, InterviewPrompt, LearningPath, Lesson, QuizQuestion

__all__ = [
    "Chapter",
    "ContentError",
    "Course",
    "GlossaryTerm",
    "InterviewPrompt",
    "LearningPath",
    "Lesson",
    "QuizQuestion",
    "load_course",
]
