"""Next-move recommendations: where people go next from where someone is, with the reasons.

A back-off sequence model over role sequences (`core.history.role_sequence`). The most specific
evidence is the order-2 context (the role before, the role now) -> next role; then the order-1
context (the role now) -> next role; then the organization's overall popularity of next roles,
interpolated with the public prior from the role now (`core.prior`: ESCO skill overlap, O*NET
related occupations, job zones). Every weight comes from the history itself:

- order 2 and order 1 are Dirichlet back-offs, (count + alpha * lower) / (n + alpha) for a
  context n people left: the level below weighs alpha / (n + alpha), so a context many people
  left barely consults it and an unseen context is that level entirely. Each order's alpha
  is chosen by leave-one-out likelihood on the history being fitted (`strength`): how well
  everyone else's moves predict each person's. When an order's contexts only repeat the level
  below (a first-order history seen through order-2 contexts) alpha grows and the order
  steps aside; when the role before matters, alpha is small and its counts decide.
- the lowest level is the org's popularity of next roles with the public prior from the role
  now given Witten-Bell's share t / (n + t) of the org's n people-moves into t distinct roles
  (`prior_weight`): all of it for a new organization, a sixth for the demo's, less as the
  history grows, so the prior re-ranks and fills the list beyond the roles people moved to
  rather than displacing them. `bench.predict.inner` checks that share on the training
  period alone (the demo's first three years, cut again a year or eighteen months before
  their end): averaged over the two inner cuts, scaling it by 0, 0.5, 2 or 4 did worse than
  by 1 on Recall@5 and MRR, so `fit`'s `prior_scale` stays 1.

Counts are of people (someone who went A -> B twice counts once), so reasons can say "4 of 6
people in your role moved to Product manager next"; figures about fewer than `min_group`
people are said as "a few people". The role someone holds (`core.history.held_role`: never a
short trial, which is context) is never a candidate, nor is a role known only from someone's
own private moves. Below a role nobody in the org has left, the prior takes UNSEEN_PRIOR of the
lowest level, and the role just left comes last unless people in the data went back to it.

With no history at all (a new organization) the candidates come from the whole public
taxonomy; with a history, from the organization's own roles. An objective boosts the
candidates that lead there (the target itself, paths people took, shared essential skills);
a skill map adds "you have 7 of its 9 essential skills" (`core.coverage`).

Distributions are computed once per context and cached, so recommending for 100,000 people
is a lookup and a merge each.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from microstep.core.coverage import coverage
from microstep.core.history import History, RoleInfo, Step, held_role, role_sequence
from microstep.core.move_import import CONTROL, MAX_PERSON_ID, MAX_ROLE, BadRows, RowProblem
from microstep.core.moves import KIND_LABELS
from microstep.core.prior import EMPTY, TIER_WORDS, Prior, overlap, ranked, similarity
from microstep.errors import InvalidInput

MIN_GROUP = 3  # services pass services.analytics.MIN_GROUP; the same rule
KEEP = 40  # candidates kept per context distribution
ALPHAS = tuple(2.0**i for i in range(-3, 11))  # strengths tried, 1/8 to 1024 pseudo-people
DEFAULT_STRENGTH = 1.0
FLOOR = 1e-6  # the least probability a role takes in the likelihood
OBJECTIVE_WEIGHT = 0.35  # how far an objective moves the score
SKILL_WEIGHT = 0.15  # how far holding a candidate's essential skills moves the score
OBJECTIVE_OVERLAP = 0.3  # sharing this share of the target's essential skills leads there
MAX_REASONS = 3
UNSEEN_PRIOR = 0.9  # the prior's share below a role nobody in the org has moved on from
RETURN_WEIGHT = 0.1  # what is left of a role one just left when nobody in the data went back
SKILL_STRENGTH = 1 / 3  # holding this share of a role's essential skills is a reason
SHARED_STRENGTH = 1 / 5  # sharing this share of its essential skills with one's role grounds it
SCORE_ALL = 300  # an org with at most this many occupations has each scored from every role
WIDER = 3  # candidates looked at per place in the list, to put the grounded ones first
PATH_PEOPLE = 2  # people who went on from a role to the objective before it is "on the way"

Context = tuple[int | None, int]  # (previous role or None, current role)
Dist = list[tuple[int, float]]  # (role, probability), best first


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested next role: its score 0-1, the reasons, the usual kind of move into it."""

    role: int  # a role id of the history; negative ids are taxonomy occupations (new orgs)
    title: str
    code: str | None  # O*NET-SOC code, else ESCO URI, else None
    score: float
    reason: str  # the reasons, joined
    kind: str | None  # the most common kind of move into it from here
    reasons: tuple[str, ...] = ()
    grounded: bool = True  # False: nothing speaks for it but popularity or a faint prior

    @property
    def move(self) -> str:
        """'a rotation into Product manager', or 'Product manager' when the kind is unknown."""
        if self.kind is None:
            return self.title
        label = KIND_LABELS.get(self.kind, self.kind).lower()
        article = "an" if label[:1] in "aeiou" else "a"
        return f"{article} {label} into {self.title}"


