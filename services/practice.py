"""Design drills (and chapters' interview questions, run the same way) and estimation drills."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content import Course
from content.practice import Drill, Estimate, Phase, RubricPoint
from domain.clock import Clock
from domain.quantities import Quantity, QuantityError, accepted, parse_quantity
from services import text_claim
from services.base import Service
from services.unit_of_work import reads, writes
from storage.models import DrillAttempt, EstimateAttempt
from storage.practice_repository import PracticeRepository
from storage.repositories import UserRepository

NOTES_MAX = 4000
# A drill left longer than this is offered as "resume or start over" rather than resumed silently.
RESUME_WINDOW = timedelta(days=7)
CHAPTER_PROMPT_MINUTES = 15


class StaleButton(LookupError):
    """A button of a drill that is finished, abandoned, someone else's or no longer in the course."""


@dataclass(frozen=True, slots=True)
class PracticeItem:
    """A design drill, or a chapter's interview question run as a one-phase drill."""

    id: str
    title: str
    brief: str
    phases: tuple[Phase, ...]
    rubric: tuple[RubricPoint, ...]


@dataclass(frozen=True, slots=True)
class DrillState:
    attempt_id: int
    item: PracticeItem
    phase: int  # == len(item.phases) once the rubric is showing
    notes_length: int
    ticked: frozenset[int]
    status: str
    score: int | None = None

    @property
    def scoring(self) -> bool:
        return self.phase >= len(self.item.phases)


@dataclass(frozen=True, slots=True)
class NoteResult:
    status: str  # not-active | too-long | saved
    total: int = 0
    attempted: int = 0


def practice_item(course: Course, item_id: str) -> PracticeItem | None:
    drill: Drill | None = course.drills_by_id.get(item_id)
    if drill is not None:
        return PracticeItem(drill.id, drill.title, drill.brief, drill.phases, drill.rubric)
    chapter_id, _, index_text = item_id.partition(".")
    chapter = course.chapter(chapter_id)
    if chapter is None or not index_text.isdigit() or int(index_text) >= len(chapter.interview):
        return None
    prompt = chapter.interview[int(index_text)]
    first_lesson = chapter.lessons[0].id
    return PracticeItem(
        id=item_id,
        title=f"Interview question: {chapter.title}",
        brief=prompt.prompt,
        phases=(Phase(name="Your answer", minutes=CHAPTER_PROMPT_MINUTES, prompt=(
            "Answer out loud or type notes, as you would to an interviewer: state assumptions, "
            "name the trade-offs, give numbers where you can."
        )),),
        rubric=tuple(RubricPoint(point=point, lesson=first_lesson) for point in prompt.checklist),
    )


def _ticks(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",") if part.isdigit())


