"""The internal opportunity marketplace (team mode, seed 004): managers and HR post stretch
assignments, rotations, temporary lead roles and gigs; people apply with a note; the applicant's
manager approves in one click (or a standing rule does); the opportunity starts (each approved
person gets a move), completes, and is reviewed — each participant's outcome reaching their
skills as evidence.

Who may do what: managers and HR admins post; an opportunity is managed by its poster, the
manager of its team and HR; an application is decided by the applicant's manager or HR (the
poster when the applicant has no manager). A draft one may not see is not found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from microstep.core import opportunities as rules
from microstep.core.moves import KIND_LABELS
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text, one_line
from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services import matching, roles
from microstep.services.context import Context
from microstep.services.opportunities_schemas import (
    ApplicationCreate,
    ApplicationPublic,
    OpportunityCreate,
    OpportunityPublic,
    OpportunityReview,
    OpportunityUpdate,
    RankedOpportunity,
    RuleCreate,
    RulePublic,
    SkillNeedIn,
    SkillNeedPublic,
    TeamChoice,
)
from microstep.store import accounts as accounts_store
from microstep.store import opportunities as store
from microstep.store import queries
from microstep.store.models import Application, ApprovalRule, Opportunity

MAX_DESCRIPTION = 4000
MAX_CRITERIA = 1000
MAX_APPLICATION_NOTE = 1000
RANKED = 10  # opportunities ranked for a person on the list page


@dataclass(frozen=True)
class Actor:
    """The person acting, with what the organization lets them do."""

    id: int
    is_hr: bool
    team_ids: frozenset[int]  # the teams they manage

    @property
    def may_post(self) -> bool:
        """Managers and HR admins post opportunities."""
        return self.is_hr or bool(self.team_ids)

    def manages(self, row: Opportunity) -> bool:
        """Whether the actor may edit, publish, start and review the opportunity."""
        return self.is_hr or row.posted_by_id == self.id or row.team_id in self.team_ids


@dataclass(frozen=True)
class Posting:
    """An opportunity's fields, checked, ready to store."""

    fields: dict[str, Any]
    role: str
    skills: list[rules.SkillNeed]
    publish: bool


def actor_of(ctx: Context) -> Actor:
    """The acting person's roles."""
    with ctx.db.transaction() as session:
        return _actor(session, ctx)


# --- posting -----------------------------------------------------------------------------------


def post_opportunity(ctx: Context, data: OpportunityCreate) -> OpportunityPublic:
    """Post an opportunity as a draft (or open it at once with `publish`): managers and HR."""
    posting = _posting(ctx, data)
    links = roles.role_links(ctx.db, [posting.role])  # slow the first time: outside the write
    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        if not actor.may_post:
            raise Forbidden("Only managers and HR admins post opportunities.")
        team_id = _team_for(session, actor, data.team_id)
        role_id = roles.role_id(session, posting.role, now=now, links=links)
        row = store.add_opportunity(
            session=session,
            now=now,
            posted_by_id=actor.id,
            team_id=team_id,
            role_id=role_id,
            status="open" if posting.publish else "draft",
            **posting.fields,
        )
        store.set_skills(session=session, opportunity=row, rows=_skill_rows(posting.skills))
        return _public(session, actor, row)


@dataclass(frozen=True)
class Edited:
    """An edit saved, and what it did to the approvals given before it."""

    opportunity: OpportunityPublic
    changed: list[str]  # the terms approvals were given for that the edit changed
    waiting: list[str]  # who was approved and waits for a decision again
    approved_again: list[str]  # who was approved and is again at once under the new terms

    def notice(self) -> str:
        """What happened, in plain words, for the flash message."""
        saved = f"Saved: {self.opportunity.title}."
        told = rules.reconsidered(self.changed, self.waiting, self.approved_again)
        return f"{saved} {told}" if told else saved