@dataclass
class Model:
    """Counts and cached distributions of a fitted history."""

    roles: dict[int, RoleInfo]  # the history's roles, and the taxonomy's with negative ids
    prior: Prior
    order1: dict[int, Counter[int]]  # role -> next role -> people
    order2: dict[Context, Counter[int]]  # (previous, current) -> next role -> people
    leavers1: Counter[int]  # role -> people who moved on from it
    leavers2: Counter[Context]
    popularity: Counter[int]  # role -> people who moved into it
    kinds: dict[tuple[int, int], Counter[str]]  # (from, to) -> kinds of the move into `to`
    kinds_into: dict[int, Counter[str]]
    sequences: list[tuple[int, ...]]
    by_uri: dict[str, tuple[int, ...]]  # ESCO occupation -> the roles standing for it
    within: frozenset[str] | None  # occupations candidates may be; None: the whole taxonomy
    suggestable: frozenset[int] = frozenset()  # the history's roles (taxonomy's: no history)
    min_group: int = MIN_GROUP
    strengths: tuple[float, float] = (DEFAULT_STRENGTH, DEFAULT_STRENGTH)  # order 1, 2
    prior_scale: float = 1.0
    _dist1: dict[int, Dist] = field(default_factory=dict, repr=False)
    _dist2: dict[Context, Dist] = field(default_factory=dict, repr=False)
    _plain: dict[tuple[Context, int], list[Suggestion]] = field(default_factory=dict, repr=False)
    _reach: dict[int, tuple[Counter[int], Counter[int]]] = field(default_factory=dict, repr=False)
    _popular: Dist | None = field(default=None, repr=False)

    @property
    def has_history(self) -> bool:
        """Whether anyone in the history ever moved from one role to another."""
        return bool(self.popularity)

    def title(self, role: int) -> str:
        """A role's title (a dash for an unknown id)."""
        info = self.roles.get(role)
        return info.title if info else "—"


def fit(
    history: History, prior: Prior = EMPTY, *, min_group: int = MIN_GROUP, prior_scale: float = 1.0
) -> Model:
    """Count every person's role sequence once; distributions are computed when first asked.
    `prior_scale` multiplies the prior's Witten-Bell share (for `bench.predict.inner` only)."""
    order1: dict[int, Counter[int]] = defaultdict(Counter)
    order2: dict[Context, Counter[int]] = defaultdict(Counter)
    leavers1: Counter[int] = Counter()
    leavers2: Counter[Context] = Counter()
    popularity: Counter[int] = Counter()
    kinds: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    kinds_into: dict[int, Counter[str]] = defaultdict(Counter)
    sequences: list[tuple[int, ...]] = []
    for career in history.careers().values():
        seq, seq_kinds = _walk(career)
        sequences.append(tuple(seq))
        pairs: set[tuple[int, int]] = set()
        triples: set[tuple[int, int, int]] = set()
        for i in range(1, len(seq)):
            pair = (seq[i - 1], seq[i])
            pairs.add(pair)
            kind = seq_kinds[i]
            if kind is not None:
                kinds[pair][kind] += 1
                kinds_into[seq[i]][kind] += 1
            if i >= 2:
                triples.add((seq[i - 2], seq[i - 1], seq[i]))
        for b, c in pairs:
            order1[b][c] += 1
        leavers1.update({b for b, _ in pairs})
        popularity.update({c for _, c in pairs})
        for a, b, c in triples:
            order2[(a, b)][c] += 1
        leavers2.update({(a, b) for a, b, _ in triples})
    roles, by_uri = _roles(history, prior)
    within = (
        frozenset(r.occupation_uri for r in history.roles.values() if r.occupation_uri)
        if popularity
        else None
    )
    # Only the history's own roles (and, for a new organization, the taxonomy's) are ever
    # suggested: a role known only from someone's context is never shown to anyone.
    suggestable = frozenset(history.roles) | (
        frozenset(r for r in roles if r < 0) if within is None else frozenset()
    )
    model = Model(
        roles=roles,
        prior=prior,
        order1=dict(order1),
        order2=dict(order2),
        leavers1=leavers1,
        leavers2=leavers2,
        popularity=popularity,
        kinds=dict(kinds),
        kinds_into=dict(kinds_into),
        sequences=sequences,
        by_uri=by_uri,
        within=within,
        suggestable=suggestable,
        min_group=min_group,
        prior_scale=prior_scale,
    )
    model.strengths = _strengths(model)
    return model


