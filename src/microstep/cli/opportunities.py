"""`microstep opportunity list|show|post|apply|approve`: the marketplace from the command line
(team mode, on PostgreSQL), acting as the person whose email `--as` names."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    acting_ctx,
    console,
    open_team_db,
    print_json,
    record_number,
)
from microstep.core import opportunities as rules
from microstep.core.dates import parse_day
from microstep.core.text import is_digits
from microstep.errors import InvalidInput
from microstep.services import opportunities as market
from microstep.services.context import Context
from microstep.services.opportunities_schemas import (
    ApplicationCreate,
    OpportunityCreate,
    OpportunityPublic,
    SkillNeedIn,
)

app = typer.Typer(
    help="The internal opportunity marketplace (team mode): list, show, post, apply, approve.",
    no_args_is_help=True,
)

AsOption = Annotated[
    str, typer.Option("--as", metavar="EMAIL", help="Who is acting (their sign-in email).")
]
IdArgument = Annotated[
    int, typer.Argument(parser=record_number, metavar="ID", help="The number `list` shows.")
]
SkillsOption = Annotated[
    list[str] | None,
    typer.Option(metavar="NAME[:LEVEL]", help="A skill and its level 1-5 (default 3); repeat."),
]


def _acting(db: str | None, email: str) -> Context:
    """The context of the person acting, on the organization's PostgreSQL database."""
    return acting_ctx(open_team_db(db, what="The marketplace"), email)


def _needs(values: list[str] | None, *, field: str) -> list[SkillNeedIn]:
    """'SQL:3' or 'SQL' (level 3) for each value."""
    found = []
    for value in values or []:
        name, sep, level = value.rpartition(":")
        if not sep:
            name, level = value, str(rules.DEFAULT_LEVEL)
        if not is_digits(level.strip()):
            raise InvalidInput(f"'{value}' is not NAME or NAME:LEVEL (1-5).", field=field)
        found.append(SkillNeedIn(name=name, level=int(level)))
    return found


@app.command("list")
def opportunity_list(
    acting: AsOption,
    status: Annotated[
        list[str] | None, typer.Option(help=f"Only these: {', '.join(rules.STATUSES)}; repeat.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """The opportunities you may see, open ones first."""
    found = market.list_opportunities(_acting(db, acting), status)
    if fmt is Format.JSON:
        print_json(found)
        return
    if not found:
        console.print("No opportunity yet: managers post them with `microstep opportunity post`.")
        return
    table = Table("#", "Title", "Kind", "Team", "Time", "Places", "Status")
    for o in found:
        table.add_row(
            str(o.id),
            o.title,
            o.kind_label,
            o.team_name or "",
            f"{o.share_of_time}% x {o.weeks} wk",
            f"{o.approved}/{o.capacity}",
            o.status_label,
        )
    console.print(table)


@app.command("show")
def opportunity_show(
    opportunity_id: IdArgument,
    acting: AsOption,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """One opportunity, with the applications you may see."""
    found = market.get_opportunity(_acting(db, acting), opportunity_id)
    if fmt is Format.JSON:
        print_json(found)
        return
    _describe(found)


def _describe(o: OpportunityPublic) -> None:
    lines = [
        f"#{o.id} {o.title} — {o.kind_label}, {o.status_label.lower()}",
        f"{o.share_of_time}% of the week for {o.weeks} weeks; {o.approved} of {o.capacity} taken",
        f"Success: {o.success_criteria}",
    ]
    lines += [f"{s.relation.capitalize()}: {s.name} (level {s.level})" for s in o.skills]
    lines += [
        f"Application #{a.id}: {a.person_name}, {a.status}" + (f" — {a.note}" if a.note else "")
        for a in o.applications
    ]
    for line in lines:
        console.print(line, markup=False, highlight=False)


@app.command("post")
def opportunity_post(
    acting: AsOption,
    kind: Annotated[str, typer.Option(help=f"One of {', '.join(rules.KINDS)}.")],
    title: Annotated[str, typer.Option(help="What it is, in one line.")],
    criteria: Annotated[str, typer.Option(help="What will show it worked.")],
    share: Annotated[int, typer.Option(help="Percent of the working week, 5-100.")] = 20,
    weeks: Annotated[int, typer.Option(help="How long it runs, 1-104.")] = 6,
    capacity: Annotated[int, typer.Option(help="How many people it takes.")] = 1,
    requires: SkillsOption = None,
    offers: SkillsOption = None,
    role: Annotated[str | None, typer.Option(help="The role it gives experience in.")] = None,
    team: Annotated[int | None, typer.Option(help="The team's number (default: yours).")] = None,
    description: Annotated[str | None, typer.Option(help="What the person will do.")] = None,
    starts: Annotated[str | None, typer.Option(metavar="DAY", help="Planned start.")] = None,
    no_approval: Annotated[
        bool, typer.Option("--no-approval", help="People who apply are in at once.")
    ] = False,
    publish: Annotated[bool, typer.Option("--publish", help="Open it right away.")] = False,
    db: DbOption = None,
) -> None:
    """Post an opportunity (managers and HR); a draft unless --publish.

    Example: microstep opportunity post --as mona@example.org --kind rotation --title "Pricing
    rotation" --criteria "Ships the pricing dashboard" --share 40 --weeks 4 --requires SQL:3
    --offers "Price elasticity:3" --publish
    """
    ctx = _acting(db, acting)
    posting = OpportunityCreate(
        kind=kind,  # type: ignore[arg-type]  # the schema checks it
        title=title,
        description=description,
        role=role,
        team_id=team,
        share_of_time=share,
        weeks=weeks,
        capacity=capacity,
        success_criteria=criteria,
        needs_approval=not no_approval,
        starts_on=parse_day(starts, today=ctx.today, field="starts_on") if starts else None,
        required_skills=_needs(requires, field="required_skills"),
        offered_skills=_needs(offers, field="offered_skills"),
        publish=publish,
    )
    done = market.post_opportunity(ctx, posting)
    console.print(f"Posted #{done.id}: {done.title} ({done.status_label.lower()}).", markup=False)


@app.command("apply")
def opportunity_apply(
    opportunity_id: IdArgument,
    acting: AsOption,
    note: Annotated[str | None, typer.Option(help="Why you want it.")] = None,
    db: DbOption = None,
) -> None:
    """Apply to an open opportunity."""
    done = market.apply(_acting(db, acting), opportunity_id, ApplicationCreate(note=note))
    console.print(
        f"Application #{done.id} to {done.opportunity_title}: {done.status}.", markup=False
    )


ApplicationArgument = Annotated[
    int,
    typer.Argument(
        parser=record_number,
        metavar="APPLICATION",
        help="The application's number, as `show` lists it under the opportunity's applicants.",
    ),
]


@app.command("approve")
def opportunity_approve(
    application_id: ApplicationArgument,
    acting: AsOption,
    decline: Annotated[bool, typer.Option("--decline", help="Decline it instead.")] = False,
    db: DbOption = None,
) -> None:
    """Approve (or --decline) an application: the applicant's manager or HR."""
    ctx = _acting(db, acting)
    done = market.decline(ctx, application_id) if decline else market.approve(ctx, application_id)
    console.print(f"{done.person_name} for {done.opportunity_title}: {done.status}.", markup=False)
