"""Feedback across people (team mode): ask a colleague in the app; they answer from their inbox.

The request stays the asker's record, private like any other: the colleague reaches it only by
being asked (`responder_id`) and sees the question, what it is about, the day and the asker's
name, nothing else of the asker's. An answer takes the personal feature's path, so it closes
the request and becomes a feedback signal of the asker's in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from microstep.core.dates import day_label
from microstep.core.evidence import FeedbackStatus
from microstep.core.signals import MAX_SOURCE, check_question
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import feedback
from microstep.services.context import Context
from microstep.services.evidence_schemas import FeedbackAnswer, FeedbackPublic
from microstep.services.inbox_schemas import ColleagueAsk, FeedbackDue, InboxAnswer, InboxItem
from microstep.store import inbox as store
from microstep.store import queries
from microstep.store.db import Database
from microstep.store.models import FeedbackRequest

REMIND_EVERY = 7  # days between reminders to answer: the day asked, then weekly...
REMIND_FOR = 28  # ...for four weeks; an older question no longer nags
INBOX_PATH = "/feedback/inbox"
MAX_ASKS_A_DAY = 5  # questions asked in the app a day: enough to be useful, too few to spam


def ask_colleague(ctx: Context, ask_in: ColleagueAsk) -> FeedbackPublic:
    """Ask a colleague (an active account, not yourself) one specific question in the app."""
    question = check_question(ask_in.question)
    about = feedback.check_about(ask_in.about)
    if ask_in.responder_id == ctx.person_id:
        raise InvalidInput(
            "Ask a colleague, not yourself: choose someone else from the directory.",
            field="responder_id",
        )
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # the count holds
        if store.asked_in_app_on(session=session, person_id=ctx.person_id, day=ctx.today) >= (
            MAX_ASKS_A_DAY
        ):
            raise Conflict(
                f"You asked {MAX_ASKS_A_DAY} colleagues today: the rest can wait for tomorrow "
                "(each question reaches its colleague by reminder too)."
            )
        colleague = queries.get_person(session=session, person_id=ask_in.responder_id)
        if colleague is None or colleague.is_local or not colleague.is_active:
            raise InvalidInput(
                f"There is no active colleague #{ask_in.responder_id}: choose someone from "
                "the directory.",
                field="responder_id",
            )
        row = feedback.store_request(
            session,
            ctx,
            question=question,
            asked_whom=colleague.name[:MAX_SOURCE],
            about=about,
            asked_on=ctx.today,
            goal_id=ask_in.goal_id,
            responder_id=colleague.id,
        )
        return FeedbackPublic.model_validate(row)


def inbox(ctx: Context) -> list[InboxItem]:
    """The open questions colleagues asked me, oldest first."""
    with ctx.db.transaction() as session:
        rows = store.addressed_to(
            session=session, responder_id=ctx.person_id, statuses=[FeedbackStatus.OPEN.value]
        )
        return [_item(row, asker) for row, asker in rows]


def answer_request(ctx: Context, request_id: int, answer_in: InboxAnswer) -> InboxItem:
    """Answer a question asked of me: it reaches the asker's feedback list and evidence log."""
    text, day = feedback.check_answer(
        FeedbackAnswer(rating=answer_in.rating, answer=answer_in.answer), today=ctx.today
    )
    with ctx.db.transaction() as session:
        row, asker = _open_to_me(session, ctx, request_id, "answer")
        feedback.record_answer(
            session, row, text=text, rating=answer_in.rating, day=day, now=ctx.now()
        )
        return _item(row, asker)


def decline_request(ctx: Context, request_id: int) -> InboxItem:
    """Decline a question asked of me; the asker sees it withdrawn and may ask someone else."""
    with ctx.db.transaction() as session:
        row, asker = _open_to_me(session, ctx, request_id, "decline")
        row.status = FeedbackStatus.WITHDRAWN.value
        return _item(row, asker)


def pending_feedback(db: Database, *, today: date) -> list[FeedbackDue]:
    """Reminders to answer: each open question on the day it was asked and weekly after, for
    four weeks, to a colleague whose account is active (the worker sends them)."""
    with db.transaction() as session:
        rows = store.open_to_active_colleagues(
            session=session, asked_from=today - timedelta(days=REMIND_FOR - 1), asked_to=today
        )
        return [
            _due(row, asker, today)
            for row, asker in rows
            if (today - row.asked_on).days % REMIND_EVERY == 0
        ]


def _open_to_me(
    session: Session, ctx: Context, request_id: int, verb: str
) -> tuple[FeedbackRequest, str]:
    """An open request addressed to me (locked); anyone else's is not found."""
    found = store.get_addressed(
        session=session, responder_id=ctx.person_id, request_id=request_id, lock=True
    )
    if found is None:
        raise NotFound(f"No question #{request_id} was asked of you.", field="request_id")
    row, asker = found
    if row.status == FeedbackStatus.ANSWERED:
        when = day_label(row.answered_on) if row.answered_on else "an earlier day"
        raise Conflict(f"You answered {asker}'s question on {when}; there is nothing to {verb}.")
    if row.status == FeedbackStatus.WITHDRAWN:
        raise Conflict(f"{asker}'s question was withdrawn or declined; there is nothing to {verb}.")
    return row, asker


def _item(row: FeedbackRequest, asker: str) -> InboxItem:
    return InboxItem(
        id=row.id,
        asker_name=asker,
        about=row.about,
        question=row.question,
        asked_on=row.asked_on,
        status=FeedbackStatus(row.status),
    )


def _due(row: FeedbackRequest, asker: str, today: date) -> FeedbackDue:
    assert row.responder_id is not None
    asked = "today" if row.asked_on == today else f"on {day_label(row.asked_on)}"
    return FeedbackDue(
        person_id=row.responder_id,
        request_id=row.id,
        subject=f"{asker} asks for your feedback",
        text=(
            f"{asker} asked you {asked}, about {row.about}:\n\n{row.question}\n\n"
            f"Answer or decline it under “Asked of me” in microstep ({INBOX_PATH})."
        ),
    )
