"""`microstep signal|feedback|action|experiment ...`: the evidence log from the command line."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    open_ctx,
    print_json,
    record_number,
    show,
)
from microstep.core.actions import CATEGORY_LABELS, parse_category, parse_focus
from microstep.core.dates import day_label, parse_day
from microstep.core.evidence import ActionCategory, SignalKind
from microstep.core.experiments import DEFAULT_WEEKS
from microstep.core.signals import kind_names, parse_kind
from microstep.services import actions, experiments, feedback, signals
from microstep.services.context import Context
from microstep.services.evidence_schemas import (
    ActionPickPublic,
    ActionTickCreate,
    ExperimentCreate,
    ExperimentPublic,
    ExperimentStop,
    FeedbackAnswer,
    FeedbackCreate,
    FeedbackPublic,
    MicroActionPublic,
    SignalCreate,
    SignalPublic,
)

signal_app = typer.Typer(
    help="Log signals: invitations, feedback, assignments, praise, meeting invites, mentions.",
    no_args_is_help=True,
)
feedback_app = typer.Typer(
    help="Ask one specific question about one action, and record the answer.",
    no_args_is_help=True,
)
action_app = typer.Typer(
    help="Pick micro-actions from the library and tick them off weekly.", no_args_is_help=True
)
experiment_app = typer.Typer(
    help="Time-box a tactic and see whether it moved your signals.", no_args_is_help=True
)

On = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="The day it happened: YYYY-MM-DD, today, yesterday, -2d, '3 days ago' or a weekday "
        "(the last one). Default: today.",
    ),
]


def _id(name: str, listing: str) -> object:
    return typer.Argument(
        metavar=name, parser=record_number, help=f"The number `microstep {listing}` shows."
    )


SignalId = Annotated[int, _id("SIGNAL_ID", "signal list")]
RequestId = Annotated[int, _id("REQUEST_ID", "feedback list")]
ExperimentId = Annotated[int, _id("EXPERIMENT_ID", "experiment list")]
Key = Annotated[
    str,
    typer.Argument(metavar="KEY", help="The action's key, as `microstep action library` shows it."),
]


def _past_day(ctx: Context, text: str | None, field: str) -> date | None:
    return None if text is None else parse_day(text, today=ctx.today, field=field, past=True)


# ---------------------------------------------------------------- signals


@signal_app.command("add")
def signal_add(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help=f"What kind of signal: {kind_names()}.")
    ],
    note: Annotated[str, typer.Argument(metavar="NOTE", help="What happened, in one line.")],
    source: Annotated[
        str | None, typer.Option("--source", help="Who or where it came from, e.g. 'Priya (VP)'.")
    ] = None,
    on: On = None,
    db: DbOption = None,
) -> None:
    """Log one signal in one line; the day defaults to today (a future day is refused).

    Example: microstep signal add meeting-invite "Asked to join the Q3 pricing review"
    --source "Priya" --on yesterday
    """
    ctx = open_ctx(db)
    signal_in = SignalCreate(
        kind=parse_kind(kind),
        note=note,
        source=source,
        occurred_on=_past_day(ctx, on, "occurred_on"),
    )
    row = signals.add_signal(ctx, signal_in)
    console.print(
        f"Logged signal #{row.id}: {_kind(row.kind)} on {row.occurred_on}: {row.note}",
        markup=False,
    )


@signal_app.command("list")
def signal_list(
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", metavar="KIND", help=f"Only this kind (repeatable): {kind_names()}."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DAY", help="Only from this day on, e.g. 2026-10-01 or -4w."
        ),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """List signals, newest first."""
    ctx = open_ctx(db)
    kinds = [parse_kind(text) for text in kind or ()]
    day = _past_day(ctx, since, "since")
    rows = signals.list_signals(ctx, kinds, day)
    show(rows, fmt, empty=_no_signals(kinds, day, ctx.today), table=lambda: _signal_table(rows))


def _no_signals(kinds: list[SignalKind], since: date | None, today: date) -> str:
    """What an empty list says: nothing at all, or nothing matching the filters."""
    if not kinds and since is None:
        return 'No signals yet. Log one: microstep signal add praise "Thanks for the churn deck"'
    which = " or ".join(_kind(kind) for kind in kinds)
    when = "" if since is None else f" since {day_label(since, today=today)}"
    return f"No {which + ' ' if which else ''}signals{when}."


@signal_app.command("delete")
def signal_delete(signal_id: SignalId, db: DbOption = None) -> None:
    """Delete a signal logged by mistake."""
    row = signals.delete_signal(open_ctx(db), signal_id)
    console.print(f"Deleted signal #{row.id}: {_kind(row.kind)} on {row.occurred_on}.")


def _kind(kind: str) -> str:
    return kind.replace("_", " ")


def _signal_table(rows: list[SignalPublic]) -> Table:
    table = Table("#", "Day", "Kind", "What happened", "Source", "Rating")
    for row in rows:
        rating = "" if row.rating is None else f"{row.rating}/5"
        table.add_row(
            str(row.id),
            str(row.occurred_on),
            _kind(row.kind),
            row.note or "",
            row.source or "",
            rating,
        )
    return table


# ---------------------------------------------------------------- feedback


@feedback_app.command("ask")
def feedback_ask(
    question: Annotated[
        str, typer.Argument(metavar="QUESTION", help="One specific question ending with '?'.")
    ],
    to: Annotated[str, typer.Option("--to", help="The person you ask, by name.")],
    about: Annotated[str, typer.Option("--about", help="The action the question is about.")],
    goal: Annotated[
        int | None, typer.Option("--goal", parser=record_number, help="A micro-goal it serves.")
    ] = None,
    on: On = None,
    db: DbOption = None,
) -> None:
    """Record a feedback question to ask; a generic one ('Any feedback?') is refused.

    Example: microstep feedback ask "Was the summary I sent on Monday useful for your
    decision?" --to Priya --about "Monday churn summary"
    """
    ctx = open_ctx(db)
    request_in = FeedbackCreate(
        question=question,
        asked_whom=to,
        about=about,
        goal_id=goal,
        asked_on=_past_day(ctx, on, "asked_on"),
    )
    row = feedback.ask_feedback(ctx, request_in)
    console.print(f"Feedback request #{row.id} to {row.asked_whom}: {row.question}")
    console.print(f'When they answer: microstep feedback answer {row.id} --rating 1-5 "..."')


@feedback_app.command("answer")
def feedback_answer(
    request_id: RequestId,
    answer: Annotated[str, typer.Argument(metavar="ANSWER", help="What they said.")],
    rating: Annotated[
        int, typer.Option("--rating", help="How useful it was, 1 (not) to 5 (very).")
    ],
    on: On = None,
    db: DbOption = None,
) -> None:
    """Record the answer and rating; it becomes a feedback signal in the log.

    Example: microstep feedback answer 3 --rating 4 "Useful; put the number first next time"
    """
    ctx = open_ctx(db)
    answer_in = FeedbackAnswer(
        rating=rating, answer=answer, answered_on=_past_day(ctx, on, "answered_on")
    )
    row = feedback.answer_feedback(ctx, request_id, answer_in)
    console.print(
        f"Answered #{row.id} ({row.rating}/5 from {row.asked_whom}); "
        f"logged as feedback signal #{row.signal_id}."
    )


@feedback_app.command("withdraw")
def feedback_withdraw(request_id: RequestId, db: DbOption = None) -> None:
    """Withdraw an open request that will not be answered."""
    row = feedback.withdraw_feedback(open_ctx(db), request_id)
    console.print(f"Withdrew feedback request #{row.id} to {row.asked_whom}.")


@feedback_app.command("list")
def feedback_list(
    open_only: Annotated[bool, typer.Option("--open", help="Only requests not answered yet.")] = (
        False
    ),
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """List feedback requests, newest first."""
    rows = feedback.list_feedback(open_ctx(db), open_only=open_only)
    empty = "No feedback requests. Ask one: microstep feedback ask --help"
    show(rows, fmt, empty=empty, table=lambda: _feedback_table(rows))


def _feedback_table(rows: list[FeedbackPublic]) -> Table:
    table = Table("#", "Asked", "To", "Question", "Status", "Answer")
    for row in rows:
        answer = f"{row.rating}/5 {row.answer}" if row.answer else ""
        table.add_row(
            str(row.id), str(row.asked_on), row.asked_whom, row.question, row.status.value, answer
        )
    return table


# ---------------------------------------------------------------- micro-actions


@action_app.command("library")
def action_library(
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            help="small-exposure, regular-signalling, relationship-deposit, learning-bit "
            "or meeting-win.",
        ),
    ] = None,
    focus: Annotated[str | None, typer.Option("--focus", help="capability or visibility.")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """The catalogue of micro-actions, 2-15 minutes each; pick the ones to repeat weekly."""
    chosen_category = None if category is None else parse_category(category)
    chosen_focus = None if focus is None else parse_focus(focus)
    rows = actions.action_library(open_ctx(db), chosen_category, chosen_focus)
    show(rows, fmt, empty="Nothing matches.", table=lambda: _library_table(rows))


@action_app.command("pick")
def action_pick(key: Key, db: DbOption = None) -> None:
    """Pick a micro-action to repeat weekly (at most 6 at a time).

    Example: microstep action pick tuesday-insight
    """
    row = actions.pick_action(open_ctx(db), key)
    console.print(f"Picked '{row.title}' ({row.focus.value}, {row.minutes} min). {row.how}")


@action_app.command("drop")
def action_drop(key: Key, db: DbOption = None) -> None:
    """Stop repeating a picked micro-action (its ticks stay in the history)."""
    row = actions.drop_action(open_ctx(db), key)
    console.print(f"Dropped '{row.title}' after {row.total_ticks} ticks.")


@action_app.command("tick")
def action_tick(key: Key, on: On = None, db: DbOption = None) -> None:
    """Tick a picked micro-action off for today (or --on a past day); once a day."""
    ctx = open_ctx(db)
    row = actions.tick_action(ctx, key, ActionTickCreate(done_on=_past_day(ctx, on, "done_on")))
    weeks = f"{row.streak_weeks} week{'' if row.streak_weeks == 1 else 's'}"
    console.print(f"Ticked '{row.title}': {row.ticks_this_week} this week, streak {weeks}.")


@action_app.command("list")
def action_list(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Your picks with this week's ticks and weekly streaks."""
    rows = actions.list_picks(open_ctx(db))
    empty = "No picks yet. Browse: microstep action library, then microstep action pick KEY"
    show(rows, fmt, empty=empty, table=lambda: _picks_table(rows))


