"""Recall practice over the running bot: a finished lesson's interview follow-ups come back in
/review as cards the learner answers aloud, reveals and rates; FSRS schedules them by the rating."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.views import STALE_BUTTON
from content import Course, load_course
from domain.clock import FrozenClock
from storage.models import RecallCard
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator, SentMessage
from tests.support.running import running_bot


@pytest.fixture
def course(shipped_content: Path) -> Course:
    return load_course(shipped_content)


def back_in_days(card: SentMessage) -> int:
    """'Rated: Good · back in 3 days' / 'back tomorrow' on a rated card, in days."""
    match = re.search(r"Rated: \w+ · back (?:in (\d+) days|(tomorrow))", card.text)
    assert match, card.text
    return int(match.group(1)) if match.group(1) else 1


async def rate_next(ada: Learner, card: SentMessage, rating: str) -> tuple[SentMessage, list[SentMessage]]:
    """Show the answer, then rate it; returns the rated card and what came after."""
    assert "Interview follow-up" in card.text and "A strong answer" not in card.text
    [revealed] = await ada.presses("Show answer", card)
    assert revealed.message_id == card.message_id and "A strong answer" in revealed.text
    assert [label for label, _ in revealed.flat_buttons] == ["🔁 Again", "😓 Hard", "🙂 Good", "😎 Easy"]
    rated, *after = await ada.presses(rating, revealed)
    assert rated.message_id == card.message_id and not rated.flat_buttons
    return rated, after


async def test_follow_ups_come_back_as_recall_cards_scheduled_by_the_learners_rating(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    ada = Learner(emulator, user_id=2101)
    fast_track = course.path("fast-track")
    lesson = course.lesson(fast_track.lesson_ids[0])
    assert lesson is not None and len(lesson.follow_ups) == 3
    async with running_bot(emulator, database_url, shipped_content, clock):
        await ada.reads_todays_lesson_on(fast_track.title)
        [nothing] = await ada.says("/review")
        assert "comes back tomorrow" in nothing.text  # just read on page 6: not due before tomorrow

        clock.advance(timedelta(days=1, hours=1))
        [card] = await ada.says("/review")
        assert card.text.startswith("🎯 Interview follow-up 1/3") and lesson.title in card.text
        questions = [f.question for f in lesson.follow_ups]
        assert any(question in card.text for question in questions)
        again, [card] = await rate_next(ada, card, "Again")
        easy, [card] = await rate_next(ada, card, "Easy")
        good, [done] = await rate_next(ada, card, "Good")
        assert "Review done" in done.text and "2 of 3 right" in done.text  # Again counts as not recalled
        assert back_in_days(again) <= 1 < back_in_days(good) < back_in_days(easy)

        # A second tap on a rating changes nothing and asks nothing new.
        before = len(emulator.chat(ada.id))
        await ada.presses_data(f"rc:{_item(emulator, again)}:3", again)
        assert len(emulator.chat(ada.id)) == before

        [progress] = await ada.says("/progress")
        assert "🎯 Interview follow-ups: 3 practised, 0 due today" in progress.text

    clock.advance(timedelta(days=1, hours=1))  # a restart, and the card rated Again is due again
    async with running_bot(emulator, database_url, shipped_content, clock):
        [card] = await ada.says("/review")
        again_question = next(q for q in questions if q in again.text)
        assert again_question in card.text and "1/1" not in card.text.split("\n")[0]
        _, [done] = await rate_next(ada, card, "Good")
        assert "Review done" in done.text and "1 of 1 right" in done.text


def _item(emulator: BotApiEmulator, message: SentMessage) -> str:
    """The recall item id a card's buttons carried (from the emulator's record of its edits)."""
    for name, params in reversed(emulator.calls):
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if name == "editMessageText" and params.get("message_id") == message.message_id:
                    return str(button["callback_data"]).split(":")[1]
    raise AssertionError("no recall buttons were ever shown on that message")


async def test_forged_or_foreign_recall_buttons_are_stale(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    ada, eve = Learner(emulator, user_id=2102), Learner(emulator, user_id=2103)
    async with running_bot(emulator, database_url, shipped_content, clock):
        await ada.reads_todays_lesson_on(course.path("fast-track").title)
        clock.advance(timedelta(days=1, hours=1))
        [card] = await ada.says("/review")
        [eve_says] = await eve.says("/help")
        item = card.flat_buttons[0][1].split(":")[1]
        for data in (f"rc:{item}:3", f"rc:{item}:0", "rc:rc999999-0:3", f"rc:{item}:9", "rc:12345:0"):
            toasts = len(eve.toasts)
            await eve.presses_data(data, eve_says)
            assert eve.toasts[toasts:] == [STALE_BUTTON], data
        [revealed] = await ada.presses("Show answer", card)  # Ada's own card is untouched
        assert "A strong answer" in revealed.text


async def test_editing_a_follow_up_retires_its_card(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path, course: Course, tmp_path: Path
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    ada = Learner(emulator, user_id=2104)
    lesson = course.lesson(course.path("fast-track").lesson_ids[0])
    assert lesson is not None
    async with running_bot(emulator, database_url, shipped_content, clock):
        await ada.reads_todays_lesson_on(course.path("fast-track").title)

    edited = tmp_path / "content"
    shutil.copytree(shipped_content, edited, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    chapter_file = next((edited / "chapters").glob("02-*.yaml"))
    old_question = lesson.follow_ups[0].question
    text = chapter_file.read_text()
    assert old_question in text
    chapter_file.write_text(text.replace(old_question, old_question.rstrip("?") + " in practice?", 1))

    clock.advance(timedelta(days=1, hours=1))
    async with running_bot(emulator, database_url, edited, clock) as dispatcher:
        async with dispatcher["session_factory"]() as session:
            cards = list(await session.scalars(select(RecallCard).where(RecallCard.user_id == ada.id)))
        retired = [card for card in cards if card.retired_at is not None]
        assert len(retired) == 1 and retired[0].card_key.startswith(f"{lesson.id}.f")
        [card] = await ada.says("/review")
        done, asked = await ada.works_through(card)
        assert "Review done" in done.text
        assert not any(old_question in text for text in asked)  # the old wording is never asked again
