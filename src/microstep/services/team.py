"""Use cases of the manager view: a team's (or a mentor's mentees') shared progress.

Everything shown comes from records members share with the viewer (`store.team` reads through
`visible_to`); a member who shares nothing is said to share nothing, never shown as zeros.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from microstep.core import team as core
from microstep.core.weeks import local_day, week_start
from microstep.errors import Forbidden, NotFound
from microstep.services.context import Context
from microstep.services.team_schemas import (
    NOTHING_SHARED,
    AdherencePublic,
    CompletionPublic,
    GrowthWeekPublic,
    MemberPublic,
    TeamCellPublic,
    TeamChoicePublic,
    TeamSkillPublic,
    TeamViewPublic,
)
from microstep.store import accounts as accounts_store
from microstep.store import taxonomy as taxonomy_store
from microstep.store import team as store
from microstep.store.models import Person, Team


def team_view(ctx: Context, team_id: int | None = None) -> TeamViewPublic:
    """A team the viewer manages (the first by name when none is given), from what members share."""
    with ctx.db.transaction() as session:
        managed = list(accounts_store.teams_managed_by(session=session, person_id=ctx.person_id))
        team = _pick_team(session, managed, team_id)
        members = [
            person
            for person in accounts_store.team_members(session=session, team_id=team.id)
            if person.id != ctx.person_id
        ]
        choices = [TeamChoicePublic(id=t.id, name=t.name) for t in managed]
        shown = choices[managed.index(team)]
        return _view(session, ctx, members, scope="team", team=shown, teams=choices)


def mentee_view(ctx: Context) -> TeamViewPublic:
    """The same view over the people who invited the viewer as their mentor."""
    with ctx.db.transaction() as session:
        found = accounts_store.mentees_of(session=session, person_id=ctx.person_id)
        mentees = [person for person in found if person.is_active]
        if not mentees:
            raise Forbidden(
                "Nobody has invited you as their mentor yet, so there is no one to show."
            )
        managed = accounts_store.teams_managed_by(session=session, person_id=ctx.person_id)
        choices = [TeamChoicePublic(id=t.id, name=t.name) for t in managed]
        return _view(session, ctx, mentees, scope="mentees", team=None, teams=choices)


def _pick_team(session: Session, managed: list[Team], team_id: int | None) -> Team:
    if team_id is None:
        if not managed:
            raise Forbidden("You manage no team, so there is no team view to show you.")
        return managed[0]
    for team in managed:
        if team.id == team_id:
            return team
    if accounts_store.get_team(session=session, team_id=team_id) is None:
        raise NotFound(f"There is no team #{team_id}.", field="team_id")
    raise Forbidden("Only the team's manager sees its team view.")


def _view(
    session: Session,
    ctx: Context,
    members: Sequence[Person],
    *,
    scope: Literal["team", "mentees"],
    team: TeamChoicePublic | None,
    teams: list[TeamChoicePublic],
) -> TeamViewPublic:
    ids = [person.id for person in members]
    today, window = ctx.today, core.window_start(ctx.today)
    growth_start = week_start(today) - timedelta(weeks=core.GROWTH_WEEKS - 1)
    skills = _skills(session, ctx, ids)
    changes = _changes(session, ctx, ids, since=growth_start)
    heat = core.heatmap(skills, ids, labels=_labels(session, skills))
    return TeamViewPublic(
        scope=scope,
        team=team,
        teams=teams,
        today=today,
        window_start=window,
        growth_start=growth_start,
        members=_members(session, ctx, members, skills, changes),
        skills=[_row_public(row) for row in heat],
        growth=[
            GrowthWeekPublic(week=w.week, label=w.label, levels=w.levels)
            for w in core.growth(changes, today=today)
        ],
    )


def _members(
    session: Session,
    ctx: Context,
    members: Sequence[Person],
    skills: list[core.SharedSkill],
    changes: list[core.LevelChange],
) -> list[MemberPublic]:
    ids = [person.id for person in members]
    sharing = store.people_sharing(session=session, viewer_id=ctx.person_id, person_ids=ids)
    skills_of = core.by_person(skills)
    goals_of = core.by_person(_goals(session, ctx, ids))
    checkins_of = core.by_person(_checkins(session, ctx, ids))
    grown = core.growth_by_person(changes, today=ctx.today)
    now = ctx.now()
    found = []
    for person in members:
        shares = person.id in sharing
        goals, checkins = goals_of.get(person.id), checkins_of.get(person.id)
        found.append(
            MemberPublic(
                person_id=person.id,
                name=person.name,
                shares_anything=shares,
                note=None if shares else NOTHING_SHARED,
                skills_shared=len(skills_of.get(person.id, [])),
                growth=grown.get(person.id, 0) if person.id in skills_of else None,
                adherence=_adherence(checkins, ctx, now) if checkins else None,
                completion=_completion(goals, ctx) if goals else None,
            )
        )
    return found


def _adherence(
    checkins: list[core.SharedCheckIn], ctx: Context, now: datetime
) -> AdherencePublic | None:
    found = core.adherence(checkins, today=ctx.today, now=now)
    if found.checkins == 0:
        return None
    return AdherencePublic(
        held=found.held, expected=found.expected, checkins=found.checkins, rate=found.rate
    )


def _completion(goals: list[core.SharedGoal], ctx: Context) -> CompletionPublic:
    found = core.completion(goals, today=ctx.today)
    return CompletionPublic(
        done=found.done, dropped=found.dropped, overdue=found.overdue, rate=found.rate
    )


def _row_public(row: core.SkillRow) -> TeamSkillPublic:
    return TeamSkillPublic(
        key=row.key,
        name=row.name,
        esco_uri=row.esco_uri,
        cells=[
            TeamCellPublic(
                person_id=c.person_id,
                shared=c.shared,
                current=c.current,
                target=c.target,
                gap=c.gap,
            )
            for c in row.cells
        ],
        sharing=row.sharing,
        at_target=row.at_target,
    )


# --- shared records as core values -------------------------------------------------------------


def _skills(session: Session, ctx: Context, ids: list[int]) -> list[core.SharedSkill]:
    rows = store.shared_skills(session=session, viewer_id=ctx.person_id, person_ids=ids)
    return [
        core.SharedSkill(r.person_id, r.name, r.current_level, r.target_level, r.esco_uri)
        for r in rows
    ]


def _labels(session: Session, skills: list[core.SharedSkill]) -> dict[str, str]:
    uris = {skill.esco_uri for skill in skills if skill.esco_uri}
    if not uris:
        return {}
    found = taxonomy_store.get_skills(session=session, uris=uris)
    return {uri: skill.label for uri, skill in found.items()}


def _changes(
    session: Session, ctx: Context, ids: list[int], *, since: date
) -> list[core.LevelChange]:
    rows = store.shared_level_changes(
        session=session, viewer_id=ctx.person_id, person_ids=ids, since=_margin(since)
    )
    return [
        core.LevelChange(person_id, local_day(changed_at), before, after)
        for person_id, changed_at, before, after in rows
    ]


def _goals(session: Session, ctx: Context, ids: list[int]) -> list[core.SharedGoal]:
    window = core.window_start(ctx.today)
    rows = store.shared_goals(
        session=session,
        viewer_id=ctx.person_id,
        person_ids=ids,
        since=window,
        since_at=_margin(window),
    )
    return [
        core.SharedGoal(
            r.person_id, r.status, r.due, local_day(r.finished_at) if r.finished_at else None
        )
        for r in rows
    ]


def _checkins(session: Session, ctx: Context, ids: list[int]) -> list[core.SharedCheckIn]:
    rows = store.shared_checkins(session=session, viewer_id=ctx.person_id, person_ids=ids)
    window = core.window_start(ctx.today)
    held: dict[int, list[date]] = {}
    for checkin_id, held_on in store.shared_meetings(
        session=session, viewer_id=ctx.person_id, person_ids=ids, since=window
    ):
        held.setdefault(checkin_id, []).append(held_on)
    return [
        core.SharedCheckIn(
            r.person_id, r.rrule, r.first_at, r.timezone, tuple(held.get(r.id, ())), r.active
        )
        for r in rows
    ]


def _margin(day: date) -> datetime:
    """A day before `day` began in UTC: rows are read with room for any zone; core decides."""
    return datetime.combine(day - timedelta(days=1), time.min, tzinfo=UTC)