def _library_table(rows: list[MicroActionPublic]) -> Table:
    """One section per category (a heading row), so 80 columns leave room for the title."""
    table = Table()
    table.add_column("Micro-action", ratio=1, min_width=16)
    table.add_column("Min")
    table.add_column("Focus", no_wrap=True, min_width=10)
    table.add_column("Picked")
    table.add_column("Key (to pick)", no_wrap=True)  # never cut: it is what `pick` takes
    for category in ActionCategory:
        group = [row for row in rows if row.category is category]
        if not group:
            continue
        table.add_row(Text(CATEGORY_LABELS[category], style="bold"))
        for row in group:
            table.add_row(
                Text(row.title),
                str(row.minutes),
                row.focus.value,
                "yes" if row.picked else "",
                row.key,
            )
        table.add_section()
    return table


def _picks_table(rows: list[ActionPickPublic]) -> Table:
    """The key never cut (it is what `tick` takes); the focus under the title, to fit 80 columns."""
    table = Table()
    table.add_column("Key (to tick)", no_wrap=True)
    table.add_column("Micro-action", ratio=1, min_width=14)
    table.add_column("This week", max_width=5)
    table.add_column("Today")
    table.add_column("Streak (weeks)", max_width=7)
    for row in rows:
        table.add_row(
            row.key,
            Text.assemble(row.title, "\n", (row.focus.value, "dim")),
            str(row.ticks_this_week),
            "done" if row.done_today else "",
            str(row.streak_weeks),
        )
    return table


