"""Team mode's JSON API for coaching (/api/coaching) and the feedback inbox (/api/inbox)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from microstep.services import coaching, inbox
from microstep.services.coaching_schemas import (
    AdvisorPublic,
    CoachingCreate,
    CoachingDone,
    CoachingPublic,
    CoachingSchedule,
)
from microstep.services.evidence_schemas import FeedbackPublic
from microstep.services.inbox_schemas import ColleagueAsk, InboxAnswer, InboxItem
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.errors import ERROR_RESPONSES

# The guard is a router dependency, so it runs before the signed-in context is looked up.
router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["coaching"],
    dependencies=[
        Depends(team_feature("Coaching and the feedback inbox exist in team mode only."))
    ],
)


@router.get("/coaching")
def list_my_requests(ctx: CtxDep) -> list[CoachingPublic]:
    """Your requests for a career conversation, newest first."""
    return coaching.my_requests(ctx)


@router.post("/coaching", status_code=201)
def ask_coaching(ctx: CtxDep, request_in: CoachingCreate) -> CoachingPublic:
    """Ask for a career conversation, optionally with a preferred advisor."""
    return coaching.ask_coaching(ctx, request_in)


@router.get("/coaching/advisors")
def list_advisors(ctx: CtxDep) -> list[AdvisorPublic]:
    """The advisors you may ask for."""
    return coaching.advisors(ctx)


@router.get("/coaching/queue")
def coaching_queue(ctx: CtxDep) -> list[CoachingPublic]:
    """Advisors: open requests waiting for anyone, and those assigned to you."""
    return coaching.queue(ctx)


@router.get("/coaching/{request_id}")
def get_coaching(ctx: CtxDep, request_id: IdPath) -> CoachingPublic:
    """One request you asked for or advise on."""
    return coaching.get_request(ctx, request_id)


@router.post("/coaching/{request_id}/take")
def take_coaching(ctx: CtxDep, request_id: IdPath) -> CoachingPublic:
    """Advisors: take a waiting request."""
    return coaching.take_request(ctx, request_id)


@router.post("/coaching/{request_id}/schedule")
def schedule_coaching(
    ctx: CtxDep, request_id: IdPath, schedule_in: CoachingSchedule
) -> CoachingPublic:
    """Advisors: set or move the conversation to a time still to come."""
    return coaching.schedule_request(ctx, request_id, schedule_in)


@router.post("/coaching/{request_id}/done")
def complete_coaching(ctx: CtxDep, request_id: IdPath, done_in: CoachingDone) -> CoachingPublic:
    """Advisors: mark the conversation held, with a note the requester reads."""
    return coaching.complete_request(ctx, request_id, done_in)


@router.post("/coaching/{request_id}/cancel")
def cancel_coaching(ctx: CtxDep, request_id: IdPath) -> CoachingPublic:
    """Cancel your own open request."""
    return coaching.cancel_request(ctx, request_id)


@router.get("/inbox", tags=["inbox"])
def list_inbox(ctx: CtxDep) -> list[InboxItem]:
    """Open questions colleagues asked you, oldest first."""
    return inbox.inbox(ctx)


@router.post("/inbox/ask", status_code=201, tags=["inbox"])
def ask_colleague(ctx: CtxDep, ask_in: ColleagueAsk) -> FeedbackPublic:
    """Ask a colleague one specific question; it stays in your feedback list."""
    return inbox.ask_colleague(ctx, ask_in)


@router.post("/inbox/{request_id}/answer", tags=["inbox"])
def answer_inbox(ctx: CtxDep, request_id: IdPath, answer_in: InboxAnswer) -> InboxItem:
    """Answer a question asked of you: it reaches the asker's feedback and evidence."""
    return inbox.answer_request(ctx, request_id, answer_in)


@router.post("/inbox/{request_id}/decline", tags=["inbox"])
def decline_inbox(ctx: CtxDep, request_id: IdPath) -> InboxItem:
    """Decline a question asked of you."""
    return inbox.decline_request(ctx, request_id)
