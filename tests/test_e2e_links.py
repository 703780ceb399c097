"""Deep links into the course, the share button and inline concept cards, over the emulator."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from content import load_course
from domain.clock import FrozenClock
from domain.deep_links import slug
from storage.db import create_engine
from storage.models import User
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot

MONDAY = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
BOT = "sd_coach_test_bot"


async def users_stored(database_url: str, user_id: int) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(select(func.count()).where(User.id == user_id))).scalar_one()
    finally:
        await engine.dispose()


async def test_a_lesson_link_brings_a_newcomer_to_the_lesson_then_to_a_path(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    lesson = course.lesson("consistent-hashing")
    assert lesson is not None
    new = Learner(emulator, user_id=9001, first_name="New")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(MONDAY)):
        [page] = await new.says("/start l-consistent-hashing")
        assert lesson.title in page.text and "1/6" in page.text
        while not any("Finish lesson" in label for label, _ in new.last.flat_buttons):
            await new.presses("Next")
        [finished] = await new.presses("Finish lesson")
        labels = [label for label, _ in finished.flat_buttons]
        assert "🧭 Choose a path" in labels and "▶ Next lesson" not in labels

        [shared] = await new.presses("Share", finished)
        link = f"https://t.me/{BOT}?start=l-consistent-hashing"
        assert link in shared.text and lesson.title in shared.text
        assert ("📤 Send the card to a chat", f"inline:{lesson.title}") in shared.flat_buttons

        [paths] = await new.presses("Choose a path", finished)
        assert "Interview Fast-Track" in " ".join(label for label, _ in paths.flat_buttons)


async def test_term_drill_and_check_links_and_bad_payloads(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    term = course.glossary[0]
    ann = Learner(emulator, user_id=9002, first_name="Ann")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(MONDAY)):
        [card] = await ann.says(f"/start g-{slug(term.term)}")
        assert term.term in card.text and term.definition[:40] in card.text and "Trade-off:" in card.text
        [page] = await ann.presses("Open the lesson", card)
        assert course.lessons_by_id[term.lesson].title in page.text

        drill = course.drills[0]
        [phase] = await ann.says(f"/start d-{drill.id}")
        assert drill.title in phase.text and "Phase 1/" in phase.text

        intro, first = await ann.says("/start check")
        assert "2-minute check" in intro.text and first.poll is not None

        await ann.says("Scale the redirect reads with a cache.")  # a note in the drill under way
        [offer] = await ann.says(f"/start d-{course.drills[-1].id}")  # another drill's link
        assert "unfinished drill" in offer.text  # the notes are not dropped for a link

        for forged in ("l-no-such-lesson", "g-no-such-term", "d-no-such-drill", "x-y", "L-CONSISTENT-HASHING",
                       "l-%2F..%2F", "a" * 80):
            note, welcome = await ann.says(f"/start {forged}")
            assert "doesn't lead anywhere I know" in note.text, forged
            assert "Pick a path to begin" in welcome.text, forged
        for quiet in ("group", "inline"):  # the bot's own plain-welcome payloads
            [welcome] = await ann.says(f"/start {quiet}")
            assert "Pick a path to begin" in welcome.text


async def test_inline_concept_cards(emulator: BotApiEmulator, database_url: str, shipped_content: Path) -> None:
    stranger = Learner(emulator, user_id=9003, first_name="Stranger")
    async with running_bot(emulator, database_url, shipped_content, FrozenClock(MONDAY)):
        exact = await stranger.searches_inline("Consistent hashing")
        first = exact["results"][0]
        assert first["title"] == "Consistent hashing" and first["description"].startswith("Glossary · ")
        text = first["input_message_content"]["message_text"]
        assert "Trade-off:" in text and "In practice:" in text and first["input_message_content"]["parse_mode"]
        [[learn]] = first["reply_markup"]["inline_keyboard"]
        assert learn["text"] == "📖 Learn it" and learn["url"] == f"https://t.me/{BOT}?start=l-consistent-hashing"
        assert exact["is_personal"] is False and exact["cache_time"] == 600

        prefix = await stranger.searches_inline("consis")
        top = [r["title"] for r in prefix["results"][:3]]
        assert top[0] == "Consistent hashing" and set(top[1:]) == {"Consistent Hashing", "Consistency Models"}
        typo = await stranger.searches_inline("consistnt hashng")
        assert typo["results"][0]["title"] == "Consistent hashing"
        broad = await stranger.searches_inline("cache")
        assert 1 < len(broad["results"]) <= 10

        empty = await stranger.searches_inline("")
        [featured] = empty["results"]
        assert featured["title"].startswith("Concept of the day: ") and empty["cache_time"] <= 3600
        nothing = await stranger.searches_inline("zzzz qqqq")
        assert nothing["results"] == [] and nothing["button"]["start_parameter"] == "inline"

    assert await users_stored(database_url, stranger.id) == 0  # searching stores nothing about anyone
    assert emulator.allowed_updates is not None and "inline_query" in emulator.allowed_updates
