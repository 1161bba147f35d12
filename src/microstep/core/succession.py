"""Succession (seed 004: coordinate succession): who could step into each critical role, how
soon, and how deep each role's bench is.

A candidate is an active person of the slice who does not hold the role today. Their readiness
for a role is a score in [0, 1] from three kinds of evidence:

- skills (weight W_SKILL = 0.6): the share of the skills the role needs that they hold
  (core.coverage: whole at the level needed, half below it), read from their skill map as the
  viewer may see it. A person with no skill map visible to the viewer is not judged at all
  ("not enough shared to judge"), rather than counted as unready;
- moves (W_MOVE = 0.3): their best completed short move (stretch, rotation, temporary lead,
  shadowing, gig) into the role or into another role of the same ESCO occupation: an outcome
  met counts 1, partly met 0.5, not met 0, times a recency factor that halves every
  HALF_LIFE_YEARS years since the move ended;
- history (W_PATH = 0.1): how many other people have moved from the candidate's current role
  to this one for good (a lateral move or promotion, not a trial; n people give
  n / (n + PATH_HALF), so two give half).

Skills alone reach at most 0.7, so "ready now" (READY_NOW = 0.75) takes a proven trial on top
of the skills; "within a year" (>= WITHIN_YEAR = 0.5) is most of the skills without one;
"within two years" (>= WITHIN_TWO = 0.3) is about half; below that "not yet", not listed.

What a role needs (`role_needs`) is the organization's own word first:

1. the skills the marketplace's opportunities for the role require, at the highest level any
   of them asks, and
2. the skills at least half of its incumbents hold (of those whose skill map the viewer may
   see), at their median level; where the two overlap the higher level wins.

Only when the organization says nothing about the role (neither gives a skill) do ESCO's
essential skills of its occupation stand in, and then only those on at least one skill map the
viewer may see in the slice (the organization's vocabulary), at level 3 (ESSENTIAL_LEVEL: ESCO
gives no levels; 3 is working independently). ESCO lists 10-30 essentials per occupation, many
nobody here records ("comply with food safety and hygiene" for a customer experience manager);
required all at once they would leave every role without a successor, and a skill nobody here
records cannot tell two candidates apart. A role with none of these has no known needs and is
judged on moves alone; `Needs.basis` says in words where a role's needs came from (or why there
are none).

Bench strength of a role: (ready now + 0.5 x within a year) / incumbents (at least one seat):
1.0 means one ready successor per person in the role. A critical role with no candidate ready
now or within a year has no successor.

Scores are computed for every candidate and role at once with numpy (people x skills arrays);
reasons are plain words built only for the candidates shown (`explain`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from microstep.core.coverage import PARTIAL, coverage
from microstep.core.history import History, Step, held_role, role_sequence, years
from microstep.core.moves import KIND_LABELS

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
Bools = npt.NDArray[np.bool_]

W_SKILL, W_MOVE, W_PATH = 0.6, 0.3, 0.1
READY_NOW, WITHIN_YEAR, WITHIN_TWO = 0.75, 0.5, 0.3
HALF_LIFE_YEARS = 3.0  # a trial's weight halves every this many years since it ended
PATH_HALF = 2.0  # this many people moving the same way is half the history evidence
WITHIN_YEAR_WEIGHT = 0.5  # a within-a-year candidate's share of a seat in bench strength
OUTCOME_VALUE: Mapping[str, float] = {"met": 1.0, "partly": 0.5, "not_met": 0.0}
OUTCOME_WORDS: Mapping[str, str] = {"met": "met", "partly": "partly met", "not_met": "not met"}


class Bucket(StrEnum):
    """How soon a candidate could step in."""

    READY_NOW = "ready_now"
    WITHIN_YEAR = "within_year"
    WITHIN_TWO = "within_two_years"
    NOT_YET = "not_yet"
    UNJUDGED = "unjudged"  # not enough shared to judge
    INCUMBENT = "incumbent"  # holds the role: not a candidate


BUCKET_LABELS: Mapping[Bucket, str] = {
    Bucket.READY_NOW: "Ready now",
    Bucket.WITHIN_YEAR: "Within a year",
    Bucket.WITHIN_TWO: "Within two years",
    Bucket.NOT_YET: "Not yet",
    Bucket.UNJUDGED: "Not enough shared to judge",
    Bucket.INCUMBENT: "Holds the role",
}
CODES: tuple[Bucket, ...] = tuple(Bucket)  # bucket code (int8 in arrays) -> bucket
LISTED: tuple[Bucket, ...] = (Bucket.READY_NOW, Bucket.WITHIN_YEAR, Bucket.WITHIN_TWO)


def bucket_of(score: float) -> Bucket:
    """The bucket of a judged candidate's score."""
    if score >= READY_NOW:
        return Bucket.READY_NOW
    if score >= WITHIN_YEAR:
        return Bucket.WITHIN_YEAR
    if score >= WITHIN_TWO:
        return Bucket.WITHIN_TWO
    return Bucket.NOT_YET


