"""Load and validate the course from YAML.

Every problem is collected and reported together, each naming the file, the chapter/lesson id
and the field, so an author fixes a broken chapter in one pass instead of one error per run.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from content.markup import MarkupError, render, visible_length
from content.pages import MESSAGE_MAX, PAGE_TITLES, page_titles, render_pages
from content.practice import PHASE_NAMES, CheatSection, Drill, Estimate
from content.schema import (
    Chapter,
    Course,
    GlossaryTerm,
    LearningPath,
)

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent
_CHAPTER_FILE = re.compile(r"^(?P<number>\d{2})-(?P<id>[a-z0-9-]+)\.yaml$")


class ContentError(Exception):
    """The content is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} content problem(s):\n" + "\n".join(problems))


# libyaml's safe loader parses the course about ten times faster than the pure-Python one; the
# pure-Python one stays the fallback where PyYAML was built without libyaml.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # different drive on Windows
        return str(path)


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{_display(path)}: malformed YAML{where}: {reason}")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{_display(path)}: cannot read: {exc}")
    return None


def _field_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _validation_problems(where: str, raw: dict[str, Any], error: ValidationError) -> list[str]:
    """Turn pydantic errors into 'file: chapter/lesson: field: message' lines."""
    chapter_id = raw.get("id", "?")
    lessons: list[Any] = raw["lessons"] if isinstance(raw.get("lessons"), list) else []
    lines = []
    for item in error.errors():
        loc = tuple(item["loc"])
        owner = str(chapter_id)
        if len(loc) >= 2 and loc[0] == "lessons" and isinstance(loc[1], int):
            raw_lesson = lessons[loc[1]] if loc[1] < len(lessons) else {}
            lesson_id = raw_lesson.get("id") if isinstance(raw_lesson, dict) else None
            owner = f"{chapter_id}/{lesson_id or f'lessons[{loc[1]}]'}"
            loc = loc[2:]
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "missing":
            message = "missing field"
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        lines.append(f"{where}: {owner}: {_field_path(loc)}: {message}")
    return lines


def _item_errors(where: str, owner: str, error: ValidationError) -> list[str]:
    """'file: owner: field: message' lines for one invalid list item."""
    lines = []
    for item in error.errors():
        message = "unknown field" if item["type"] == "extra_forbidden" else item["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {owner}: {_field_path(tuple(item['loc']))}: {message}")
    return lines


def _check_chapter(where: str, chapter: Chapter) -> list[str]:
    """Rules that need the whole chapter: duplicate lesson ids, markup and rendered page sizes."""
    problems = []
    seen = Counter(lesson.id for lesson in chapter.lessons)
    for lesson_id, count in seen.items():
        if count > 1:
            problems.append(f"{where}: {chapter.id}/{lesson_id}: id: duplicate lesson id in this chapter")
    for lesson in chapter.lessons:
        owner = f"{where}: {chapter.id}/{lesson.id}"
        markup_ok = True
        for part, _title in PAGE_TITLES:
            if part == "summary":
                continue
            try:
                render(getattr(lesson, part))
            except MarkupError as exc:
                markup_ok = False
                problems.append(f"{owner}: {part}: {exc}")
        if markup_ok:
            for page in render_pages(chapter, lesson):
                length = visible_length(page.html)
                if length > MESSAGE_MAX:
                    part = page_titles(lesson)[page.number - 1][0]
                    problems.append(
                        f"{owner}: {part}: rendered page is {length} characters, Telegram allows {MESSAGE_MAX}"
                    )
    return problems


