"""/privacy, /export and /forget end to end: the file holds what the learner did and nobody else's
data; forgetting leaves no row of theirs in any table, and /start begins afresh."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from content import Course, load_course
from domain.clock import FrozenClock
from storage.db import create_engine
from storage.user_data import learner_tables, owner_column
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator, SentMessage
from tests.support.running import running_bot

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
NOTE = "Hash the long URL? No: a counter in base62, 7 characters."
COMMENT = "Page 3's numbers helped."


async def does_a_bit_of_everything(learner: Learner, course: Course) -> None:
    """A path, a lesson, its quiz with one miss, a vote and comment, a drill note and an estimate."""
    await learner.reads_todays_lesson_on(course.path("fast-track").title)
    await learner.presses("Helpful")
    await learner.says(COMMENT)
    finished = next(m for m in reversed(learner.emulator.chat(learner.id))
                    if any("Take the quiz" in label for label, _ in m.flat_buttons))
    *_, poll = await learner.presses("Take the quiz", finished)
    [poll] = await learner.answers_wrong(poll)
    while poll.poll is not None:
        [poll] = await learner.answers_right(poll)
    [menu] = await learner.says("/drill")
    await learner.presses(course.drills[0].title, menu)
    await learner.says(NOTE)
    [question] = await learner.says("/estimate")
    estimate = next(e for e in course.estimates if e.question[:50] in question.text)
    await learner.says(f"{estimate.answer:.6g}")


def loaded(document: SentMessage) -> dict:
    assert document.document is not None
    return json.loads(document.document[1])


async def test_export_holds_what_the_learner_did_and_nothing_of_anyone_else(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    ada = Learner(emulator, user_id=7001, first_name="Ada")
    bob = Learner(emulator, user_id=7002, first_name="Bobby-the-other")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(START), rng=random.Random(5)):
        [nothing] = await ada.says("/export")
        assert "I store nothing about you yet" in nothing.text
        await does_a_bit_of_everything(ada, course)
        await does_a_bit_of_everything(bob, course)
        await ada.says("/timezone Berlin")

        json_file, csv_file = await ada.says("/export")

    assert json_file.document is not None and json_file.document[0] == "sd-coach-2026-11-02.json"
    assert "README" in json_file.text
    raw = json_file.document[1]
    assert b"7002" not in raw and b"Bobby" not in raw and b"Bobby" not in csv_file.document[1]
    data = loaded(json_file)
    assert data["format"] == "sd-coach-export" and data["version"] == 1
    assert data["exported_at"].endswith("+00:00")
    assert data["learner"]["telegram_id"] == 7001 and data["learner"]["first_name"] == "Ada"
    assert data["settings"]["path"] == "fast-track" and data["settings"]["timezone"] == "Europe/Berlin"
    assert data["settings"]["daily_lesson_at"] == "09:00"

    first_lesson = course.lesson(course.path("fast-track").lesson_ids[0])
    assert first_lesson is not None
    [lesson] = data["lessons"]
    assert lesson["lesson_id"] == first_lesson.id and lesson["title"] == first_lesson.title
    assert lesson["finished_at"].startswith("2026-11-02T08:00:00")

    [quiz] = [q for q in data["quizzes"] if q["kind"] == "lesson"]
    assert quiz["status"] == "finished" and quiz["right"] == quiz["asked"] - 1
    answers = quiz["answers"]
    assert len(answers) == quiz["asked"] == len(first_lesson.quiz)
    wrong = answers[0]
    asked = next(q for q in first_lesson.quiz if q.question == wrong["question"])
    assert wrong["correct"] is False and wrong["right_answer"] == asked.options[asked.answer]
    assert wrong["chosen"] in asked.options and wrong["chosen"] != wrong["right_answer"]
    assert all(a["correct"] and a["chosen"] == a["right_answer"] for a in answers[1:])

    cards = {card["question"]: card for card in data["review_cards"]}
    assert set(cards) == {a["question"] for a in answers}  # every answered question is scheduled
    assert cards[wrong["question"]]["wrong"] == 1 and cards[wrong["question"]]["last_correct"] is False
    assert all(card["schedule"] and "stability" in card["schedule"] for card in cards.values())
    assert sorted(wrong["options_shown"]) == sorted(asked.options)
    assert len(data["recall_cards"]) == len(first_lesson.follow_ups)
    assert data["feedback"] == [{"lesson_id": first_lesson.id, "helpful": True, "comment": COMMENT,
                                 "updated_at": data["feedback"][0]["updated_at"]}]
    [drill] = data["drills"]
    assert drill["drill_id"] == course.drills[0].id and NOTE in drill["notes"]
    [estimate] = data["estimates"]
    assert estimate["within_tolerance"] is True
    assert data["active_days"] == ["2026-11-02"]

    assert csv_file.document is not None and csv_file.document[0] == "sd-coach-2026-11-02-answers.csv"
    rows = list(csv.DictReader(io.StringIO(csv_file.document[1].decode())))
    assert len(rows) == len(answers) and rows[0]["question"] == wrong["question"]
    assert rows[0]["correct"] == "False" and rows[1]["correct"] == "True"


async def count_rows(database_url: str, user_id: int) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            counts = {}
            for table in learner_tables():
                column = owner_column(table)
                assert column is not None
                statement = select(func.count()).select_from(table).where(column == user_id)
                counts[table.name] = (await connection.execute(statement)).scalar_one()
            return counts
    finally:
        await engine.dispose()


async def test_forget_leaves_no_row_and_start_begins_afresh(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    clock = FrozenClock(START)
    ada = Learner(emulator, user_id=7011, first_name="Ada")
    bob = Learner(emulator, user_id=7012, first_name="Bob")
    async with running_bot(emulator, database_url, shipped_content, clock, rng=random.Random(5)):
        await does_a_bit_of_everything(ada, course)
        await does_a_bit_of_everything(bob, course)
    clock.set(START + timedelta(hours=1, minutes=1))  # the daily lesson is due: a delivery row each
    async with running_bot(emulator, database_url, shipped_content, clock, pushes=True):
        for _ in range(100):
            if (await count_rows(database_url, bob.id))["deliveries"]:
                break
            await asyncio.sleep(0.1)
        before = await count_rows(database_url, ada.id)
        assert all(before.values()), f"the script should leave a row of Ada's in every table: {before}"

        [privacy] = await ada.says("/privacy")
        assert "What I store" in privacy.text and "/export" in privacy.text and "/forget" in privacy.text
        [ask] = await ada.says("/forget")
        assert "Delete everything I store about you?" in ask.text and "cannot be undone" in ask.text
        [kept] = await ada.presses("Keep my data", ask)
        assert kept.text == "Nothing deleted."
        assert await count_rows(database_url, ada.id) == before

        [ask] = await ada.says("/forget")
        [kept] = await ada.presses_data("fg:2", ask)  # a hand-made value is not a yes
        assert kept.text == "Nothing deleted." and await count_rows(database_url, ada.id) == before

        [ask] = await ada.says("/forget")
        [done] = await ada.presses("Delete everything", ask)
        assert done.text == "Done: I no longer store anything about you. /start begins afresh."
        assert set((await count_rows(database_url, ada.id)).values()) == {0}
        assert all((await count_rows(database_url, bob.id)).values())  # nobody else's data went

        [settings] = await ada.says("/settings")  # she is back: a new contact, as on her first day
        assert "Timezone: UTC" in settings.text
        after = await count_rows(database_url, ada.id)
        assert after.pop("users") == 1 and set(after.values()) == {0}

        [welcome] = await ada.says("/start")
        assert "Pick a path to begin" in welcome.text
        [progress] = await ada.says("/progress")
        assert "Lessons read: 0" in progress.text or "0 of" in progress.text
        chosen, *_ = await ada.presses_data(ada.button("Interview Fast-Track", welcome)[1], welcome)
        assert "Interview Fast-Track" in chosen.text
        [export] = await ada.says("/export")
        data = loaded(export)
        assert data["lessons"] == [] and data["quizzes"] == [] and data["feedback"] == []


async def test_a_stale_confirmation_deletes_nothing(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    clock = FrozenClock(datetime.now(UTC))
    cy = Learner(emulator, user_id=7021, first_name="Cy")
    async with running_bot(emulator, database_url, shipped_content, clock):
        await cy.reads_todays_lesson_on(course.path("fast-track").title)
        [ask] = await cy.says("/forget")
        clock.advance(timedelta(hours=1))  # the confirmation was asked an hour ago
        [expired] = await cy.presses("Delete everything", ask)
        assert "expired and nothing was deleted" in expired.text
        [progress] = await cy.says("/progress")
        assert "1" in progress.text and (await count_rows(database_url, cy.id))["lesson_progress"] == 1
