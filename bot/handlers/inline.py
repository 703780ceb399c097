"""Inline mode: `@bot consistent hashing` in any chat offers concept cards to send there.

Telegram sends inline queries only once inline mode is switched on with @BotFather (/setinline).
Nothing is stored about the people who search: the query reads the course, not the database.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from aiogram import Bot, Router
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InlineQueryResultUnion,
    InputTextMessageContent,
)

from bot.views import concepts as views
from domain import deep_links
from domain.clock import Clock
from services.concepts import ConceptCard, ConceptCatalog

QUERY_MAX = 256  # Telegram's own limit on inline query text
RESULTS_CACHE_SECONDS = 600  # the same words give the same cards until the course changes


def _result(card: ConceptCard, bot_username: str, featured: bool = False) -> InlineQueryResultArticle:
    link = deep_links.url(bot_username, deep_links.Link("lesson", card.lesson_id))
    title = f"{views.FEATURED_TITLE}: {card.title}" if featured else card.title
    return InlineQueryResultArticle(
        id=card.key, title=title, description=views.description(card),
        input_message_content=InputTextMessageContent(message_text=views.card(card), parse_mode="HTML"),
        reply_markup=views.learn_it(link),
    )


def seconds_to_midnight(now: datetime) -> int:
    midnight = datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), tzinfo=UTC)
    return max(1, int((midnight - now).total_seconds()))


async def concept_search(inline_query: InlineQuery, bot: Bot, concepts: ConceptCatalog, clock: Clock) -> None:
    me = await bot.me()  # cached by aiogram after the first call
    query = inline_query.query.strip()[:QUERY_MAX]
    now = clock.now()
    if query:
        cards, cache_time = concepts.search(query), RESULTS_CACHE_SECONDS
    else:  # the day's featured concept, cached no later than when it changes
        featured = concepts.featured(now.date())
        cards, cache_time = ([featured] if featured else []), min(3600, seconds_to_midnight(now))
    results: list[InlineQueryResultUnion] = [_result(card, me.username or "", featured=not query) for card in cards]
    await inline_query.answer(
        results, cache_time=cache_time, is_personal=False,  # the same cards for everyone
        button=InlineQueryResultsButton(text="Open the coach", start_parameter=deep_links.FROM_INLINE),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.inline_query.register(concept_search)
    return router
