"""Who may see which slice of org analytics, and the history that slice reads.

HR admins see the whole organization; a manager sees the people of the teams they manage (their
team's slice); anyone else is refused. Every analytics use case (pathways, congestion,
succession, mobility, cohorts) starts from `scope` and `history`, so the rule is written once.
Small groups are not shown as figures about individuals: counts under `MIN_GROUP` people are
reported as too few.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from microstep.core.history import History
from microstep.core.text import is_digits
from microstep.errors import Forbidden, InvalidInput, NotFound
from microstep.services.analytics_schemas import TeamOption
from microstep.services.context import Context
from microstep.store import analytics as store
from microstep.store.db import Database

MIN_GROUP = 3  # fewer people than this in a figure about a group and it is not shown
OPERATOR = 0  # the person id of the organization's operator: the CLI run without --as


@dataclass(frozen=True)
class Scope:
    """The slice of the organization a viewer's analytics cover."""

    viewer_id: int
    is_hr: bool
    team_ids: frozenset[int]  # the teams in the slice (every team for HR)
    people: frozenset[int] | None  # None: everyone (HR)
    label: str  # "the whole organization" or "Data & Analytics"
    choices: dict[int, str] = field(default_factory=dict)  # the teams the viewer may pick

    def team_options(self) -> list[TeamOption]:
        """The teams the viewer may narrow the view to, by name."""
        return [
            TeamOption(id=t, name=n)
            for t, n in sorted(self.choices.items(), key=lambda tn: (tn[1].casefold(), tn[0]))
        ]


def operator(db: Database, today: date | None = None) -> Context:
    """The organization's operator — whoever runs the CLI on the server without --as, like `org
    import-moves` — who sees what HR sees."""
    return Context(db=db, person_id=OPERATOR, today=today or date.today())


def scope(session: Session, ctx: Context, team_id: int | None = None) -> Scope:
    """The viewer's slice, narrowed to one team when `team_id` is given; refuses people who
    neither administer the organization nor manage a team."""
    role = store.role_of(session=session, person_id=ctx.person_id)
    if role is None and ctx.person_id != OPERATOR:
        raise Forbidden("Org analytics are for HR admins and managers.")
    is_hr = ctx.person_id == OPERATOR or role == "hr_admin"
    managed = store.managed_teams(session=session, person_id=ctx.person_id)
    if not is_hr and not managed:
        raise Forbidden("Org analytics are for HR admins and managers.")
    choices = store.team_names(session=session) if is_hr else managed
    if team_id is not None:
        if team_id not in choices:
            raise NotFound("There is no such team among the ones you can see.")
        members = store.team_members(session=session, team_ids=[team_id])
        return Scope(ctx.person_id, is_hr, frozenset({team_id}), members, choices[team_id], choices)
    if is_hr:
        return Scope(
            ctx.person_id, True, frozenset(choices), None, "the whole organization", choices
        )
    members = store.team_members(session=session, team_ids=managed)
    label = ", ".join(sorted(managed.values()))
    return Scope(ctx.person_id, False, frozenset(managed), members, label, choices)


def team_options(ctx: Context) -> list[TeamOption]:
    """The teams the viewer may narrow the analytics to (HR: every team; managers: theirs)."""
    with ctx.db.transaction() as session:
        return scope(session, ctx).team_options()


def history(session: Session, ctx: Context, slice_: Scope) -> History:
    """The move history of the people in the slice."""
    return store.load_history(session=session, today=ctx.today, people=slice_.people)


def team_id(ctx: Context, team: str | None) -> int | None:
    """The id of a team named by its name or number (the CLI's --team), None for none."""
    if team is None or not team.strip():
        return None
    wanted = team.strip()
    with ctx.db.transaction() as session:
        found = store.team_named(session=session, name=wanted)
    if found is None and is_digits(wanted) and len(wanted) < 10:
        found = int(wanted)
    if found is None:
        raise InvalidInput(f"No team is called '{wanted[:80]}'.", field="team")
    return found
