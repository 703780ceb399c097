"""A local Bot API server for end-to-end tests: an aiohttp app on 127.0.0.1.

It speaks the real HTTP protocol aiogram uses (form-encoded requests, JSON responses), keeps
getUpdates offsets like Telegram (an update is dropped once a later offset confirms it), checks
what Telegram checks (HTML that parses, 4096-character texts, 64-byte callback data, 200-character
callback answers, editing a message that exists), and records everything the bot does per chat.

Fault injection is built in so later tests can grow it: `fail_next()` queues 429/5xx answers,
`blocked` makes chats answer 403, and `delay` slows every response.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

BOT_ID = 424242
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Coach", "username": "sd_coach_test_bot"}
MESSAGE_MAX = 4096
CALLBACK_DATA_MAX = 64
CAPTION_MAX = 1024
INLINE_RESULTS_MAX = 50
DOCUMENT_MAX_BYTES = 50 * 1024 * 1024  # what bots may upload
CALLBACK_ANSWER_MAX = 200
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
JSON_FIELDS = {
    "reply_markup", "options", "entities", "allowed_updates", "commands", "scope",
    "correct_option_ids", "link_preview_options", "reply_parameters", "explanation_entities", "results", "button",
    "menu_button",
}
INT_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "correct_option_id", "open_period", "cache_time",
}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


class _TelegramHTML(HTMLParser):
    """Validates HTML the way Telegram does (allowed tags, balanced) and collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f"Unexpected end tag \"{tag}\""
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    if (parse_mode or "").upper() != "HTML":
        return text
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.error or parser.stack:
        raise ApiError(400, f"Bad Request: can't parse entities: {parser.error or 'unclosed tag'}")
    return "".join(parser.text)


@dataclass
class SentMessage:
    """A message as the learner sees it now (after any edits)."""

    chat_id: int
    message_id: int
    text: str  # visible text, markup removed
    html: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)  # rows of (label, callback data)
    poll: dict[str, Any] | None = None
    document: tuple[str, bytes] | None = None  # (file name, content) of a sent file
    edits: int = 0

    @property
    def flat_buttons(self) -> list[tuple[str, str]]:
        return [button for row in self.buttons for button in row]


@dataclass
class Fault:
    method: str | None  # None: any method
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    remaining: int


