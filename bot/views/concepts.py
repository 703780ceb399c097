"""Concept cards (inline results and glossary links) and the lesson share message."""

from __future__ import annotations

from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import PageCb
from services.concepts import ConceptCard

DESCRIPTION_MAX = 120  # the grey line under a result's title; Telegram shows about two lines


def _text(value: str) -> str:
    return escape(value, quote=False)


def card(card: ConceptCard) -> str:
    return (
        f"<b>{_text(card.title)}</b>\n{_text(card.definition)}\n\n"
        f"⚖️ <b>Trade-off:</b> {_text(card.trade_off)}\n"
        f"🌍 <b>In practice:</b> {_text(card.example)}\n\n"
        f"<i>{_text(card.chapter)}, from the system-design interview coach.</i>"
    )


def description(card: ConceptCard) -> str:
    text = f"{card.kind} · {card.definition}"
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"


def learn_it(url: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="📖 Learn it", url=url)]])


def term_keyboard(lesson_id: str) -> InlineKeyboardMarkup:
    """Under a glossary card opened from a link, in the bot's own chat: open the lesson right here."""
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="📖 Open the lesson", callback_data=PageCb(lesson_id=lesson_id, page=1).pack())
    ]])


def share(title: str, url: str) -> str:
    return (f"🔗 Share <b>{_text(title)}</b> with this link; it opens the lesson for anyone:\n{url}\n\n"
            "Or send its concept card into any chat with the button below.")


def share_keyboard(title: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="📤 Send the card to a chat", switch_inline_query=title[:64])
    ]])


FEATURED_TITLE = "Concept of the day"
UNKNOWN_LINK = "That link doesn't lead anywhere I know (it may be mistyped or out of date). Here is the start:"