def update_opportunity(
    ctx: Context, opportunity_id: int, data: OpportunityCreate | OpportunityUpdate
) -> OpportunityPublic:
    """Edit an opportunity before it starts (its poster, its team's manager, HR); `notice` says
    in plain words whose approvals the edit sent back, if any."""
    edited = edit_opportunity(ctx, opportunity_id, data)
    told = rules.reconsidered(edited.changed, edited.waiting, edited.approved_again)
    return edited.opportunity.model_copy(update={"notice": told or None})


def edit_opportunity(
    ctx: Context, opportunity_id: int, data: OpportunityCreate | OpportunityUpdate
) -> Edited:
    """Edit an opportunity before it starts (its poster, its team's manager, HR).

    An approval is consent to the terms as they were: when an edit changes them (the kind, the
    share of time, the duration, the skills, the success criteria, or switches approval on),
    every approved application goes back to waiting and the rules decide again on the new terms;
    the applicant's manager decides the rest. A new title, role, description, capacity or start
    date leaves approvals be."""
    posting = _posting(ctx, data)
    links = roles.role_links(ctx.db, [posting.role])
    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        row = _managed(session, actor, opportunity_id, "edit", lock=True)
        rules.check_editable(row.status)
        approved = store.count_approved(session=session, opportunity_id=row.id)
        if posting.fields["capacity"] < approved:
            raise Conflict(
                f"{approved} people are approved already: the capacity cannot go below that.",
                field="capacity",
            )
        if data.team_id is not None and data.team_id != row.team_id:
            row.team_id = _team_for(session, actor, data.team_id)
        role_id = roles.role_id(session, posting.role, now=now, links=links)
        before = _terms(row)
        for name, value in posting.fields.items():
            setattr(row, name, value)
        row.role_id, row.updated_at = role_id, now
        if posting.publish and row.status == "draft":
            row.status = "open"
        store.set_skills(session=session, opportunity=row, rows=_skill_rows(posting.skills))
        changed = rules.changed_terms(before, _terms(row))
        sent_back = _reconsider(session, row, now=now) if changed else []
        _recount(session, row, now=now)
        names = store.person_names(session=session, person_ids=[a.person_id for a in sent_back])
        return Edited(
            opportunity=_public(session, actor, row),
            changed=changed,
            waiting=[names[a.person_id] for a in sent_back if a.status != "approved"],
            approved_again=[names[a.person_id] for a in sent_back if a.status == "approved"],
        )


def publish_opportunity(ctx: Context, opportunity_id: int) -> OpportunityPublic:
    """Open a draft to applications."""
    return _step(ctx, opportunity_id, "open")


def cancel_opportunity(ctx: Context, opportunity_id: int) -> OpportunityPublic:
    """Cancel an opportunity before it starts."""
    return _step(ctx, opportunity_id, "cancelled")


def complete_opportunity(ctx: Context, opportunity_id: int) -> OpportunityPublic:
    """Mark a running opportunity as done; reviewing it comes next. Done early, each
    participant's move ends on the day it is completed instead of its planned end."""
    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        row = _managed(session, actor, opportunity_id, rules.VERBS["completed"], lock=True)
        rules.check_transition(row.status, "completed")
        taking_part = store.approved_of(session=session, opportunity_id=row.id)
        store.end_moves_early(
            session=session,
            move_ids=[a.move_id for a in taking_part if a.move_id is not None],
            on=ctx.today,
            now=now,
        )
        row.status, row.updated_at = "completed", now
        return _public(session, actor, row)


def start_opportunity(ctx: Context, opportunity_id: int) -> OpportunityPublic:
    """Start the opportunity: every approved person gets a move (a short trial from today to the
    end of its weeks, with its success criteria), shared with their manager."""
    from microstep.services import moves  # helper A's module; imported here to keep layers lazy

    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        row = _managed(session, actor, opportunity_id, "start", lock=True)
        rules.check_transition(row.status, "in_progress")
        taking_part = store.approved_of(session=session, opportunity_id=row.id)
        if not taking_part:
            raise Conflict("Nobody is approved yet: approve at least one person, then start.")
        start = ctx.today
        skills = _intended_skills(row)
        for application in taking_part:
            application.move_id = moves.begin_move(
                session,
                person_id=application.person_id,
                kind=row.kind,
                to_role_id=_role_id(row),
                start=start,
                end=rules.end_of(start, row.weeks),
                intended_skills=skills,
                success_criteria=row.success_criteria,
                source="marketplace",
                opportunity_id=row.id,
                visibility="manager",
                now=now,
            )
        row.status, row.starts_on, row.updated_at = "in_progress", start, now
        return _public(session, actor, row)


