"""Use cases of micro-feedback: ask one specific question, record the answer, withdraw, list."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from microstep.core.dates import day_label
from microstep.core.evidence import FeedbackStatus, SignalKind
from microstep.core.signals import MAX_SOURCE, check_question, check_signal_day
from microstep.core.text import MAX_NOTE, clean_text, one_line
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.evidence_schemas import FeedbackAnswer, FeedbackCreate, FeedbackPublic
from microstep.store import evidence, queries
from microstep.store.models import FeedbackRequest, Signal

MAX_ABOUT = 200


def ask_feedback(ctx: Context, request_in: FeedbackCreate) -> FeedbackPublic:
    """Record a question to ask; a generic or multiple question is refused with an example."""
    question = check_question(request_in.question)
    whom = one_line(
        request_in.asked_whom,
        field="asked_whom",
        label="person asked",
        max_len=MAX_SOURCE,
        required=True,
    )
    about = check_about(request_in.about)
    assert whom is not None  # required
    asked_on = check_signal_day(
        request_in.asked_on or ctx.today,
        today=ctx.today,
        field="asked_on",
        rule="Record a question on the day you ask it",
    )
    with ctx.db.transaction() as session:
        row = store_request(
            session,
            ctx,
            question=question,
            asked_whom=whom,
            about=about,
            asked_on=asked_on,
            goal_id=request_in.goal_id,
        )
        return _public(row)


def store_request(
    session: Session,
    ctx: Context,
    *,
    question: str,
    asked_whom: str,
    about: str,
    asked_on: date,
    goal_id: int | None,
    responder_id: int | None = None,
) -> FeedbackRequest:
    """Store an open question of the acting person, checking the micro-goal it serves."""
    if goal_id is not None and not queries.get_goal(
        session=session, person_id=ctx.person_id, goal_id=goal_id
    ):
        raise InvalidInput(f"There is no micro-goal #{goal_id}.", field="goal_id")
    return evidence.add_feedback_request(
        session=session,
        person_id=ctx.person_id,
        now=ctx.now(),
        question=question,
        asked_whom=asked_whom,
        about=about,
        asked_on=asked_on,
        status=FeedbackStatus.OPEN.value,
        goal_id=goal_id,
        responder_id=responder_id,
    )


def answer_feedback(ctx: Context, request_id: int, answer_in: FeedbackAnswer) -> FeedbackPublic:
    """Record the answer and rating; in the same transaction it becomes a feedback signal."""
    text, day = check_answer(answer_in, today=ctx.today)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # a double submit waits
        row = _open(session, ctx, request_id, "answer")
        if row.responder_id is not None:
            raise Conflict(
                f"{row.asked_whom} answers feedback request #{request_id} in the app; "
                "withdraw it if the question no longer stands."
            )
        signal = record_answer(
            session, row, text=text, rating=answer_in.rating, day=day, now=ctx.now()
        )
        return _public(row, signal.id)


def check_about(value: str | None) -> str:
    """The action a question is about, on one line."""
    about = one_line(
        value, field="about", label="action it is about", max_len=MAX_ABOUT, required=True
    )
    assert about is not None
    return about


def check_answer(answer_in: FeedbackAnswer, *, today: date) -> tuple[str, date]:
    """The answer's text and day, as typed: not empty, not from the future."""
    text = clean_text(answer_in.answer, field="answer", required=True, max_len=MAX_NOTE)
    assert text is not None
    day = check_signal_day(
        answer_in.answered_on or today,
        today=today,
        field="answered_on",
        rule="Record an answer on the day you get it",
    )
    return text, day


def record_answer(
    session: Session,
    row: FeedbackRequest,
    *,
    text: str,
    rating: int,
    day: date,
    now: datetime,
) -> Signal:
    """Close an open request with its answer; it becomes a feedback signal of the asker's."""
    if day < row.asked_on:
        raise InvalidInput(
            f"The answer cannot come before the question, asked on {day_label(row.asked_on)}.",
            field="answered_on",
        )
    row.status, row.answer, row.rating, row.answered_on = (
        FeedbackStatus.ANSWERED.value,
        text,
        rating,
        day,
    )
    return evidence.add_signal(
        session=session,
        person_id=row.person_id,
        now=now,
        kind=SignalKind.FEEDBACK.value,
        occurred_on=day,
        note=f"{row.about}: {text}",
        source=row.asked_whom,
        rating=rating,
        feedback_request_id=row.id,
    )


def withdraw_feedback(ctx: Context, request_id: int) -> FeedbackPublic:
    """Withdraw an open request that will not be answered."""
    with ctx.db.transaction() as session:
        row = _open(session, ctx, request_id, "withdraw")
        row.status = FeedbackStatus.WITHDRAWN.value
        return _public(row)


def list_feedback(ctx: Context, *, open_only: bool = False) -> list[FeedbackPublic]:
    """The person's feedback requests, newest first; only the open ones if asked."""
    statuses = [FeedbackStatus.OPEN.value] if open_only else []
    with ctx.db.transaction() as session:
        rows = evidence.list_feedback_requests(
            session=session, person_id=ctx.person_id, statuses=statuses
        )
        signals = evidence.signal_ids_of_requests(
            session=session, request_ids=[row.id for row in rows]
        )
        return [_public(row, signals.get(row.id)) for row in rows]


def _open(session: Session, ctx: Context, request_id: int, verb: str) -> FeedbackRequest:
    row = evidence.get_feedback_request(
        session=session, person_id=ctx.person_id, request_id=request_id
    )
    if row is None:
        raise NotFound(f"There is no feedback request #{request_id}.", field="request_id")
    if row.status == FeedbackStatus.ANSWERED:
        raise Conflict(
            f"Feedback request #{request_id} was already answered on {_day(row.answered_on)}; "
            f"there is nothing left to {verb}."
        )
    if row.status == FeedbackStatus.WITHDRAWN:
        raise Conflict(f"Feedback request #{request_id} was withdrawn; ask again to reopen it.")
    return row


def _day(day: date | None) -> str:
    return "an unknown day" if day is None else day_label(day)


def _public(row: FeedbackRequest, signal_id: int | None = None) -> FeedbackPublic:
    public = FeedbackPublic.model_validate(row)
    return public.model_copy(update={"signal_id": signal_id})
