"""Reply texts (Telegram HTML). Pure functions of what the services return."""

from __future__ import annotations

from html import escape

from bot.views.paging import pack
from content import Chapter, Course, GlossaryTerm
from domain import deep_links
from domain.progress import percent, progress_bar
from services.learning import Finished, PathChoice
from services.progress import ProgressReport

COMMANDS: tuple[tuple[str, str], ...] = (
    ("today", "Today's lesson on your path"),
    ("review", "Spaced review of questions due"),
    ("quiz", "5 quick questions from what you have read"),
    ("mistakes", "Questions you still get wrong"),
    ("progress", "Streak, accuracy and how far you are"),
    ("mock", "A timed mock round of 10 questions"),
    ("drill", "Design drill: a full system-design problem"),
    ("estimate", "Back-of-the-envelope estimation drill"),
    ("cheatsheet", "Numbers every candidate should know"),
    ("path", "Choose or switch your learning path"),
    ("settings", "Daily lesson time, timezone, pace, pause"),
    ("interview", "A day-by-day plan to your interview date"),
    ("chapters", "Browse every chapter and lesson"),
    ("glossary", "The 30 must-know concepts, defined"),
    ("privacy", "What I store about you; export or delete it"),
    ("help", "What this bot can do"),
    ("start", "Welcome and the paths"),
)

STALE_BUTTON = "That button is out of date. Here is a fresh menu."
PRIVATE_ONLY_TOAST = "I coach in private chats: open me from my profile."


def private_only(bot_username: str) -> str:
    link = f"https://t.me/{bot_username}?start={deep_links.FROM_GROUP}" if bot_username else "my profile"
    return f"I'm a one-to-one coach, so I only answer in a private chat: {link}"


def welcome(first_name: str, course: Course, choices: list[PathChoice] | None = None) -> str:
    name = escape(first_name or "there", quote=False)
    listing = ""
    for choice in choices or []:  # who each path is for, and its size, as /path shows them
        path = choice.path
        listing += (f"• <b>{escape(path.title, quote=False)}</b>: {escape(path.audience, quote=False)} "
                    f"({len(path.lesson_ids)} lessons)\n")
    return (
        f"Hi {name}! 👋 I'm your system-design coach.\n\n"
        f"I teach the ideas behind large systems ({len(course.chapters)} chapters, "
        f"{course.lesson_count} short lessons, from scalability to consensus) and get you ready for "
        "system-design interviews, a few minutes a day.\n\n"
        "Each lesson is a few short pages: the idea, how it works, trade-offs, real-world use, a summary, "
        "and the questions an interviewer asks next.\n\n"
        + (listing + "\n" if listing else "")
        + "<b>Pick a path to begin:</b>"
    )


def paths(choices: list[PathChoice]) -> str:
    lines = ["<b>Learning paths</b>", ""]
    for choice in choices:
        path = choice.path
        current = " — <i>your path</i>" if choice.current else ""
        lines.append(f"<b>{escape(path.title, quote=False)}</b>{current}")
        lines.append(f"For: {escape(path.audience, quote=False)}")
        lines.append(f"{choice.chapter_count} chapters · {len(path.lesson_ids)} lessons")
        if path.skim:
            lines.append("Skim: " + ", ".join(escape(title, quote=False) for title in choice.skim_titles))
        lines.append("")
    lines.append("Switching paths keeps every lesson you have finished.")
    return "\n".join(lines)


def path_chosen(title: str, advice: str, done: int, total: int) -> str:
    text = f"✅ Your path: <b>{escape(title, quote=False)}</b>\n"
    if done:
        text += f"You have already finished {done} of its {total} lessons.\n"
    if advice:
        text += f"\n💡 {escape(advice, quote=False)}\n"
    return text + "\nReady when you are."


NO_PATH = "You haven't picked a learning path yet. Choose one and I'll line up your lessons:"


def path_finished(title: str) -> str:
    return (
        f"🎉 You have finished every lesson on <b>{escape(title, quote=False)}</b>!\n\n"
        "Pick another path, or browse any chapter to revisit a topic."
    )


def lesson_finished(result: Finished) -> str:
    lines = [f"✅ <b>{escape(result.lesson.title, quote=False)}</b> is done."]
    if result.progress:
        bar = progress_bar(result.progress.done, result.progress.total)
        lines.append(f"{bar} {result.progress.done}/{result.progress.total} on your path")
    if result.next_lesson and result.next_chapter:
        lines.append("")
        lines.append(
            f"Next up: <b>{escape(result.next_lesson.title, quote=False)}</b> "
            f"(chapter {result.next_chapter.number}, about {result.next_lesson.minutes} min)"
        )
    elif result.progress and result.progress.finished:
        lines.append("\n🎉 That was the last lesson on your path.")
    return "\n".join(lines)


def chapters(course: Course) -> str:
    return (
        f"<b>All chapters</b> ({len(course.chapters)} chapters, {course.lesson_count} lessons)\n"
        "Jump to any chapter; lessons you finish count toward every path that includes them."
    )


