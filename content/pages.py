"""A lesson as the pages a learner flips through: concept, how it works, trade-offs, real world,
summary and, for lessons that have them, the interview follow-ups with their answers hidden under
spoilers (the learner answers aloud first, then taps to check)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from content.markup import render, render_inline
from content.schema import Chapter, Lesson

MESSAGE_MAX = 4096  # Telegram's limit on message text after entity parsing

PAGE_TITLES: tuple[tuple[str, str], ...] = (
    ("concept", "Concept"),
    ("how_it_works", "How it works"),
    ("trade_offs", "Trade-offs"),
    ("real_world", "Real world"),
    ("summary", "Summary"),
)
INTERVIEW_PAGE = ("follow_ups", "🎯 In the interview")
PAGE_COUNT = len(PAGE_TITLES)  # pages of a lesson without follow-ups
FOLLOW_UP_INTRO = "What a senior interviewer asks next. Answer each aloud first, then tap the blurred text to check."


def page_count(lesson: Lesson) -> int:
    return PAGE_COUNT + 1 if lesson.follow_ups else PAGE_COUNT


def page_titles(lesson: Lesson) -> tuple[tuple[str, str], ...]:
    return (*PAGE_TITLES, INTERVIEW_PAGE) if lesson.follow_ups else PAGE_TITLES


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    title: str
    html: str


def _body(lesson: Lesson, part: str) -> str:
    if part == "follow_ups":
        asked = (
            f"<b>{number}. {html.escape(follow_up.question, quote=False)}</b>\n"
            f"<tg-spoiler>{render_inline(' '.join(follow_up.answer.split()))}</tg-spoiler>"
            for number, follow_up in enumerate(lesson.follow_ups, start=1)
        )
        return f"<i>{FOLLOW_UP_INTRO}</i>\n\n" + "\n\n".join(asked)
    if part == "summary":
        points = "\n".join(f"• {render_inline(point)}" for point in lesson.summary)
        if lesson.terms:
            terms = ", ".join(html.escape(term, quote=False) for term in lesson.terms)
            points += f"\n\n<i>Key terms: {terms}</i>"
        return points
    return render(getattr(lesson, part))


# Rendered pages, by the identity of the (immutable) chapter and lesson objects. Each entry holds
# both objects, so their ids cannot be reused by other objects while it lives. Rendering a page
# cost a page turn more than the rest of its Python; a course has about a thousand pages.
_rendered: dict[tuple[int, int, int], tuple[Chapter, Lesson, Page]] = {}
_MOST_RENDERED = 8192  # several courses at once (tests, a draft course): start over beyond this


def render_page(chapter: Chapter, lesson: Lesson, number: int) -> Page:
    """Page `number` (1-based) of a lesson, header included; rendered once."""
    key = (id(chapter), id(lesson), number)
    hit = _rendered.get(key)
    if hit is not None and hit[0] is chapter and hit[1] is lesson:
        return hit[2]
    page = _render_page(chapter, lesson, number)
    if len(_rendered) >= _MOST_RENDERED:
        _rendered.clear()
    _rendered[key] = (chapter, lesson, page)
    return page


def _render_page(chapter: Chapter, lesson: Lesson, number: int) -> Page:
    part, title = page_titles(lesson)[number - 1]
    header = (
        f"<b>{html.escape(lesson.title, quote=False)}</b>\n"
        f"<i>Chapter {chapter.number} · {html.escape(chapter.title, quote=False)} · "
        f"page {number}/{page_count(lesson)} · about {lesson.minutes} min</i>\n\n"
        f"<b>{title}</b>\n"
    )
    return Page(number=number, title=title, html=header + _body(lesson, part))


def render_pages(chapter: Chapter, lesson: Lesson) -> tuple[Page, ...]:
    return tuple(render_page(chapter, lesson, n) for n in range(1, page_count(lesson) + 1))
