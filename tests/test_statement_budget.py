"""What one update costs the database, counted over the running bot: the hot paths stay within
a fixed budget of statements and transactions (machine-independent, so a plain test).

Budgets: a page turn, /today and /progress take one transaction of at most four statements;
turning a page and /progress take no write lock. Answering a quiz question is one transaction
of at most four statements to grade it and choose the next, then, after Telegram has created the
next poll, one short transaction recording it (its id exists only once Telegram answers).
"""

from __future__ import annotations

from pathlib import Path

from aiogram import Dispatcher
from sqlalchemy.ext.asyncio import AsyncEngine

from content import load_course
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot
from tests.support.sql_counter import counting


def engine_of(dispatcher: Dispatcher) -> AsyncEngine:
    return dispatcher["session_factory"].kw["bind"]


async def test_hot_paths_stay_within_their_statement_budget(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    ada = Learner(emulator, user_id=5001)
    async with running_bot(emulator, database_url, shipped_content) as dispatcher:
        await dispatcher["poll_expiry"].stop()  # its sweep would be counted too
        engine = engine_of(dispatcher)
        await ada.says("/path")
        await ada.presses(course.path("fast-track").title)
        await ada.says("/today")

        with counting(engine) as today:
            [page] = await ada.says("/today")
        assert "page 1/" in page.text
        assert today.statements <= 4 and today.transactions == 1, today

        with counting(engine) as turn:
            [page] = await ada.presses("Next")
        assert "page 2/" in page.text
        assert turn.statements <= 4 and turn.transactions <= 1 and turn.write_transactions == 0, turn

        while not any("Finish lesson" in label for label, _ in ada.last.flat_buttons):
            await ada.presses("Next")
        await ada.presses("Finish lesson")
        [first] = await ada.presses("Take the quiz")

        with counting(engine) as answer:
            [second] = await ada.answers_right(first)
        assert second.poll is not None
        grading, recording = answer.sql[: answer.sql.index("BEGIN", 1)], answer.sql[answer.sql.index("BEGIN", 1):]
        assert len(grading) <= 4 and len(recording) == 2 and answer.transactions == 2, answer

        with counting(engine) as progress:
            [report] = await ada.says("/progress")
        assert "Streak" in report.text
        assert progress.statements <= 4 and progress.transactions == 1 and progress.write_transactions == 0, progress