@dataclass(frozen=True)
class Trial:
    """A person's best completed short move toward a role: the evidence it gives, in [0, 1]."""

    value: float
    step: Step


@dataclass(frozen=True)
class Readiness:
    """Every candidate's readiness for every critical role of a slice.

    Rows are `people` (active people of the slice, by id), columns `roles` (critical role ids,
    in the order given)."""

    history: History
    roles: tuple[int, ...]
    needs: tuple[Mapping[str, int], ...]  # per role: skill key -> level needed
    people: I64  # (n,) person ids
    current: tuple[int | None, ...]  # per person: the role held today
    score: F32  # (n, R)
    bucket: I8  # (n, R) index into CODES
    skills: Mapping[int, Mapping[str, int]]  # person -> visible skill levels
    trials: Mapping[tuple[int, int], Trial]  # (person row, role column) -> best trial
    paths: Mapping[tuple[int, int], int]  # (from role, to role) -> people who moved so
    own: frozenset[tuple[int, int, int]]  # (person, from, to) each person's own moves
    min_group: int = 3
    row: Mapping[int, int] = field(default_factory=dict)  # person id -> row

    def incumbents(self, column: int) -> list[int]:
        """The people holding the role today, by id."""
        return [
            int(self.people[i])
            for i in np.flatnonzero(self.bucket[:, column] == _code(Bucket.INCUMBENT))
        ]

    def in_bucket(self, column: int, bucket: Bucket) -> list[int]:
        """Rows of the candidates in a bucket for a role, best score first."""
        rows = np.flatnonzero(self.bucket[:, column] == _code(bucket))
        order = np.lexsort((self.people[rows], -self.score[rows, column]))
        return [int(r) for r in rows[order]]

    def counts(self, column: int) -> dict[Bucket, int]:
        """How many people in each bucket for a role."""
        found = np.bincount(self.bucket[:, column].astype(np.int64), minlength=len(CODES))
        return {b: int(found[i]) for i, b in enumerate(CODES)}


def _code(bucket: Bucket) -> int:
    return CODES.index(bucket)


def readiness(
    history: History,
    roles: Sequence[int],
    needs: Mapping[int, Mapping[str, int]],
    skills: Mapping[int, Mapping[str, int]],
    *,
    people: Collection[int] | None = None,
    min_group: int = 3,
) -> Readiness:
    """Score every candidate for every critical role.

    `needs`: role id -> skill key -> level needed; `skills`: person id -> skill key -> level,
    only what the viewer may see (a person absent from it is not judged); `people`: the
    candidates considered (default: every active person of the history)."""
    careers = history.careers()
    wanted = set(people) if people is not None else None
    ids = sorted(
        p for p, info in history.people.items() if info.active and (wanted is None or p in wanted)
    )
    row = {p: i for i, p in enumerate(ids)}
    today = history.today
    current = tuple(held_role(careers.get(p, []), today) for p in ids)
    role_needs = tuple(dict(needs.get(r, {})) for r in roles)
    paths, own = _paths(careers, set(roles))
    trials = _trials(history, careers, row, roles)
    score = (
        W_SKILL * _skill_share(ids, role_needs, skills)
        + W_MOVE * _trial_matrix(trials, len(ids), len(roles))
        + W_PATH * _path_matrix(ids, current, roles, paths, own)
    ).astype(np.float32)
    bucket = _buckets(score, ids, current, roles, skills)
    return Readiness(
        history=history,
        roles=tuple(roles),
        needs=role_needs,
        people=np.asarray(ids, dtype=np.int64),
        current=current,
        score=score,
        bucket=bucket,
        skills=skills,
        trials=trials,
        paths=paths,
        own=own,
        min_group=min_group,
        row=row,
    )


