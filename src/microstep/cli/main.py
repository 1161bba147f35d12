"""The root `microstep` command: init, today, serve, demo, and the goal/skill/objective groups."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from microstep import ATTRIBUTIONS, __version__
from microstep.cli import (
    evidence,
    gap,
    goals,
    market,
    mobility,
    moves,
    nextmove,
    objectives,
    opportunities,
    org,
    pathways,
    portfolio,
    practice,
    reflection,
    review,
    skills,
    succession,
    taxonomy,
    worker,
)
from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    MicrostepGroup,
    console,
    fail,
    open_ctx,
    open_db,
    print_json,
    settings,
)
from microstep.core.dates import parse_day
from microstep.core.objectives import ObjectiveKind
from microstep.services import people
from microstep.services import today as today_service
from microstep.services.schemas import ObjectiveCreate, PersonSetup

app = typer.Typer(
    name="microstep",
    cls=MicrostepGroup,
    help="microstep: grow your career by small, measured steps.\n\n"
    "Start with `microstep init`, add skills and micro-goals, check `microstep today`, "
    "and open the web UI with `microstep serve` (or try `microstep demo`).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(goals.app, name="goal")
app.add_typer(skills.app, name="skill")
app.add_typer(skills.app, name="skills", hidden=True)  # the spelling DESIGN's contracts use
app.add_typer(taxonomy.app, name="taxonomy")
app.add_typer(taxonomy.roles_app, name="roles")
app.add_typer(gap.gap_app, name="gap")
app.add_typer(market.app, name="market")
objectives.app.command("role")(gap.set_role)
app.add_typer(objectives.app, name="objective")
app.add_typer(practice.microskill_app, name="microskill")
app.add_typer(practice.practice_app, name="practice")
app.add_typer(evidence.signal_app, name="signal")
app.add_typer(evidence.feedback_app, name="feedback")
app.add_typer(evidence.action_app, name="action")
app.add_typer(evidence.experiment_app, name="experiment")
app.add_typer(review.app, name="review")
app.add_typer(reflection.checkin_app, name="checkin")
app.add_typer(reflection.calendar_app, name="calendar")
app.add_typer(reflection.lesson_app, name="lesson")
app.add_typer(portfolio.app, name="portfolio")
app.add_typer(org.app, name="org")
org.app.command("pathways")(pathways.show_pathways)
org.app.command("congestion")(pathways.show_congestion)
org.app.command("predict-next")(nextmove.predict_next)
org.app.command("succession")(succession.show_succession)
org.app.add_typer(succession.critical_app, name="critical-role")
org.app.command("mobility")(mobility.show_mobility)
org.app.add_typer(mobility.cohort_app, name="cohort")
moves.app.command("next")(nextmove.next_moves)
app.add_typer(moves.app, name="move")
app.add_typer(opportunities.app, name="opportunity")
app.add_typer(worker.app, name="worker")
app.command("export")(portfolio.export_data)
app.command("import")(portfolio.import_data)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"microstep {__version__}")
        for line in ATTRIBUTIONS:
            typer.echo(line)
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """microstep: grow your career by small, measured steps."""


@app.command()
def init(
    name: Annotated[str | None, typer.Option(help="Your name.")] = None,
    objective: Annotated[str | None, typer.Option(help="Target role or capability.")] = None,
    horizon: Annotated[str | None, typer.Option(help="When: YYYY-MM-DD or +40w.")] = None,
    kind: Annotated[ObjectiveKind, typer.Option(help="Role or capability.")] = ObjectiveKind.ROLE,
    db: DbOption = None,
) -> None:
    """Set up personal mode: your name and your long-term objective (asks when run bare)."""
    if name is None:
        name, objective, horizon = _ask(objective, horizon)
    first = None
    if objective:
        if not horizon:
            fail("Give --horizon too: the date you aim to reach the objective by.")
        when = parse_day(horizon, today=date.today(), field="horizon")
        first = ObjectiveCreate(title=objective, horizon=when, kind=kind)
    database = open_db(db)
    again = people.is_set_up(database)
    setup = PersonSetup(name=name, objective=first)
    person = people.init_person(database, setup, settings=settings())
    if again:
        added = f" and added the objective '{objective}'" if first else ""
        console.print(f"Already set up: kept your data, set the name to {person.name}{added}.")
        return
    console.print(f"Ready, {person.name}. Storage: {database.url}")
    console.print('Next: microstep skill add "SQL" --current 2 --target 4')


def _ask(objective: str | None, horizon: str | None) -> tuple[str, str | None, str | None]:
    if not sys.stdin.isatty():
        fail("Give --name (and --objective with --horizon), or run `microstep init` in a terminal.")
    name = typer.prompt("Your name")
    objective = objective or typer.prompt("Your long-term objective (a role or capability)")
    horizon = horizon or typer.prompt("By when (YYYY-MM-DD, or +40w)", default="+52w")
    return name, objective, horizon


@app.command()
def today(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """What needs your attention today, most overdue first."""
    agenda = today_service.today(open_ctx(db))
    if fmt is Format.JSON:
        print_json(agenda)
        return
    if not agenda.items:
        console.print("Nothing due. Add a micro-goal: microstep goal add --help")
        return
    table = Table("#", "What", "When", "Status", title=f"Today, {agenda.date:%A %d %B}")
    for item in agenda.items:
        style = "red" if item.days_left < 0 else None
        table.add_row(str(item.id), item.title, item.reason, item.status, style=style)
    console.print(table)


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to listen on [default: MICROSTEP_HOST].")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port [default: MICROSTEP_PORT].")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="App processes; in team mode they share nothing but the database, so any "
            "of them answers any request.",
        ),
    ] = 1,
    db: DbOption = None,
) -> None:
    """Serve the web UI and the JSON API for a database."""
    from microstep.cli.serving import serve_database

    config = settings()
    serve_database(open_db(db), host=host or config.host, port=port or config.port, workers=workers)


@app.command()
def demo(
    serve_it: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve it afterwards.")
    ] = True,
    org: Annotated[
        bool,
        typer.Option(
            "--org",
            help="An organization in team mode (PostgreSQL: pass --db): teams and managers, "
            "weeks of practice, sharing, circles, coaching, five years of career moves and an "
            "internal marketplace.",
        ),
    ] = False,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port [default: MICROSTEP_PORT].")
    ] = None,
    db: DbOption = None,
) -> None:
    """Build a realistic demo database (12 weeks of history) and serve it on 127.0.0.1."""
    from microstep.cli.serving import build_demo, build_org, serve_database

    port = port or settings().port
    if org:
        database, team = build_org(db, port=port)
        if serve_it:
            serve_database(database, host="127.0.0.1", port=port, app_settings=team)
        return
    database = build_demo(db)
    if serve_it:
        serve_database(database, host="127.0.0.1", port=port)


@app.command()
def bench(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help=(
                "Which benchmark: api, dashboard, personal, link, match, import-moves, "
                "predict or org."
            ),
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, for scripts.")] = False,
) -> None:
    """Run a named benchmark; ratio is ours divided by a baseline measured in the same run."""
    from microstep.bench import run as run_bench

    results = run_bench(name)
    if as_json:
        typer.echo(json.dumps({"name": name, "results": [r.as_dict() for r in results]}))
        return
    table = Table("Metric", "Ours", "Baseline", "Ratio", title=f"bench {name}")
    for r in results:
        table.add_row(
            r.metric, f"{r.value:,.3g} {r.unit}", f"{r.baseline:,.3g} {r.unit}", f"{r.ratio:.2f}"
        )
    console.print(table)


def run() -> None:
    """Console-script entry point."""
    app()