def _load_chapters(
    chapters_dir: Path, problems: list[str], broken_ids: set[str]
) -> list[tuple[str, Chapter]]:
    """Valid chapters; ids of chapters and lessons in invalid files go to `broken_ids`, so that
    references to them are not reported a second time as missing."""
    loaded: list[tuple[str, Chapter]] = []
    files = sorted(chapters_dir.glob("*.yaml")) if chapters_dir.is_dir() else []
    if not files:
        problems.append(f"{_display(chapters_dir)}: no chapter files (expected NN-<chapter-id>.yaml)")
    for path in files:
        where = _display(path)
        raw = _read_yaml(path, problems)
        if raw is None and not path.read_bytes().strip():
            problems.append(f"{where}: the file is empty")
            continue
        if raw is None:
            continue
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected a mapping with id, number, title, summary, lessons")
            continue
        try:
            chapter = Chapter.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_validation_problems(where, raw, exc))
            broken_ids.add(str(raw.get("id")))
            raw_lessons: list[Any] = raw["lessons"] if isinstance(raw.get("lessons"), list) else []
            broken_ids.update(str(item.get("id")) for item in raw_lessons if isinstance(item, dict))
            continue
        name = _CHAPTER_FILE.match(path.name)
        if not name or name["id"] != chapter.id or int(name["number"]) != chapter.number:
            problems.append(
                f"{where}: {chapter.id}: file name should be {chapter.number:02d}-{chapter.id}.yaml"
            )
        problems.extend(_check_chapter(where, chapter))
        loaded.append((where, chapter))
    return loaded


def _check_course_wide(chapters: list[tuple[str, Chapter]], problems: list[str]) -> None:
    first_file: dict[str, str] = {}
    numbers: dict[int, str] = {}
    lesson_home: dict[str, str] = {}
    for where, chapter in chapters:
        if chapter.id in first_file:
            problems.append(f"{where}: {chapter.id}: id: chapter id already used in {first_file[chapter.id]}")
        first_file.setdefault(chapter.id, where)
        if chapter.number in numbers:
            problems.append(
                f"{where}: {chapter.id}: number: chapter number {chapter.number} already used in "
                f"{numbers[chapter.number]}"
            )
        numbers.setdefault(chapter.number, where)
        for lesson in chapter.lessons:
            home = lesson_home.get(lesson.id)
            if home and home != where:
                problems.append(
                    f"{where}: {chapter.id}/{lesson.id}: id: lesson id already used in {home}"
                )
            lesson_home.setdefault(lesson.id, where)


def _resolve_steps(
    where: str, path: LearningPath, chapters: dict[str, Chapter], problems: list[str], broken_ids: set[str]
) -> tuple[str, ...]:
    lesson_ids: list[str] = []
    for index, step in enumerate(path.steps):
        chapter_id, _, lesson_id = step.partition("/")
        chapter = chapters.get(chapter_id)
        if chapter is None and chapter_id in broken_ids:
            continue  # its file is already reported
        if chapter is None:
            problems.append(f"{where}: {path.id}: steps[{index}]: '{step}' names no chapter")
            continue
        if lesson_id:
            if lesson_id not in {lesson.id for lesson in chapter.lessons}:
                problems.append(
                    f"{where}: {path.id}: steps[{index}]: '{step}' names no lesson of chapter {chapter_id}"
                )
                continue
            step_lessons = [lesson_id]
        else:
            step_lessons = [lesson.id for lesson in chapter.lessons]
        lesson_ids.extend(lid for lid in step_lessons if lid not in lesson_ids)
    for index, chapter_id in enumerate(path.skim):
        if chapter_id not in chapters:
            problems.append(f"{where}: {path.id}: skim[{index}]: '{chapter_id}' names no chapter")
    return tuple(lesson_ids)


def _load_paths(
    file: Path, chapters: dict[str, Chapter], problems: list[str], broken_ids: set[str]
) -> list[LearningPath]:
    where = _display(file)
    if not file.exists():
        problems.append(f"{where}: missing (the learning paths)")
        return []
    raw = _read_yaml(file, problems)
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("paths"), list):
        problems.append(f"{where}: expected a mapping with a 'paths' list")
        return []
    paths: list[LearningPath] = []
    for index, item in enumerate(raw["paths"]):
        try:
            path = LearningPath.model_validate(item)
        except ValidationError as exc:
            name = item.get("id", f"paths[{index}]") if isinstance(item, dict) else f"paths[{index}]"
            problems.extend(_item_errors(where, name, exc))
            continue
        if "lesson_ids" in item:
            problems.append(f"{where}: {path.id}: lesson_ids: unknown field (derived from steps)")
        if any(existing.id == path.id for existing in paths):
            problems.append(f"{where}: {path.id}: id: duplicate path id")
            continue
        lesson_ids = _resolve_steps(where, path, chapters, problems, broken_ids)
        paths.append(path.model_copy(update={"lesson_ids": lesson_ids}))
    return paths


