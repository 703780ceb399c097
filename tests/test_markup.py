"""Lesson prose becomes Telegram HTML: markup where intended, everything else escaped."""

from __future__ import annotations

import re

import pytest

from content.markup import MarkupError, render, visible_length
from content.pages import PAGE_COUNT, render_page, render_pages
from content.schema import Chapter
from tests.support import course_fixture as fx


def test_inline_markup() -> None:
    assert render("**bold** and _soft_ and `a < b`") == "<b>bold</b> and <i>soft</i> and <code>a &lt; b</code>"


def test_everything_else_is_escaped() -> None:
    assert render("x < y & <script>") == "x &lt; y &amp; &lt;script&gt;"


def test_snake_case_is_not_italic() -> None:
    assert render("use user_id_hash here") == "use user_id_hash here"


def test_bullets_and_fenced_blocks() -> None:
    text = "Steps:\n- one\n- two\n\n```\nA --> B <-- C\n```\nafter"
    assert render(text) == "Steps:\n• one\n• two\n\n<pre>A --&gt; B &lt;-- C</pre>\nafter"


def test_markup_inside_fences_is_literal() -> None:
    assert render("```\n**not bold**\n```") == "<pre>**not bold**</pre>"


def test_unclosed_fence_is_an_error() -> None:
    with pytest.raises(MarkupError):
        render("```\nbox")


def test_visible_length_counts_text_not_tags() -> None:
    assert visible_length("<b>ab</b> &lt;") == 4


def test_lesson_pages_have_header_counter_and_summary() -> None:
    chapter = Chapter.model_validate(fx.chapters()[0])
    pages = render_pages(chapter, chapter.lessons[0])
    assert len(pages) == PAGE_COUNT
    assert pages[0].html.startswith("<b>First Lesson</b>\n<i>Chapter 1 · Alpha Basics · page 1/5 · about 3 min</i>")
    assert "• First takeaway" in pages[-1].html
    assert "Key terms: term one, term two" in pages[-1].html


def test_long_replies_are_packed_into_messages_without_splitting_a_block() -> None:
    from bot.views.paging import pack

    blocks = [f"block {n} " + "x" * 90 + "\n" for n in range(100)]
    messages = pack("Header\n", blocks, budget=1000)
    assert len(messages) > 1 and all(len(m) <= 1000 for m in messages)
    assert "".join(messages) == "Header\n" + "".join(blocks)
    assert messages[0].startswith("Header\n")


def test_the_interview_page_follows_the_summary_with_each_answer_under_a_spoiler() -> None:
    from content import load_course
    from content.pages import page_count
    from tests.support.emulator import visible_text

    course = load_course()
    for chapter in course.chapters:
        for lesson in chapter.lessons:
            pages = render_pages(chapter, lesson)
            assert len(pages) == page_count(lesson) == (PAGE_COUNT + 1 if lesson.follow_ups else PAGE_COUNT)
            last = pages[-1]
            assert "🎯 In the interview" in last.html and f"page {len(pages)}/{len(pages)}" in last.html
            assert last.html.count("<tg-spoiler>") == last.html.count("</tg-spoiler>") == 3
            assert len(visible_text(last.html, "HTML")) <= 4096  # parses as Telegram HTML, and fits
            for follow_up in lesson.follow_ups:
                assert re.findall(r"\w+", follow_up.answer)[-1] in visible_text(last.html, "HTML")


def test_a_lesson_without_follow_ups_keeps_five_pages() -> None:
    chapter = Chapter.model_validate(fx.chapters()[0])
    lesson = chapter.lessons[0]
    assert not lesson.follow_ups
    pages = render_pages(chapter, lesson)
    assert len(pages) == PAGE_COUNT and "In the interview" not in pages[-1].html


def test_a_page_is_rendered_once_per_lesson_object_and_never_borrowed_by_another_course() -> None:
    raw = fx.chapters()[0]
    chapter = Chapter.model_validate(raw)
    first = render_page(chapter, chapter.lessons[0], 2)
    assert render_page(chapter, chapter.lessons[0], 2) is first
    # A draft of the same lesson (same ids, new text) is another object: it gets its own page.
    raw["lessons"][0]["title"] = "Reworded Lesson"
    draft = Chapter.model_validate(raw)
    assert render_page(draft, draft.lessons[0], 2).html.startswith("<b>Reworded Lesson</b>")
    assert render_page(chapter, chapter.lessons[0], 2).html.startswith("<b>First Lesson</b>")
