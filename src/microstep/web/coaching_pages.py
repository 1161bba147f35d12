"""Team mode's pages for coaching (/coaching) and the feedback inbox (/feedback/inbox).

Both call the same services as /api/coaching and /api/inbox. A refused form (bad input, a
clash) comes back to its page with the reason flashed; a request one may not see is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from microstep.core.checkins import local_label, zone_label
from microstep.core.dates import day_label
from microstep.core.goals import OPEN_STATUSES
from microstep.core.signals import EXAMPLE_QUESTION
from microstep.errors import Conflict, InvalidInput
from microstep.services import accounts, coaching, goals, inbox
from microstep.services.checkins import local_zone_name
from microstep.services.coaching_schemas import CoachingCreate, CoachingDone, CoachingSchedule
from microstep.services.context import Context
from microstep.services.evidence_schemas import RATING_RULE
from microstep.services.inbox_schemas import ColleagueAsk, InboxAnswer
from microstep.services.schemas import GoalPublic
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.render import act_and_redirect, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[
        Depends(team_feature("Coaching and the feedback inbox exist in team mode only."))
    ],
)

FormErrors = (InvalidInput, Conflict)
RATINGS = ("1", "2", "3", "4", "5")
COACHING = "/coaching"
INBOX = "/feedback/inbox"


class AskCoachingForm(forms.Form):
    """The ask-for-a-conversation form."""

    topic: str = ""
    note: str = ""
    advisor_id: str = ""


class ScheduleForm(forms.Form):
    """An advisor's schedule form: a local date and time in the page's zone."""

    scheduled_for: str = ""
    timezone: str = ""


class DoneForm(forms.Form):
    """An advisor's mark-done form."""

    advisor_note: str = ""


class AskColleagueForm(forms.Form):
    """The ask-a-colleague form."""

    responder_id: str = ""
    question: str = ""
    about: str = ""
    goal_id: str = ""


class AnswerForm(forms.Form):
    """The answer form of one question asked of me."""

    rating: str = ""
    answer: str = ""


# ---------------------------------------------------------------- /coaching


@router.get("/coaching")
def coaching_page(request: Request, ctx: CtxDep) -> Response:
    """Ask for a career conversation and follow your requests; advisors also get their queue."""
    advisor = coaching.is_advisor(ctx)
    tz_name = local_zone_name()
    context = {
        "mine": coaching.my_requests(ctx),
        "advisors": coaching.advisors(ctx),
        "is_advisor": advisor,
        "queue": coaching.queue(ctx) if advisor else [],
        "my_id": ctx.person_id,
        "timezone": tz_name,
        "zone": zone_label(tz_name),
        "when": _when_of(ZoneInfo(tz_name)),
        "day": _day_of(ctx.today),
        "min_time": f"{ctx.now().astimezone(ZoneInfo(tz_name)):%Y-%m-%dT%H:%M}",
    }
    return render(request, "coaching.html", context)


@router.post("/coaching")
def ask_coaching(
    request: Request, ctx: CtxDep, form: Annotated[AskCoachingForm, Form()]
) -> Response:
    """Ask for a conversation."""

    def act() -> str:
        advisor_id = forms.whole(form.advisor_id, field="advisor_id", label="advisor")
        request_in = forms.build(
            CoachingCreate, topic=form.topic, note=forms.blank(form.note), advisor_id=advisor_id
        )
        row = coaching.ask_coaching(ctx, request_in)
        return f"Asked for a conversation about “{row.topic}”."

    return act_and_redirect(request, act, COACHING, FormErrors)


@router.post("/coaching/{request_id}/take")
def take_coaching(request: Request, ctx: CtxDep, request_id: IdPath) -> Response:
    """Advisors: take a waiting request."""

    def act() -> str:
        row = coaching.take_request(ctx, request_id)
        return f"You took {row.requester_name}'s request: schedule it next."

    return act_and_redirect(request, act, COACHING, FormErrors)


@router.post("/coaching/{request_id}/schedule")
def schedule_coaching(
    request: Request, ctx: CtxDep, request_id: IdPath, form: Annotated[ScheduleForm, Form()]
) -> Response:
    """Advisors: set or move the conversation."""

    def act() -> str:
        schedule_in = CoachingSchedule(
            scheduled_for=_local_time(form.scheduled_for),
            timezone=forms.blank(form.timezone),
        )
        row = coaching.schedule_request(ctx, request_id, schedule_in)
        return f"Scheduled the conversation with {row.requester_name}."

    return act_and_redirect(request, act, COACHING, FormErrors)


