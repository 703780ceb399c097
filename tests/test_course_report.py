"""The authors' report: `python -m bot report` as a real process, on an empty database and on one
a few scripted learners filled; /admin's summary and its full-report button."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from content import Course, load_course
from domain.clock import FrozenClock
from storage.db import create_engine
from storage.migrate import upgrade
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
REPORT_FILES = {"questions.csv", "lessons.csv", "comments.csv", "new_learners.csv", "cohorts.csv", "funnel.csv",
                "pushes.csv", "paths.csv", "report.html"}


def run_report(database_url: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "COURSE_CACHE_DIR": os.environ["COURSE_CACHE_DIR"],
           "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "bot", "report", "--out", str(out), *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as source:
        return list(csv.DictReader(source))


async def empty_database(path: Path) -> str:
    """A migrated database nobody has used yet."""
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    await upgrade(engine)
    await engine.dispose()
    return url


async def test_report_on_an_empty_database(tmp_path: Path) -> None:
    result = run_report(await empty_database(tmp_path / "empty.db"), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Wrote 9 files" in result.stdout
    assert {p.name for p in (tmp_path / "out").iterdir()} == REPORT_FILES
    assert rows(tmp_path / "out" / "questions.csv") == []
    page = (tmp_path / "out" / "report.html").read_text()
    assert page.count("<svg") == 2 and "no answers yet" in page and "no learners yet" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing fetched: readable offline


async def test_report_says_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    missing = run_report(f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'bot.db'}", tmp_path / "out")
    assert missing.returncode == 2 and "No database at" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "nowhere").exists()  # nothing created on the way

    database = await empty_database(tmp_path / "empty.db")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    unwritable = run_report(database, blocker)
    assert unwritable.returncode == 2 and "Cannot write the report to" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr
    future = run_report(database, tmp_path / "later", "--since", "2999-01-01")
    assert future.returncode == 0 and "after today" in future.stderr


async def a_class_takes_the_first_lesson(emulator: BotApiEmulator, course: Course, wrong_first: int) -> str:
    """Five learners read the first lesson and take its quiz; the first `wrong_first` miss its first question."""
    first_question = ""
    for n in range(5):
        learner = Learner(emulator, user_id=8000 + n, first_name=f"L{n}")
        await learner.reads_todays_lesson_on(course.path("fast-track").title)
        await learner.presses("Not really" if n == 0 else "Helpful")
        if n == 0:  # a comment an author's spreadsheet must not run as a formula
            await learner.says('=HYPERLINK("http://example.com","click")')
        finished = next(m for m in reversed(emulator.chat(learner.id))
                        if any("Take the quiz" in label for label, _ in m.flat_buttons))
        *_, poll = await learner.presses("Take the quiz", finished)
        assert poll.poll is not None
        first_question = re.sub(r"^\d+/\d+ ", "", poll.poll["question"])  # without its "1/4 "
        [poll] = await (learner.answers_wrong(poll) if n < wrong_first else learner.answers_right(poll))
        while poll.poll is not None:
            [poll] = await learner.answers_right(poll)
    return first_question


async def test_report_on_a_seeded_database(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, tmp_path: Path
) -> None:
    course = load_course(shipped_content)
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START)):
        missed = await a_class_takes_the_first_lesson(emulator, course, wrong_first=3)

    result = run_report(database_url, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    questions = rows(tmp_path / "out" / "questions.csv")
    first_lesson = course.lesson(course.path("fast-track").lesson_ids[0])
    assert first_lesson is not None
    assert len(questions) == len(first_lesson.quiz)  # every question of the quiz, each answered 5 times
    assert all(row["answers"] == "5" for row in questions)
    assert [row["share_right"] for row in questions] == ["0.400", "1.000", "1.000", "1.000"]  # the hardest first
    assert questions[0]["question"] == missed
    [lesson] = rows(tmp_path / "out" / "lessons.csv")
    assert (lesson["lesson_id"], lesson["opened"], lesson["finished"], lesson["completion"]) == (
        first_lesson.id, "5", "5", "1.000")
    assert (lesson["helpful"], lesson["not_helpful"], lesson["quiz_accuracy"]) == ("4", "1", f"{17 / 20:.3f}")
    funnel = {row["step"]: row["learners"] for row in rows(tmp_path / "out" / "funnel.csv")}
    assert funnel["started"] == funnel["chose a path"] == funnel["answered a quiz"] == "5"
    [comment] = rows(tmp_path / "out" / "comments.csv")
    assert comment["comment"].startswith("'=HYPERLINK")
    page = (tmp_path / "out" / "report.html").read_text()
    assert escape(missed[:100], quote=False) in page  # in the worst-questions table
    assert first_lesson.title in page  # opened 5 times: ranked among the lessons to look at

    later = run_report(database_url, tmp_path / "later", "--since", "2026-11-03")
    assert later.returncode == 0 and rows(tmp_path / "later" / "questions.csv") == []


async def test_admin_summary_and_full_report(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    op, eve = Learner(emulator, user_id=8100, first_name="Op"), Learner(emulator, user_id=8101, first_name="Eve")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START), admin_ids=(op.id,)):
        await a_class_takes_the_first_lesson(emulator, course, wrong_first=2)
        [view] = await op.says("/admin")
        assert "Questions flagged</b> since 03 Oct: 0 of 4 answered" in view.html  # too few answers to flag
        button = op.button("Full report", view)[1]
        [page] = await op.presses("Full report", view)
        assert page.document is not None and page.document[0] == "sd-coach-report-2026-11-02.html"
        assert b"Course report" in page.document[1]

        await eve.says("/start")
        await eve.presses_data(button, view)  # a forged operator button
        assert eve.toasts[-1].startswith("That button is out of date")
        assert not [m for m in emulator.chat(eve.id) if m.document is not None]