def chapter(chapter_: Chapter, completed: set[str]) -> str:
    done = sum(1 for lesson in chapter_.lessons if lesson.id in completed)
    minutes = sum(lesson.minutes for lesson in chapter_.lessons)
    return (
        f"<b>Chapter {chapter_.number}. {escape(chapter_.title, quote=False)}</b>\n"
        f"{escape(chapter_.summary, quote=False)}\n\n"
        f"{len(chapter_.lessons)} lessons · about {minutes} min · {done} finished"
    )


def progress(report: ProgressReport) -> str:
    lines = ["<b>Your progress</b>", ""]
    if report.path and report.progress:
        bar = progress_bar(report.progress.done, report.progress.total)
        lines.append(f"Path: <b>{escape(report.path.title, quote=False)}</b>")
        lines.append(f"{bar} {report.progress.percent}%")
        lines.append(f"{report.progress.done} of {report.progress.total} path lessons done")
    else:
        lines.append("No path chosen yet: /path picks one.")
    lines.append(f"Lessons read in the whole course: {report.lessons_read} of {report.course_lessons}")
    lines.append("")
    days = "day" if report.streak.current == 1 else "days"
    lines.append(f"🔥 Streak: {report.streak.current} {days} (longest {report.streak.longest})")
    lines.append(f"🗂 Reviews due today: {report.due_today}")
    if report.recall_practised or report.recall_due:
        lines.append(f"🎯 Interview follow-ups: {report.recall_practised} practised, {report.recall_due} due today")
    if report.accuracy:
        lines += ["", "<b>Quiz accuracy</b>"]
        for chapter, accuracy in report.accuracy:
            share = percent(accuracy.right, accuracy.total)
            bar = progress_bar(accuracy.right, accuracy.total, width=8)
            lines.append(f"{bar} {share}% {escape(chapter.title, quote=False)}")
    practice = []
    if report.mock_scores:
        scores = " → ".join(f"{right}/{total}" for right, total in report.mock_scores)
        practice.append(f"⏱ Mock rounds: {scores}")
    if report.drills:
        average = percent(sum(ticked for ticked, _ in report.drills), sum(total for _, total in report.drills))
        practice.append(f"🏗 Design drills done: {len(report.drills)} (average {average}% of the rubric)")
    if report.estimates_tried:
        practice.append(f"🧮 Estimates: {report.estimates_solved} of {report.estimates_tried} solved")
    if practice:
        lines += ["", "<b>Interview practice</b>", *practice]
    if report.weakest:
        names = ", ".join(escape(chapter.title, quote=False) for chapter in report.weakest)
        lines += ["", f"Worth another look: {names}"]
    if report.next_lesson and report.next_chapter:
        lines.append("")
        lines.append(
            f"Next: <b>{escape(report.next_lesson.title, quote=False)}</b> "
            f"(chapter {report.next_chapter.number})"
        )
    elif report.progress and report.progress.finished:
        lines.append("\n🎉 Path complete.")
    return "\n".join(lines)


def help_text() -> str:
    lines = ["<b>What I can do</b>", ""]
    lines += [f"/{name} — {description}" for name, description in COMMANDS]
    lines += [
        "",
        "/time 07:30 — the hour of your daily lesson",
        "/timezone Berlin — your timezone (a city, a region, or share your location)",
        "/interview off — clear the interview date and its plan",
        "/skip — leave the lesson comment you were asked for",
        "/export — a copy of everything I store about you, as a file",
        "/forget — delete everything I store about you",
        "",
        "Lessons have six pages; use ◀ Back and Next ▶ to turn them, and ✅ Finish on the last one. "
        "The last page asks what an interviewer asks next: answer aloud, then tap the hidden answer.",
        "After a lesson, its quiz arrives as quiz polls. Questions you miss, and the interview "
        "follow-ups, come back in /review by spaced review: each returns shortly before you would forget it.",
    ]
    return "\n".join(lines)


HINT_FREE_TEXT = "I work with commands and buttons. Try /today for your next lesson, or /help for everything I can do."


def unknown_command(command: str) -> str:
    return f"I don't know {escape(command[:64], quote=False)}. Try /today, /path, /chapters, /progress or /help."



GLOSSARY_LESSONS = "Tap a concept to open the lesson that teaches it:"


def glossary(course: Course) -> list[str]:
    """Every glossary term with its definition and the lesson that teaches it, in messages that fit."""
    def entry(term: GlossaryTerm) -> str:
        lesson = course.lesson(term.lesson)
        where = f" <i>({escape(lesson.title, quote=False)})</i>" if lesson else ""
        return f"\n<b>{escape(term.term, quote=False)}</b>: {escape(term.definition, quote=False)}{where}\n"

    return pack(f"📖 <b>{len(course.glossary)} must-know concepts</b>\n", map(entry, course.glossary))
