"""`python -m bot chat`: the real dispatcher in a terminal, no token and no network.

Updates are built from what you type and fed to the same dispatcher the bot runs; the Bot API
calls it makes are answered by TerminalSession, which prints messages and numbers the buttons.
Progress goes to the same database as the bot (DATABASE_URL).
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage, SendPoll, TelegramMethod
from aiogram.types import Update
from sqlalchemy.engine import make_url

from bot import CHAT_BANNER, heap
from bot.config import Settings
from bot.factory import create_dispatcher
from bot.response_models import KeepResponseModels
from bot.runtime import open_runtime
from domain.clock import Clock

CHAT_TOKEN = "100000:terminal-chat-needs-no-real-token-xx"
LEARNER = {"id": 1, "is_bot": False, "first_name": "Learner", "language_code": "en"}
BOT_USER = {"id": 100000, "is_bot": True, "first_name": "System Design Coach", "username": "sd_coach_bot"}
RULE = "─" * 40


SPOILER = re.compile(r"<tg-spoiler>(.*?)</tg-spoiler>", re.DOTALL)


def html_to_text(text: str) -> str:
    """Telegram HTML as terminal text; spoilers become "[type ?N to reveal]" (see `spoilers`)."""
    numbers = itertools.count(1)
    text = SPOILER.sub(lambda _match: f"[type ?{next(numbers)} to reveal]", text)
    return html.unescape(re.sub(r"</?(b|i|u|s|code|pre|a)[^>]*>", "", text))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def spoilers(text: str) -> list[str]:
    """The hidden parts of a message, in order: what `?1`, `?2`... reveal in the terminal."""
    return [html_to_text(hidden) for hidden in SPOILER.findall(text)]


OUTSIDE = "outside:"  # a button that leaves the chat in Telegram: pressing it here only explains


def outside_target(button: Any) -> str:
    """What a button without callback data does in Telegram, said in the terminal."""
    if button.url:
        return f"{OUTSIDE}(In Telegram this opens {button.url})"
    if button.switch_inline_query is not None:
        query = button.switch_inline_query
        return f"{OUTSIDE}(In Telegram this lets you pick a chat and send it the card for “{query}”.)"
    if button.web_app is not None:
        return f"{OUTSIDE}(In Telegram this opens the course map at {button.web_app.url})"
    return f"{OUTSIDE}(This button does nothing in the terminal.)"


def files_folder(database_url: str) -> Path:
    """Next to the SQLite file the chat uses (data/ by default)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / "chat-files"
    return Path("data") / "chat-files"