def _walk(career: Sequence[Step]) -> tuple[list[int], list[str | None]]:
    """The role sequence (repeats merged, as role_sequence) and the kind of each move into it."""
    seq: list[int] = []
    kinds: list[str | None] = []
    for step in career:
        if not seq or seq[-1] != step.role:
            seq.append(step.role)
            kinds.append(step.kind)
    return seq, kinds


def _roles(
    history: History, prior: Prior
) -> tuple[dict[int, RoleInfo], dict[str, tuple[int, ...]]]:
    """The history's roles plus every taxonomy occupation no role stands for (negative ids)."""
    roles = dict(history.roles)
    by_uri: dict[str, list[int]] = defaultdict(list)
    for rid in sorted(roles):
        uri = roles[rid].occupation_uri
        if uri:
            by_uri[uri].append(rid)
    next_id = min([0, *roles]) - 1
    for uri in sorted(prior.occupations):
        if uri in by_uri:
            continue
        occ = prior.occupations[uri]
        title = occ.label[:1].upper() + occ.label[1:]  # ESCO's labels are lower case
        roles[next_id] = RoleInfo(next_id, title, occupation_uri=uri, onet_code=occ.onet_code)
        by_uri[uri].append(next_id)
        next_id -= 1
    return roles, {uri: tuple(ids) for uri, ids in by_uri.items()}


# -- distributions ---------------------------------------------------------------------------


def _normalised(scores: Mapping[int, float], drop: int) -> Dist:
    """The scores without `drop`, summing to 1, best first, the first KEEP."""
    total = sum(v for k, v in scores.items() if k != drop and v > 0)
    if total <= 0:
        return []
    out = [(k, v / total) for k, v in scores.items() if k != drop and v > 0]
    out.sort(key=lambda pair: (-pair[1], pair[0]))
    return out[:KEEP]


def strength(entries: Iterable[tuple[int, int, float]]) -> float:
    """How many pseudo-people the level below is worth, for one order: the alpha in
    (count + alpha * lower) / (n + alpha) that best predicts each person's move from everyone
    else's (leave-one-out likelihood over ALPHAS). `entries` are (count, context's n, the
    level below's probability of that role without this person). Contexts that look like the
    level below get a large alpha (they are that level with noise); distinct ones a small
    alpha (their own counts decide). With no context of two or more people there is nothing
    to tell: DEFAULT_STRENGTH, one pseudo-person."""
    rows = [(k, n, p) for k, n, p in entries if n >= 2]
    if not rows:
        return DEFAULT_STRENGTH
    k, n, p = (np.asarray(col, dtype=np.float64) for col in zip(*rows, strict=True))
    p = np.clip(p, FLOOR, 1.0)
    alphas = np.asarray(ALPHAS)[:, None]
    likelihood = (k * (np.log(k - 1 + alphas * p) - np.log(n - 1 + alphas))).sum(axis=1)
    return float(ALPHAS[int(np.argmax(likelihood))])


def _strengths(model: Model) -> tuple[float, float]:
    """Each order's strength, every person left out of the levels below as well: popularity
    (and order-1 counts, for order 2) without them."""
    total = sum(model.popularity.values())
    lowers: dict[int, dict[int, float]] = {}
    ones: list[tuple[int, int, float]] = []
    for r, counts in model.order1.items():
        n = sum(counts.values())
        if n < 2:
            continue
        prior = dict(prior_dist(model, r))
        w = prior_share(model, r) if prior else 0.0
        rest = max(1, total - 1 - model.popularity[r])
        for c, k in counts.items():
            q = w * prior.get(c, 0.0) + (1 - w) * (model.popularity[c] - 1) / rest
            ones.append((k, n, q))
    alpha1 = strength(ones)
    twos: list[tuple[int, int, float]] = []
    for (_, r), counts in model.order2.items():
        n = sum(counts.values())
        if n < 2:
            continue
        below = model.order1[r]
        n1 = sum(below.values())
        if r not in lowers:
            lowers[r] = dict(lower_dist(model, r))
        for c, k in counts.items():
            p1 = (below[c] - 1 + alpha1 * lowers[r].get(c, 0.0)) / (n1 - 1 + alpha1)
            twos.append((k, n, p1))
    return alpha1, strength(twos)


