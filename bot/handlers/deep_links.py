"""/start with a payload: a link straight to a lesson, a glossary term, a drill or the placement
check (domain.deep_links). Anything else, forged or out of date, gets the normal welcome."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message

from bot.handlers.start import start
from bot.quiz_flow import begin
from bot.views import concepts as concept_views
from bot.views import keyboards
from bot.views import practice as practice_views
from bot.views import quiz as quiz_views
from content import Course
from content.pages import page_count, render_page
from domain import deep_links
from domain.clock import Clock
from services.concepts import ConceptCatalog
from services.learning import LearningService
from services.practice import DrillService
from services.quiz import QuizService, Started


async def start_with_link(
    message: Message, command: CommandObject, bot: Bot, course: Course, clock: Clock, concepts: ConceptCatalog,
    learning: LearningService, quiz: QuizService, drills: DrillService,
) -> None:
    user_id = message.chat.id
    link = deep_links.parse(command.args)
    if link is not None and link.kind == "lesson" and course.lesson(link.target) is not None:
        # A newcomer reads first; the finished page offers a path (see handlers.lessons.finish).
        chapter, lesson = await learning.open_lesson(user_id, link.target)
        page = render_page(chapter, lesson, 1)
        await message.answer(page.html, reply_markup=keyboards.lesson_page(lesson.id, 1, page_count(lesson)))
    elif link is not None and link.kind == "term" and (term := concepts.term(link.target)) is not None:
        card = concepts.card(f"g:{link.target}")
        assert card is not None  # a known term always has a card
        await message.answer(concept_views.card(card), reply_markup=concept_views.term_keyboard(term.lesson))
    elif link is not None and link.kind == "drill" and link.target in course.drills_by_id:
        unfinished = await drills.unfinished(user_id)  # never drop notes in progress for a link
        state = unfinished or await drills.start(user_id, link.target)
        text, markup = practice_views.unfinished(state) if unfinished else practice_views.drill_page(state)
        await message.answer(text, reply_markup=markup)
    elif link is not None and link.kind == "check":
        result = await quiz.start_placement(user_id)
        if isinstance(result, Started):
            await bot.send_message(user_id, quiz_views.PLACEMENT_INTRO)
        await begin(bot, user_id, user_id, quiz, result, clock, None)
    else:
        if command.args and command.args not in (deep_links.FROM_GROUP, deep_links.FROM_INLINE):
            await message.answer(concept_views.UNKNOWN_LINK)
        await start(message, learning, course)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start_with_link, CommandStart(deep_link=True))
    return router