class TerminalSession(BaseSession):
    """Answers the bot's API calls locally and shows them as a transcript."""

    def __init__(self, write: Callable[[str], None], files: Path = Path("data") / "chat-files") -> None:
        super().__init__()
        self.write = write
        self.files = files  # where files the bot sends are saved
        self.message_ids = itertools.count(1)
        # The latest buttons: (label, callback data, message id) or poll option numbers.
        self.buttons: list[tuple[str, str, int]] = []
        self.poll: dict[str, Any] | None = None
        self.hidden: list[str] = []  # the spoilers of the last message that had any
        self.recent: list[list[tuple[str, str, int]]] = []  # the last few keyboards, newest last

    def _message(self, message_id: int, **extra: Any) -> dict[str, Any]:
        return {
            "message_id": message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": LEARNER["id"], "type": "private", "first_name": LEARNER["first_name"]},
            "from": BOT_USER,
            **extra,
        }

    def _show(self, text: str, markup: Any, message_id: int, edited: bool) -> None:
        self.write(RULE + (" (edited)" if edited else ""))
        self.write(html_to_text(text))
        if hidden := spoilers(text):
            self.hidden = hidden
        if markup is not None and any(b.request_location for row in getattr(markup, "keyboard", []) for b in row):
            self.write("  (In Telegram a button here shares your location; in this terminal, type your city.)")
        rows = markup.inline_keyboard if markup is not None and hasattr(markup, "inline_keyboard") else []
        buttons = [(b.text, b.callback_data or outside_target(b), message_id) for row in rows for b in row]
        if not buttons:
            return  # a message without buttons leaves the last keyboard in reach, as on a phone
        self.buttons = buttons
        self.recent = [*self.recent[-4:], buttons]
        self.poll = None  # numbers now press these buttons
        self.write("")
        for number, (label, _, _) in enumerate(self.buttons, start=1):
            self.write(f"  [{number}] {label}")

    def button_named(self, typed: str) -> tuple[str, str, int] | None:
        """A button whose label contains what was typed (letters only, any case), newest keyboard
        first: "next", "skip" or "finish" keep working when a new keyboard shifts the numbers."""
        wanted = _letters(typed)
        if len(wanted) < 3 or typed.startswith("/"):
            return None
        for keyboard in reversed(self.recent):
            for button in keyboard:
                if wanted in _letters(button[0]):
                    return button
        return None

    def _result(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, SendMessage):
            message_id = next(self.message_ids)
            self._show(method.text, method.reply_markup, message_id, edited=False)
            return self._message(message_id, text=html_to_text(method.text))
        if isinstance(method, EditMessageText):
            message_id = method.message_id or 0
            self._show(method.text or "", method.reply_markup, message_id, edited=True)
            return self._message(message_id, text=html_to_text(method.text or ""))
        if isinstance(method, AnswerCallbackQuery):
            if method.text:
                self.write(f"  ({method.text})")
            return True
        if isinstance(method, SendPoll):
            message_id = next(self.message_ids)
            options = [getattr(option, "text", option) for option in method.options]
            self.write(RULE)
            self.write(f"QUIZ: {method.question}")
            for number, option in enumerate(options, start=1):
                self.write(f"  ({number}) {option}")
            poll_id = f"poll-{message_id}"
            correct = (method.correct_option_ids or [method.correct_option_id or 0])[0]
            self.poll = {"id": poll_id, "options": options, "correct": correct, "explanation": method.explanation}
            return self._message(
                message_id,
                poll={
                    "id": poll_id,
                    "question": method.question,
                    "options": [
                        {"text": str(o), "voter_count": 0, "persistent_id": str(i)} for i, o in enumerate(options)
                    ],
                    "total_voter_count": 0,
                    "is_closed": False,
                    "is_anonymous": False,
                    "type": "quiz",
                    "allows_multiple_answers": False,
                    "allows_revoting": False,
                    "members_only": False,
                },
            )
        if isinstance(method, SendDocument):
            message_id = next(self.message_ids)
            name, content = self._save_file(method.document)
            self.write(RULE)
            if method.caption:
                self.write(html_to_text(method.caption))
            self.write(f"  📎 {name} ({len(content) / 1024:.1f} KB), saved as {self.files / name}")
            document = {"file_id": f"chat-{message_id}", "file_unique_id": f"u{message_id}", "file_name": name}
            return self._message(message_id, document=document)
        if method.__api_method__ == "getMe":
            return BOT_USER
        return True  # setMyCommands and other calls with nothing to show

    def _save_file(self, document: Any) -> tuple[str, bytes]:
        """A file the bot sends (an /export, a report) lands in a folder next to the database."""
        name = Path(getattr(document, "filename", None) or "file").name
        content = getattr(document, "data", b"")
        self.files.mkdir(parents=True, exist_ok=True)
        (self.files / name).write_bytes(content)
        return name, content

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        content = json.dumps({"ok": True, "result": self._result(method)})
        return self.check_response(bot=bot, method=method, status_code=200, content=content).result

    async def stream_content(  # type: ignore[override]  # nothing to download in a terminal
        self, *args: Any, **kwargs: Any
    ) -> AsyncIterator[bytes]:
        raise NotImplementedError("the terminal chat has no files to download")
        yield b""  # pragma: no cover

    async def close(self) -> None:
        return None


