"""A lesson as the pages a learner flips through: concept, how it works, trade-offs, real world, summary."""

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
PAGE_COUNT = len(PAGE_TITLES)


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    title: str
    html: str


def _body(lesson: Lesson, part: str) -> str:
    if part == "summary":
        points = "\n".join(f"• {render_inline(point)}" for point in lesson.summary)
        if lesson.terms:
            terms = ", ".join(html.escape(term, quote=False) for term in lesson.terms)
            points += f"\n\n<i>Key terms: {terms}</i>"
        return points
    return render(getattr(lesson, part))


def render_page(chapter: Chapter, lesson: Lesson, number: int) -> Page:
    """Render page `number` (1-based) of a lesson, header included."""
    part, title = PAGE_TITLES[number - 1]
    header = (
        f"<b>{html.escape(lesson.title, quote=False)}</b>\n"
        f"<i>Chapter {chapter.number} · {html.escape(chapter.title, quote=False)} · "
        f"page {number}/{PAGE_COUNT} · about {lesson.minutes} min</i>\n\n"
        f"<b>{title}</b>\n"
    )
    return Page(number=number, title=title, html=header + _body(lesson, part))


def render_pages(chapter: Chapter, lesson: Lesson) -> tuple[Page, ...]:
    return tuple(render_page(chapter, lesson, n) for n in range(1, PAGE_COUNT + 1))