class BotApiEmulator:
    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.inline_answers: dict[str, dict[str, Any]] = {}  # inline query id -> answerInlineQuery params
        self.allowed_updates: list[str] | None = None  # as the last getUpdates asked
        self.menu_button: dict[str, Any] | None = None
        self.update_ids = itertools.count(1)
        self.confirmed_offset = 0  # every update below this was handed to the bot and confirmed
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.call_times: list[float] = []  # monotonic arrival time of each entry in `calls`
        self.first_poll_at: float | None = None  # the first getUpdates: the bot is up
        self.messages: dict[int, dict[int, SentMessage]] = {}
        self.actions: dict[int, list[tuple[str, Any]]] = {}  # chat id -> ("send"|"edit"|"toast"|"poll", ...)
        self.message_ids: dict[int, itertools.count[int]] = {}
        self.open_callbacks: dict[str, int] = {}  # callback query id -> chat id, until answered
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: list[dict[str, Any]] = []
        self.polls: dict[str, dict[str, Any]] = {}
        self.faults: list[Fault] = []
        # Methods answered only once `release()` is called: the call takes effect (a poll is
        # created and shown) but the bot waits for the answer, as when a crash comes in between.
        self.held: set[str] = set()
        self.held_calls = 0
        self._release = asyncio.Event()
        # Webhook mode: what setWebhook asked for, where the test's "load balancer" sends updates,
        # and every delivery made: (update id, url, HTTP status; 0 when the connection failed).
        self.webhook: dict[str, Any] | None = None
        self.webhook_targets: list[str] = []
        self.webhook_deliveries: list[tuple[int, str, int]] = []
        self._next_target = itertools.count()
        self._client: Any = None
        self.blocked: set[int] = set()
        self.delay = 0.0
        self._closing = False
        # Rate bookkeeping: when each send request arrived; an optional per-second budget beyond
        # which the emulator answers 429 like Telegram's flood control.
        self.send_times: list[float] = []
        self.budget_per_second: int | None = None
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # ---- lifecycle -------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("POST", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    def release(self) -> None:
        """Answer the held calls (whoever still waits for them)."""
        self.held.clear()
        self._release.set()

    async def stop(self) -> None:
        self.release()
        if self._client is not None:
            await self._client.close()
        self._closing = True  # wake long polls so shutdown does not wait out their timeout
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def drop_connections(self) -> None:
        """Vanish mid-request, as a network outage does: open long polls are cut, not answered."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- test side: inject updates ---------------------------------------------------------
    async def push(self, kind: str, payload: dict[str, Any], target: int | None = None) -> int:
        """Queue an update for getUpdates or, once the test has set `webhook_targets`, POST it to
        one of them (round robin, or `target`), as Telegram does to a webhook behind a balancer:
        a refused or failed delivery is tried again on the next target."""
        update_id = next(self.update_ids)
        update = {"update_id": update_id, kind: payload}
        if kind == "callback_query":
            self.open_callbacks[payload["id"]] = payload["from"]["id"]
        if self.webhook_targets:
            await self._post(update, target)
            self.confirmed_offset = max(self.confirmed_offset, update_id + 1)
        else:
            self.updates.append(update)
        async with self._changed:
            self._changed.notify_all()
        return update_id

    async def _post(self, update: dict[str, Any], target: int | None) -> None:
        import aiohttp

        if self._client is None:
            self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        secret = (self.webhook or {}).get("secret_token", "")
        for attempt in range(2 * len(self.webhook_targets)):
            index = target if target is not None and attempt == 0 else next(self._next_target)
            url = self.webhook_targets[index % len(self.webhook_targets)]
            try:
                async with self._client.post(url, json=update, headers={SECRET_HEADER: secret}) as response:
                    status = response.status
            except (aiohttp.ClientError, TimeoutError):
                status = 0  # the instance is gone: Telegram retries, the balancer picks another
            self.webhook_deliveries.append((update["update_id"], url, status))
            if 200 <= status < 300:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"update {update['update_id']} was never accepted: {self.webhook_deliveries[-3:]}")

    async def wait_handled(self, update_id: int, timeout: float = 10.0) -> None:
        """Until the bot confirms the update with a later offset. With sequential handling
        (handle_as_tasks=False) that means the handler has finished."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: self.confirmed_offset > update_id), timeout
            )

    async def wait_for_call(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: sum(1 for m, _ in self.calls if m == method) >= count),
                timeout,
            )

    def fail_next(
        self,
        status: int,
        description: str,
        method: str | None = None,
        retry_after: int | None = None,
        chat_id: int | None = None,
        count: int = 1,
    ) -> None:
        self.faults.append(Fault(method, status, description, retry_after, chat_id, count))

    # ---- test side: read what the bot did --------------------------------------------------
    def chat(self, chat_id: int) -> list[SentMessage]:
        return list(self.messages.get(chat_id, {}).values())

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    # ---- HTTP ------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        if method == "getUpdates" and self.first_poll_at is None:
            self.first_poll_at = time.monotonic()
        params = await self._params(request)
        if self.delay:
            await asyncio.sleep(self.delay)
        try:
            if method.startswith("send"):
                self._count_send()
            self._inject_fault(method, params)
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
        except ApiError as exc:
            body: dict[str, Any] = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            return web.json_response(body, status=exc.status)
        if method != "getUpdates":
            self.calls.append((method, params))
            self.call_times.append(time.monotonic())
        async with self._changed:
            self._changed.notify_all()
        if method in self.held:
            self.held_calls += 1
            await self._release.wait()
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            raw: dict[str, Any] = await request.json()
        else:
            raw = dict(await request.post())
            raw.update(request.query)
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, str) and key in JSON_FIELDS:
                value = json.loads(value)
            elif isinstance(value, str) and key in INT_FIELDS and re.fullmatch(r"-?\d+", value):
                value = int(value)
            elif value in ("true", "false"):
                value = value == "true"
            params[key] = value
        return params

    def _count_send(self) -> None:
        now = time.monotonic()
        self.send_times.append(now)
        if self.budget_per_second is not None:
            recent = sum(1 for t in self.send_times[-(self.budget_per_second + 1):] if now - t < 1.0)
            if recent > self.budget_per_second:
                raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)

    def max_sends_per_second(self) -> int:
        """The most send requests seen in any one-second window."""
        times, best, start = self.send_times, 0, 0
        for end in range(len(times)):
            while times[end] - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    def _inject_fault(self, method: str, params: dict[str, Any]) -> None:
        chat_id = params.get("chat_id")
        if chat_id in self.blocked and method.startswith(("send", "edit")):
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        for fault in self.faults:
            if fault.remaining and fault.method in (None, method) and fault.chat_id in (None, chat_id):
                fault.remaining -= 1
                raise ApiError(fault.status, fault.description, fault.retry_after)

    # ---- Bot API methods -------------------------------------------------------------------
    async def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        secret = str(params.get("secret_token", ""))
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if not 1 <= int(params.get("max_connections", 40)) <= 100:
            raise ApiError(400, "Bad Request: bad webhook: max_connections must be 1-100")
        self.webhook = params
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        if "allowed_updates" in params:
            self.allowed_updates = params["allowed_updates"]
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if offset > self.confirmed_offset:
                self.confirmed_offset = offset
                async with self._changed:
                    self._changed.notify_all()
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not self.updates and not self._closing and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return self.updates[:limit]

    async def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        for command in params.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = params.get("commands", [])
        return True

    def _buttons(self, markup: dict[str, Any] | None) -> list[list[tuple[str, str]]]:
        rows = []
        for row in (markup or {}).get("inline_keyboard", []):
            buttons = []
            for button in row:
                data = button.get("callback_data", "")
                if data and len(data.encode()) > CALLBACK_DATA_MAX:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url", "")
                start = re.search(r"[?&]start=([^&]*)", url)
                if start and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", start.group(1)):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")  # Telegram drops such a payload
                if "switch_inline_query" in button:
                    url = f"inline:{button['switch_inline_query']}"
                if "web_app" in button:
                    url = self._web_app_url(button["web_app"])
                buttons.append((button["text"], data or url))  # tests read a link button's target here
            rows.append(buttons)
        return rows

    def _checked_text(self, params: dict[str, Any]) -> str:
        text = str(params.get("text", ""))
        visible = visible_text(text, params.get("parse_mode"))
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(visible) > MESSAGE_MAX:
            raise ApiError(400, "Bad Request: message is too long")
        return visible

    def _message_json(self, message: SentMessage) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": {"id": message.chat_id, "type": "private"},
            "from": BOT_USER,
        }
        if message.poll is not None:
            body["poll"] = message.poll
        elif message.document is not None:
            name, content = message.document
            body["document"] = {"file_id": f"doc-{message.message_id}", "file_unique_id": f"u{message.message_id}",
                                "file_name": name, "file_size": len(content)}
            if message.text:
                body["caption"] = message.text
        else:
            body["text"] = message.text
        if message.buttons:
            body["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": label, "callback_data": data} for label, data in row] for row in message.buttons
                ]
            }
        return body

    def _new_message(self, chat_id: int, **fields: Any) -> SentMessage:
        counter = self.message_ids.setdefault(chat_id, itertools.count(1))
        message = SentMessage(chat_id=chat_id, message_id=next(counter), **fields)
        self.messages.setdefault(chat_id, {})[message.message_id] = message
        return message

    async def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        visible = self._checked_text(params)
        buttons = self._buttons(params.get("reply_markup"))
        message = self._new_message(chat_id, text=visible, html=str(params["text"]), buttons=buttons)
        self.actions.setdefault(chat_id, []).append(("send", message.message_id))
        return self._message_json(message)

    def _web_app_url(self, web_app: dict[str, Any]) -> str:
        url = str(web_app.get("url", ""))
        if not url.startswith("https://"):
            raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")  # Mini Apps open over HTTPS only
        return f"webapp:{url}"

    async def _m_setChatMenuButton(self, params: dict[str, Any]) -> bool:
        button = params.get("menu_button") or {"type": "default"}
        if button.get("type") == "web_app":
            self._web_app_url(button.get("web_app", {}))
        self.menu_button = button
        return True

    async def _m_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        results = params.get("results", [])
        if len(results) > INLINE_RESULTS_MAX:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(result.get("id", "")) for result in results]
        if len(set(ids)) != len(ids) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            content = result.get("input_message_content", {})
            visible = visible_text(str(content.get("message_text", "")), content.get("parse_mode"))
            if not visible.strip() or len(visible) > MESSAGE_MAX:
                raise ApiError(400, "Bad Request: MESSAGE_TEXT_INVALID")
            self._buttons(result.get("reply_markup"))  # the same limits as any keyboard
        self.inline_answers[str(params["inline_query_id"])] = params
        return True

    async def _m_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        upload = params.get("document")
        if isinstance(upload, str) and upload.startswith("attach://"):  # how aiogram uploads a file
            upload = params.get(upload.removeprefix("attach://"))
        if not isinstance(upload, FileField):
            raise ApiError(400, "Bad Request: there is no document in the request")
        content = upload.file.read()
        if not content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        if len(content) > DOCUMENT_MAX_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        caption = str(params.get("caption", ""))
        visible = visible_text(caption, params.get("parse_mode")) if caption else ""
        if len(visible) > CAPTION_MAX:
            raise ApiError(400, "Bad Request: message caption is too long")
        message = self._new_message(chat_id, text=visible, html=caption, document=(upload.filename, content))
        self.actions.setdefault(chat_id, []).append(("document", message.message_id))
        return self._message_json(message)

    async def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = self.messages.get(chat_id, {}).get(int(params.get("message_id", 0)))
        if message is None or message.poll is not None or message.document is not None:
            raise ApiError(400, "Bad Request: message to edit not found")
        visible = self._checked_text(params)
        buttons = self._buttons(params.get("reply_markup"))
        if visible == message.text and params["text"] == message.html and buttons == message.buttons:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message.text, message.html, message.buttons = visible, str(params["text"]), buttons
        message.edits += 1
        self.actions.setdefault(chat_id, []).append(("edit", message.message_id))
        return self._message_json(message)

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self.open_callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text", ""))) > CALLBACK_ANSWER_MAX:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        chat_id = self.open_callbacks.pop(query_id)
        self.callback_answers.append(params)
        self.actions.setdefault(chat_id, []).append(("toast", params.get("text", "")))
        return True

    async def _m_sendPoll(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        options = [o["text"] if isinstance(o, dict) else str(o) for o in params.get("options", [])]
        for name, mode in (("question", "question_parse_mode"), ("explanation", "explanation_parse_mode")):
            if params.get(name):
                visible_text(str(params[name]), params.get(mode))  # raises on HTML Telegram would reject
        if not 1 <= len(str(params.get("question", ""))) <= 300:
            raise ApiError(400, "Bad Request: POLL_QUESTION_INVALID")
        if not 2 <= len(options) <= 12 or any(not 1 <= len(o) <= 100 for o in options):
            raise ApiError(400, "Bad Request: POLL_OPTION_INVALID")
        explanation = str(params.get("explanation", ""))
        if len(explanation) > 200 or explanation.count("\n") > 2:
            raise ApiError(400, "Bad Request: POLL_EXPLANATION_INVALID")
        correct = params.get("correct_option_ids")
        if correct is None and params.get("correct_option_id") is not None:
            correct = [int(params["correct_option_id"])]
        poll_id = f"{chat_id}-{len(self.polls) + 1}"
        poll = {
            "id": poll_id,
            "question": params["question"],
            "options": [
                {"text": o, "voter_count": 0, "persistent_id": f"{poll_id}-{i}"} for i, o in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True),
            "type": params.get("type", "regular"),
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
        if correct is not None:
            poll["correct_option_ids"] = correct
        self.polls[poll_id] = {**poll, "correct_option_ids": correct, "explanation": explanation}
        message = self._new_message(chat_id, text=str(params["question"]), html="", poll=poll)
        self.actions.setdefault(chat_id, []).append(("poll", message.message_id))
        return self._message_json(message)
