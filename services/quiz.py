"""Quizzes that teach: lesson quizzes, spaced review, quick quizzes, retries and the placement check.

Every question goes out as a quiz poll whose id is stored with the question and the shuffled
option order, so an answer is graded from the database: after a restart, exactly once.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from content import Course
from domain import placement
from domain.clock import Clock
from domain.review import AGAIN, RATING_NAMES, schedule
from domain.selection import QUICK_QUIZ_SIZE, Accuracy, most_overdue, pick_weighted, shuffled_order
from domain.streaks import local_day
from services.base import Service
from services.recall import RecallCards, RecallToShow, Revealed
from services.recall import is_item_id as is_recall_item
from services.recall import item_id as recall_item_id
from services.unit_of_work import reads, writes
from storage.models import QuizPoll, QuizSession, ReviewCard
from storage.quiz_repository import QuizRepository
from storage.recall_repository import RecallRepository
from storage.repositories import ProgressRepository, UserRepository

LESSON, REVIEW, QUICK, RETRY, PLACEMENT, MOCK = "lesson", "review", "quick", "retry", "placement", "mock"
RECALL = "recall"  # a lesson's interview follow-ups, answered aloud and self-rated
PREVIEW = "preview"  # a mock round from the path ahead: measures, schedules no reviews
TIMED = (MOCK, PREVIEW)
MOCK_SIZE = 10
MOCK_SECONDS = 60  # per question; Telegram closes the poll then, and silence counts as missed
EXPIRY_GRACE = timedelta(seconds=3)  # an answer in flight when the poll closed still counts
MISSED = -1  # chosen_option of a timed question nobody answered


def shown_order(stored: str) -> list[int]:
    """QuizPoll.option_order as stored ("2,0,3,1"): shown option i is content option order[i]."""
    return [int(i) for i in stored.split(",") if i.strip().isdigit()]
OPTIONS_SHOWN = 4  # every quiz question has four options
# Practice (/quiz, a chapter's review) does not ask again what was answered this recently while
# other questions exist: right after a lesson's quiz, /quiz must not serve the same four.
RECENT = timedelta(hours=12)
# A second tap within this window on the same quiz is a double tap, not a fresh start.
DOUBLE_TAP_WINDOW = timedelta(minutes=10)
# A question chosen but never recorded this long ago was lost (the process died between Telegram
# creating its poll and the bot storing it): the next tap on the quiz sends it again. Shorter
# waits are a send still under way, which a double tap must not duplicate.
RESEND_AFTER = timedelta(seconds=3)


@dataclass(frozen=True, slots=True)
class PollToSend:
    session_id: int
    question_key: str
    number: int  # 1-based position in the session
    total: int
    question: str
    options: tuple[str, ...]  # in the shuffled order shown to this learner
    option_order: tuple[int, ...]
    correct_option: int  # index in `options`
    explanation: str
    open_period: int | None = None  # seconds, for timed questions


Item = PollToSend | RecallToShow  # what a quiz session asks next


@dataclass(frozen=True, slots=True)
class Started:
    poll: Item
    set_aside: str | None = None  # the kind of an unfinished quiz this one replaced
    short_by: int = 0  # practice: fewer questions than promised exist in what was read
    repeats: int = 0  # practice: questions answered within RECENT, for want of others


@dataclass(frozen=True, slots=True)
class AlreadyRunning:
    kind: str


@dataclass(frozen=True, slots=True)
class NothingToAsk:
    reason: str  # no-questions | nothing-due | nothing-read | unknown-question | too-little-covered
    next_due: datetime | None = None
    covered: int = 0  # too-little-covered: questions of the finished lessons


@dataclass(frozen=True, slots=True)
class Summary:
    kind: str
    lesson_id: str | None
    right: int
    total: int
    best: int | None = None
    wrong_keys: tuple[str, ...] = ()
    recommendation: placement.Recommendation | None = None
    seconds_used: int | None = None  # mock rounds
    missed_in_time: int = 0  # mock rounds: questions left unanswered


@dataclass(frozen=True, slots=True)
class Graded:
    correct: bool
    chat_id: int
    next_poll: Item | None = None
    summary: Summary | None = None
    recall_due: datetime | None = None  # a rated recall card: when it comes back
    resent: bool = False  # nothing was graded: a question lost in a crash is asked again


@dataclass(frozen=True, slots=True)
class Ignored:
    """An answer that changes nothing: unknown poll, someone else's poll, retracted, already graded."""

    reason: str