def review_opportunity(
    ctx: Context, opportunity_id: int, review: OpportunityReview
) -> OpportunityPublic:
    """Record how the trial went for each participant; each outcome reaches their skills."""
    from microstep.services import moves  # helper A's module

    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        row = _managed(session, actor, opportunity_id, "review", lock=True)
        rules.check_transition(row.status, "reviewed")
        taking_part = {
            a.person_id: a for a in store.approved_of(session=session, opportunity_id=row.id)
        }
        given = _outcomes(session, review, taking_part)
        for person_id, (outcome, note) in given.items():
            move_id = taking_part[person_id].move_id
            if move_id is None:  # the move was deleted by its owner: nothing to record on
                continue
            moves.apply_outcome(
                session, move_id=move_id, outcome=outcome, note=note, actor_id=actor.id, now=now
            )
        row.status, row.updated_at = "reviewed", now
        return _public(session, actor, row)


# --- reading -----------------------------------------------------------------------------------


def list_opportunities(
    ctx: Context, statuses: Sequence[str] | None = None
) -> list[OpportunityPublic]:
    """The opportunities one may see (open ones first), with one's own application on each."""
    for status in statuses or ():
        if status not in rules.STATUSES:
            raise InvalidInput(
                f"'{status}' is not a status: use one of {', '.join(rules.STATUSES)}.",
                field="status",
            )
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        where = store.visible(actor.id, is_hr=actor.is_hr)
        found = store.list_opportunities(session=session, where=where, statuses=statuses)
        return _publics(session, actor, found, detail=False)


def get_opportunity(ctx: Context, opportunity_id: int) -> OpportunityPublic:
    """One opportunity with the applications one may see (all of them for its managers)."""
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        return _public(session, actor, _visible(session, actor, opportunity_id))


def ranked_for_me(ctx: Context, limit: int = RANKED) -> list[RankedOpportunity]:
    """Open opportunities ranked for the acting person (best first), with the reasons."""
    ranked = matching.ranked_for_person(ctx, limit=limit)
    shown = {o.id: o for o in list_opportunities(ctx, ["open"])}
    return [
        RankedOpportunity(opportunity=shown[m.opportunity_id], score=m.score, reasons=m.reasons)
        for m in ranked
        if m.opportunity_id in shown
    ]


def can_post(ctx: Context) -> bool:
    """Whether the acting person may post opportunities."""
    return actor_of(ctx).may_post


def post_teams(ctx: Context) -> list[TeamChoice]:
    """The teams one may post for (or set rules of): one's own teams; every team for HR."""
    with ctx.db.transaction() as session:
        return _team_choices(session, _actor(session, ctx))


# --- applications ------------------------------------------------------------------------------


def apply(ctx: Context, opportunity_id: int, data: ApplicationCreate) -> ApplicationPublic:
    """Apply to an open opportunity with a note; it approves at once when it needs no approval
    or one's manager has a rule that covers it."""
    note = clean_text(
        data.note, field="note", label="note", required=False, max_len=MAX_APPLICATION_NOTE
    )
    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        row = _visible(session, actor, opportunity_id, lock=True)
        if row.status != "open":
            raise Conflict(
                f"This opportunity is {rules.STATUS_LABELS[row.status].lower()}: "
                "it takes no applications now."
            )
        if row.posted_by_id == actor.id:
            raise Conflict("You posted this opportunity, so you cannot apply to it.")
        application = _fresh_application(session, row, actor, note=note, now=now)
        _auto_approve(session, row, application, now=now)
        return _application_public(session, actor, application)