# ---------------------------------------------------------------- experiments


@experiment_app.command("start")
def experiment_start(
    tactic: Annotated[str, typer.Argument(metavar="TACTIC", help="What you will do.")],
    hypothesis: Annotated[
        str, typer.Option("--hypothesis", help="What you expect it to change, and why.")
    ],
    track: Annotated[
        list[str] | None,
        typer.Option(
            "--track",
            metavar="KIND",
            help=f"A signal kind it should move (repeatable): {kind_names()}.",
        ),
    ] = None,
    weeks: Annotated[
        int, typer.Option("--weeks", help="How long it runs, 1-12 weeks.")
    ] = DEFAULT_WEEKS,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", help="First day: YYYY-MM-DD, today, +3d or a weekday. Default: today."
        ),
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="The library micro-action it uses (its key).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Time-box a tactic; its baseline is the window of equal length just before.

    Example: microstep experiment start "Share a 3-bullet insight every Tuesday"
    --hypothesis "Regular insights get me into more planning meetings"
    --track invitation --track mention --action tuesday-insight
    """
    ctx = open_ctx(db)
    experiment_in = ExperimentCreate(
        tactic=tactic,
        hypothesis=hypothesis,
        track=[parse_kind(text, field="track") for text in track or ()],
        weeks=weeks,
        starts_on=None if start is None else parse_day(start, today=ctx.today, field="start"),
        action_key=action,
    )
    row = experiments.start_experiment(ctx, experiment_in)
    console.print(
        f"Experiment #{row.id} ({row.status.value}): {row.tactic}, {row.starts_on} to "
        f"{row.ends_on}; baseline {row.baseline_start} to {row.baseline_end}."
    )


@experiment_app.command("list")
def experiment_list(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """List experiments, newest first, with the verdict per tracked kind."""
    rows = experiments.list_experiments(open_ctx(db))
    empty = "No experiments yet. Start one: microstep experiment start --help"
    show(rows, fmt, empty=empty, table=lambda: _experiment_table(rows))


@experiment_app.command("show")
def experiment_show(
    experiment_id: ExperimentId, fmt: FormatOption = Format.TABLE, db: DbOption = None
) -> None:
    """One experiment: per tracked kind the counts, days, rate ratio, 90% interval and verdict."""
    row = experiments.get_experiment(open_ctx(db), experiment_id)
    if fmt is Format.JSON:
        print_json(row)
        return
    console.print(f"Experiment #{row.id} ({row.status.value}): {row.tactic}", markup=False)
    console.print(f"Hypothesis: {row.hypothesis}", markup=False)
    if row.action_title:
        console.print(f"Uses the micro-action: {row.action_title} ({row.action_key})", markup=False)
    console.print(
        f"Window {row.starts_on} to {row.ends_on}; baseline {row.baseline_start} to "
        f"{row.baseline_end}."
    )
    if not row.results:
        console.print(f"No results yet: it starts on {row.starts_on}.")
    for result in row.results:
        console.print(f"- {result.sentence}", markup=False)
    if row.conclusion:
        console.print(f"Conclusion: {row.conclusion}", markup=False)


@experiment_app.command("stop")
def experiment_stop(
    experiment_id: ExperimentId,
    conclusion: Annotated[
        str | None, typer.Option("--conclusion", help="What you learned, in a sentence or two.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Stop a running experiment today, or record the conclusion of a finished one."""
    row = experiments.stop_experiment(
        open_ctx(db), experiment_id, ExperimentStop(conclusion=conclusion)
    )
    console.print(f"Experiment #{row.id} is {row.status.value} (window ends {row.ends_on}).")
    for result in row.results:
        console.print(f"- {result.sentence}", markup=False)


@experiment_app.command("delete")
def experiment_delete(experiment_id: ExperimentId, db: DbOption = None) -> None:
    """Delete an experiment (the signals stay in the log)."""
    row = experiments.delete_experiment(open_ctx(db), experiment_id)
    console.print(f"Deleted experiment #{row.id}: {row.tactic}")


def _experiment_table(rows: list[ExperimentPublic]) -> Table:
    table = Table("#", "Tactic", "Window", "Status", "Verdicts")
    for row in rows:
        verdicts = "; ".join(f"{_kind(r.kind)}: {r.verdict.value}" for r in row.results)
        table.add_row(
            str(row.id),
            row.tactic,
            f"{row.starts_on} to {row.ends_on}",
            row.status.value,
            verdicts or f"tracks {', '.join(_kind(kind) for kind in row.tracked)}",
        )
    return table