def _skill_share(
    ids: Sequence[int],
    role_needs: Sequence[Mapping[str, int]],
    skills: Mapping[int, Mapping[str, int]],
) -> F32:
    """(n, R) the coverage share of each role's needs (0 for a role that needs nothing known)."""
    keys = sorted({k for n in role_needs for k in n})
    col = {k: j for j, k in enumerate(keys)}
    held = np.zeros((len(ids), len(keys)), dtype=np.uint8)
    for i, person in enumerate(ids):
        for key, level in skills.get(person, {}).items():
            j = col.get(key)
            if j is not None and level > 0:
                held[i, j] = level
    share = np.zeros((len(ids), len(role_needs)), dtype=np.float32)
    for r, need in enumerate(role_needs):
        if not need:
            continue
        cols = np.asarray([col[k] for k in need], dtype=np.int64)
        levels = np.asarray([need[k] for k in need], dtype=np.uint8)
        part = held[:, cols]
        have = (part >= levels).sum(axis=1)
        partial = (part > 0).sum(axis=1) - have
        share[:, r] = (have + PARTIAL * partial) / len(need)
    return share


def recency(end: date, today: date) -> float:
    """How much a trial that ended on `end` still says: halves every HALF_LIFE_YEARS."""
    return float(0.5 ** (years(end, today) / HALF_LIFE_YEARS))


def _trials(
    history: History,
    careers: Mapping[int, Sequence[Step]],
    row: Mapping[int, int],
    roles: Sequence[int],
) -> dict[tuple[int, int], Trial]:
    """(row, column) -> the best completed short move into the role or its occupation."""
    columns: dict[int, list[int]] = {}
    by_occupation: dict[str, list[int]] = {}
    for c, critical in enumerate(roles):
        info = history.roles.get(critical)
        if info is not None and info.occupation_uri:
            by_occupation.setdefault(info.occupation_uri, []).append(c)
    for other in history.roles.values():
        found = set(by_occupation.get(other.occupation_uri or "", []))
        found |= {c for c, r in enumerate(roles) if r == other.id}
        if found:
            columns[other.id] = sorted(found)
    for c, r in enumerate(roles):
        columns.setdefault(r, [c])
    today = history.today
    best: dict[tuple[int, int], Trial] = {}
    for person, i in row.items():
        for step in careers.get(person, ()):
            if not step.short or step.outcome is None or step.role not in columns:
                continue
            end = step.end or step.start
            if end > today:
                continue
            value = OUTCOME_VALUE.get(step.outcome, 0.0) * recency(end, today)
            for c in columns[step.role]:
                held = best.get((i, c))
                if held is None or value > held.value:
                    best[(i, c)] = Trial(value, step)
    return best


def _trial_matrix(trials: Mapping[tuple[int, int], Trial], n: int, r: int) -> F32:
    out = np.zeros((n, r), dtype=np.float32)
    for (i, c), trial in trials.items():
        out[i, c] = trial.value
    return out


def _paths(
    careers: Mapping[int, Sequence[Step]], targets: Collection[int]
) -> tuple[dict[tuple[int, int], int], frozenset[tuple[int, int, int]]]:
    """(from, to) -> how many people changed role so (lasting moves: trials are the moves'
    evidence), for moves into the critical roles; and each
    person's own such moves (so a candidate's own move is not counted as others')."""
    counts: Counter[tuple[int, int]] = Counter()
    own: set[tuple[int, int, int]] = set()
    for person, career in careers.items():
        held = role_sequence([s for s in career if not s.short])
        pairs = {p for p in itertools.pairwise(held) if p[1] in targets}
        counts.update(pairs)
        own.update((person, a, b) for a, b in pairs)
    return dict(counts), frozenset(own)


