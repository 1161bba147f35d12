"""`microstep gap`, `gap adopt` and `objective role`: the skill gap to a target role."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    fail,
    open_ctx,
    print_json,
    record_number,
)
from microstep.cli.taxonomy import ready
from microstep.core.dates import day_label
from microstep.core.text import plain_number
from microstep.services import gap
from microstep.services.context import Context
from microstep.services.gap_schemas import (
    MAX_TOP,
    AdoptAs,
    CoveragePublic,
    GapItemPublic,
    GapPublic,
)

gap_app = typer.Typer(
    help="The skill gap to your target role: the role's essential and optional ESCO skills "
    "against your skill map and practice, and the top gaps with a micro-skill and a micro-goal "
    "to start each.\n\n"
    'Set the role first: microstep objective role 1 "data analyst". Examples: microstep gap · '
    'microstep gap --top 10 --format json · microstep gap adopt "data mining" --as microskill',
    invoke_without_command=True,
)
role_app = typer.Typer(help="The target role of an objective.", no_args_is_help=True)

ObjectiveOption = Annotated[
    int | None,
    typer.Option(
        "--objective",
        metavar="N",
        parser=record_number,
        help="The objective's number. Default: your active role objective with a target role.",
        show_default=False,
    ),
]
BAR = 24  # characters of a coverage bar


@gap_app.callback()
def show_gap(
    ctx: typer.Context,
    objective: ObjectiveOption = None,
    top: Annotated[
        int, typer.Option("--top", "-k", min=1, max=MAX_TOP, help="How many gaps to list.")
    ] = 5,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Show the gap to your target role: coverage, then the top gaps with first steps.

    A role skill is strong when your map has it at level 3 or more, or with evidence (written,
    or a mastered micro-skill); growing when it is on your map below 3; missing otherwise.
    Skills on your map not linked to ESCO yet are linked first (your words stay).
    Gaps rank essential before optional, missing before growing.
    """
    if ctx.invoked_subcommand is not None:
        return
    context = _context(db)
    result = gap.skill_gap(context, objective, top=top)
    if fmt is Format.JSON:
        print_json(result)
    else:
        _print(result)


@gap_app.command("adopt")
def adopt(
    skill: Annotated[
        str,
        typer.Argument(
            metavar="SKILL",
            help="The gap's ESCO label as `microstep gap` shows it ('data mining'), or its URI.",
        ),
    ],
    as_: Annotated[
        AdoptAs,
        typer.Option(
            "--as",
            help="skill: put it on your map; microskill: also add its suggested micro-skill; "
            "goal: also plan its suggested micro-goal.",
        ),
    ] = AdoptAs.SKILL,
    objective: ObjectiveOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Adopt a gap: put it on your skill map, practise it, or make it a micro-goal.

    Adopting the same gap again creates nothing new.

    Example: microstep gap adopt "data mining" --as microskill
    """
    context = _context(db)
    uri = _uri_of(context, skill.strip(), objective)
    result = gap.adopt_gap(context, uri, as_, objective_id=objective)
    if fmt is Format.JSON:
        print_json(result)
        return
    console.print(result.message, markup=False, highlight=False)


def set_role(
    objective_id: Annotated[
        int, typer.Argument(metavar="ID", parser=record_number, help="The objective's number.")
    ],
    role: Annotated[
        str,
        typer.Argument(
            metavar="TEXT_OR_URI",
            help="A job title to link ('data analyst') or an ESCO occupation URI.",
        ),
    ],
    db: DbOption = None,
) -> None:
    """Set the target role of a role objective: a job title linked to ESCO, or an ESCO URI.

    The objective keeps its title in your words; the gap then compares the role's skills with
    your map.

    Example: microstep objective role 1 "data analyst"
    """
    context = _context(db)
    result = gap.set_target_role(context, objective_id, text=role)
    console.print(result.message, markup=False, highlight=False)
    if result.matched_text is not None and result.score is not None:
        console.print(
            f"Linked '{result.matched_text}' (score {result.score:.2f}); not it? Give the "
            "occupation's URI instead.",
            markup=False,
            highlight=False,
        )
    console.print("See the gap: microstep gap", markup=False)


role_app.command("role")(set_role)


def _context(db: str | None) -> Context:
    context = open_ctx(db)
    ready(context.db)  # the first use loads the taxonomies with a progress bar
    return context


def _uri_of(context: Context, ref: str, objective: int | None) -> str:
    """A gap's URI from its URI or from its ESCO label as `microstep gap` shows it."""
    if ref.startswith("http://") or ref.startswith("https://"):
        return ref
    result = gap.skill_gap(context, objective, top=1)
    key = " ".join(ref.split()).casefold()
    for skill in result.skills:
        if skill.label.casefold() == key:
            return skill.id
    fail(
        f"'{ref}' is not one of the skills ESCO lists for '{result.occupation.label}': give "
        "its label or URI as `microstep gap` shows it."
    )


# --- printing --------------------------------------------------------------------------------


def _print(result: GapPublic) -> None:
    console.print(
        f"[bold]Gap to {escape(result.occupation.label)}[/bold] (ESCO) for objective "
        f"#{result.objective_id} '{escape(result.objective_title)}'",
        highlight=False,
    )
    if result.linked:
        names = ", ".join(result.linked)
        console.print(f"Linked to ESCO just now: {names}", markup=False, highlight=False)
    console.print(_bar("Essential", result.essential), highlight=False)
    console.print(_bar("Optional ", result.optional), highlight=False)
    if not result.gaps:
        console.print("\nNo gaps: every skill of the role is strong on your map.")
        return
    console.print(f"\n[bold]Top {len(result.gaps)} of {result.total_gaps} gaps[/bold]")
    for item in result.gaps:
        _print_gap(item)
    example = result.gaps[0].skill.label
    console.print(
        f'\nAdopt one: microstep gap adopt "{example}" --as skill|microskill|goal',
        markup=False,
        highlight=False,
    )


def _bar(label: str, coverage: CoveragePublic) -> str:
    """A coverage bar: strong in green, growing in yellow, missing dim."""
    total = max(1, coverage.total)
    strong = round(BAR * coverage.strong / total)
    growing = min(BAR - strong, round(BAR * coverage.growing / total))
    missing = BAR - strong - growing
    cells = (
        f"[green]{'█' * strong}[/green][yellow]{'▓' * growing}[/yellow][dim]{'░' * missing}[/dim]"
    )
    return (
        f"{label}  {cells}  {coverage.strong} of {coverage.total} strong · "
        f"{coverage.growing} growing · {coverage.missing} missing"
    )


def _print_gap(item: GapItemPublic) -> None:
    skill, idea, goal = item.skill, item.microskill, item.goal
    colour = "red" if skill.status == "missing" else "yellow"
    console.print(
        f"\n{item.rank}. [bold]{escape(skill.label)}[/bold]  {skill.relation} · {skill.kind} · "
        f"[{colour}]{skill.status}[/{colour}]",
        highlight=False,
    )
    lines = [
        item.reason,
        f"Micro-skill: {idea.definition} — {idea.minutes} min a day; mastery: {idea.rule}",
        f"Micro-goal: {goal.title} — {goal.metric}: {plain_number(goal.target_value or 0)} "
        f"{goal.unit or ''} by {day_label(goal.due)}",
        skill.id,
    ]
    for line in lines:
        console.print(f"   {line}", markup=False, highlight=False)
