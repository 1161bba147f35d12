"""Use cases of pilot cohorts: create (HR), list, show with the matched comparison, delete (HR).

Who sees what: HR admins create and delete cohorts and see every cohort, compared over the
whole organization. A manager sees only the cohorts with at least MIN_GROUP members in their
teams — the others do not exist for them (not found, like an unknown number: not even a name)
— with the member count of their slice, compared over their slice only: the members in their
teams, matched with colleagues from their teams. Anyone else is refused
(services/analytics.scope).

Skill growth counts only people whose skill maps the viewer may see (store/visibility), so a
cohort whose people keep their skills private shows that outcome as too few, never as zero.
The maths is core/cohorts.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from microstep.core import cohorts as core
from microstep.core.history import History
from microstep.core.text import is_digits
from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services import analytics
from microstep.services.context import Context
from microstep.services.mobility import rounded
from microstep.services.mobility_schemas import (
    CohortCreate,
    CohortPublic,
    ComparisonPublic,
    MemberPublic,
    OutcomePublic,
)
from microstep.store import cohorts as store
from microstep.store.models import Cohort, Person

METHOD = (
    "Each member was matched with up to {k} colleagues who held the same role on the start date "
    "and had a tenure within {caliper:g} year of theirs, drawn without replacement from people "
    "with the organization that day who are not members. Differences are members minus "
    "matches with 95% intervals: Welch's t for means, Newcombe's score interval for shares."
)


def create(ctx: Context, body: CohortCreate) -> CohortPublic:
    """A new cohort (HR only) from people's ids, emails or external ids, or an opportunity's
    approved participants; refuses unknown people, a taken name, a future start, no members."""
    with ctx.db.transaction() as session:
        _hr_only(session, ctx, "create")
        if body.start_date > ctx.today:
            raise InvalidInput(
                "The start date is in the future: a cohort is compared from a day that has come.",
                field="start_date",
            )
        if store.cohort_named(session=session, name=body.name) is not None:
            raise Conflict(f"A cohort called '{body.name}' exists already.", field="name")
        members = _members(session, body)
        cohort = store.add_cohort(
            session=session,
            name=body.name,
            description=(body.description or "").strip() or None,
            start_date=body.start_date,
            created_by_id=None if ctx.person_id == analytics.OPERATOR else ctx.person_id,
            now=datetime.now(UTC),
            member_ids=members,
        )
        return _public(session, ctx, cohort, len(set(members)), is_hr=True)


def _members(session: Session, body: CohortCreate) -> list[int]:
    found: list[int] = []
    if body.opportunity_id is not None:
        if not store.opportunity_exists(session=session, opportunity_id=body.opportunity_id):
            raise NotFound(f"There is no opportunity number {body.opportunity_id}.")
        found += store.participants(session=session, opportunity_id=body.opportunity_id)
    if body.members:
        ids = store.people_by_keys(session=session, keys=body.members)
        unknown = [k for k in body.members if k not in ids]
        if unknown:
            shown = ", ".join(unknown[:3]) + (
                f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
            )
            raise InvalidInput(
                f"No one in the organization has the id, email or external id {shown}.",
                field="members",
            )
        found += ids.values()
    if not found:
        raise InvalidInput(
            "A cohort needs at least one member: list people, or an opportunity with approved "
            "participants.",
            field="members",
        )
    return sorted(set(found))


def list_cohorts(ctx: Context) -> list[CohortPublic]:
    """The cohorts the viewer may see: every one for HR; for a manager those with at least
    MIN_GROUP members in their teams, each with the members in their teams."""
    with ctx.db.transaction() as session:
        slice_ = analytics.scope(session, ctx)
        return [
            _public(session, ctx, cohort, n, is_hr=slice_.is_hr)
            for cohort, n in store.list_cohorts(session=session, people=slice_.people)
            if slice_.is_hr or n >= analytics.MIN_GROUP
        ]


def can_manage(ctx: Context) -> bool:
    """True for HR admins: they create and delete cohorts."""
    with ctx.db.transaction() as session:
        return analytics.scope(session, ctx).is_hr


def cohort_id_named(ctx: Context, name: str) -> int:
    """A cohort's id by its name, or by its number (the # of `org cohort list`), among the
    cohorts the viewer may see (for `org cohort show` and `delete`)."""
    with ctx.db.transaction() as session:
        slice_ = analytics.scope(session, ctx)
        cohort = store.cohort_named(session=session, name=name)
        wanted = name.strip()
        if cohort is None and is_digits(wanted) and len(wanted) < 10:
            cohort = store.get_cohort(session=session, cohort_id=int(wanted))
        if cohort is None or not _visible(session, slice_, cohort):
            raise NotFound(f"There is no cohort called '{wanted[:80]}'.")
        return cohort.id


def show(ctx: Context, cohort_id: int, *, k: int = core.DEFAULT_K) -> ComparisonPublic:
    """A cohort against colleagues matched on role and tenure, over the viewer's slice."""
    with ctx.db.transaction() as session:
        slice_ = analytics.scope(session, ctx)
        cohort = _cohort(session, cohort_id)
        if not _visible(session, slice_, cohort):
            raise NotFound("There is no such cohort.")
        members = store.member_ids(session=session, cohort_id=cohort.id)
        history = analytics.history(session, ctx, slice_)
        in_scope = [m for m in members if m in history.people]
        since = datetime.combine(cohort.start_date, datetime.min.time(), tzinfo=UTC)
        skills = store.skill_gains(
            session=session, viewer_id=ctx.person_id, person_ids=list(history.people), since=since
        )
        shown = len(members) if slice_.is_hr else len(in_scope)
        public = _public(session, ctx, cohort, shown, is_hr=slice_.is_hr)
    if not in_scope:
        comparison = None
    else:
        try:
            comparison = core.compare(
                history,
                in_scope,
                cohort.start_date,
                skills=skills,
                k=k,
                min_group=analytics.MIN_GROUP,
            )
        except core.CohortError as exc:
            raise InvalidInput(str(exc)) from None
    return _comparison(public, slice_.label, history, in_scope, comparison, k)