def others_moved(
    paths: Mapping[tuple[int, int], int],
    own: Collection[tuple[int, int, int]],
    person: int,
    src: int | None,
    role: int,
) -> int:
    """How many people other than `person` moved from `src` to `role`."""
    if src is None or src == role:
        return 0
    n = paths.get((src, role), 0)
    return n - 1 if (person, src, role) in own else n


def _path_matrix(
    ids: Sequence[int],
    current: Sequence[int | None],
    roles: Sequence[int],
    paths: Mapping[tuple[int, int], int],
    own: Collection[tuple[int, int, int]],
) -> F32:
    """(n, R) the history evidence: n others moved from the current role gives n / (n + 2)."""
    column = {role: c for c, role in enumerate(roles)}
    sources = sorted({a for a, b in paths if b in column})
    src_index = {a: s for s, a in enumerate(sources)}
    table = np.zeros((len(sources) + 1, len(roles)), dtype=np.float32)  # last row: none
    for (a, b), n in paths.items():
        if b in column and a != b:
            table[src_index[a], column[b]] = n
    cur = np.asarray(
        [src_index.get(r, len(sources)) if r is not None else len(sources) for r in current],
        dtype=np.int64,
    )
    moved = table[cur]
    row = {p: i for i, p in enumerate(ids)}
    for person, a, b in own:  # a candidate's own move is not others' evidence
        i = row.get(person)
        if i is not None and a != b and current[i] == a and b in column:
            moved[i, column[b]] -= 1
    return (moved / (moved + PATH_HALF)).astype(np.float32)


def _buckets(
    score: F32,
    ids: Sequence[int],
    current: Sequence[int | None],
    roles: Sequence[int],
    skills: Mapping[int, Mapping[str, int]],
) -> I8:
    codes = np.full(score.shape, _code(Bucket.NOT_YET), dtype=np.int8)
    codes[score >= WITHIN_TWO] = _code(Bucket.WITHIN_TWO)
    codes[score >= WITHIN_YEAR] = _code(Bucket.WITHIN_YEAR)
    codes[score >= READY_NOW] = _code(Bucket.READY_NOW)
    judged = np.asarray([bool(skills.get(p)) for p in ids], dtype=np.bool_)
    codes[~judged, :] = _code(Bucket.UNJUDGED)
    held = np.asarray([-1 if r is None else r for r in current], dtype=np.int64)
    for c, role in enumerate(roles):
        codes[held == role, c] = _code(Bucket.INCUMBENT)
    return codes


ESSENTIAL_LEVEL = 3
INCUMBENT_SHARE = 0.5  # a skill on at least this share of the incumbents' maps is needed
ESCO_NOUN = "essential skills of its ESCO occupation recorded here"  # when ESCO stands in
ORG_WORDS: Mapping[str, str] = {  # the organization's own word on a role, in words
    "opportunities": "the skills its opportunities require",
    "incumbents": "what at least half of the people holding it share",
}


@dataclass
class Needs:
    """What one role needs: skill key -> level, the words to show and where each need came from.

    `essential`: how many essential skills ESCO lists for the role's occupation (0 when it is
    not linked or the taxonomy is not loaded); `linked`: whether it is linked to one;
    `fallback`: the needs are ESCO's (the organization said nothing)."""

    levels: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)
    linked: bool = False
    essential: int = 0
    fallback: bool = False

    def add(self, key: str, name: str, level: int, source: str) -> None:
        """Ask for a skill at a level (the highest level asked wins)."""
        self.levels[key] = max(self.levels.get(key, 0), level)
        self.names.setdefault(key, name)
        if source not in self.sources.setdefault(key, []):
            self.sources[key].append(source)

    @property
    def basis(self) -> str:
        """Where the needs came from, or why there are none, in words."""
        if self.levels and not self.fallback:
            found = {source for sources in self.sources.values() for source in sources}
            words = [ORG_WORDS[source] for source in ORG_WORDS if source in found]
            return "From " + " and ".join(words) + "."
        if self.levels:
            return (
                f"The organization names no skill for this role, so these are the "
                f"{len(self.levels)} of the {self.essential} essential skills of its ESCO "
                "occupation that people here record on their skill maps."
            )
        return no_needs(self.linked, self.essential)


