"""aiogram's HTTP session, with the two steps it repeats for every API call made cheaper.

- A request without files goes out as one JSON document. aiogram's own session encodes every
  field as JSON text and then URL-encodes the lot as a form: two encodings, and the second (in
  pure Python) cost more than the first. The Bot API takes either.
- A successful answer is parsed and validated in one step by pydantic's JSON parser
  (`model_validate_json`) instead of `json.loads` followed by validating the Python objects.
  Anything else (an error, a body that is not what we expect) goes through aiogram's own
  `check_response`, so errors are raised exactly as aiogram raises them.

Requests with files (documents for /export and the report) take aiogram's multipart path as before.
Per call, too: each method's URL is parsed once, and no cookie jar is kept (the Bot API sets none).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

from aiogram import __version__ as aiogram_version
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiohttp import ClientError, ClientSession, ClientTimeout, DummyCookieJar
from aiohttp.hdrs import USER_AGENT
from aiohttp.http import SERVER_SOFTWARE
from pydantic import ValidationError
from yarl import URL

from bot.response_models import response_model

if TYPE_CHECKING:
    from aiogram import Bot

JSON_HEADERS = {"Content-Type": "application/json"}


class JsonSession(AiohttpSession):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, str], URL] = {}

    async def create_session(self) -> ClientSession:
        if self._should_reset_connector:
            await self.close()
        if self._session is None or self._session.closed:
            self._session = ClientSession(
                connector=self._connector_type(**self._connector_init),
                headers={USER_AGENT: f"{SERVER_SOFTWARE} aiogram/{aiogram_version}"},
                cookie_jar=DummyCookieJar(),
            )
            self._should_reset_connector = False
        return self._session

    def url(self, bot: Bot, method: TelegramMethod[Any]) -> URL:
        key = (bot.token, method.__api_method__)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = URL(self.api.api_url(token=bot.token, method=method.__api_method__))
        return url

    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> str | None:
        """The method as one JSON document, or None when it carries a file."""
        files: dict[str, Any] = {}
        fields = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None:
                fields[key] = prepared
        return None if files else self.json_dumps(fields)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.url(bot, method)
        limit = ClientTimeout(total=self.timeout if timeout is None else timeout)
        try:
            async with session.post(url, data=body, headers=JSON_HEADERS, timeout=limit) as resp:
                raw_result = await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        response = self.check_response(bot=bot, method=method, status_code=resp.status, content=raw_result)
        return cast(TelegramType, response.result)

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        # Kept alive for aiogram's path below too (bot.response_models), so no KeepResponseModels here.
        model = response_model(method.__returning__)
        if status_code == HTTPStatus.OK:
            try:
                response = model.model_validate_json(content, context={"bot": bot})
            except ValidationError:
                pass  # aiogram's path below raises its own ClientDecodeError for it
            else:
                if response.ok:
                    return cast(Response[TelegramType], response)
        return super().check_response(bot=bot, method=method, status_code=status_code, content=content)
