"""Use cases of the portfolio: achievements, suggestions, the document and stakeholder updates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from microstep.core import portfolio as rules
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text
from microstep.core.weeks import local_day, week_start
from microstep.errors import InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.portfolio_schemas import (
    AchievementCreate,
    AchievementPublic,
    AchievementUpdate,
    BulletPublic,
    FeedbackItem,
    GrowthWeek,
    MasteredItem,
    PortfolioDocument,
    SkillRow,
    SuggestionPick,
    SuggestionPublic,
    SuggestionShortlist,
    UpdatePublic,
)
from microstep.store import portfolio as store
from microstep.store import queries
from microstep.store.models import Achievement, MicroSkill, Signal

GROWTH_WEEKS = 12
FEEDBACK_SHOWN = 8


class DocumentFormat(StrEnum):
    """The formats a portfolio document exports to."""

    MD = "md"
    HTML = "html"
    PDF = "pdf"


def achievement_public(row: Achievement) -> AchievementPublic:
    """Shape a stored achievement for output."""
    return AchievementPublic.model_validate(row)


def _clean(title: str | None, metric: str | None, narrative: str | None) -> dict[str, str | None]:
    return {
        "title": clean_text(title, field="title", required=True, max_len=MAX_TITLE),
        "metric": clean_text(metric, field="metric", required=False, max_len=MAX_TITLE),
        "narrative": clean_text(narrative, field="narrative", required=False, max_len=MAX_NOTE),
    }


def _check_day(session: Session, ctx: Context, day: date) -> date:
    first = store.first_record(session=session, person_id=ctx.person_id)
    return rules.check_achievement_day(day, today=ctx.today, first_record=first)


def add_achievement(ctx: Context, achievement_in: AchievementCreate) -> AchievementPublic:
    """Add an achievement typed by hand: it needs a metric or a short story, and a past day."""
    fields = _clean(achievement_in.title, achievement_in.metric, achievement_in.narrative)
    with ctx.db.transaction() as session:
        day = _check_day(session, ctx, achievement_in.achieved_on or ctx.today)
        rules.check_substance(fields["metric"], fields["narrative"])
        row = store.add_achievement(
            session=session, person_id=ctx.person_id, now=ctx.now(), achieved_on=day, **fields
        )
        return achievement_public(row)


def add_suggested(ctx: Context, pick: SuggestionPick) -> AchievementPublic:
    """Turn a suggestion (a finished goal, a mastered micro-skill, a signal) into an achievement."""
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        found = {s.key: s for s in _suggestions(session, ctx)}
        suggestion = found.get((pick.source, pick.source_id))
        if suggestion is None:
            raise _not_suggested(session, ctx, pick)
        links = {f"{_link(pick.source)}": pick.source_id, "skill_id": suggestion.skill_id}
        row = store.add_achievement(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            title=suggestion.title,
            metric=suggestion.metric,
            narrative=suggestion.narrative,
            achieved_on=suggestion.achieved_on,
            **links,
        )
        return achievement_public(row)


def _link(source: rules.SourceKind) -> str:
    return {"goal": "goal_id", "microskill": "micro_skill_id", "signal": "signal_id"}[source]


NAMES = {"goal": "finished micro-goal", "microskill": "mastered micro-skill", "signal": "signal"}


def _not_suggested(session: Session, ctx: Context, pick: SuggestionPick) -> InvalidInput:
    used = set(store.used_sources(session=session, person_id=ctx.person_id))
    what = NAMES[pick.source.value]
    if (pick.source.value, pick.source_id) in used:
        return InvalidInput(
            f"The {what} #{pick.source_id} is already in your portfolio.", field="source_id"
        )
    if pick.source is rules.SourceKind.GOAL and any(
        goal.id == pick.source_id for goal in _goal_facts(session, ctx)
    ):
        return InvalidInput(
            f"The micro-goal #{pick.source_id} fell short of its target, so it is no achievement "
            "yet: add it by hand with a story of what it taught you.",
            field="source_id",
        )
    if pick.source is rules.SourceKind.SIGNAL:
        return InvalidInput(
            f"There is no positive signal #{pick.source_id} (praise, an assignment, an "
            "invitation or feedback rated 4-5).",
            field="source_id",
        )
    return InvalidInput(f"There is no {what} #{pick.source_id}.", field="source_id")


def edit_achievement(
    ctx: Context, achievement_id: int, update: AchievementUpdate
) -> AchievementPublic:
    """Change an achievement's title, metric, story or day; the rest stays."""
    given = update.model_fields_set
    with ctx.db.transaction() as session:
        row = _get(session, ctx, achievement_id)
        fields = _clean(
            update.title if "title" in given else row.title,
            update.metric if "metric" in given else row.metric,
            update.narrative if "narrative" in given else row.narrative,
        )
        if "achieved_on" in given:
            if update.achieved_on is None:
                raise InvalidInput("The day cannot be empty.", field="achieved_on")
            if update.achieved_on != row.achieved_on:
                row.achieved_on = _check_day(session, ctx, update.achieved_on)
        if not (row.goal_id or row.micro_skill_id or row.signal_id):
            rules.check_substance(fields["metric"], fields["narrative"])
        for name, value in fields.items():
            setattr(row, name, value)
        return achievement_public(row)