def no_needs(linked: bool, essential: int) -> str:
    """Why a role has no known needs, and what would give it some."""
    post = "post an opportunity for it that lists the skills it requires"
    if not linked:
        return f"No skills are known for this role yet: link it to an ESCO occupation or {post}."
    if not essential:
        return (
            "No skills are known for this role yet: the public taxonomy, which lists its ESCO "
            f"occupation's skills, is not loaded (microstep taxonomy load); or {post}."
        )
    return (
        f"No skills are known for this role yet: none of the {essential} essential skills of "
        f"its ESCO occupation is on a skill map shared with you; {post}."
    )


def role_needs(
    essential: Sequence[tuple[str, str]],
    required: Sequence[tuple[str, str, int]],
    incumbent_maps: Sequence[Mapping[str, int]],
    names: Mapping[str, str],
    *,
    vocabulary: Collection[str] = frozenset(),
    linked: bool = False,
) -> Needs:
    """A role's needs from its opportunities' required skills (key, name, level) and its
    incumbents' visible maps (key -> level); only when those give nothing, from ESCO's
    essential skills of its occupation (key, name) that are in `vocabulary` (the keys on the
    skill maps the viewer may see)."""
    needs = Needs(linked=linked, essential=len({key for key, _ in essential}))
    for key, name, level in required:
        needs.add(key, name, level, "opportunities")
    held: dict[str, list[int]] = {}
    for person_map in incumbent_maps:
        for key, level in person_map.items():
            if level > 0:
                held.setdefault(key, []).append(level)
    for key, found in sorted(held.items()):
        if len(found) >= INCUMBENT_SHARE * len(incumbent_maps):
            median = sorted(found)[(len(found) - 1) // 2]
            needs.add(key, names.get(key, key), median, "incumbents")
    if not needs.levels:
        for key, name in essential:
            if key in vocabulary:
                needs.add(key, name, ESSENTIAL_LEVEL, "esco")
        needs.fallback = bool(needs.levels)
    return needs


def incumbents_of(history: History, roles: Collection[int]) -> dict[int, list[int]]:
    """role -> the active people who hold it today, by id."""
    out: dict[int, list[int]] = {r: [] for r in roles}
    for person, career in history.careers().items():
        info = history.people.get(person)
        role = held_role(career, history.today)
        if info is not None and info.active and role in out:
            out[role].append(person)
    return out


# --- reasons and bench strength ---------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One candidate for one role, with the reasons in plain words."""

    person: int
    role: int
    bucket: Bucket
    score: float
    have: int
    partial: int
    needed: int
    reasons: tuple[str, ...]


def explain(
    ready: Readiness,
    row: int,
    column: int,
    names: Mapping[str, str] | None = None,
    needs: Needs | None = None,
) -> Candidate:
    """A candidate's readiness for a role with its reasons (`names`: skill key -> words;
    `needs`: the role's `Needs`, to say where they came from or why there are none)."""
    person, role = int(ready.people[row]), ready.roles[column]
    history = ready.history
    need = ready.needs[column]
    held = ready.skills.get(person, {})
    cover = coverage(held, need)
    reasons: list[str] = []
    if not held:
        reasons.append("not enough shared to judge: no skill map shared with you")
    elif not need:
        why = no_needs(needs.linked, needs.essential) if needs is not None else no_needs(False, 0)
        reasons.append(why[0].lower() + why[1:].rstrip("."))
    else:
        noun = ESCO_NOUN if needs is not None and needs.fallback else "skills the role needs"
        reasons.append(
            _skill_reason(cover.have, cover.partial, cover.needed, cover.missing, names or {}, noun)
        )
    trial = ready.trials.get((row, column))
    if trial is not None:
        reasons.append(_trial_reason(trial, history))
    src = ready.current[row]
    moved = others_moved(ready.paths, ready.own, person, src, role)
    if moved:
        reasons.append(
            _path_reason(moved, history.title(src), history.title(role), ready.min_group)
        )
    bucket = CODES[int(ready.bucket[row, column])]
    return Candidate(
        person=person,
        role=role,
        bucket=bucket,
        score=round(float(ready.score[row, column]), 3),
        have=len(cover.have),
        partial=len(cover.partial),
        needed=cover.needed,
        reasons=tuple(reasons),
    )


def _skill_reason(
    have: Sequence[str],
    partial: Sequence[str],
    needed: int,
    missing: Sequence[str],
    names: Mapping[str, str],
    noun: str,
) -> str:
    text = f"holds {len(have)} of {needed} {noun}"
    if partial:
        text += f", {len(partial)} more below the level needed"
    if missing and len(missing) <= 3:
        text += "; missing " + ", ".join(names.get(k, k) for k in missing)
    return text


def _trial_reason(trial: Trial, history: History) -> str:
    step = trial.step
    weeks = max(1, round(step.days(history.today) / 7))
    span = f"{round(weeks / 4.345)}-month" if weeks >= 8 else f"{weeks}-week"
    label = KIND_LABELS.get(step.kind or "", "move").lower()
    outcome = OUTCOME_WORDS.get(step.outcome or "", step.outcome or "")
    return f"a {span} {label} as {history.title(step.role)}: {outcome}"


def _path_reason(moved: int, src: str, role: str, min_group: int) -> str:
    if moved < min_group:
        return f"a few people have moved from {src} to {role} (too few to show a number)"
    return f"{moved} people moved from {src} to {role}"


@dataclass(frozen=True)
class Bench:
    """A critical role's bench: candidates per bucket and its strength."""

    role: int
    incumbents: int
    counts: Mapping[Bucket, int]
    strength: float

    @property
    def no_successor(self) -> bool:
        """Nobody ready now or within a year."""
        return self.counts[Bucket.READY_NOW] + self.counts[Bucket.WITHIN_YEAR] == 0


def bench(ready: Readiness, column: int) -> Bench:
    """A role's bench strength: (ready now + 0.5 x within a year) per incumbent (at least 1)."""
    counts = ready.counts(column)
    incumbents = counts[Bucket.INCUMBENT]
    seats = counts[Bucket.READY_NOW] + WITHIN_YEAR_WEIGHT * counts[Bucket.WITHIN_YEAR]
    return Bench(
        role=ready.roles[column],
        incumbents=incumbents,
        counts=counts,
        strength=round(seats / max(1, incumbents), 2),
    )


# --- the bench-strength chart ---------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A part of a bar: one bucket's candidates."""

    bucket: str
    x: float  # percent of the plot's width
    width: float
    count: int


@dataclass(frozen=True)
class Bar:
    """One critical role's bar."""

    label: str
    y: int
    segments: tuple[Segment, ...]
    strength: float
    no_successor: bool
    title: str  # the accessible sentence


@dataclass(frozen=True)
class BenchChart:
    """Stacked horizontal bars: per role, candidates ready now, within a year, within two."""

    bars: tuple[Bar, ...]
    height: int
    row_height: int = 46
    bar_y: int = 20
    bar_height: int = 16


def bench_chart(rows: Sequence[tuple[str, Bench]], *, plot: float = 80.0) -> BenchChart:
    """The chart's geometry: widths as a percent of the plot (`plot` percent of the width, the
    rest for the count label), scaled to the longest bar."""
    longest = max((sum(b.counts[k] for k in LISTED) for _, b in rows), default=0)
    scale = plot / longest if longest else 0.0
    bars = []
    height = BenchChart.row_height
    for index, (label, b) in enumerate(rows):
        x = 0.0
        segments = []
        for key in LISTED:
            count = b.counts[key]
            width = round(count * scale, 2)
            segments.append(Segment(key.value, round(x, 2), width, count))
            x += width
        parts = ", ".join(f"{b.counts[k]} {BUCKET_LABELS[k].lower()}" for k in LISTED)
        title = f"{label}: {parts}; bench strength {b.strength:g}"
        if b.no_successor:
            title += "; no successor"
        bars.append(Bar(label, index * height, tuple(segments), b.strength, b.no_successor, title))
    return BenchChart(bars=tuple(bars), height=max(height, len(bars) * height))