StartResult = Started | AlreadyRunning | NothingToAsk


class QuizService(Service):
    def __init__(
        self, session: AsyncSession, course: Course, clock: Clock | None = None, rng: random.Random | None = None
    ) -> None:
        super().__init__(session, course, clock)
        self.rng = rng or random.Random()
        self.quizzes = QuizRepository(session)
        self.users = UserRepository(session)
        self.progress = ProgressRepository(session)
        self.recall = RecallCards(RecallRepository(session), course)

    # ---- starting ------------------------------------------------------------------------
    @writes
    async def start_lesson_quiz(self, user_id: int, lesson_id: str) -> StartResult:
        keys = self.course.lesson_question_keys(lesson_id)
        if not keys:
            return NothingToAsk("no-questions")
        return await self._start(user_id, LESSON, lesson_id, keys)

    @writes
    async def start_review(self, user_id: int, chapter_id: str | None = None) -> StartResult:
        now = self.clock.now()
        cards = await self._live_cards(user_id)
        if chapter_id is not None:
            # A chapter review (from /progress): that chapter's cards, wrong and most overdue first,
            # the ones answered in the last hours only when nothing else is left.
            cards = [c for c in cards if self.course.questions[c.question_key].chapter.id == chapter_id]
            cards.sort(key=lambda c: (now - c.updated_at < RECENT, c.last_correct, c.due))
            keys = [c.question_key for c in cards[:10]]
            if not keys:
                return NothingToAsk("nothing-due", next_due=None)
            repeats = sum(1 for c in cards[:10] if now - c.updated_at < RECENT)
            started = await self._start(user_id, REVIEW, chapter_id, keys)
            return replace(started, repeats=repeats) if isinstance(started, Started) else started
        else:
            # Lessons finished before recall practice existed get their cards now, due at once.
            await self.recall.add_for_lessons(user_id, sorted(await self.progress.completed_ids(user_id)), now, now)
            due = [(c.question_key, c.due) for c in cards]
            due += [(card.card_key, card.due) for card in await self.recall.live(user_id)]
            keys = most_overdue(due, now)  # quiz and recall cards share the session, most overdue first
            if not keys:
                return NothingToAsk("nothing-due", next_due=min((at for _, at in due), default=None))
        return await self._start(user_id, REVIEW, chapter_id, keys)

    @writes
    async def start_recall(self, user_id: int, lesson_id: str) -> StartResult:
        """The lesson's interview follow-ups as recall cards (offered after a mock round)."""
        keys = self.course.lesson_follow_up_keys(lesson_id)
        if not keys:
            return NothingToAsk("no-questions")
        return await self._start(user_id, RECALL, lesson_id, keys)

    @writes
    async def start_quick_quiz(self, user_id: int) -> StartResult:
        completed = await self.progress.completed_ids(user_id)
        by_chapter: dict[str, list[str]] = {}
        for lesson_id in sorted(completed):
            chapter = self.course.chapter_of_lesson.get(lesson_id)
            if chapter is not None:
                by_chapter.setdefault(chapter.id, []).extend(self.course.lesson_question_keys(lesson_id))
        if not by_chapter:
            return NothingToAsk("nothing-read")
        cards = await self._live_cards(user_id)
        now = self.clock.now()
        recent = {c.question_key: c.updated_at for c in cards if now - c.updated_at < RECENT}
        fresh = {chapter: [k for k in keys if k not in recent] for chapter, keys in by_chapter.items()}
        keys = pick_weighted(fresh, self._accuracy(cards), self.rng, count=QUICK_QUIZ_SIZE)
        if len(keys) < QUICK_QUIZ_SIZE:  # nothing else left: the least recently answered ones again
            read = {key for pool in by_chapter.values() for key in pool}
            keys += sorted((k for k in recent if k in read), key=recent.__getitem__)[: QUICK_QUIZ_SIZE - len(keys)]
            self.rng.shuffle(keys)
        started = await self._start(user_id, QUICK, None, keys)
        if not isinstance(started, Started):
            return started
        return replace(started, short_by=QUICK_QUIZ_SIZE - len(keys), repeats=sum(1 for k in keys if k in recent))

    @writes
    async def start_mock(self, user_id: int, preview: bool = False) -> StartResult:
        """Ten timed questions from the lessons the learner has finished, weighted toward weak
        chapters; with fewer than ten such questions, say so (NothingToAsk "too-little-covered").
        `preview`: from the unread lessons of the learner's path instead, a measure of the road
        ahead that schedules no reviews (nothing was taught yet)."""
        completed = await self.progress.completed_ids(user_id)
        if preview:
            user = await self.users.get(user_id)
            path = (self.course.path(user.path_id) if user and user.path_id else None) or self.course.path(
                "fast-track") or self.course.paths[0]
            lessons = [lid for lid in path.lesson_ids if lid not in completed] or list(path.lesson_ids)
        else:
            lessons = [lid for lid in self.course.lessons_by_id if lid in completed]
        by_chapter: dict[str, list[str]] = {}
        for lesson_id in lessons:
            chapter_id = self.course.chapter_of_lesson[lesson_id].id
            by_chapter.setdefault(chapter_id, []).extend(self.course.lesson_question_keys(lesson_id))
        available = sum(map(len, by_chapter.values()))
        if not preview and available < MOCK_SIZE:
            return NothingToAsk("too-little-covered", covered=available)
        accuracy = self._accuracy(await self._live_cards(user_id))
        keys = pick_weighted(by_chapter, accuracy, self.rng, count=MOCK_SIZE)
        return await self._start(user_id, PREVIEW if preview else MOCK, None, keys)

    @writes
    async def start_retry(self, user_id: int, question_key: str) -> StartResult:
        if self.course.question(question_key) is None:
            return NothingToAsk("unknown-question")
        return await self._start(user_id, RETRY, None, [question_key])

    @writes
    async def start_placement(self, user_id: int) -> StartResult:
        keys = []
        for lesson_id, index, _tier in placement.PLACEMENT_QUESTIONS:
            lesson_keys = self.course.lesson_question_keys(lesson_id)
            if index < len(lesson_keys):
                keys.append(lesson_keys[index])
        if not keys:
            return NothingToAsk("no-questions")
        return await self._start(user_id, PLACEMENT, None, keys)

    async def _start(self, user_id: int, kind: str, lesson_id: str | None, keys: list[str]) -> StartResult:
        await self.users.lock(user_id)  # two taps at once: the second waits, then sees the first quiz
        now = self.clock.now()
        set_aside = None
        for active in await self.quizzes.active_sessions(user_id):
            last = await self.quizzes.last_poll(active.id)
            recent = now - self._last_activity(active, last) < DOUBLE_TAP_WINDOW
            if active.kind == kind and active.lesson_id == lesson_id and recent:
                lost = self._lost_position(active, last, now)
                if lost is not None:  # its question never reached the database: ask it again
                    return Started(await self._item_for(active, json.loads(active.question_keys), lost, user_id))
                return AlreadyRunning(kind)
            active.status = "abandoned"  # one quiz at a time; the newer request wins
            active.finished_at = now
            answered_some = last is not None and (last.answered_at is not None or bool(last.position))
            if answered_some or recent:
                set_aside = active.kind
        quiz = await self.quizzes.create_session(user_id, kind, lesson_id, keys, now)
        return Started(await self._item_for(quiz, keys, 0, user_id), set_aside=set_aside)

    def _lost_position(self, quiz: QuizSession, last: QuizPoll | None, now: datetime) -> int | None:
        """The position of an active quiz's question that was chosen but never recorded, if any:
        no poll yet, or the last one answered (so the next was chosen) at least RESEND_AFTER ago."""
        if last is None:
            lost, since = 0, quiz.started_at
        elif last.answered_at is not None and last.position is not None:
            lost, since = last.position + 1, last.answered_at
        else:
            return None  # a question is out there, recorded, waiting for its answer
        if lost >= len(json.loads(quiz.question_keys)) or now - since < RESEND_AFTER:
            return None
        return lost

    async def _resend_lost(self, user_id: int, now: datetime) -> Item | None:
        """The lost question of the learner's newest active quiz, if it has one."""
        for active in sorted(await self.quizzes.active_sessions(user_id), key=lambda q: q.started_at, reverse=True):
            lost = self._lost_position(active, await self.quizzes.last_poll(active.id), now)
            if lost is not None:
                return await self._item_for(active, json.loads(active.question_keys), lost, user_id)
            return None
        return None

    @staticmethod
    def _last_activity(quiz: QuizSession, last: QuizPoll | None) -> datetime:
        if last is None:
            return quiz.started_at
        return max(quiz.started_at, last.answered_at or last.sent_at)

    async def _item_for(self, quiz: QuizSession, keys: list[str], position: int, user_id: int) -> Item:
        """The question at `position`: a quiz poll to send, or a recall card, recorded now (its
        answer needs no id from Telegram)."""
        ref = self.course.follow_up(keys[position])
        if ref is None:
            return self._poll_for(quiz, keys, position)
        shown = RecallToShow(
            session_id=quiz.id, item_id=recall_item_id(quiz.id, position), key=ref.key, number=position + 1,
            total=len(keys), question=ref.follow_up.question, lesson_title=ref.lesson.title,
        )
        await self.quizzes.add_poll(QuizPoll(
            poll_id=shown.item_id, session_id=quiz.id, user_id=user_id, question_key=ref.key, option_order="",
            correct_option=0, position=position, sent_at=self.clock.now(),
        ))
        return shown

    def _exists(self, key: str) -> bool:
        return self.course.question(key) is not None or self.course.follow_up(key) is not None

    def _poll_for(self, quiz: QuizSession, keys: list[str], position: int) -> PollToSend:
        ref = self.course.questions[keys[position]]
        order = shuffled_order(len(ref.question.options), self.rng)
        return PollToSend(
            session_id=quiz.id,
            question_key=ref.key,
            number=position + 1,
            total=len(keys),
            question=ref.question.question,
            options=tuple(ref.question.options[i] for i in order),
            option_order=order,
            correct_option=order.index(ref.question.answer),
            explanation=ref.question.explanation,
            open_period=MOCK_SECONDS if quiz.kind in TIMED else None,
        )

    @writes
    async def record_poll(self, user_id: int, poll_id: str, poll: PollToSend) -> None:
        """Remember a poll Telegram accepted, so its answer can be graded later."""
        await self.quizzes.add_poll(
            QuizPoll(
                poll_id=poll_id,
                session_id=poll.session_id,
                user_id=user_id,
                question_key=poll.question_key,
                option_order=",".join(map(str, poll.option_order)),
                correct_option=poll.correct_option,
                position=poll.number - 1,
                sent_at=self.clock.now(),
                expires_at=self.clock.now() + timedelta(seconds=poll.open_period) if poll.open_period else None,
            )
        )

    @writes
    async def abandon(self, session_id: int) -> None:
        """The poll could not be sent (blocked, network): leave no half-open quiz behind."""
        quiz = await self.quizzes.get_session(session_id)
        if quiz is not None and quiz.status == "active":
            quiz.status, quiz.finished_at = "abandoned", self.clock.now()

    # ---- grading -------------------------------------------------------------------------
    @writes
    async def grade(self, poll_id: str, user_id: int, option_ids: list[int]) -> Graded | Ignored:
        if not option_ids:
            return Ignored("retracted")  # quiz votes cannot be retracted; a regular poll's can
        if is_recall_item(poll_id):
            return Ignored("not-a-poll")  # a forged answer naming one of our recall cards
        chosen = option_ids[0]
        if not 0 <= chosen < OPTIONS_SHOWN:
            return Ignored("bad-option")  # no poll of ours has that option (and -1 means "missed")
        now = self.clock.now()
        poll = await self.quizzes.claim_own_answer(poll_id, user_id, chosen, now)
        if poll is None:
            reason = await self._why_not_graded(poll_id, user_id)
            if reason == "unknown-poll":  # perhaps the poll of a question lost in a crash
                lost = await self._resend_lost(user_id, now)
                if lost is not None:
                    return Graded(correct=False, chat_id=user_id, next_poll=lost, resent=True)
            return Ignored(reason)
        return await self._after_answer(poll, user_id, bool(poll.is_correct), now)

    async def _why_not_graded(self, poll_id: str, user_id: int) -> str:
        poll = await self.quizzes.get_poll(poll_id)
        if poll is None:
            return "unknown-poll"
        if poll.user_id != user_id:
            return "not-yours"
        return "already-graded"  # a redelivered update, a second answer, or timed out

    @reads
    async def reveal(self, user_id: int, item: str) -> Revealed | Ignored:
        """A recall card's model answer, for the learner it was shown to."""
        poll = await self.quizzes.get_poll(item) if is_recall_item(item) else None
        if poll is None or poll.user_id != user_id:
            return Ignored("unknown-poll")
        ref = self.course.follow_up(poll.question_key)
        quiz = await self.quizzes.get_session(poll.session_id)
        if ref is None or quiz is None:
            return Ignored("retired")
        shown = RecallToShow(
            session_id=quiz.id, item_id=item, key=ref.key, number=(poll.position or 0) + 1,
            total=len(json.loads(quiz.question_keys)), question=ref.follow_up.question, lesson_title=ref.lesson.title,
        )
        return Revealed(shown, ref.follow_up.answer, poll.chosen_option if poll.answered_at else None)

    @writes
    async def rate(self, user_id: int, item: str, rating: int) -> Graded | Ignored:
        """The learner's own rating of a recall card: scheduled, then the session moves on."""
        if rating not in RATING_NAMES or not is_recall_item(item):
            return Ignored("bad-option")
        now = self.clock.now()
        # Recalled, if with effort, counts as right in the summary.
        poll = await self.quizzes.claim_own_answer(item, user_id, rating, now, correct=rating != AGAIN)
        if poll is None:
            return Ignored(await self._why_not_graded(item, user_id))
        return await self._after_answer(poll, user_id, bool(poll.is_correct), now, rating=rating)

    @reads
    async def any_overdue(self) -> bool:
        """A cheap look first, so the sweep every few seconds takes no write lock for nothing."""
        return bool(await self.quizzes.overdue_polls(self.clock.now() - EXPIRY_GRACE, limit=1))

    @writes
    async def expire_overdue(self) -> list[Graded]:
        """Timed questions whose time ran out unanswered count as missed; the round moves on."""
        now = self.clock.now()
        outcomes = []
        for poll in await self.quizzes.overdue_polls(now - EXPIRY_GRACE):
            if await self.quizzes.claim_answer(poll.poll_id, MISSED, False, now):
                poll.answered_at, poll.chosen_option, poll.is_correct = now, MISSED, False
                outcomes.append(await self._after_answer(poll, poll.user_id, False, now))
        return outcomes

    async def _after_answer(
        self, poll: QuizPoll, user_id: int, correct: bool, now: datetime, rating: int | None = None
    ) -> Graded:
        """Schedule the card and pick the next question. The answered poll says where the quiz
        stands, so the session row is written only when the quiz ends."""
        quiz, card, answered_elsewhere = await self.quizzes.session_with_card(
            poll.session_id, user_id, poll.question_key, poll.poll_id
        )
        ref = self.course.question(poll.question_key)
        recall_due = None
        if rating is not None:
            if self.course.follow_up(poll.question_key) is not None:
                recall_due = (await self.recall.rate(user_id, poll.question_key, rating, now)).due
        elif ref is None:
            await self.quizzes.retire_cards(user_id, [poll.question_key], now)
        elif quiz.kind not in (PLACEMENT, PREVIEW):  # these measure; they do not schedule reviews
            await self._update_card(card, user_id, ref.key, ref.lesson.id, correct, now)
        graded = Graded(correct=correct, chat_id=user_id, recall_due=recall_due)
        if quiz.status != "active":
            return graded  # an answer to a set-aside quiz still teaches
        keys: list[str] = json.loads(quiz.question_keys)
        position = (poll.position if poll.position is not None else quiz.position) + 1
        while position < len(keys) and not self._exists(keys[position]):
            position += 1  # a question removed from the course since the quiz began
        if answered_elsewhere is not None and poll.position is not None and answered_elsewhere >= poll.position:
            return graded  # a duplicate of a resent question, answered twice: the quiz moved on once
        if position < len(keys):
            return replace(graded, next_poll=await self._item_for(quiz, keys, position, user_id))
        return replace(graded, summary=await self._finish(quiz, user_id, now))

    async def _update_card(
        self, card: ReviewCard | None, user_id: int, key: str, lesson_id: str, correct: bool, now: datetime
    ) -> None:
        scheduled = schedule(card.fsrs_state if card else None, correct, now)
        if card is None:
            await self.quizzes.add_card(
                ReviewCard(
                    user_id=user_id, question_key=key, lesson_id=lesson_id, fsrs_state=scheduled.state,
                    due=scheduled.due, last_correct=correct, right_count=int(correct),
                    wrong_count=int(not correct), updated_at=now,
                )
            )
            return
        await self.quizzes.update_card(
            user_id, key, fsrs_state=scheduled.state, due=scheduled.due, last_correct=correct, updated_at=now,
            right_count=card.right_count + int(correct), wrong_count=card.wrong_count + int(not correct),
            retired_at=None,
        )

    async def _finish(self, quiz: QuizSession, user_id: int, now: datetime) -> Summary:
        answers = await self.quizzes.session_answers(quiz.id)
        wrong = tuple(a.question_key for a in answers if not a.is_correct)
        right, total = sum(1 for a in answers if a.is_correct), len(answers)
        # A finished quiz keeps its counts, so score lists need no per-quiz query.
        quiz.status, quiz.finished_at, quiz.position, quiz.correct = "finished", now, total, right
        if quiz.kind == LESSON and quiz.lesson_id:
            score = await self.quizzes.save_score(user_id, quiz.lesson_id, right, total, now)
            return Summary(LESSON, quiz.lesson_id, right, total, best=score.best, wrong_keys=wrong)
        if quiz.kind in (REVIEW, RECALL):
            user = await self.users.get(user_id)
            await self.quizzes.record_day(user_id, local_day(now, user.timezone if user else None))
        if quiz.kind in TIMED:
            used = sum(
                min((a.answered_at or now) - a.sent_at, timedelta(seconds=MOCK_SECONDS)).total_seconds()
                for a in answers
            )
            missed = sum(1 for a in answers if a.chosen_option == MISSED)
            return Summary(quiz.kind, None, right, total, wrong_keys=wrong, seconds_used=int(used),
                           missed_in_time=missed)
        if quiz.kind == PLACEMENT:
            tiers = {self._placement_key(lesson_id, index): tier
                     for lesson_id, index, tier in placement.PLACEMENT_QUESTIONS}
            results = [(tiers.get(a.question_key, placement.FUNDAMENTALS), bool(a.is_correct)) for a in answers]
            return Summary(PLACEMENT, None, right, total, recommendation=placement.recommend(results))
        return Summary(quiz.kind, quiz.lesson_id, right, total, wrong_keys=wrong)

    def _placement_key(self, lesson_id: str, index: int) -> str:
        keys = self.course.lesson_question_keys(lesson_id)
        return keys[index] if index < len(keys) else ""

    # ---- reading -------------------------------------------------------------------------
    async def _live_cards(self, user_id: int) -> list[ReviewCard]:
        """Cards whose question still exists. Cards of edited or removed questions are retired
        once at start-up (retire_cards_of_retired_questions); the filter covers the rest."""
        return [c for c in await self.quizzes.live_cards(user_id) if self.course.question(c.question_key) is not None]

    def _accuracy(self, cards: list[ReviewCard]) -> dict[str, Accuracy]:
        return chapter_accuracy(self.course, cards)

    @reads
    async def mistakes(self, user_id: int) -> list[tuple[str, list[str]]]:
        """Questions whose latest answer was wrong, grouped by chapter in course order."""
        cards = [c for c in await self._live_cards(user_id) if not c.last_correct]
        grouped: dict[str, list[str]] = {}
        for card in sorted(cards, key=lambda c: c.updated_at):
            grouped.setdefault(self.course.questions[card.question_key].chapter.id, []).append(card.question_key)
        order = {chapter.id: chapter.number for chapter in self.course.chapters}
        return sorted(grouped.items(), key=lambda item: order[item[0]])


async def retire_cards_of_retired_questions(session: AsyncSession, course: Course, now: datetime) -> int:
    """After a content change: cards whose question (or follow-up) wording no longer exists stop
    counting as due (in SQL counts such as the push's "reviews due"). Once per start, not per update."""
    async with session.begin():
        retired = await QuizRepository(session).retire_all_except(list(course.questions), now)
        return retired + await RecallRepository(session).retire_all_except(list(course.follow_ups), now)


class Tally(Protocol):
    """A card's answer counts: a ReviewCard, or the plain row /progress reads."""

    @property
    def question_key(self) -> str: ...
    @property
    def right_count(self) -> int: ...
    @property
    def wrong_count(self) -> int: ...


def chapter_accuracy(course: Course, cards: Sequence[Tally]) -> dict[str, Accuracy]:
    """Right answers over all answers, per chapter, from the learners' cards."""
    totals: dict[str, list[int]] = {}
    for card in cards:
        ref = course.question(card.question_key)
        if ref is None:
            continue
        right_total = totals.setdefault(ref.chapter.id, [0, 0])
        right_total[0] += card.right_count
        right_total[1] += card.right_count + card.wrong_count
    return {chapter: Accuracy(right, total) for chapter, (right, total) in totals.items()}