def withdraw(ctx: Context, application_id: int) -> ApplicationPublic:
    """Withdraw one's own application before the opportunity starts."""
    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        application, row = _application(session, actor, application_id)
        if application.person_id != actor.id:
            raise Forbidden("Only the applicant can withdraw an application.")
        if application.status not in ("applied", "approved") or row.status not in rules.EDITABLE:
            raise Conflict(
                f"This application is {application.status} and the opportunity "
                f"{rules.STATUS_LABELS[row.status].lower()}: there is nothing to withdraw."
            )
        was_approved = application.status == "approved"
        application.status, application.decided_at = "withdrawn", now
        if was_approved:
            _recount(session, row, now=now)
        return _application_public(session, actor, application)


def approve(ctx: Context, application_id: int) -> ApplicationPublic:
    """Approve an application (the applicant's manager or HR): one click."""
    return _decide(ctx, application_id, approved=True)


def decline(ctx: Context, application_id: int) -> ApplicationPublic:
    """Decline an application (the applicant's manager or HR)."""
    return _decide(ctx, application_id, approved=False)


def my_applications(ctx: Context) -> list[ApplicationPublic]:
    """One's own applications, newest first."""
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        found = store.applications_of(session=session, person_id=actor.id)
        return _application_publics(session, actor, found)


def approval_queue(ctx: Context) -> list[ApplicationPublic]:
    """Applications waiting for one's decision, oldest first: one's team's people's (every one
    for HR; the poster's own opportunities when the applicant has no manager)."""
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        found = store.pending_for(session=session, viewer_id=actor.id, is_hr=actor.is_hr)
        return _application_publics(session, actor, found)


# --- auto-approve rules ------------------------------------------------------------------------


def list_rules(ctx: Context) -> list[RulePublic]:
    """The auto-approve rules of the teams one manages (every team's for HR)."""
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        if not actor.may_post:
            raise Forbidden("Only managers and HR admins set auto-approve rules.")
        teams = None if actor.is_hr else sorted(actor.team_ids)
        return _rule_publics(session, store.list_rules(session=session, team_ids=teams))


def add_rule(ctx: Context, data: RuleCreate) -> RulePublic:
    """Add a standing yes for a team one manages: applications within its bounds approve."""
    rule = rules.check_rule(rules.Rule(data.max_share_of_time, data.max_weeks, tuple(data.kinds)))
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        _check_rule_team(session, actor, data.team_id)
        row = store.add_rule(
            session=session,
            now=ctx.now(),
            team_id=data.team_id,
            created_by_id=actor.id,
            max_share_of_time=rule.max_share_of_time,
            max_weeks=rule.max_weeks,
            kinds=list(rule.kinds),
        )
        return _rule_publics(session, [row])[0]


def delete_rule(ctx: Context, rule_id: int) -> None:
    """Remove an auto-approve rule of a team one manages."""
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        row = store.get_rule(session=session, rule_id=rule_id)
        if row is None or not (actor.is_hr or row.team_id in actor.team_ids):
            raise NotFound(f"There is no auto-approve rule #{rule_id}.", field="rule_id")
        store.delete_rule(session=session, rule=row)


# ------------------------------------------------------------------------------- helpers


def _actor(session: Session, ctx: Context) -> Actor:
    person = queries.get_person(session=session, person_id=ctx.person_id)
    if person is None or not person.is_active:
        raise NotFound("Your account no longer exists.")
    teams = accounts_store.teams_managed_by(session=session, person_id=person.id)
    return Actor(
        id=person.id, is_hr=person.role == "hr_admin", team_ids=frozenset(t.id for t in teams)
    )