def _mixed(counts: Counter[int] | None, lower: Dist, drop: int, alpha: float) -> Dist:
    """A Dirichlet back-off: (count + alpha * lower) / (n + alpha) over the context's n
    people. The level below weighs alpha / (n + alpha): little for a context many people
    left, everything for an unseen one."""
    if not counts:
        return lower
    n = sum(counts.values())
    alpha = alpha if lower else 0.0
    scores: dict[int, float] = {c: k / (n + alpha) for c, k in counts.items()}
    for c, p in lower:
        scores[c] = scores.get(c, 0.0) + alpha / (n + alpha) * p
    return _normalised(scores, drop)


def popular(model: Model) -> Dist:
    """Next roles by how many people moved into them."""
    if model._popular is None:
        model._popular = _normalised(dict(model.popularity), drop=0)
    return model._popular


def prior_dist(model: Model, role: int) -> Dist:
    """The public prior's candidates from a role: its occupation's nearest ones, or, for an
    organization of at most SCORE_ALL occupations, every one of them the prior sees any
    closeness to (a nurse's nearest in a software company are far from her, yet nearer than
    the ones that share nothing)."""
    info = model.roles.get(role)
    if info is None or not info.occupation_uri or not model.prior:
        return []
    here = info.occupation_uri
    if model.within is not None and len(model.within) <= SCORE_ALL:
        near = [(uri, similarity(model.prior, here, uri).score) for uri in sorted(model.within)]
        found = sorted(((u, v) for u, v in near if v > 0), key=lambda pair: -pair[1])[:KEEP]
    else:
        found = ranked(model.prior, here, model.within, top=KEEP)
    scores: dict[int, float] = {}
    for uri, score in found:
        for rid in model.by_uri.get(uri, ()):
            scores[rid] = max(scores.get(rid, 0.0), score)
    return _normalised(scores, drop=role)


def prior_weight(model: Model) -> float:
    """How much of the lowest level is the public prior: Witten-Bell's t / (n + t) with the
    organization's n people-moves into t distinct roles as the evidence. No history: all of it;
    a long one: a little, enough to order what the org's counts leave even and to fill the list
    beyond the roles people moved into."""
    n = sum(model.popularity.values())
    t = len(model.popularity)
    return min(1.0, model.prior_scale * t / (n + t)) if n + t else 1.0


def prior_share(model: Model, role: int) -> float:
    """The prior's share below one role: `prior_weight`, or UNSEEN_PRIOR below a role nobody
    in the org moved on from. The org's overall popularity says nothing about where someone
    goes from a role it has never seen leave (a nurse in a software company): there what lies
    near the role in the public taxonomy leads, and the popular roles only fill behind it.
    A share falling as 1/(1 + n) or 1/(1 + n)^2 with the role's n leavers instead did worse on
    `bench.predict.inner`'s cuts of the training period (Recall@5 0.78 against 0.81 at the
    first), so only the unseen role changes."""
    share = prior_weight(model)
    return max(share, UNSEEN_PRIOR) if not model.leavers1[role] else share


def lower_dist(model: Model, role: int) -> Dist:
    """Below the org's order-1 counts: overall popularity, interpolated with the public prior
    from this role by `prior_share`."""
    from_prior = prior_dist(model, role)
    popularity = [(c, p) for c, p in popular(model) if c != role]
    if not from_prior or not popularity:
        return _normalised(dict(from_prior or popularity), drop=role)
    share = prior_share(model, role)
    scores: dict[int, float] = {c: share * p for c, p in from_prior}
    for c, p in popularity:
        scores[c] = scores.get(c, 0.0) + (1 - share) * p
    return _normalised(scores, drop=role)


def dist1(model: Model, role: int) -> Dist:
    """Next roles from the current role alone, backed off to the prior and popularity."""
    if role not in model._dist1:
        lower = lower_dist(model, role)
        model._dist1[role] = _mixed(model.order1.get(role), lower, role, model.strengths[0])
    return model._dist1[role]


def distribution(model: Model, context: Context) -> Dist:
    """Next roles from (previous, current), backed off to the current role alone. The role
    just left comes last, with RETURN_WEIGHT of the least share, unless someone in the data
    went back to it (from this pair, or from the current role at all): popularity or the
    prior alone must not send someone back where they came from."""
    previous, role = context
    if previous is None:
        return dist1(model, role)
    if context not in model._dist2:
        mixed = _mixed(model.order2.get(context), dist1(model, role), role, model.strengths[1])
        others = [p for c, p in mixed if c != previous]
        if not went_back(model, context) and others and len(others) < len(mixed):
            scores = dict(mixed)
            scores[previous] = RETURN_WEIGHT * min(scores[previous], *others)
            mixed = _normalised(scores, drop=role)
        model._dist2[context] = mixed
    return model._dist2[context]