@router.post("/coaching/{request_id}/done")
def complete_coaching(
    request: Request, ctx: CtxDep, request_id: IdPath, form: Annotated[DoneForm, Form()]
) -> Response:
    """Advisors: mark the conversation held, with a note."""

    def act() -> str:
        done_in = forms.build(CoachingDone, advisor_note=form.advisor_note)
        row = coaching.complete_request(ctx, request_id, done_in)
        return f"Marked the conversation with {row.requester_name} as held."

    return act_and_redirect(request, act, COACHING, FormErrors)


@router.post("/coaching/{request_id}/cancel")
def cancel_coaching(request: Request, ctx: CtxDep, request_id: IdPath) -> Response:
    """Cancel your own open request."""

    def act() -> str:
        row = coaching.cancel_request(ctx, request_id)
        return f"Cancelled the request about “{row.topic}”."

    return act_and_redirect(request, act, COACHING, FormErrors)


# ---------------------------------------------------------------- /feedback/inbox


@router.get("/feedback/inbox")
def inbox_page(request: Request, ctx: CtxDep) -> Response:
    """Questions colleagues asked me (answer or decline), and the ask-a-colleague form."""
    context = {
        "items": inbox.inbox(ctx),
        "colleagues": [p for p in accounts.directory(ctx) if p.id != ctx.person_id],
        "goals": _goal_choices(ctx),
        "example_question": EXAMPLE_QUESTION,
        "day": _day_of(ctx.today),
    }
    return render(request, "inbox.html", context)


@router.post("/feedback/inbox/ask")
def ask_colleague(
    request: Request, ctx: CtxDep, form: Annotated[AskColleagueForm, Form()]
) -> Response:
    """Ask a colleague one specific question in the app."""

    def act() -> str:
        responder_id = forms.whole(form.responder_id, field="responder_id", label="colleague")
        if responder_id is None:
            raise InvalidInput("Choose the colleague to ask.", field="responder_id")
        ask_in = forms.build(
            ColleagueAsk,
            responder_id=responder_id,
            question=form.question,
            about=form.about,
            goal_id=forms.whole(form.goal_id, field="goal_id", label="goal"),
        )
        row = inbox.ask_colleague(ctx, ask_in)
        return f"Asked {row.asked_whom}: “{row.question}” Their answer shows under Evidence."

    return act_and_redirect(request, act, INBOX, FormErrors)


@router.post("/feedback/inbox/{request_id}/answer")
def answer_inbox(
    request: Request, ctx: CtxDep, request_id: IdPath, form: Annotated[AnswerForm, Form()]
) -> Response:
    """Answer a question asked of me."""

    def act() -> str:
        answer_in = forms.build(InboxAnswer, rating=_rating(form.rating), answer=form.answer)
        row = inbox.answer_request(ctx, request_id, answer_in)
        return f"Sent your answer to {row.asker_name}."

    return act_and_redirect(request, act, INBOX, FormErrors)


@router.post("/feedback/inbox/{request_id}/decline")
def decline_inbox(request: Request, ctx: CtxDep, request_id: IdPath) -> Response:
    """Decline a question asked of me."""

    def act() -> str:
        row = inbox.decline_request(ctx, request_id)
        return f"Declined {row.asker_name}'s question."

    return act_and_redirect(request, act, INBOX, FormErrors)


# ---------------------------------------------------------------- helpers


def _rating(text: str) -> int:
    raw = text.strip()
    if raw not in RATINGS:
        raise InvalidInput(RATING_RULE, field="rating")
    return int(raw)


def _local_time(text: str) -> datetime:
    """A datetime-local value ('2026-11-26T15:00'); the zone comes with the form."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        message = "Pick the day and time of the conversation, such as 2026-11-26 15:00."
        raise InvalidInput(message, field="scheduled_for") from None


def _goal_choices(ctx: Context) -> list[GoalPublic]:
    return goals.list_goals(ctx, OPEN_STATUSES)


def _when_of(tz: ZoneInfo) -> Callable[[datetime], str]:
    return lambda moment: local_label(moment, tz)


def _day_of(today: date) -> Callable[[date], str]:
    return lambda day: day_label(day, today=today)
