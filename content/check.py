"""`python -m bot check-content`: validate the course and print a coverage summary."""

from __future__ import annotations

import sys
from pathlib import Path

from content.loader import DEFAULT_CONTENT_DIR, ContentError, load_course


def check_content(content_dir: Path | str = DEFAULT_CONTENT_DIR) -> int:
    try:
        course = load_course(content_dir, cache=False)  # always the real validation
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"content check failed: {len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    questions = sum(len(lesson.quiz) for lesson in course.lessons_by_id.values())
    prompts = sum(len(chapter.interview) for chapter in course.chapters)
    for chapter in course.chapters:
        quiz = sum(len(lesson.quiz) for lesson in chapter.lessons)
        print(
            f"{chapter.number:>2}. {chapter.title:<36} {len(chapter.lessons):>3} lessons "
            f"{quiz:>4} questions {len(chapter.interview):>2} prompts"
        )
    without = sum(1 for lesson in course.lessons_by_id.values() if not lesson.follow_ups)
    if without:
        # Not an error while the chapters are being written: a count the authors can watch fall.
        print(f"{without} of {course.lesson_count} lessons have no interview follow-ups yet")
    for path in course.paths:
        print(f"path {path.id}: {len(path.lesson_ids)} lessons")
    print(
        f"content ok: {len(course.chapters)} chapters, {course.lesson_count} lessons, "
        f"{questions} quiz questions, {prompts} interview prompts, {len(course.glossary)} glossary terms, "
        f"{len(course.drills)} design drills, {len(course.estimates)} estimation drills, "
        f"{len(course.cheatsheet)} cheat-sheet sections"
    )
    return 0