def went_back(model: Model, context: Context) -> bool:
    """Whether anyone in the data went back to the role before: from this pair of roles, or
    from the current role at all."""
    previous, role = context
    if previous is None:
        return False
    return bool(
        model.order2.get(context, Counter())[previous]
        or model.order1.get(role, Counter())[previous]
    )


def context_of(career: Sequence[Step], role: int | None) -> Context | None:
    """The last two roles of a career, ending with `role` when given (None: nothing known)."""
    seq = role_sequence(career)
    if role is not None and (not seq or seq[-1] != role):
        seq.append(role)
    if not seq:
        return None
    return (seq[-2] if len(seq) > 1 else None, seq[-1])


@dataclass(frozen=True, slots=True)
class Where:
    """Where someone stands: the context the model reads and the role they hold now."""

    context: Context  # the last two roles of their career, short trials included
    held: int  # the role they hold (never a short trial); never suggested to them


def where(
    model: Model, career: Sequence[Step], role: int | None, day: date | None = None
) -> Where | None:
    """Where someone stands on `day` (None: after their last step). `role` given: they hold it.
    Otherwise they hold their last lasting step (`core.history.held_role`), and a short trial
    after it is context (people who went Developer → Cloud engineer, shadowing included, went
    on to ...) but not their role. A trial nobody in the org moved on from tells nothing: then
    the context is their lasting roles alone."""
    if role is not None:
        context = context_of(career, role)
        return None if context is None else Where(context, role)
    day = day or date.max
    past = [s for s in career if s.start <= day] or list(career)
    context = context_of(past, None)
    if context is None:
        return None
    held = held_role(past, day)
    if held is None or held == context[1]:
        return Where(context, context[1])
    if not model.leavers1[context[1]]:
        lasting = role_sequence([s for s in past if not s.short])
        return Where((lasting[-2] if len(lasting) > 1 else None, held), held)
    return Where(context, held)


# -- recommending ----------------------------------------------------------------------------


def recommend(
    model: Model,
    career: Sequence[Step],
    *,
    role: int | None,
    target: int | RoleInfo | None = None,
    skills: Mapping[str, int] | None = None,
    top: int = 5,
    day: date | None = None,
) -> list[Suggestion]:
    """The top next roles for someone whose steps are `career` and who holds `role` now
    (None: the role their career says they hold on `day`, see `where`), toward `target` (a
    role id, or a role of the objective's own title and occupation) if they aim somewhere,
    with their skill map `skills` (ESCO URI -> level 0-5) if known. Only the history's roles
    are suggested (and the objective itself); never the role they hold."""
    if isinstance(target, RoleInfo):
        if target.id not in model.roles:
            model = replace(model, roles={**model.roles, target.id: target})
        target = target.id
    at = where(model, career, role, day)
    if at is None:
        return []
    if target == at.held:
        target = None  # they are there: nothing to lead toward
    tried = {s.role: s.kind for s in career if s.short and s.role != at.held}
    if target is None and not skills and at.held == at.context[1] and not tried:
        return _plain(model, at.context, top)
    scores = {
        c: p for c, p in distribution(model, at.context) if not _same_work(model, at, c, target)
    }
    if target is not None:
        _toward(model, scores, at.held, target)
    if skills:
        _with_skills(model, scores, skills)
    best = sorted(
        ((c, s) for c, s in scores.items() if s > 0 and (c == target or _may_suggest(model, c))),
        key=lambda pair: (-pair[1], pair[0]),
    )[: top * WIDER]
    seen = model.leavers1[at.context[1]]  # people's moves decide: the best `top` as they stand
    found = [
        _suggestion(model, at, c, s, target, skills, tried)
        for c, s in best[: top if seen else None]
    ]
    return found if seen else grounded_first(found, top)


def _same_work(model: Model, at: Where, role: int, target: int | None) -> bool:
    """The role held, or another title for its occupation nobody moved to from here (the prior
    reached it from a trial's occupation): no step at all."""
    if role == at.held:
        return True
    here = model.roles.get(at.held)
    there = model.roles.get(role)
    if role == target or not here or not there or not here.occupation_uri:
        return False
    moved = (
        model.order1.get(at.context[1], Counter())[role]
        or model.order1.get(at.held, Counter())[role]
    )
    return here.occupation_uri == there.occupation_uri and not moved


def grounded_first(found: Sequence[Suggestion], top: int) -> list[Suggestion]:
    """The top suggestions, those something speaks for (people's moves, the objective, one's
    own trial or skills, O*NET's relation, many shared skills) before those only popularity
    or a faint prior does, each group by score. Only where nobody in the org has moved on
    from the role (a new organization, an unseen role): where people's moves speak, their
    scores decide (putting the grounded first there cost Recall@5 on `bench.predict.inner`'s
    first cut, 0.70 against 0.81)."""
    return sorted(found, key=lambda s: not s.grounded)[:top]