def delete_achievement(ctx: Context, achievement_id: int) -> AchievementPublic:
    """Remove an achievement (its source is suggested again)."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, achievement_id)
        public = achievement_public(row)
        store.delete_achievement(session=session, row=row)
        return public


def list_achievements(ctx: Context) -> list[AchievementPublic]:
    """The portfolio, newest first."""
    with ctx.db.transaction() as session:
        rows = store.list_achievements(session=session, person_id=ctx.person_id)
        return [achievement_public(row) for row in rows]


def suggest(ctx: Context) -> list[SuggestionPublic]:
    """The strongest achievements worth adding (at most 12), newest first."""
    return suggestion_shortlist(ctx).items


def suggestion_shortlist(ctx: Context) -> SuggestionShortlist:
    """The strongest suggestions, near-identical titles collapsed, and how many more there are."""
    with ctx.db.transaction() as session:
        titles = [
            row.title for row in store.list_achievements(session=session, person_id=ctx.person_id)
        ]
        items, more = rules.shortlist(_suggestions(session, ctx), portfolio_titles=titles)
        return SuggestionShortlist(items=[_suggestion_public(item) for item in items], more=more)


def _suggestion_public(item: rules.Suggestion) -> SuggestionPublic:
    return SuggestionPublic(
        source=item.source,
        source_id=item.source_id,
        title=item.title,
        metric=item.metric,
        narrative=item.narrative,
        achieved_on=item.achieved_on,
        similar=item.similar,
    )


def _get(session: Session, ctx: Context, achievement_id: int) -> Achievement:
    row = store.get_achievement(
        session=session, person_id=ctx.person_id, achievement_id=achievement_id
    )
    if row is None:
        raise NotFound(f"There is no achievement #{achievement_id}.", field="achievement_id")
    return row


# --- facts for the rules -----------------------------------------------------------------


def _suggestions(session: Session, ctx: Context) -> list[rules.Suggestion]:
    used = store.used_sources(session=session, person_id=ctx.person_id)
    taken = {(rules.SourceKind(kind), source_id) for kind, source_id in used}
    return rules.suggestions(
        _goal_facts(session, ctx),
        _microskill_facts(session, ctx),
        _signal_facts(session, ctx),
        taken=taken,
    )


def _goal_facts(
    session: Session, ctx: Context, since: datetime | None = None
) -> list[rules.GoalFact]:
    rows = store.goals_finished(
        session=session, person_id=ctx.person_id, status="done", since=since
    )
    return [
        rules.GoalFact(
            id=goal.id,
            title=goal.title,
            metric=goal.metric,
            target_value=goal.target_value,
            unit=goal.unit,
            outcome_value=goal.outcome_value,
            done_when=goal.done_when,
            outcome_note=goal.outcome_note,
            finished_on=local_day(goal.finished_at) if goal.finished_at else ctx.today,
            skill_id=goal.skill_id,
            skill_name=name,
        )
        for goal, name in rows
    ]


def _microskill_fact(session: Session, row: MicroSkill, ctx: Context) -> rules.MicroSkillFact:
    journal = store.journal_of(session=session, microskill_id=row.id)
    values = tuple(float(e.metric_value) for e in journal if e.metric_value is not None)
    return rules.MicroSkillFact(
        id=row.id,
        definition=row.definition,
        metric=row.metric,
        unit=row.unit,
        lower_is_better=row.direction == "lower",
        values=values,
        sessions=len(journal),
        minutes=sum(entry.minutes for entry in journal),
        mastered_on=local_day(row.mastered_at) if row.mastered_at else ctx.today,
        skill_id=row.skill_id,
        skill_name=row.skill.name,
    )


def _microskill_facts(session: Session, ctx: Context) -> list[rules.MicroSkillFact]:
    rows = store.mastered_microskills(session=session, person_id=ctx.person_id)
    return [_microskill_fact(session, row, ctx) for row in rows]


def _signal_fact(row: Signal) -> rules.SignalFact:
    return rules.SignalFact(row.id, row.kind, row.occurred_on, row.source, row.note, row.rating)


def _signal_facts(session: Session, ctx: Context) -> list[rules.SignalFact]:
    rows = store.signals_of(session=session, person_id=ctx.person_id)
    return [_signal_fact(row) for row in rows]


# --- the stakeholder update -----------------------------------------------------------------


def stakeholder_update(
    ctx: Context, since: date | None = None, until: date | None = None
) -> UpdatePublic:
    """Three bullets for a period (default the last 14 days): impact, progress, open question."""
    start, end = rules.update_period(since, until, today=ctx.today)
    with ctx.db.transaction() as session:
        facts = _update_facts(session, ctx, start, end)
    bullets = rules.stakeholder_update(facts)
    public = [BulletPublic(kind=b.kind, text=b.text) for b in bullets]
    title = f"Update for {rules.short_date(start)} to {rules.short_date(end)}"
    return UpdatePublic(
        since=start,
        until=end,
        bullets=public,
        text="\n".join(f"- {b.text}" for b in bullets),
        markdown=f"**{title}**\n\n" + "\n".join(f"- {b.text}" for b in bullets) + "\n",
    )


def _between(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def _update_facts(session: Session, ctx: Context, start: date, end: date) -> rules.UpdateFacts:
    since = datetime.combine(start - timedelta(days=1), time(0), tzinfo=UTC)
    goals = [g for g in _goal_facts(session, ctx, since) if _between(g.finished_on, start, end)]
    practice = store.practice_between(
        session=session, person_id=ctx.person_id, start=start, end=end
    )
    dropped = [
        (goal.title, goal.outcome_note)
        for goal, _name in store.goals_finished(
            session=session, person_id=ctx.person_id, status="dropped", since=since
        )
        if goal.finished_at and _between(local_day(goal.finished_at), start, end)
    ]
    review = store.latest_review(session=session, person_id=ctx.person_id, until=end)
    requests = store.open_feedback_requests(session=session, person_id=ctx.person_id)
    return rules.UpdateFacts(
        start=start,
        end=end,
        wins=_wins(session, ctx, goals, start, end),
        goals_done=len(goals),
        practice_minutes=sum(minutes for _day, minutes in practice),
        practice_sessions=len(practice),
        dropped=dropped,
        open_requests=[
            rules.OpenRequest(r.asked_whom, r.question, r.asked_on)
            for r in requests
            if r.asked_on <= end
        ],
        to_adjust=review.to_adjust if review else None,
        overdue=[
            (goal.title, goal.due)
            for goal in store.overdue_goals(session=session, person_id=ctx.person_id, before=end)
        ],
    )


def _wins(
    session: Session, ctx: Context, goals: list[rules.GoalFact], start: date, end: date
) -> list[rules.Win]:
    added = store.list_achievements(
        session=session, person_id=ctx.person_id, since=start, until=end
    )
    wins = [
        rules.Win(a.title, a.metric or _gist(a.narrative), rules.win_score(a.metric, kind=None))
        for a in added
    ]
    for item in _microskill_facts(session, ctx):
        if _between(item.mastered_on, start, end):
            metric = rules.microskill_metric(item)
            wins.append(rules.Win(f"mastered {item.definition}", metric, _gain_score(item)))
    for goal in goals:
        metric = rules.goal_metric(goal)
        kind = rules.SourceKind.GOAL
        wins.append(
            rules.Win(f"finished '{goal.title}'", metric, rules.win_score(metric, kind=kind))
        )
    for signal in _signal_facts(session, ctx):  # with nothing finished, praise still counts
        if _between(signal.occurred_on, start, end) and rules.is_positive(signal):
            found = rules.suggest_from_signal(signal)
            score = rules.win_score(found.metric, kind=rules.SourceKind.SIGNAL)
            wins.append(rules.Win(found.title, found.metric or _gist(found.narrative), score))
    return wins


def _gist(narrative: str | None, limit: int = 140) -> str | None:
    """The first sentence of a story, short enough for a bullet."""
    if not narrative:
        return None
    first = " ".join(narrative.split()).split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _gain_score(item: rules.MicroSkillFact) -> float:
    return rules.microskill_score(item)


# --- the document --------------------------------------------------------------------------


def portfolio_document(ctx: Context, since: date | None = None) -> PortfolioDocument:
    """What the exported portfolio shows: map, growth, achievements, mastery, good feedback."""
    if since is not None and since > ctx.today:
        raise InvalidInput(
            f"--since {since.isoformat()} is in the future: pick a day up to today.", field="since"
        )
    with ctx.db.transaction() as session:
        person = queries.get_person(session=session, person_id=ctx.person_id)
        objectives = queries.list_objectives(session=session, person_id=ctx.person_id)
        objective = objectives[0] if objectives else None
        first = since or _growth_start(session, ctx)
        achievements = store.list_achievements(
            session=session, person_id=ctx.person_id, since=since
        )
        return PortfolioDocument(
            name=person.name if person else "",
            objective=objective.title if objective else None,
            horizon=objective.horizon if objective else None,
            generated_on=ctx.today,
            since=first,
            skills=_skill_rows(session, ctx),
            growth=_growth(session, ctx, first),
            achievements=[achievement_public(row) for row in achievements],
            mastered=_mastered(session, ctx, since, shown=achievements),
            feedback=_feedback(session, ctx, since, shown=achievements),
        )


def _growth_start(session: Session, ctx: Context) -> date:
    default = week_start(ctx.today) - timedelta(weeks=GROWTH_WEEKS - 1)
    first = store.first_activity(session=session, person_id=ctx.person_id)
    return max(default, week_start(first)) if first else default


def _skill_rows(session: Session, ctx: Context) -> list[SkillRow]:
    rows = queries.list_skills(session=session, person_id=ctx.person_id)
    ordered = sorted(rows, key=lambda r: (-(r.target_level - r.current_level), r.name_key))
    return [
        SkillRow(name=r.name, current_level=r.current_level, target_level=r.target_level)
        for r in ordered
    ]


def _growth(session: Session, ctx: Context, start: date) -> list[GrowthWeek]:
    weeks = rules.weeks_between(start, ctx.today)
    since = datetime.combine(start - timedelta(days=1), time(0), tzinfo=UTC)
    goals = store.goals_finished(
        session=session, person_id=ctx.person_id, status="done", since=since
    )
    done = [(local_day(g.finished_at), 1.0) for g, _n in goals if g.finished_at]
    practice = store.practice_between(
        session=session, person_id=ctx.person_id, start=start, end=ctx.today
    )
    changes = store.level_changes(session=session, person_id=ctx.person_id, since=since)
    gains = [(local_day(c.changed_at), float(c.to_level - (c.from_level or 0))) for c in changes]
    series = [
        rules.weekly_sums(values, first_week=start, weeks=weeks)
        for values in (done, [(d, float(m)) for d, m in practice], gains)
    ]
    first = week_start(start)
    return [
        GrowthWeek(
            week=first + timedelta(weeks=index),
            goals_done=int(series[0][index]),
            practice_minutes=int(series[1][index]),
            levels_gained=int(series[2][index]),
        )
        for index in range(weeks)
    ]


def _mastered(
    session: Session, ctx: Context, since: date | None, *, shown: Sequence[Achievement]
) -> list[MasteredItem]:
    """Mastered micro-skills not already told as an achievement (each item appears once)."""
    told = {row.micro_skill_id for row in shown}
    told_titles = {rules.title_key(row.title) for row in shown}
    return [
        MasteredItem(
            definition=item.definition,
            skill_name=item.skill_name,
            metric=rules.microskill_metric(item),
            mastered_on=item.mastered_on,
        )
        for item in _microskill_facts(session, ctx)
        if (since is None or item.mastered_on >= since)
        and item.id not in told
        and rules.title_key(f"Mastered: {item.definition}") not in told_titles
    ]


def _feedback(
    session: Session, ctx: Context, since: date | None, *, shown: Sequence[Achievement]
) -> list[FeedbackItem]:
    """Positive signals, newest first, not already told as an achievement, each said once."""
    told = {row.signal_id for row in shown}
    told_notes = {rules.title_key(row.narrative) for row in shown if row.narrative}
    rows = store.signals_of(session=session, person_id=ctx.person_id, since=since)
    items: list[FeedbackItem] = []
    said: set[tuple[str, str]] = set()
    for row in rows:
        note = rules.title_key(row.note or "")
        if (
            not rules.is_positive(_signal_fact(row))
            or row.id in told
            or (note and note in told_notes)
            or (row.kind, note or str(row.id)) in said
        ):
            continue
        said.add((row.kind, note or str(row.id)))
        items.append(
            FeedbackItem(
                kind=row.kind,
                occurred_on=row.occurred_on,
                source=row.source,
                note=row.note,
                rating=row.rating,
            )
        )
    return items[:FEEDBACK_SHOWN]


def export_portfolio(ctx: Context, fmt: DocumentFormat, since: date | None = None) -> bytes:
    """The portfolio document rendered as Markdown, standalone HTML or PDF."""
    from microstep.documents import render_document

    return render_document(portfolio_document(ctx, since), DocumentFormat(fmt).value)


def write_portfolio(
    ctx: Context, fmt: DocumentFormat, out: Path, since: date | None = None
) -> Path:
    """Render the portfolio and write it to `out` whole or not at all."""
    from microstep.documents.files import check_target, write_atomically

    check_target(out)
    return write_atomically(out, export_portfolio(ctx, fmt, since))
