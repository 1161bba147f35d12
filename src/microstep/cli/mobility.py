"""`microstep org mobility` and `org cohort`: internal mobility metrics and pilot cohorts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from microstep.cli.common import (
    AnalystOption,
    DbOption,
    Format,
    FormatOption,
    TeamOption,
    analyst_ctx,
    console,
    fail,
    print_json,
    record_number,
)
from microstep.core.dates import parse_day
from microstep.core.text import plural
from microstep.services import analytics, cohorts, mobility
from microstep.services.mobility_schemas import (
    CohortCreate,
    ComparisonPublic,
    GroupPublic,
    MobilityPublic,
)

cohort_app = typer.Typer(
    help="Pilot cohorts compared with matched colleagues.", no_args_is_help=True
)

MAX_FILE = 5_000_000


def show_mobility(
    acting: AnalystOption = None,
    team: TeamOption = None,
    target: Annotated[
        str | None,
        typer.Option(metavar="ROLE", help="Time to this role (title); default: first promotion."),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Moves per person-year, short moves, durations, success and time to target.

    Each figure comes with its 95% interval; teams and years with fewer than three people say
    "too few to show".

    Examples:

      microstep org mobility --as hana@demo.example

      microstep org mobility --team Analytics --target "Product manager" --format json
    """
    ctx = analyst_ctx(db, acting)
    team_id = analytics.team_id(ctx, team)
    found = mobility.mobility(ctx, team_id, target)
    if fmt is Format.JSON:
        print_json(found)
        return
    _print_mobility(found)


def _ci(low: float | None, high: float | None, *, pct: bool = False, digits: int = 2) -> str:
    if low is None or high is None:
        return ""
    if pct:
        return f"{low * 100:.0f}%-{high * 100:.0f}%"
    return f"{low:.{digits}f}-{high:.{digits}f}"


def _val(value: float | None, *, pct: bool = False, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value * 100:.0f}%" if pct else f"{value:.{digits}f}"


def _print_mobility(m: MobilityPublic) -> None:
    console.print(
        f"Mobility over {m.scope}, {m.window_start.isoformat()} to {m.window_end.isoformat()}",
        markup=False,
    )
    o = m.overall
    if o.too_few:
        console.print(f"Too few to show: fewer than {m.min_group} people.")
        return
    table = Table("Figure", "Value", "95% CI", "Based on")
    for row in _headline(o, m.target_label):
        table.add_row(*(escape(cell) for cell in row))
    console.print(table)
    console.print(_groups_table("By team", m.by_team))
    console.print(_groups_table("By year", m.by_year))


def _headline(o: GroupPublic, target: str) -> list[tuple[str, str, str, str]]:
    rows = []
    if (r := o.moves_per_person_year) is not None:
        rows.append(
            (
                "Moves per person-year",
                _val(r.value),
                _ci(r.low, r.high),
                f"{r.events} moves, {r.person_years:.0f} person-years",
            )
        )
    for label, s in (
        ("Short moves", o.short_share),
        ("Success (met)", o.success),
        ("Partly met", o.partly),
    ):
        if s is not None:
            rows.append((label, _val(s.value, pct=True), _ci(s.low, s.high, pct=True), f"{s.n}"))
    for label, md, digits in (
        ("Median days of a short move", o.short_move_days, 0),
        ("Median years in a role (KM)", o.years_in_role, 1),
        (f"Median years to {target} (KM)", o.years_to_target, 1),
    ):
        if md is not None:
            rows.append(
                (
                    label,
                    _val(md.value, digits=digits),
                    _ci(md.low, md.high, digits=digits),
                    f"{md.events} of {md.n} ended",
                )
            )
    if (s := o.reached_target) is not None:
        rows.append(
            (f"Reached {target}", _val(s.value, pct=True), _ci(s.low, s.high, pct=True), f"{s.n}")
        )
    return rows


def _groups_table(title: str, groups: list[GroupPublic]) -> Table:
    table = Table("", "People", "Moves/person-year", "95% CI", "Short", "Success", title=title)
    for g in groups:
        r = g.moves_per_person_year
        if g.too_few or r is None:
            table.add_row(escape(g.label), "-", "too few to show", "", "", "")
            continue
        short = g.short_share.value if g.short_share else None
        success = g.success.value if g.success else None
        table.add_row(
            escape(g.label),
            str(g.people),
            _val(r.value),
            _ci(r.low, r.high),
            _val(short, pct=True),
            _val(success, pct=True),
        )
    return table


# ----------------------------------------------------------------------------- cohorts