def _posting(ctx: Context, data: OpportunityCreate) -> Posting:
    """Check an opportunity's fields (before any transaction)."""
    kind = rules.check_kind(data.kind)
    title = one_line(data.title, field="title", label="title", max_len=MAX_TITLE, required=True)
    assert title is not None  # required
    role = roles.clean_title(data.role or title)
    rules.check_bounds(share_of_time=data.share_of_time, weeks=data.weeks, capacity=data.capacity)
    criteria = clean_text(
        data.success_criteria,
        field="success_criteria",
        label="success criteria",
        required=False,
        max_len=MAX_CRITERIA,
    )
    rules.check_trial(kind, weeks=data.weeks, success_criteria=criteria)
    rules.check_start(data.starts_on, today=ctx.today)
    skills = rules.check_skills(
        [_need("required", s) for s in data.required_skills]
        + [_need("offered", s) for s in data.offered_skills]
    )
    fields = {
        "kind": kind,
        "title": title,
        "description": clean_text(
            data.description, field="description", required=False, max_len=MAX_DESCRIPTION
        ),
        "share_of_time": data.share_of_time,
        "weeks": data.weeks,
        "capacity": data.capacity,
        "success_criteria": criteria,
        "needs_approval": data.needs_approval,
        "starts_on": data.starts_on,
    }
    return Posting(fields=fields, role=role, skills=skills, publish=data.publish)


def _need(relation: rules.Relation, need: SkillNeedIn) -> rules.SkillNeed:
    name = one_line(
        need.name, field=f"{relation}_skills", label="skill name", max_len=MAX_TITLE, required=True
    )
    assert name is not None
    return rules.SkillNeed(relation, name, need.level)


def _skill_rows(needs: Iterable[rules.SkillNeed]) -> list[dict[str, Any]]:
    return [
        {
            "relation": n.relation,
            "name": n.name,
            "name_key": n.key,
            "esco_uri": None,
            "level": n.level,
        }
        for n in needs
    ]


def _team_for(session: Session, actor: Actor, team_id: int | None) -> int | None:
    """The team an opportunity is posted for: one the actor manages (any team for HR)."""
    if team_id is None:
        return min(actor.team_ids) if actor.team_ids and not actor.is_hr else None
    if accounts_store.get_team(session=session, team_id=team_id) is None:
        raise InvalidInput(f"There is no team #{team_id}.", field="team_id")
    if not (actor.is_hr or team_id in actor.team_ids):
        raise Forbidden("You can post only for a team you manage.")
    return team_id


def _team_choices(session: Session, actor: Actor) -> list[TeamChoice]:
    if actor.is_hr:
        teams = accounts_store.list_teams(session=session)
    else:
        teams = accounts_store.teams_managed_by(session=session, person_id=actor.id)
    return [TeamChoice(id=t.id, name=t.name) for t in teams]


def _check_rule_team(session: Session, actor: Actor, team_id: int) -> None:
    if accounts_store.get_team(session=session, team_id=team_id) is None:
        raise InvalidInput(f"There is no team #{team_id}.", field="team_id")
    if not (actor.is_hr or team_id in actor.team_ids):
        raise Forbidden("Only the team's manager or HR sets its auto-approve rules.")


def _visible(
    session: Session, actor: Actor, opportunity_id: int, *, lock: bool = False
) -> Opportunity:
    row = store.get_opportunity(
        session=session,
        opportunity_id=opportunity_id,
        where=store.visible(actor.id, is_hr=actor.is_hr),
        lock=lock,
    )
    if row is None:
        raise NotFound(f"There is no opportunity #{opportunity_id}.", field="opportunity_id")
    return row


def _managed(
    session: Session, actor: Actor, opportunity_id: int, verb: str, *, lock: bool = False
) -> Opportunity:
    row = _visible(session, actor, opportunity_id, lock=lock)
    if not actor.manages(row):
        raise Forbidden(f"Only its poster, its team's manager or HR can {verb} an opportunity.")
    return row


def _step(ctx: Context, opportunity_id: int, target: str) -> OpportunityPublic:
    """One lifecycle step by someone who manages the opportunity."""
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        row = _managed(session, actor, opportunity_id, rules.VERBS[target], lock=True)
        rules.check_transition(row.status, target)
        row.status, row.updated_at = target, ctx.now()
        return _public(session, actor, row)


def _intended_skills(row: Opportunity) -> list[str]:
    """What a participant is meant to grow: the skills offered (else those required)."""
    offered = [s.name for s in row.skills if s.relation == "offered"]
    return offered or [s.name for s in row.skills if s.relation == "required"]


def _role_id(row: Opportunity) -> int:
    if row.role_id is None:
        raise Conflict("This opportunity names no role: edit it to give one, then start.")
    return row.role_id


