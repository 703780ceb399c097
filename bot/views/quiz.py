"""Reply texts for quizzes, reviews, mistakes, the placement check and lesson feedback."""

from __future__ import annotations

import textwrap
from html import escape

from content.markup import render_inline
from services.quiz import MOCK_SIZE

QUESTION_MAX = 300
ALREADY_RUNNING = "Your quiz is already under way: answer the question above."
SEND_FAILED = "I couldn't send the quiz just now. Please try again in a moment."
PLACEMENT_INTRO = "🤔 A 2-minute check: 8 questions from fundamentals to distributed systems. Guess freely."
KIND_TITLES = {"lesson": "Quiz", "review": "Review", "quick": "Quick quiz", "retry": "Retry", "placement": "Check",
               "recall": "Follow-up practice"}
RECALL_PROMPT = "Answer it out loud, as you would in the interview, then check."
RECALL_RATE = "How well did you recall it?"


def poll_question(number: int, total: int, question: str) -> str:
    """Prefix 'n/N ' when there is more than one question and it still fits Telegram's limit."""
    prefixed = f"{number}/{total} {question}"
    return prefixed if total > 1 and len(prefixed) <= QUESTION_MAX else question


def set_aside(kind: str) -> str:
    return f"(Your unfinished {KIND_TITLES.get(kind, 'quiz').lower()} was set aside.)"


def nothing_to_ask(reason: str, next_due_text: str | None, covered: int = 0) -> str:
    if reason == "nothing-due":
        if next_due_text:
            return f"Nothing is due for review right now. The next card comes back {next_due_text}."
        return "No review cards yet. Take a lesson quiz: what you answer becomes your review deck."
    if reason == "nothing-read":
        return "A quick quiz draws on lessons you have read. Finish a lesson first: /today."
    if reason == "too-little-covered":
        return (
            f"A mock round asks {MOCK_SIZE} questions from lessons you have finished, and yours hold "
            f"{covered} so far. Finish a few more with /today, or try a <b>preview mock</b> of your path "
            "ahead: clearly labelled, and what you miss goes to a to-learn list, not to your reviews."
        )
    if reason == "unknown-question":
        return "That question is no longer in the course. Here is a fresh menu."
    return "This lesson has no quiz questions."


def practice_note(asked: int, short_by: int, repeats: int) -> str:
    notes = []
    if short_by:
        notes.append(f"Only {asked} questions come from the lessons you have read so far; each lesson adds more.")
    if repeats:
        them = "one of them" if repeats == 1 else f"{repeats} of them"
        notes.append(f"You answered {them} in the last 12 hours: there is nothing newer to ask yet.")
    return "ℹ️ " + " ".join(notes)


def summary(kind: str, right: int, total: int, best: int | None, lesson_title: str | None) -> str:
    head = f"📝 <b>{KIND_TITLES.get(kind, 'Quiz')} done</b>"
    if lesson_title:
        head += f": {escape(lesson_title, quote=False)}"
    lines = [head, f"{right} of {total} right."]
    if best is not None and best > right:
        lines.append(f"Your best on this quiz: {best} of {total}.")
    if right < total:
        lines.append("The ones you missed come back in /review, so they stick.")
    elif total:
        every = "right" if total == 1 else f"{total} right"
        lines.append(f"All {every}. These questions come back later, to check they stay that way.")
    return "\n".join(lines)


def placement_result(path_title: str, reason: str, right: int, total: int, is_current: bool = False) -> str:
    mark = "✅ marks it: it is already yours" if is_current else "⭐ marks mine"
    return (
        f"🧭 <b>Check done: {right} of {total}</b>\n\n"
        f"I'd suggest <b>{escape(path_title, quote=False)}</b>. {escape(reason, quote=False)}\n\n"
        f"It's only a suggestion: pick any path below ({mark})."
    )


def mistakes(groups: list[tuple[str, list[tuple[int, str]]]], hidden: int) -> str:
    """groups: (chapter title, [(number, question text)])."""
    if not groups:
        return "📒 No open mistakes. Questions you get wrong are listed here until you get them right."
    lines = ["📒 <b>Your mistakes</b> (the latest answer was wrong)"]
    for chapter_title, questions in groups:
        lines += ["", f"<b>{escape(chapter_title, quote=False)}</b>"]
        for number, question in questions:
            short = textwrap.shorten(question, width=120, placeholder=" …")  # whole words only
            lines.append(f"{number}. {escape(short, quote=False)}")
    if hidden:
        lines += ["", f"…and {hidden} more. Work through these first, or /review them all."]
    return "\n".join(lines)


FEEDBACK_THANKS = (
    "Thanks, noted! If you want to say more, send a comment as your next message "
    "(up to 2000 characters), or /skip."
)
FEEDBACK_SAVED = "Thanks, your comment is saved for the course authors. 🙏"
FEEDBACK_SKIPPED = "No problem. On we go."


def feedback_too_long(length: int, limit: int) -> str:
    return (
        f"That comment is {length} characters; the limit is {limit}. Nothing was saved: "
        "please shorten it and send it again, or /skip."
    )


def recall_card(number: int, total: int, lesson_title: str, question: str) -> str:
    count = f" {number}/{total}" if total > 1 else ""
    return (
        f"🎯 <b>Interview follow-up{count}</b> · <i>{escape(lesson_title, quote=False)}</i>\n\n"
        f"<b>{escape(question, quote=False)}</b>\n\n{RECALL_PROMPT}"
    )


def recall_answer(number: int, total: int, lesson_title: str, question: str, answer: str, rated: str | None) -> str:
    head = recall_card(number, total, lesson_title, question).removesuffix(RECALL_PROMPT).rstrip()
    tail = f"Rated: {rated}" if rated else RECALL_RATE
    return f"{head}\n\n<i>A strong answer:</i>\n{render_inline(' '.join(answer.split()))}\n\n{tail}"