def recommend_all(model: Model, history: History, top: int = 5) -> dict[int, list[Suggestion]]:
    """Everyone's top next roles from their own career (no objective, no skill map)."""
    out: dict[int, list[Suggestion]] = {}
    for person, career in history.careers().items():
        at = where(model, career, None)
        if at is None:
            out[person] = []
        elif at.held == at.context[1]:
            out[person] = _plain(model, at.context, top)
        else:
            out[person] = recommend(model, career, role=None, top=top)
    return out


def _plain(model: Model, context: Context, top: int) -> list[Suggestion]:
    """Suggestions from the context alone, cached per context."""
    key = (context, top)
    if key not in model._plain:
        at = Where(context, context[1])
        best = [(c, p) for c, p in distribution(model, context) if _may_suggest(model, c)]
        seen = model.leavers1[context[1]]
        found = [
            _suggestion(model, at, c, p, None, None, {})
            for c, p in best[: top if seen else top * WIDER]
        ]
        model._plain[key] = found if seen else grounded_first(found, top)
    return model._plain[key]


def _toward(model: Model, scores: dict[int, float], held: int, target: int) -> None:
    """Move every score toward how well the candidate leads to `target`; the target and the
    roles people passed on their way there join the candidates."""
    through, _ = reach(model, target)
    pool = set(scores) | {c for c, _ in through.most_common(10)} | {target}
    pool.discard(held)
    pool = {c for c in pool if c == target or _may_suggest(model, c)}
    for c in pool:
        lead = affinity(model, c, target)
        scores[c] = (1 - OBJECTIVE_WEIGHT) * scores.get(c, 0.0) + OBJECTIVE_WEIGHT * lead


def _may_suggest(model: Model, role: int) -> bool:
    """Whether a role can be a candidate: one of the history's roles (the organization's
    records), or of the taxonomy's for a new organization; never a role known only from
    someone's own, private context."""
    return role in model.suggestable and role in model.roles


def with_roles(model: Model, roles: Mapping[int, RoleInfo]) -> Model:
    """The model knowing a person's own roles too (their context: what their private moves
    name), without making any of them a candidate; the counts and caches are shared."""
    extra = {rid: info for rid, info in roles.items() if rid not in model.roles}
    return replace(model, roles={**model.roles, **extra}) if extra else model


def _with_skills(model: Model, scores: dict[int, float], skills: Mapping[str, int]) -> None:
    """Scale each score by how much of the candidate's essential skills the person holds."""
    for c in scores:
        held, needed = essential_coverage(model, c, skills)
        if needed:
            scores[c] *= (1 - SKILL_WEIGHT) + SKILL_WEIGHT * held / needed


def essential_coverage(model: Model, role: int, skills: Mapping[str, int]) -> tuple[int, int]:
    """(held, needed): how many of a role's essential ESCO skills the skill map holds."""
    info = model.roles.get(role)
    occ = model.prior.occupations.get(info.occupation_uri or "") if info else None
    if occ is None or not occ.essential:
        return 0, 0
    cover = coverage(skills, dict.fromkeys(occ.essential, 1))
    return len(cover.have) + len(cover.partial), cover.needed


def reach(model: Model, target: int) -> tuple[Counter[int], Counter[int]]:
    """(through, passed): per role, the people who held it before reaching `target`, and the
    people who held it and moved on at all."""
    if target not in model._reach:
        through: Counter[int] = Counter()
        passed: Counter[int] = Counter()
        for seq in model.sequences:
            passed.update(set(seq[:-1]))
            if target in seq:
                through.update(set(seq[: seq.index(target)]))
        model._reach[target] = (through, passed)
    return model._reach[target]


def affinity(model: Model, role: int, target: int) -> float:
    """0-1: how well a role leads to the target — it is the target, people went on from it to
    the target, or it needs much of what the target needs."""
    if role == target:
        return 1.0
    through, passed = reach(model, target)
    path = through[role] / passed[role] if through[role] >= PATH_PEOPLE else 0.0
    a = model.roles.get(role)
    b = model.roles.get(target)
    skills = 0.0
    if a and b and a.occupation_uri and b.occupation_uri:
        skills = 0.8 * overlap(model.prior, a.occupation_uri, b.occupation_uri)
    return max(path, skills)


# -- reasons ---------------------------------------------------------------------------------


