"""What /privacy, /export and /forget say."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ForgetCb

PRIVACY = (
    "<b>Your data</b>\n\n"
    "<b>What I store:</b> your Telegram id, first name and language; your path and settings "
    "(timezone, lesson time, pace, interview date); the lessons you open and finish; your quiz "
    "answers, review and recall cards; mock rounds, drills with your notes, and estimates; your "
    "lesson votes and comments; and which daily messages were sent.\n\n"
    "<b>Why:</b> to teach you: your next lesson, reviews timed to your memory, the daily lesson at "
    "your hour. The course authors see totals and per-question statistics to fix weak lessons and "
    "questions, and the text of lesson comments without your name.\n\n"
    "<b>How long:</b> the record of daily messages sent is kept for 7 days; everything else until "
    "you delete it. Nothing is sold or shared, and there are no ads.\n\n"
    "/export: a copy of everything, as a file.\n"
    "/forget: delete everything, at once."
)

FORGET_ASK = (
    "🗑 <b>Delete everything I store about you?</b>\n\n"
    "That is your path and settings, the lessons you read, every quiz answer, your review and "
    "recall cards, mock rounds, drills and notes, estimates, lesson votes and comments, and the "
    "record of daily messages. Daily lessons stop.\n\n"
    "It cannot be undone: /export first if you want a copy."
)
FORGOTTEN = "Done: I no longer store anything about you. /start begins afresh."
KEPT = "Nothing deleted."
FORGET_EXPIRED = "That question has expired and nothing was deleted. Send /forget again to delete your data."

EXPORT_CAPTION = "Everything I store about you (JSON; the keys are listed in my README, \"Your data\")."
ANSWERS_CAPTION = "Your quiz answers, one row each (CSV)."
NOTHING_STORED = "I store nothing about you yet. /privacy says what I would keep, and why."
EXPORT_FAILED = "I couldn't send the file just now. Please try /export again in a minute."


def forget_confirm() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text="🗑 Delete everything", callback_data=ForgetCb(confirm=1).pack())],
        [InlineKeyboardButton(text="Keep my data", callback_data=ForgetCb(confirm=0).pack())],
    ])