@cohort_app.command("add")
def cohort_add(
    name: Annotated[str, typer.Argument(help="The cohort's name (unique).")],
    start: Annotated[str, typer.Option("--start", metavar="DATE", help="When the pilot began.")],
    members: Annotated[
        Path | None,
        typer.Option(
            "--members",
            metavar="FILE",
            help="One member a line: a sign-in email, an HRIS id or a person number.",
        ),
    ] = None,
    from_opportunity: Annotated[
        int | None,
        typer.Option(
            "--from-opportunity",
            metavar="ID",
            parser=record_number,
            help="The approved participants of this opportunity.",
        ),
    ] = None,
    description: Annotated[str | None, typer.Option(help="What the programme is.")] = None,
    acting: AnalystOption = None,
    db: DbOption = None,
) -> None:
    """Add a pilot cohort (HR admins).

    Examples:

      microstep org cohort add "Rotation pilot 2025" --start 2025-05-01 --members pilot.txt

      microstep org cohort add "Pricing gig" --start 2026-03-02 --from-opportunity 12
    """
    if members is None and from_opportunity is None:
        fail("Give the members: --members FILE or --from-opportunity ID.")
    ctx = analyst_ctx(db, acting)
    keys = _read_members(members) if members is not None else []
    body = CohortCreate(
        name=name,
        description=description,
        start_date=parse_day(start, today=ctx.today, field="start", past=True),
        members=keys,
        opportunity_id=from_opportunity,
    )
    created = cohorts.create(ctx, body)
    console.print(
        f"Added the cohort {created.name}: {plural(created.members, 'member')} from "
        f"{created.start_date.isoformat()}. See it with `microstep org cohort show "
        f"{created.id}`.",
        markup=False,
    )


def _read_members(path: Path) -> list[str]:
    """One member a line (the first comma-separated field); blank lines and # comments skipped."""
    try:
        if path.stat().st_size > MAX_FILE:
            fail(f"{path} is too large for a member list (over 5 MB).")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(f"Cannot read {path}: {exc.strerror or exc}.")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text: save it as UTF-8 and try again.")
    return member_keys(text)


def member_keys(text: str) -> list[str]:
    """The member keys of a member file's text, in order, each once."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        key = line.split("#", 1)[0].split(",", 1)[0].strip().strip('"').strip()
        if key:
            seen.setdefault(key, None)
    return list(seen)


@cohort_app.command("list")
def cohort_list(
    acting: AnalystOption = None, fmt: FormatOption = Format.TABLE, db: DbOption = None
) -> None:
    """Pilot cohorts, latest start first."""
    found = cohorts.list_cohorts(analyst_ctx(db, acting))
    if fmt is Format.JSON:
        print_json(found)
        return
    if not found:
        console.print("No pilot cohort yet: HR adds one with `microstep org cohort add`.")
        return
    table = Table("#", "Cohort", "Started", "Members")
    for c in found:
        table.add_row(str(c.id), escape(c.name), c.start_date.isoformat(), str(c.members))
    console.print(table)


@cohort_app.command("show")
def cohort_show(
    name: Annotated[
        str, typer.Argument(metavar="COHORT", help="The cohort's name, or its # from `list`.")
    ],
    acting: AnalystOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """A cohort against colleagues matched on role and tenure, with 95% intervals.

    Examples:

      microstep org cohort show "Rotation pilot 2025" --format json

      microstep org cohort show 1
    """
    ctx = analyst_ctx(db, acting)
    found = cohorts.show(ctx, cohorts.cohort_id_named(ctx, name))
    if fmt is Format.JSON:
        print_json(found)
        return
    _print_comparison(found)


def _print_comparison(c: ComparisonPublic) -> None:
    console.print(
        f"{c.cohort.name}: from {c.cohort.start_date.isoformat()}, over {c.scope}", markup=False
    )
    table = Table("Outcome", "Members", "Matches", "Difference", "95% CI")
    for o in c.outcomes:
        pct = o.kind == "share"
        if o.too_few:
            table.add_row(escape(o.label), "too few to show", "", "", "")
            continue
        scale, digits = (100, 0) if pct else (1, 2)
        diff = "-" if o.difference is None else f"{o.difference * scale:+.{digits}f}"
        ci = (
            ""
            if o.low is None or o.high is None
            else (f"{o.low * scale:+.{digits}f} to {o.high * scale:+.{digits}f}")
        )
        table.add_row(
            escape(o.label),
            f"{_val(o.cohort, pct=pct)} (n={o.cohort_n})",
            f"{_val(o.comparison, pct=pct)} (n={o.comparison_n})",
            diff + (" pts" if pct else ""),
            ci,
        )
    if c.outcomes:
        console.print(table)
    if c.members:
        members = Table("Member", "Team", "Matched with", title="Members and their matches")
        for p in c.members:
            matched = ", ".join(p.matches) or f"no match: {p.unmatched_reason or 'none'}"
            members.add_row(escape(p.name), escape(p.team or "-"), escape(matched))
        console.print(members)
    for line in c.readout:
        console.print(f"- {line}", markup=False)


@cohort_app.command("delete")
def cohort_delete(
    name: Annotated[
        str, typer.Argument(metavar="COHORT", help="The cohort's name, or its # from `list`.")
    ],
    acting: AnalystOption = None,
    db: DbOption = None,
) -> None:
    """Delete a pilot cohort (HR admins).

    Examples:

      microstep org cohort delete "Rotation pilot 2025"

      microstep org cohort delete 1
    """
    ctx = analyst_ctx(db, acting)
    console.print(cohorts.delete(ctx, cohorts.cohort_id_named(ctx, name)), markup=False)