def delete(ctx: Context, cohort_id: int) -> str:
    """Remove a cohort (HR only); says what went."""
    with ctx.db.transaction() as session:
        _hr_only(session, ctx, "delete")
        cohort = _cohort(session, cohort_id)
        name = cohort.name
        store.delete_cohort(session=session, cohort=cohort)
    return f"Deleted the cohort {name}."


def _hr_only(session: Session, ctx: Context, verb: str) -> None:
    slice_ = analytics.scope(session, ctx)
    if not slice_.is_hr:
        raise Forbidden(f"Only HR admins {verb} pilot cohorts.")


def _visible(session: Session, slice_: analytics.Scope, cohort: Cohort) -> bool:
    """HR sees every cohort; a manager one with at least MIN_GROUP members in their teams."""
    if slice_.is_hr or slice_.people is None:
        return True
    members = store.member_ids(session=session, cohort_id=cohort.id)
    return sum(1 for m in members if m in slice_.people) >= analytics.MIN_GROUP


def _cohort(session: Session, cohort_id: int) -> Cohort:
    cohort = store.get_cohort(session=session, cohort_id=cohort_id)
    if cohort is None:
        raise NotFound("There is no such cohort.")
    return cohort


def _public(
    session: Session, ctx: Context, cohort: Cohort, members: int, *, is_hr: bool
) -> CohortPublic:
    creator = session.get(Person, cohort.created_by_id) if cohort.created_by_id else None
    return CohortPublic(
        id=cohort.id,
        name=cohort.name,
        description=cohort.description,
        start_date=cohort.start_date,
        members=members,
        created_at=cohort.created_at,
        created_by=creator.name if creator else None,
        can_delete=is_hr,
    )