def _outcomes(
    session: Session, review: OpportunityReview, taking_part: dict[int, Application]
) -> dict[int, tuple[str, str | None]]:
    """person id -> (outcome, note), one for every participant and nobody else."""
    given: dict[int, tuple[str, str | None]] = {}
    for item in review.outcomes:
        if item.person_id not in taking_part:
            raise InvalidInput(
                f"Person #{item.person_id} did not take part in this opportunity.",
                field="outcomes",
            )
        note = clean_text(
            item.note, field="outcomes", label="note", required=False, max_len=MAX_NOTE
        )
        given[item.person_id] = (item.outcome, note)
    missing = sorted(set(taking_part) - set(given))
    if missing:
        names = store.person_names(session=session, person_ids=missing)
        raise InvalidInput(
            f"Give an outcome for {', '.join(names[m] for m in missing)} too.", field="outcomes"
        )
    return given


def _fresh_application(
    session: Session, row: Opportunity, actor: Actor, *, note: str | None, now: datetime
) -> Application:
    """A new application, or a withdrawn one made live again."""
    found = store.application_of(session=session, opportunity_id=row.id, person_id=actor.id)
    if found is None:
        return store.add_application(
            session=session, now=now, opportunity_id=row.id, person_id=actor.id, note=note
        )
    if found.status != "withdrawn":
        raise Conflict(f"You applied already; your application is {found.status}.")
    found.status, found.note, found.created_at = "applied", note, now
    found.decided_by_id = found.decided_at = found.decided_how = None
    return found


def _auto_approve(
    session: Session, row: Opportunity, application: Application, *, now: datetime
) -> None:
    """Approve at once when the opportunity needs no approval or a team rule covers it."""
    team_id, _ = store.manager_of(session=session, person_id=application.person_id)
    team_rules = store.rules_of_team(session=session, team_id=team_id) if team_id else []
    how = rules.auto_decision(
        needs_approval=row.needs_approval,
        rules=[_rule(r) for r in team_rules],
        kind=row.kind,
        share_of_time=row.share_of_time,
        weeks=row.weeks,
        applicant_id=application.person_id,
        applicant_manages=_applicant_manages(session, row, application.person_id),
    )
    if how is None:
        return
    application.status, application.decided_at, application.decided_how = "approved", now, how
    _recount(session, row, now=now)


def _applicant_manages(session: Session, row: Opportunity, person_id: int) -> bool:
    """Whether the applicant may edit the opportunity (HR, its poster, its team's manager)."""
    person = queries.get_person(session=session, person_id=person_id)
    if row.posted_by_id == person_id or (person is not None and person.role == "hr_admin"):
        return True
    team = accounts_store.get_team(session=session, team_id=row.team_id) if row.team_id else None
    return team is not None and team.manager_id == person_id


def _terms(row: Opportunity) -> rules.Terms:
    """The terms approvals of this opportunity are given for."""
    return rules.Terms(
        kind=row.kind,
        share_of_time=row.share_of_time,
        weeks=row.weeks,
        skills=frozenset((s.relation, s.name_key, s.level) for s in row.skills),
        success_criteria=row.success_criteria,
        needs_approval=row.needs_approval,
    )


def _reconsider(session: Session, row: Opportunity, *, now: datetime) -> list[Application]:
    """Approvals given for terms that changed go back to waiting, oldest first; the rules (or
    an opportunity that needs no approval) approve again whom they cover. Those sent back."""
    sent_back = list(store.approved_of(session=session, opportunity_id=row.id))
    for application in sent_back:
        application.status = "applied"
        application.decided_by_id = application.decided_at = application.decided_how = None
    _recount(session, row, now=now)
    for application in sent_back:
        if row.status == "open":
            _auto_approve(session, row, application, now=now)
    return sent_back


def _recount(session: Session, row: Opportunity, *, now: datetime) -> None:
    """Open or filled, after approvals changed."""
    session.flush()
    approved = store.count_approved(session=session, opportunity_id=row.id)
    status = rules.status_after_approvals(row.status, approved=approved, capacity=row.capacity)
    if status != row.status:
        row.status, row.updated_at = status, now


