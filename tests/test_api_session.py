"""bot.api_session: one JSON document per request, answers parsed in one step, errors as aiogram raises them."""

from __future__ import annotations

import json

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.exceptions import ClientDecodeError, TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.api_session import JsonSession
from tests.support.running import TEST_TOKEN


@pytest.fixture
def bot() -> Bot:
    return Bot(TEST_TOKEN, session=JsonSession(), default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def test_a_message_is_one_json_document_with_defaults_filled_in(bot: Bot) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Next ▶", callback_data="p:1")]])
    method = SendMessage(chat_id=42, text="<b>Hi</b> ✓", reply_markup=markup)
    body = bot.session.json_body(bot, method)  # type: ignore[attr-defined]
    assert body is not None
    assert json.loads(body) == {
        "chat_id": 42, "text": "<b>Hi</b> ✓", "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "Next ▶", "callback_data": "p:1"}]]},
    }


def test_a_method_with_a_file_keeps_aiograms_multipart_form(bot: Bot) -> None:
    method = SendDocument(chat_id=42, document=BufferedInputFile(b"{}", filename="export.json"))
    assert bot.session.json_body(bot, method) is None  # type: ignore[attr-defined]


def test_a_good_answer_is_parsed(bot: Bot) -> None:
    method = AnswerCallbackQuery(callback_query_id="1")
    response = bot.session.check_response(bot, method, 200, '{"ok":true,"result":true}')
    assert response.result is True


def test_a_body_that_is_not_json_is_a_decode_error(bot: Bot) -> None:
    with pytest.raises(ClientDecodeError):
        bot.session.check_response(bot, AnswerCallbackQuery(callback_query_id="1"), 200, "<html>bad gateway</html>")


def test_errors_are_raised_as_aiogram_raises_them(bot: Bot) -> None:
    method = SendMessage(chat_id=42, text="hi")
    flood = '{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":7}}'
    with pytest.raises(TelegramRetryAfter) as waited:
        bot.session.check_response(bot, method, 429, flood)
    assert waited.value.retry_after == 7
    with pytest.raises(TelegramBadRequest):
        missing = '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}'
        bot.session.check_response(bot, method, 400, missing)


def test_a_quiet_reply_keeps_telegrams_echo_as_a_dict_and_still_raises_errors(bot: Bot) -> None:
    from bot.quiet_methods import EditMessageTextQuietly, SendMessageQuietly

    fields: dict[str, object] = {"chat_id": 42, "text": "page 2"}
    echo = ('{"ok":true,"result":{"message_id":7,"date":1,"chat":{"id":42,"type":"private"},'
            '"text":"page 2"}}')
    response = bot.session.check_response(bot, SendMessageQuietly(**fields), 200, echo)
    assert response.result == {"message_id": 7, "date": 1, "chat": {"id": 42, "type": "private"}, "text": "page 2"}
    gone = '{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}'
    with pytest.raises(TelegramBadRequest):
        bot.session.check_response(bot, EditMessageTextQuietly(**fields, message_id=7), 400, gone)
