"""Callback data factories. Short prefixes and ids (never titles) keep every button under 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MenuCb(CallbackData, prefix="m"):
    target: str  # today | paths | chapters | progress | help | mistakes | quiz | placement


class PathCb(CallbackData, prefix="p"):
    path_id: str


class ChapterCb(CallbackData, prefix="c"):
    chapter_id: str


class PageCb(CallbackData, prefix="l"):
    lesson_id: str
    page: int
    via: str = ""  # "c": opened from its chapter's list, so the pages offer "◀ Chapter"


class FinishCb(CallbackData, prefix="f"):
    lesson_id: str


class QuizCb(CallbackData, prefix="q"):
    lesson_id: str


class ReviewCb(CallbackData, prefix="r"):
    chapter_id: str  # "" reviews whatever is due


class RetryCb(CallbackData, prefix="qr"):
    key: str  # question key: "<lesson-id>.<digest>"


class FeedbackCb(CallbackData, prefix="fb"):
    lesson_id: str
    helpful: int  # 1 or 0


class SettingsCb(CallbackData, prefix="s"):
    action: str  # tz | time | pace | weekends | pause | resume | off | region | zone | at
    value: str


class InterviewCb(CallbackData, prefix="iv"):
    day: str  # ISO date


class DrillStartCb(CallbackData, prefix="ds"):
    item_id: str  # a drill id, or "<chapter-id>.<n>" for a chapter's interview question


class DrillCb(CallbackData, prefix="dr"):
    attempt: int
    action: str  # next | tick | done | abandon | resume
    arg: int  # phase for next, rubric index for tick


class EstimateCb(CallbackData, prefix="es"):
    action: str  # another | skip


class RecallCb(CallbackData, prefix="rc"):
    item: str  # the recall item's id in its quiz session: "rc<session>-<position>"
    rating: int  # 0: show the answer; 1..4: Again, Hard, Good, Easy


class RecallStartCb(CallbackData, prefix="rs"):
    lesson_id: str  # practise this lesson's interview follow-ups


class ForgetCb(CallbackData, prefix="fg"):
    confirm: int  # 1 deletes everything, 0 keeps it


class AdminCb(CallbackData, prefix="ad"):
    action: str  # report


class ShareCb(CallbackData, prefix="sh"):
    lesson_id: str