def _check_glossary(
    file: Path, terms: list[GlossaryTerm], lesson_ids: set[str], problems: list[str], broken_ids: set[str]
) -> None:
    where = _display(file)
    seen: set[str] = set()
    for index, term in enumerate(terms):
        if term.lesson not in lesson_ids and term.lesson not in broken_ids:
            problems.append(f"{where}: terms[{index}] ({term.term}): lesson: '{term.lesson}' names no lesson")
        if term.term.lower() in seen:
            problems.append(f"{where}: terms[{index}] ({term.term}): term: duplicate term")
        seen.add(term.term.lower())


def _load_list(
    file: Path, key: str, model: type[BaseModel], problems: list[str], required: bool = False
) -> list[Any]:
    """A YAML file holding `key: [items]`, each validated with `model`; problems name the item id."""
    where = _display(file)
    if not file.exists():
        if required:
            problems.append(f"{where}: missing")
        return []
    raw = _read_yaml(file, problems)
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
        problems.append(f"{where}: expected a mapping with a '{key}' list")
        return []
    items: list[Any] = []
    seen: set[str] = set()
    for index, item in enumerate(raw[key]):
        name = (item.get("id") or item.get("title") or item.get("term")) if isinstance(item, dict) else None
        owner = f"{key}[{index}]" + (f" ({name})" if name else "")
        try:
            validated = model.model_validate(item)
        except ValidationError as exc:
            problems.extend(_item_errors(where, owner, exc))
            continue
        ident = getattr(validated, "id", None)
        if ident is not None:
            if ident in seen:
                problems.append(f"{where}: {owner}: id: duplicate id")
            seen.add(ident)
        items.append(validated)
    return items


def _check_practice(
    root: Path, drills: list[Drill], estimates: list[Estimate], lesson_ids: set[str], problems: list[str]
) -> None:
    for drill in drills:
        names = tuple(phase.name for phase in drill.phases)
        if names != PHASE_NAMES:
            problems.append(f"{_display(root / 'drills.yaml')}: {drill.id}: phases: expected {list(PHASE_NAMES)}")
        for index, point in enumerate(drill.rubric):
            if point.lesson and point.lesson not in lesson_ids:
                problems.append(
                    f"{_display(root / 'drills.yaml')}: {drill.id}: rubric[{index}].lesson: "
                    f"'{point.lesson}' names no lesson"
                )
    for estimate in estimates:
        if estimate.lesson and estimate.lesson not in lesson_ids:
            problems.append(
                f"{_display(root / 'estimates.yaml')}: {estimate.id}: lesson: '{estimate.lesson}' names no lesson"
            )


def load_course(content_dir: Path | str = DEFAULT_CONTENT_DIR, cache: bool = True) -> Course:
    """The whole course, validated; ContentError lists every problem. With `cache`, a course
    validated before from exactly these files (and this code) is read back instead (content.cache)."""
    if cache:
        from content.cache import cached_course

        return cached_course(Path(content_dir), _validated_course)
    return _validated_course(Path(content_dir))


def _validated_course(root: Path) -> Course:
    problems: list[str] = []
    broken_ids: set[str] = set()
    loaded = _load_chapters(root / "chapters", problems, broken_ids)
    _check_course_wide(loaded, problems)
    chapters = sorted((chapter for _, chapter in loaded), key=lambda chapter: chapter.number)
    by_id = {chapter.id: chapter for chapter in chapters}
    paths = _load_paths(root / "paths.yaml", by_id, problems, broken_ids)
    lesson_ids = {lesson.id for chapter in chapters for lesson in chapter.lessons}
    glossary = _load_list(root / "glossary.yaml", "terms", GlossaryTerm, problems)
    _check_glossary(root / "glossary.yaml", glossary, lesson_ids, problems, broken_ids)
    drills = _load_list(root / "drills.yaml", "drills", Drill, problems)
    estimates = _load_list(root / "estimates.yaml", "estimates", Estimate, problems)
    cheatsheet = _load_list(root / "cheatsheet.yaml", "sections", CheatSection, problems)
    _check_practice(root, drills, estimates, lesson_ids | broken_ids, problems)
    if problems:
        raise ContentError(problems)
    return Course(
        chapters=tuple(chapters), paths=tuple(paths), glossary=tuple(glossary),
        drills=tuple(drills), estimates=tuple(estimates), cheatsheet=tuple(cheatsheet),
    )
