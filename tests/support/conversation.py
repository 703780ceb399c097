"""Tests that read like a conversation: `await learner.says("/today")`, `await learner.presses("Next")`."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from tests.support.emulator import BotApiEmulator, SentMessage

_callback_ids = itertools.count(1)


class Learner:
    def __init__(
        self, emulator: BotApiEmulator, user_id: int, first_name: str = "Ada", waits_for_reply: bool = False
    ) -> None:
        """`waits_for_reply`: for a bot in another process that handles updates concurrently, where
        "the bot fetched the next updates" does not mean "it has answered": wait for the answer."""
        self.emulator = emulator
        self.id = user_id
        self.first_name = first_name
        self.message_ids = itertools.count(1_000)
        self.waits_for_reply = waits_for_reply

    @property
    def user(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": "en"}

    def _mark(self) -> int:
        return len(self.emulator.actions.get(self.id, []))

    def _since(self, mark: int) -> list[tuple[str, Any]]:
        return self.emulator.actions.get(self.id, [])[mark:]

    async def _deliver(self, kind: str, payload: dict[str, Any]) -> list[tuple[str, Any]]:
        mark = self._mark()
        update_id = await self.emulator.push(kind, payload)
        if not self.waits_for_reply:
            await self.emulator.wait_handled(update_id)
            return self._since(mark)
        deadline = time.monotonic() + 60
        while not any(kind in ("send", "edit", "poll", "document") for kind, _ in self._since(mark)):
            assert time.monotonic() < deadline, f"no reply to update {update_id}"
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # the rest of the reply (an edit after a toast, a second message)
        return self._since(mark)

    async def says(self, text: str) -> list[SentMessage]:
        """Send a text message; returns the messages the bot sent or edited in reply."""
        message: dict[str, Any] = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self.user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        actions = await self._deliver("message", message)
        return self._touched(actions)

    async def searches_inline(self, query: str) -> dict[str, Any]:
        """Type `@bot <query>` in some chat; returns the bot's answerInlineQuery parameters."""
        query_id = f"iq-{next(_callback_ids)}"
        update_id = await self.emulator.push("inline_query", {
            "id": query_id, "from": self.user, "query": query, "offset": "", "chat_type": "sender",
        })
        await self.emulator.wait_handled(update_id)
        return self.emulator.inline_answers[query_id]

    async def says_in_group(self, group_id: int, text: str) -> list[SentMessage]:
        """Send a text message in a group chat; returns what the bot sent there in reply."""
        message: dict[str, Any] = {
            "message_id": next(self.message_ids), "date": int(time.time()), "text": text,
            "chat": {"id": group_id, "type": "supergroup", "title": "Study group"}, "from": self.user,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        before = len(self.emulator.chat(group_id))
        update_id = await self.emulator.push("message", message)
        await self.emulator.wait_handled(update_id)
        return self.emulator.chat(group_id)[before:]

    async def shares_location(self, latitude: float, longitude: float) -> list[SentMessage]:
        message = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self.user,
            "location": {"latitude": latitude, "longitude": longitude},
        }
        return self._touched(await self._deliver("message", message))

    def _touched(self, actions: list[tuple[str, Any]]) -> list[SentMessage]:
        touched: list[SentMessage] = []
        for kind, value in actions:
            if kind in ("send", "edit", "poll", "document"):
                message = self.emulator.messages[self.id][value]
                if message not in touched:
                    touched.append(message)
        return touched

    @property
    def last(self) -> SentMessage:
        """The message the learner sees last (the newest one the bot sent)."""
        return self.emulator.chat(self.id)[-1]

    @property
    def toasts(self) -> list[str]:
        return [value for kind, value in self.emulator.actions.get(self.id, []) if kind == "toast"]

    def button(self, label: str, message: SentMessage | None = None) -> tuple[str, str]:
        """Find a button by (part of) its label on the given message, else on the newest with buttons."""
        candidates = [message] if message else [m for m in reversed(self.emulator.chat(self.id)) if m.buttons]
        for candidate in candidates:
            for text, data in candidate.flat_buttons:
                if label in text:
                    return text, data
            if message is None:
                break  # only the newest keyboard is in reach, as on a phone screen
        shown = [t for m in candidates[:1] for t, _ in m.flat_buttons]
        raise AssertionError(f"no button {label!r}; buttons shown: {shown}")

    async def presses(self, label: str, message: SentMessage | None = None) -> list[SentMessage]:
        """Tap a button; returns the messages sent or edited in reply."""
        if message is None:
            message = next((m for m in reversed(self.emulator.chat(self.id)) if m.buttons), None)
            assert message is not None, "no message with buttons"
        _, data = self.button(label, message)
        return await self.presses_data(data, message)

    async def presses_data(self, data: str, message: SentMessage) -> list[SentMessage]:
        """Tap a button with the given raw callback data (also how tests forge stale buttons)."""
        payload = {
            "id": f"cq-{next(_callback_ids)}",
            "from": self.user,
            "chat_instance": f"ci-{self.id}",
            "data": data,
            "message": {
                "message_id": message.message_id,
                "date": int(time.time()),
                "chat": {"id": self.id, "type": "private"},
                "from": {"id": 424242, "is_bot": True, "first_name": "Coach"},
                "text": message.text,
            },
        }
        actions = await self._deliver("callback_query", payload)
        return self._touched(actions)

    async def reads_todays_lesson_on(self, path_title: str) -> None:
        """Choose a path, open today's lesson, turn every page and finish it."""
        await self.says("/path")
        await self.presses(path_title)
        await self.says("/today")
        while not any("Finish lesson" in label for label, _ in self.last.flat_buttons):
            await self.presses("Next")
        await self.presses("Finish lesson")

    # ---- quiz polls ------------------------------------------------------------------------
    @property
    def polls(self) -> list[SentMessage]:
        return [m for m in self.emulator.chat(self.id) if m.poll is not None]

    def correct_option(self, poll_message: SentMessage) -> int:
        assert poll_message.poll is not None
        return self.emulator.polls[poll_message.poll["id"]]["correct_option_ids"][0]

    def options(self, poll_message: SentMessage) -> list[str]:
        assert poll_message.poll is not None
        return [option["text"] for option in poll_message.poll["options"]]

    async def answers(self, poll_message: SentMessage, choice: int | None) -> list[SentMessage]:
        """Vote on a quiz poll (option index as shown; None retracts the vote)."""
        assert poll_message.poll is not None
        return await self.answers_poll_id(poll_message.poll["id"], [] if choice is None else [choice])

    async def answers_poll_id(self, poll_id: str, option_ids: list[int]) -> list[SentMessage]:
        payload = {
            "poll_id": poll_id,
            "user": self.user,
            "option_ids": option_ids,
            "option_persistent_ids": [str(i) for i in option_ids],
        }
        return self._touched(await self._deliver("poll_answer", payload))

    async def answers_right(self, poll_message: SentMessage) -> list[SentMessage]:
        return await self.answers(poll_message, self.correct_option(poll_message))

    async def works_through(self, first: SentMessage, rating: str = "Good") -> tuple[SentMessage, list[str]]:
        """Answer every quiz poll right and rate every recall card until the session's summary.
        Returns the summary and the keys asked (question keys and follow-up keys), in order."""
        current, asked = first, []
        while True:
            if current.poll is not None:
                asked.append(current.poll["id"])
                [current] = await self.answers_right(current)
            elif any("Show answer" in label for label, _ in current.flat_buttons):
                asked.append(current.text)
                [revealed] = await self.presses("Show answer", current)
                *_, current = await self.presses(rating, revealed)
            else:
                return current, asked

    async def answers_wrong(self, poll_message: SentMessage) -> list[SentMessage]:
        return await self.answers(poll_message, (self.correct_option(poll_message) + 1) % 4)