@dataclass(frozen=True)
class _Empty:
    """Stands in for a comparison when no member is in the viewer's slice."""

    readout: tuple[str, ...] = ("None of this cohort's members are in the teams you can see.",)


def _comparison(
    cohort: CohortPublic,
    scope: str,
    history: History,
    in_scope: list[int],
    found: core.Comparison | None,
    k: int,
) -> ComparisonPublic:
    pairs = found.matching.pairs if found else {}
    reasons = {u.person: u.reason for u in found.matching.unmatched} if found else {}
    members = [
        MemberPublic(
            person_id=p,
            name=_name(history, p),
            team=history.teams.get(history.people[p].team or -1),
            matches=[_name(history, c) for c in pairs.get(p, ())],
            unmatched_reason=reasons.get(p),
        )
        for p in sorted(in_scope, key=lambda p: _name(history, p).lower())
    ]
    outcomes = [
        OutcomePublic(
            key=o.key,
            label=o.label,
            kind=o.kind,
            cohort_n=o.cohort_n,
            comparison_n=o.comparison_n,
            cohort=rounded(o.cohort),
            comparison=rounded(o.comparison),
            difference=rounded(o.difference),
            low=rounded(o.low),
            high=rounded(o.high),
            too_few=o.too_few,
            clear=o.clear,
            sentence=core.sentence(o),
        )
        for o in (found.outcomes if found else ())
    ]
    return ComparisonPublic(
        cohort=cohort,
        scope=scope,
        today=history.today,
        members_in_scope=len(in_scope),
        matched=len(pairs),
        controls=sum(len(c) for c in pairs.values()),
        k=k,
        caliper_years=core.CALIPER_YEARS,
        method=METHOD.format(k=k, caliper=core.CALIPER_YEARS),
        members=members,
        outcomes=outcomes,
        readout=list(found.readout if found else _Empty().readout),
    )


def _name(history: History, person: int) -> str:
    info = history.people.get(person)
    return info.name if info and info.name else f"Person {person}"


# ----------------------------------------------------------------------------- forest plot


@dataclass(frozen=True)
class ForestRow:
    """One outcome's difference and interval on its own scale centred on 0 (x in percent)."""

    label: str
    y: float
    point: float | None
    low: float | None
    high: float | None
    text: str
    title: str
    clear: bool
    too_few: bool


@dataclass(frozen=True)
class Forest:
    """The forest plot's geometry: one row per outcome, the zero line in the middle."""

    height: int
    row: int
    zero: float
    rows: tuple[ForestRow, ...]
    band_top: int = 22  # the plot band of a row, below its label line (px from the row's top)
    band_bottom: int = 42


def forest(comparison: ComparisonPublic) -> Forest:
    """Each outcome's difference with its 95% interval, each row scaled to its own interval."""
    row = 56
    rows = []
    for i, o in enumerate(comparison.outcomes):
        if o.too_few or o.difference is None or o.low is None or o.high is None:
            rows.append(
                ForestRow(
                    o.label, i * row, None, None, None, "too few to show", o.sentence, False, True
                )
            )
            continue
        reach = max(abs(o.low), abs(o.high), 1e-9) * 1.15
        scale = 100 if o.kind == "share" else 1
        unit = " pts" if o.kind == "share" else ""
        digits = 0 if o.kind == "share" else 2
        text = (
            f"{o.difference * scale:+.{digits}f}{unit} "
            f"({o.low * scale:+.{digits}f} to {o.high * scale:+.{digits}f})"
        )
        rows.append(
            ForestRow(
                o.label,
                i * row,
                _x(o.difference, reach),
                _x(o.low, reach),
                _x(o.high, reach),
                text,
                o.sentence,
                o.clear,
                False,
            )
        )
    return Forest(max(1, len(rows)) * row + 24, row, 50.0, tuple(rows))


def _x(value: float, reach: float) -> float:
    """Percent of the width on a row's own scale: 0 in the middle, the interval inside 5-95."""
    return round(50 + 45 * value / reach, 2)