class UpdateFactory:
    """Turns what the learner types into Telegram updates."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.message_ids = itertools.count(1_000_000)

    def text(self, text: str) -> Update:
        chat = {"id": LEARNER["id"], "type": "private", "first_name": LEARNER["first_name"]}
        message: dict[str, Any] = {
            "message_id": next(self.message_ids),
            "date": int(datetime.now(UTC).timestamp()),
            "chat": chat,
            "from": LEARNER,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return Update.model_validate({"update_id": next(self.ids), "message": message})

    def press(self, data: str, message_id: int) -> Update:
        update_id = next(self.ids)
        message = {
            "message_id": message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": LEARNER["id"], "type": "private", "first_name": LEARNER["first_name"]},
            "from": BOT_USER,
            "text": "…",
        }
        return Update.model_validate(
            {
                "update_id": update_id,
                "callback_query": {
                    "id": f"cb-{update_id}",
                    "from": LEARNER,
                    "chat_instance": "terminal",
                    "data": data,
                    "message": message,
                },
            }
        )

    def vote(self, poll_id: str, option: int) -> Update:
        return Update.model_validate(
            {
                "update_id": next(self.ids),
                "poll_answer": {
                    "poll_id": poll_id, "user": LEARNER, "option_ids": [option], "option_persistent_ids": [str(option)]
                },
            }
        )


async def run_chat(
    settings: Settings,
    lines: AsyncIterator[str] | None = None,
    write: Callable[[str], None] = print,
    greet: bool = True,
    clock: Clock | None = None,
) -> int:
    runtime = await open_runtime(settings)
    terminal = TerminalSession(write, files_folder(settings.database_url))
    terminal.middleware(KeepResponseModels())
    bot = Bot(token=CHAT_TOKEN, session=terminal, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    dispatcher = create_dispatcher(runtime.course, runtime.session_factory, clock=clock)
    expiry = dispatcher["poll_expiry"]
    expiry.bot = bot  # no background loop here: the sweep runs before each line instead
    updates = UpdateFactory()
    heap.settle()  # start-up is done (bot.heap)
    if greet:
        write(CHAT_BANNER)
    try:
        async for line in lines or _stdin_lines():
            line = line.strip()
            if await expiry.sweep():  # the timed question ran out while you typed: it counts as missed,
                write("  (Time was up: that question counts as missed.)")  # and this line is not
                continue  # applied to the next question, which you have not seen yet
            if not line:
                continue
            if line in {"/quit", "/exit"}:
                break
            if re.fullmatch(r"\?\d+", line):  # reveal a spoiler, as tapping it does in Telegram
                number = int(line[1:])
                shown = terminal.hidden[number - 1] if 1 <= number <= len(terminal.hidden) else None
                write(f"  {shown}" if shown else "  (nothing hidden with that number)")
                continue
            if line.isdigit() and terminal.poll and 1 <= int(line) <= len(terminal.poll["options"]):
                poll, choice = terminal.poll, int(line) - 1
                verdict = "✅ Right." if choice == poll["correct"] else f"❌ The answer was ({poll['correct'] + 1})."
                write(f"  {verdict} {poll['explanation'] or ''}".rstrip())
                update = updates.vote(poll["id"], choice)
                terminal.poll = None
            elif line.isdigit() and 1 <= int(line) <= len(terminal.buttons):
                _, data, message_id = terminal.buttons[int(line) - 1]
                if data.startswith(OUTSIDE):
                    write(f"  {data.removeprefix(OUTSIDE)}")
                    continue
                update = updates.press(data, message_id)
            elif line.isdigit():
                write("  (no button with that number)")
                continue
            elif (button := terminal.button_named(line)) is not None:  # a label works as well as its number
                _, data, message_id = button
                if data.startswith(OUTSIDE):
                    write(f"  {data.removeprefix(OUTSIDE)}")
                    continue
                update = updates.press(data, message_id)
            else:
                update = updates.text(line)
            await dispatcher.feed_update(bot, update)
    finally:
        await runtime.engine.dispose()
    return 0


async def _stdin_lines() -> AsyncIterator[str]:
    while True:
        try:
            line = await asyncio.to_thread(input, "> ")
        except EOFError:
            return
        yield line


if __name__ == "__main__":  # pragma: no cover
    sys.exit(asyncio.run(run_chat(Settings())))