class DrillService(Service):

    def _state(self, attempt: DrillAttempt) -> DrillState:
        item = practice_item(self.course, attempt.drill_id)
        if item is None:
            raise StaleButton(attempt.drill_id)
        return DrillState(attempt.id, item, attempt.phase, len(attempt.notes), _ticks(attempt.ticked),
                          attempt.status, attempt.score)

    async def _active(self, user_id: int) -> DrillAttempt | None:
        return await self.session.scalar(
            select(DrillAttempt)
            .where(DrillAttempt.user_id == user_id, DrillAttempt.status.in_(("active", "scoring")))
            .order_by(DrillAttempt.updated_at.desc())
            .limit(1)
        )

    async def _owned(self, user_id: int, attempt_id: int, statuses: tuple[str, ...]) -> DrillAttempt:
        attempt = await self.session.get(DrillAttempt, attempt_id)
        if attempt is None or attempt.user_id != user_id or attempt.status not in statuses:
            raise StaleButton(str(attempt_id))
        return attempt

    @reads
    async def unfinished(self, user_id: int) -> DrillState | None:
        attempt = await self._active(user_id)
        if attempt is None or practice_item(self.course, attempt.drill_id) is None:
            return None
        return self._state(attempt)

    @writes
    async def start(self, user_id: int, item_id: str) -> DrillState:
        """A fresh attempt; an unfinished one is set aside (one drill at a time)."""
        item = practice_item(self.course, item_id)
        if item is None:
            raise StaleButton(item_id)
        now = self.clock.now()
        await UserRepository(self.session).lock(user_id)
        previous = await self._active(user_id)
        if previous is not None:
            previous.status, previous.finished_at = "abandoned", now
        attempt = DrillAttempt(user_id=user_id, drill_id=item.id, phase=0, notes="", ticked="", status="active",
                               total=len(item.rubric), started_at=now, updated_at=now)
        self.session.add(attempt)
        text_claim.claim(await UserRepository(self.session).get(user_id), text_claim.DRILL)
        await self.session.flush()
        return self._state(attempt)

    @writes
    async def resume(self, user_id: int, attempt_id: int) -> DrillState:
        attempt = await self._owned(user_id, attempt_id, ("active", "scoring"))
        attempt.updated_at = self.clock.now()
        text_claim.claim(await UserRepository(self.session).get(user_id), text_claim.DRILL)
        return self._state(attempt)

    @writes
    async def next_phase(self, user_id: int, attempt_id: int, from_phase: int) -> DrillState:
        attempt = await self._owned(user_id, attempt_id, ("active",))
        if attempt.phase != from_phase:
            return self._state(attempt)  # a double tap: the phase already moved on
        item = self._state(attempt).item
        attempt.phase = min(attempt.phase + 1, len(item.phases))
        user = await UserRepository(self.session).get(user_id)
        if attempt.phase == len(item.phases):
            attempt.status = "scoring"
            text_claim.release(user, text_claim.DRILL)  # the notes phases are over
        else:
            text_claim.claim(user, text_claim.DRILL)  # back to the drill: its notes again
        attempt.updated_at = self.clock.now()
        return self._state(attempt)

    @writes
    async def toggle(self, user_id: int, attempt_id: int, index: int) -> DrillState:
        attempt = await self._owned(user_id, attempt_id, ("scoring",))
        if not 0 <= index < attempt.total:
            raise StaleButton(str(index))
        ticks = set(_ticks(attempt.ticked)) ^ {index}
        attempt.ticked = ",".join(str(i) for i in sorted(ticks))
        attempt.updated_at = self.clock.now()
        return self._state(attempt)

    @writes
    async def finish(self, user_id: int, attempt_id: int) -> DrillState:
        attempt = await self._owned(user_id, attempt_id, ("scoring", "done"))
        if attempt.status == "scoring":  # a second tap on Done changes nothing
            attempt.score = len(_ticks(attempt.ticked))
            attempt.status, attempt.finished_at = "done", self.clock.now()
        return self._state(attempt)

    @writes
    async def abandon(self, user_id: int, attempt_id: int) -> None:
        attempt = await self._owned(user_id, attempt_id, ("active", "scoring"))
        attempt.status, attempt.finished_at = "abandoned", self.clock.now()
        text_claim.release(await UserRepository(self.session).get(user_id), text_claim.DRILL)

    @writes
    async def add_note(self, user_id: int, text: str) -> NoteResult:
        """Append a note to the drill in progress; refuse it whole when the notes would pass the limit."""
        attempt = await self._active(user_id)
        if attempt is None or attempt.status != "active" or self.clock.now() - attempt.updated_at > RESUME_WINDOW:
            return NoteResult("not-active")
        if not text_claim.owns(await UserRepository(self.session).get(user_id), text_claim.DRILL):
            return NoteResult("not-active")  # something started later owns free text
        joined = f"{attempt.notes}\n{text}" if attempt.notes else text
        if len(joined) > NOTES_MAX:
            return NoteResult("too-long", len(attempt.notes), len(joined))
        attempt.notes, attempt.updated_at = joined, self.clock.now()
        return NoteResult("saved", len(joined))


@dataclass(frozen=True, slots=True)
class EstimateResult:
    status: str  # not-awaiting | invalid | graded
    estimate: Estimate | None = None
    message: str = ""
    value: Quantity | None = None
    correct: bool = False


class EstimateService(Service):
    def __init__(self, session: AsyncSession, course: Course, clock: Clock | None = None,
                 rng: random.Random | None = None) -> None:
        super().__init__(session, course, clock)
        self.rng = rng or random.Random()
        self.users = UserRepository(session)

    async def _solved(self, user_id: int) -> set[str]:
        solved, _ = await PracticeRepository(self.session).estimate_record(user_id)
        return solved

    @writes
    async def next(self, user_id: int) -> Estimate | None:
        """A question the learner has not yet got right (any, once all are solved)."""
        if not self.course.estimates:
            return None
        solved = await self._solved(user_id)
        pool = [e for e in self.course.estimates if e.id not in solved] or list(self.course.estimates)
        estimate = self.rng.choice(pool)
        user = await self.users.get(user_id)
        if user is not None:
            user.awaiting_estimate = estimate.id
            text_claim.claim(user, text_claim.ESTIMATE)
        return estimate

    @writes
    async def answer(self, user_id: int, text: str) -> EstimateResult:
        user = await self.users.get(user_id)
        estimate = self.course.estimates_by_id.get(user.awaiting_estimate or "") if user else None
        if user is None or estimate is None or not text_claim.owns(user, text_claim.ESTIMATE):
            return EstimateResult("not-awaiting")
        try:
            quantity = parse_quantity(text, estimate.dimension)
        except QuantityError as exc:
            return EstimateResult("invalid", estimate, str(exc))  # keep waiting; nothing recorded
        correct = accepted(quantity.value, estimate.answer, estimate.tolerance)
        self.session.add(EstimateAttempt(user_id=user_id, estimate_id=estimate.id, value=quantity.value,
                                         correct=correct, created_at=self.clock.now()))
        user.awaiting_estimate = None  # one graded answer per question asked
        text_claim.release(user, text_claim.ESTIMATE)
        return EstimateResult("graded", estimate, value=quantity, correct=correct)

    @writes
    async def skip(self, user_id: int) -> bool:
        user = await self.users.get(user_id)
        if user is None or user.awaiting_estimate is None:
            return False
        user.awaiting_estimate = None
        text_claim.release(user, text_claim.ESTIMATE)
        return True