def _application(
    session: Session, actor: Actor, application_id: int
) -> tuple[Application, Opportunity]:
    """An application the actor may see, its opportunity locked first (every change to an
    opportunity or its applications takes that lock), then the application read afresh."""
    opportunity_id = store.opportunity_of(session=session, application_id=application_id)
    missing = NotFound(f"There is no application #{application_id}.", field="application_id")
    if opportunity_id is None:
        raise missing
    row = store.get_opportunity(
        session=session,
        opportunity_id=opportunity_id,
        where=store.visible(actor.id, is_hr=actor.is_hr),
        lock=True,
    )
    application = store.get_application(session=session, application_id=application_id, lock=True)
    if row is None or application is None:
        raise missing
    manager = store.deciders(session=session, person_ids=[application.person_id])
    if not _may_see(actor, row, application, manager.get(application.person_id)):
        raise missing
    return application, row


def _may_see(
    actor: Actor, row: Opportunity, application: Application, manager_id: int | None
) -> bool:
    """The applicant, the people who may decide it, and those who manage the opportunity."""
    return (
        application.person_id == actor.id
        or actor.manages(row)
        or _how_decides(actor, row, application, manager_id) is not None
    )


def _how_decides(
    actor: Actor, row: Opportunity, application: Application, manager_id: int | None
) -> str | None:
    who = rules.Deciders(
        applicant_id=application.person_id, manager_id=manager_id, poster_id=row.posted_by_id
    )
    return rules.decider_role(who, viewer_id=actor.id, viewer_is_hr=actor.is_hr)


def _decide(ctx: Context, application_id: int, *, approved: bool) -> ApplicationPublic:
    now = ctx.now()
    with ctx.db.transaction() as session:
        actor = _actor(session, ctx)
        application, row = _application(session, actor, application_id)
        manager = store.deciders(session=session, person_ids=[application.person_id])
        how = _how_decides(actor, row, application, manager.get(application.person_id))
        if how is None:
            raise Forbidden("Only the applicant's manager or HR can decide an application.")
        if application.status != "applied":
            raise Conflict(f"This application is {application.status} already.")
        if approved and row.status != "open":
            raise Conflict(
                f"This opportunity is {rules.STATUS_LABELS[row.status].lower()}: "
                "no more people can be approved."
            )
        application.status = "approved" if approved else "declined"
        application.decided_by_id, application.decided_at = actor.id, now
        application.decided_how = how
        if approved:
            _recount(session, row, now=now)
        return _application_public(session, actor, application)


def _rule(row: ApprovalRule) -> rules.Rule:
    return rules.Rule(
        row.max_share_of_time, row.max_weeks, tuple(row.kinds or ()), row.created_by_id
    )


def _rule_publics(session: Session, rows: Sequence[ApprovalRule]) -> list[RulePublic]:
    teams = store.team_names(session=session, team_ids=[r.team_id for r in rows])
    people = store.person_names(
        session=session, person_ids=[r.created_by_id for r in rows if r.created_by_id]
    )
    return [
        RulePublic(
            id=r.id,
            team_id=r.team_id,
            team_name=teams.get(r.team_id, ""),
            max_share_of_time=r.max_share_of_time,
            max_weeks=r.max_weeks,
            kinds=list(r.kinds or []),  # type: ignore[arg-type]  # checked when stored
            description=_rule(r).describe(),
            created_by_name=people.get(r.created_by_id) if r.created_by_id else None,
            created_at=r.created_at,
        )
        for r in rows
    ]


# --- shaping for output ------------------------------------------------------------------------


def _public(session: Session, actor: Actor, row: Opportunity) -> OpportunityPublic:
    session.flush()
    session.refresh(row, ["skills"])
    return _publics(session, actor, [row], detail=True)[0]


