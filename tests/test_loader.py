"""The loader turns YAML into a typed course, or names every problem: file, chapter/lesson, field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from content import ContentError, load_course
from content.check import check_content
from tests.support import course_fixture as fx

CHAPTER_FILE = "chapters/01-alpha-basics.yaml"


def problems_for(tmp_path: Path, **docs: Any) -> list[str]:
    root = fx.write_course(tmp_path / "course", **docs)
    with pytest.raises(ContentError) as caught:
        load_course(root)
    return caught.value.problems


def broken_chapters(change) -> list[dict[str, Any]]:
    chapters = fx.chapters()
    change(chapters[0])
    return chapters


def test_valid_course_loads_into_frozen_typed_objects(tmp_path: Path) -> None:
    course = load_course(fx.write_course(tmp_path / "course"))
    assert [c.id for c in course.chapters] == ["alpha-basics", "beta-deep"]
    assert course.path("fast-track").lesson_ids == ("second-lesson", "third-lesson")
    assert course.path("full").lesson_ids == ("first-lesson", "second-lesson", "third-lesson")
    assert course.chapter_of_lesson["third-lesson"].id == "beta-deep"
    assert course.glossary[0].lesson == "first-lesson"
    with pytest.raises(ValidationError):
        course.chapters[0].lessons[0].title = "changed"  # type: ignore[misc]


def test_missing_and_unknown_fields_name_file_lesson_and_field(tmp_path: Path) -> None:
    def change(chapter: dict[str, Any]) -> None:
        del chapter["lessons"][1]["trade_offs"]
        chapter["lessons"][0]["tradeoffs"] = "typo"
    problems = problems_for(tmp_path, chapter_docs=broken_chapters(change))
    assert any(
        CHAPTER_FILE in p and "alpha-basics/second-lesson: trade_offs: missing field" in p for p in problems
    )
    assert any("alpha-basics/first-lesson: tradeoffs: unknown field" in p for p in problems)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    def change(chapter: dict[str, Any]) -> None:
        chapter["lessons"][0]["quiz"][0]["question"] = "q" * 301
        chapter["lessons"][0]["quiz"][1]["explanation"] = "e" * 201
        chapter["lessons"][1]["minutes"] = "soon"
    problems = problems_for(tmp_path, chapter_docs=broken_chapters(change))
    assert any("first-lesson: quiz[0].question: String should have at most 300 characters" in p for p in problems)
    assert any("first-lesson: quiz[1].explanation: String should have at most 200 characters" in p for p in problems)
    assert any("second-lesson: minutes:" in p for p in problems)


def test_quiz_rules(tmp_path: Path) -> None:
    def change(chapter: dict[str, Any]) -> None:
        quiz = chapter["lessons"][0]["quiz"]
        quiz[0]["answer"] = 4
        quiz[1]["options"] = ["a", "b", "c"]
        quiz[2]["options"] = ["same", "same", "c", "d"]
        quiz[3]["explanation"] = "one\ntwo\nthree\nfour"
        chapter["lessons"][1]["quiz"][0]["options"][2] = "o" * 101
    problems = problems_for(tmp_path, chapter_docs=broken_chapters(change))
    text = "\n".join(problems)
    assert "first-lesson: quiz[0].answer: index 4 is out of range (0..3)" in text
    assert "first-lesson: quiz[1].options: Tuple should have at least 4 items" in text
    assert "first-lesson: quiz[2].options: two options are the same" in text
    assert "first-lesson: quiz[3].explanation: more than 2 line breaks" in text
    assert "second-lesson: quiz[0].options: option 2 has 101 characters, limit is 100" in text
    assert "names no" not in text  # a broken chapter is not reported again through paths and glossary


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    chapters = fx.chapters()
    chapters[1]["lessons"][0]["id"] = "first-lesson"
    chapters.append({**fx.chapters()[1], "number": 3})  # same chapter id again, another number
    problems = "\n".join(problems_for(tmp_path, chapter_docs=chapters))
    assert "beta-deep/first-lesson: id: lesson id already used in" in problems
    assert "03-beta-deep.yaml: beta-deep: id: chapter id already used in" in problems


def test_path_steps_must_name_real_chapters_and_lessons(tmp_path: Path) -> None:
    paths = fx.paths()
    paths["paths"][0]["steps"] = ["alpha-basics", "no-such-chapter", "beta-deep/no-such-lesson"]
    problems = "\n".join(problems_for(tmp_path, paths_doc=paths))
    assert "paths.yaml: beginner: steps[1]: 'no-such-chapter' names no chapter" in problems
    assert "paths.yaml: beginner: steps[2]: 'beta-deep/no-such-lesson' names no lesson of chapter beta-deep" in problems


def test_glossary_must_point_at_lessons(tmp_path: Path) -> None:
    glossary = {"terms": [{"term": "Ghost", "definition": "Nowhere.", "lesson": "missing-lesson"}]}
    problems = "\n".join(problems_for(tmp_path, glossary_doc=glossary))
    assert "glossary.yaml: terms[0] (Ghost): lesson: 'missing-lesson' names no lesson" in problems


def test_page_over_telegram_limit_and_unclosed_fence(tmp_path: Path) -> None:
    def change(chapter: dict[str, Any]) -> None:
        chapter["lessons"][0]["real_world"] = "word " * 900
        chapter["lessons"][1]["how_it_works"] = "```\nbox\n"
    problems = "\n".join(problems_for(tmp_path, chapter_docs=broken_chapters(change)))
    assert "first-lesson: real_world: rendered page is" in problems and "Telegram allows 4096" in problems
    assert "second-lesson: how_it_works: a ``` block is opened but never closed" in problems


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    root = fx.write_course(tmp_path / "course")
    (root / CHAPTER_FILE).write_text("id: alpha-basics\nlessons: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(root)
    assert any(CHAPTER_FILE in p and "malformed YAML at line" in p for p in caught.value.problems)


def test_file_name_must_match_chapter(tmp_path: Path) -> None:
    root = fx.write_course(tmp_path / "course")
    (root / CHAPTER_FILE).rename(root / "chapters/07-alpha.yaml")
    with pytest.raises(ContentError) as caught:
        load_course(root)
    assert any("file name should be 01-alpha-basics.yaml" in p for p in caught.value.problems)


def test_ids_that_would_not_fit_callback_data_are_rejected(tmp_path: Path) -> None:
    def change(chapter: dict[str, Any]) -> None:
        chapter["lessons"][0]["id"] = "x" * 49
        chapter["lessons"][1]["id"] = "Has Spaces"
    problems = "\n".join(problems_for(tmp_path, chapter_docs=broken_chapters(change)))
    assert "x" * 49 + ": id: String should have at most 48 characters" in problems
    assert "Has Spaces: id: String should match pattern" in problems


def test_check_content_command_reports_coverage_or_problems(tmp_path: Path, capsys) -> None:
    root = fx.write_course(tmp_path / "course")
    assert check_content(root) == 0
    assert "content ok: 2 chapters, 3 lessons, 12 quiz questions, 2 interview prompts, 1 glossary terms" in (
        capsys.readouterr().out
    )
    (root / "paths.yaml").write_text("paths: [{id: x}]\n", encoding="utf-8")
    assert check_content(root) == 1
    err = capsys.readouterr().err
    assert "paths.yaml: x: title: Field required" in err
    assert "content check failed" in err


def test_shipped_content_is_valid() -> None:
    course = load_course()
    assert course.path("fast-track") is not None
    for lesson in course.lessons_by_id.values():
        assert len(lesson.quiz) >= 4, lesson.id


def test_practice_files_are_validated(tmp_path: Path) -> None:
    import yaml

    root = fx.write_course(tmp_path / "course")
    rubric = [{"point": f"point {i}", "lesson": "first-lesson"} for i in range(8)]
    rubric[0]["lesson"] = "ghost-lesson"
    phases = [{"name": name, "minutes": 5, "prompt": "Think."} for name in
              ("Requirements and constraints", "High-level design", "Deep dive", "Scaling and bottlenecks")]
    drills = {"drills": [
        {"id": "good", "title": "Design X", "brief": "Do it.", "phases": phases, "rubric": rubric},
        {"id": "bad-phases", "title": "Design Y", "brief": "Do it.", "phases": phases[::-1], "rubric": rubric[1:]},
    ]}
    estimates = {"estimates": [
        {"id": "ok", "question": "How many?", "dimension": "count", "answer": 10, "tolerance": "half",
         "solution": ["10"]},
        {"id": "odd", "question": "How far?", "dimension": "furlongs", "answer": 5, "tolerance": "half",
         "solution": ["5"]},
        {"id": "ok", "question": "Again?", "dimension": "count", "answer": -1, "tolerance": "exact",
         "solution": ["1"]},
    ]}
    sheet = {"sections": [{"title": "Wide", "table": "x" * 41}]}
    (root / "drills.yaml").write_text(yaml.safe_dump(drills), encoding="utf-8")
    (root / "estimates.yaml").write_text(yaml.safe_dump(estimates), encoding="utf-8")
    (root / "cheatsheet.yaml").write_text(yaml.safe_dump(sheet), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(root)
    text = "\n".join(caught.value.problems)
    assert "drills.yaml: good: rubric[0].lesson: 'ghost-lesson' names no lesson" in text
    assert "drills.yaml: bad-phases: phases: expected" in text
    assert "estimates.yaml: estimates[1] (odd): dimension:" in text
    assert "estimates.yaml: estimates[2] (ok): answer: Input should be greater than 0" in text
    assert "estimates.yaml: estimates[2] (ok): tolerance:" in text
    assert "cheatsheet.yaml: sections[0] (Wide): table: line 1 is 41 characters, limit is 40" in text


ANSWER = "A strong candidate names the mechanism, gives a number and says when the answer changes. " * 2


def follow_up(n: int) -> dict[str, str]:
    return {"question": f"What breaks first at ten times the load, case {n}?", "answer": ANSWER}


def test_follow_ups_load_when_a_lesson_has_three(tmp_path: Path) -> None:
    def change(chapter: dict[str, Any]) -> None:
        chapter["lessons"][0]["follow_ups"] = [follow_up(n) for n in range(3)]
    course = load_course(fx.write_course(tmp_path / "course", chapter_docs=broken_chapters(change)))
    assert len(course.lesson("first-lesson").follow_ups) == 3
    assert course.lesson("second-lesson").follow_ups == ()


def test_follow_up_limits_are_reported(tmp_path: Path) -> None:
    def change(chapter: dict[str, Any]) -> None:
        chapter["lessons"][0]["follow_ups"] = [follow_up(0), follow_up(1)]
        chapter["lessons"][1]["follow_ups"] = [follow_up(0), follow_up(1), follow_up(2)]
        chapter["lessons"][1]["follow_ups"][0]["question"] = "q" * 201
        chapter["lessons"][1]["follow_ups"][1]["answer"] = "Too short to help."
        chapter["lessons"][1]["follow_ups"][2]["answer"] = "word " * 151
    problems = problems_for(tmp_path, chapter_docs=broken_chapters(change))
    assert any("first-lesson: follow_ups: " in p and "2 follow-ups" in p for p in problems)
    assert any("second-lesson: follow_ups[0].question: String should have at most 200" in p for p in problems)
    assert any("second-lesson: follow_ups[1].answer: " in p and "4 words" in p for p in problems)
    assert any("second-lesson: follow_ups[2].answer: " in p and "151 words" in p for p in problems)


def test_check_content_counts_lessons_without_follow_ups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_content(fx.write_course(tmp_path / "course")) == 0
    assert "3 of 3 lessons have no interview follow-ups yet" in capsys.readouterr().out


def test_a_validated_course_is_read_back_from_the_cache_and_any_edit_misses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from content import load_course
    from content.loader import DEFAULT_CONTENT_DIR, ContentError

    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    first = load_course(content)
    assert len(list((tmp_path / "cache").glob("course-*.pickle"))) == 1
    assert load_course(content).lessons_by_id.keys() == first.lessons_by_id.keys()
    chapter = next((content / "chapters").glob("03-*.yaml"))
    chapter.write_text(chapter.read_text().replace("title: Core Concepts", "title: Core Concepts Revised", 1))
    assert load_course(content).chapter("core-concepts").title == "Core Concepts Revised"
    chapter.write_text(chapter.read_text() + "\n  - broken: [")
    with pytest.raises(ContentError):
        load_course(content)  # a broken edit is reported, never served from an older cache