def _suggestion(
    model: Model,
    at: Where,
    role: int,
    score: float,
    target: int | None,
    skills: Mapping[str, int] | None,
    tried: Mapping[int, str | None],
) -> Suggestion:
    info = model.roles[role]
    reasons, grounded = _reasons(model, at, role, target, skills, tried)
    return Suggestion(
        role=role,
        title=info.title,
        code=info.code,
        score=round(min(1.0, max(0.0, score)), 4),
        reason=joined(reasons[:MAX_REASONS]),
        kind=usual_kind(model, at.held, role),
        reasons=tuple(reasons),
        grounded=grounded,
    )


def joined(reasons: Sequence[str]) -> str:
    """Reasons as one line: the first as written, the rest after semicolons."""
    if not reasons:
        return ""
    return "; ".join([reasons[0], *(_lowered(r) for r in reasons[1:])])


def _lowered(reason: str) -> str:
    """A reason continuing a line: its first letter lower case, unless it starts a name."""
    word = reason.split(" ", 1)[0]
    if word.startswith("O*NET") or (len(word) > 1 and word.isupper()):
        return reason
    return reason[:1].lower() + reason[1:]


def usual_kind(model: Model, role: int, candidate: int) -> str | None:
    """The most common kind of move into `candidate` from `role` (else into it at all)."""
    for counts in (model.kinds.get((role, candidate)), model.kinds_into.get(candidate)):
        if counts:
            return min(counts.items(), key=lambda pair: (-pair[1], pair[0]))[0]
    return None


def reasons_for(
    model: Model,
    at: Where | Context,
    role: int,
    target: int | None,
    skills: Mapping[str, int] | None,
    tried: Mapping[int, str | None] | None = None,
) -> list[str]:
    """Every true, plain reason for suggesting `role` from where someone stands, strongest
    first. Holding a share of its essential skills is a reason only from SKILL_STRENGTH up
    (never "0 of 43"); the org's popularity speaks only when nothing else does, with its own
    count."""
    at = at if isinstance(at, Where) else Where(at, at[1])
    return _reasons(model, at, role, target, skills, tried)[0]


def _reasons(
    model: Model,
    at: Where,
    role: int,
    target: int | None,
    skills: Mapping[str, int] | None,
    tried: Mapping[int, str | None] | None,
) -> tuple[list[str], bool]:
    """The reasons, and whether any of them grounds the suggestion (see `grounded_first`)."""
    out = _history_reasons(model, at, role)
    if target is not None:
        out += _objective_reasons(model, role, target)
    if tried and role in tried:
        kind = tried[role]
        label = KIND_LABELS.get(kind, kind).lower() if kind else "short trial"
        article = "an" if label[:1] in "aeiou" else "a"
        out.append(f"You have tried it ({article} {label})")
    if skills:
        held, needed = essential_coverage(model, role, skills)
        if needed and held and held >= SKILL_STRENGTH * needed:
            out.append(f"You have {held} of its {needed} essential skills")
    grounded = bool(out)
    from_prior, strong = _prior_reasons(model, at.held, role)
    out += from_prior
    grounded = (grounded or strong) and (role != at.context[0] or went_back(model, at.context))
    if not out and model.popularity[role]:
        out.append(_popular_reason(model.popularity[role], model.min_group))
    return out or ["Close to your role in the public taxonomy"], grounded


def _popular_reason(count: int, min_group: int) -> str:
    if count >= min_group:
        return f"{count} people in your organization moved into it"
    return "A few people in your organization moved into it"


def _people(count: int, total: int, min_group: int, who: str, where: str) -> str:
    """'4 of 6 people {who} moved to {where} next', or 'a few' for small figures."""
    if count >= min_group and total >= min_group:
        return f"{count} of {total} people {who} moved to {where} next"
    return f"A few people {who} moved to {where} next"


def _history_reasons(model: Model, at: Where, role: int) -> list[str]:
    out: list[str] = []
    context = at.context
    previous, current = context
    title = model.title(role)
    if previous is not None:
        counts = model.order2.get(context)
        if counts and counts[role]:
            path = f"{model.title(previous)} → {model.title(current)}"
            total = model.leavers2[context]
            top_count = max(counts.values())
            if counts[role] == top_count and 2 * counts[role] > total and total >= model.min_group:
                out.append(f"People who went {path} mostly moved to {title}")
            else:
                out.append(_people(counts[role], total, model.min_group, f"who went {path}", title))
    counts1 = model.order1.get(current)
    if counts1 and counts1[role]:
        who = "in your role" if current == at.held else f"in the {model.title(current)} role"
        out.append(_people(counts1[role], model.leavers1[current], model.min_group, who, title))
    return out


def _objective_reasons(model: Model, role: int, target: int) -> list[str]:
    name = model.title(target)
    if role == target:
        return [f"It is your objective ({name})"]
    if affinity(model, role, target) >= OBJECTIVE_OVERLAP:
        return [f"On the way to your objective ({name})"]
    return []