def _publics(
    session: Session, actor: Actor, rows: Sequence[Opportunity], *, detail: bool
) -> list[OpportunityPublic]:
    ids = [r.id for r in rows]
    applications = store.applications_to(session=session, opportunity_ids=ids)
    managers = store.deciders(session=session, person_ids=[a.person_id for a in applications])
    by_id = {r.id: r for r in rows}
    shown = [
        a
        for a in applications
        if a.person_id == actor.id
        or (detail and _may_see(actor, by_id[a.opportunity_id], a, managers.get(a.person_id)))
    ]
    application_rows = _application_publics(session, actor, shown, opportunities=by_id)
    counts = store.approved_counts(session=session, opportunity_ids=ids)
    names = store.person_names(
        session=session, person_ids=[r.posted_by_id for r in rows if r.posted_by_id]
    )
    teams = store.team_names(session=session, team_ids=[r.team_id for r in rows if r.team_id])
    titles = store.role_titles(session=session, role_ids=[r.role_id for r in rows if r.role_id])
    return [
        OpportunityPublic(
            id=r.id,
            kind=r.kind,  # type: ignore[arg-type]  # the table's check keeps it a Kind
            kind_label=KIND_LABELS.get(r.kind, r.kind),
            title=r.title,
            description=r.description,
            role=titles.get(r.role_id) if r.role_id else None,
            team_id=r.team_id,
            team_name=teams.get(r.team_id) if r.team_id else None,
            posted_by_id=r.posted_by_id,
            posted_by_name=names.get(r.posted_by_id) if r.posted_by_id else None,
            share_of_time=r.share_of_time,
            weeks=r.weeks,
            capacity=r.capacity,
            approved=counts.get(r.id, 0),
            success_criteria=r.success_criteria,
            needs_approval=r.needs_approval,
            starts_on=r.starts_on,
            status=r.status,  # type: ignore[arg-type]
            status_label=rules.STATUS_LABELS.get(r.status, r.status),
            skills=[
                SkillNeedPublic.model_validate(s)
                for s in sorted(r.skills, key=lambda s: (s.relation != "required", s.id))
            ],
            can_manage=actor.manages(r),
            my_application=next(
                (
                    a
                    for a in application_rows
                    if a.opportunity_id == r.id and a.person_id == actor.id
                ),
                None,
            ),
            applications=[a for a in application_rows if a.opportunity_id == r.id]
            if detail
            else [],
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


def _application_public(
    session: Session, actor: Actor, application: Application
) -> ApplicationPublic:
    session.flush()
    return _application_publics(session, actor, [application])[0]


def _application_publics(
    session: Session,
    actor: Actor,
    rows: Sequence[Application],
    *,
    opportunities: dict[int, Opportunity] | None = None,
) -> list[ApplicationPublic]:
    known = dict(opportunities or {})
    for oid in {a.opportunity_id for a in rows} - set(known):
        found = session.get(Opportunity, oid)
        if found is not None:
            known[oid] = found
    people = store.person_names(
        session=session,
        person_ids=[a.person_id for a in rows] + [a.decided_by_id for a in rows if a.decided_by_id],
    )
    managers = store.deciders(session=session, person_ids=[a.person_id for a in rows])
    outcomes = store.move_outcomes(session=session, move_ids=[a.move_id for a in rows if a.move_id])
    found_rows = []
    for a in rows:
        row = known[a.opportunity_id]
        how = _how_decides(actor, row, a, managers.get(a.person_id))
        found_rows.append(
            ApplicationPublic(
                id=a.id,
                opportunity_id=a.opportunity_id,
                opportunity_title=row.title,
                share_of_time=row.share_of_time,
                weeks=row.weeks,
                person_id=a.person_id,
                person_name=people.get(a.person_id, ""),
                note=a.note,
                status=a.status,  # type: ignore[arg-type]
                decided_by_id=a.decided_by_id,
                decided_by_name=people.get(a.decided_by_id) if a.decided_by_id else None,
                decided_at=a.decided_at,
                decided_how=a.decided_how,  # type: ignore[arg-type]
                move_id=a.move_id,
                outcome=outcomes.get(a.move_id) if a.move_id else None,  # type: ignore[arg-type]
                created_at=a.created_at,
                can_decide=how is not None and a.status == "applied" and row.status == "open",
            )
        )
    return found_rows