ZONE_STEPS = {
    0: "The same job zone ({a})",
    1: "One job zone up ({a} → {b})",
    2: "Two job zones up ({a} → {b})",
    -1: "One job zone down ({a} → {b})",
}


def prior_reasons(model: Model, current: int, role: int) -> list[str]:
    """What the public taxonomy says about the step from `current` to `role`."""
    return _prior_reasons(model, current, role)[0]


def _prior_reasons(model: Model, current: int, role: int) -> tuple[list[str], bool]:
    """The taxonomy's reasons, and whether they are strong: O*NET relates the two, or the
    role shares SHARED_STRENGTH of its essential skills with the current one."""
    here = model.roles.get(current)
    there = model.roles.get(role)
    if not here or not there or not here.occupation_uri or not there.occupation_uri:
        return [], False
    sim = similarity(model.prior, here.occupation_uri, there.occupation_uri)
    out: list[str] = []
    if sim.related is not None:
        words = TIER_WORDS.get(sim.related.tier, "related")
        out.append(f"O*NET lists it as {words} to your occupation")
    if sim.shared and sim.essential:
        out.append(f"It shares {sim.shared} of its {sim.essential} essential skills with your role")
    if sim.zones is not None and (out or sim.zones[1] - sim.zones[0] in (1, 2)):
        a, b = sim.zones
        step = ZONE_STEPS.get(b - a)
        if step is not None:
            out.append(step.format(a=a, b=b))
    strong = sim.related is not None or (
        sim.essential > 0 and sim.shared >= SHARED_STRENGTH * sim.essential
    )
    return out, strong


# -- the people file of `org predict-next` ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person to predict for: their id, and optionally their current role and objective."""

    line: int
    person_id: str
    role: str | None = None
    target: str | None = None


def read_people(lines: Sequence[str], *, name: str = "The people file") -> list[PersonRow]:
    """The people of a people file, in order: one person id per line, or a CSV whose header
    has person_id (and optionally role and target). Raises BadRows naming every bad line."""
    numbered = [(n, line.rstrip("\r\n")) for n, line in enumerate(lines, 1)]
    filled = [(n, line) for n, line in numbered if line.strip()]
    if not filled:
        raise InvalidInput(f"{name} holds no person id: give one per line.", field="people")
    first_number, first = filled[0]
    header = _people_header(first)
    if header is None:
        rows = [_person(n, line.strip(), None, None) for n, line in filled]
    else:
        rows = _people_csv(numbered[first_number:], header)
    problems = [r for r in rows if isinstance(r, RowProblem)]
    if problems:
        raise BadRows(problems, name=name)
    people = [r for r in rows if isinstance(r, PersonRow)]
    if not people:
        raise InvalidInput(f"{name} has a header but no person id.", field="people")
    return people


def _people_header(line: str) -> dict[str, int] | None:
    """Where person_id, role and target sit, when the line is a CSV header naming person_id."""
    try:
        cells = next(csv.reader([line]), [])
    except csv.Error:
        return None
    names = [c.strip().lstrip("\ufeff").casefold() for c in cells]
    if "person_id" not in names:
        return None
    return {col: names.index(col) for col in ("person_id", "role", "target") if col in names}


def _people_csv(
    numbered: Sequence[tuple[int, str]], header: dict[str, int]
) -> list[PersonRow | RowProblem]:
    out: list[PersonRow | RowProblem] = []
    for number, line in numbered:
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line]), [])
        except csv.Error as exc:
            out.append(RowProblem(number, f"not valid CSV ({exc})"))
            continue
        cells += [""] * (max(header.values()) + 1 - len(cells))
        role = " ".join(cells[header["role"]].split()) if "role" in header else ""
        target = " ".join(cells[header["target"]].split()) if "target" in header else ""
        out.append(
            _person(number, cells[header["person_id"]].strip(), role or None, target or None)
        )
    return out


def _person(line: int, person: str, role: str | None, target: str | None) -> PersonRow | RowProblem:
    reasons = []
    if not person:
        reasons.append("person_id is empty")
    elif len(person) > MAX_PERSON_ID or not person.isprintable():
        reasons.append(
            f"person_id must be 1 to {MAX_PERSON_ID} printable characters, none of them invisible"
        )
    for column, text in (("role", role), ("target", target)):
        if text is not None and (len(text) > MAX_ROLE or CONTROL.search(text)):
            reasons.append(f"{column} must be 1 to {MAX_ROLE} printable characters")
    if reasons:
        return RowProblem(line, "; ".join(reasons))
    return PersonRow(line, person, role, target)
