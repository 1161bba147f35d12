"""The public prior of next moves: how close two occupations are by ESCO and O*NET alone.

An organization with little or no history of its own still deserves sensible next moves. Three
public signals say which occupations sit near one another:

- ESCO essential skills: the share of a candidate's essential skills the current occupation
  already needs (a move that reuses most of what one does is a short step);
- O*NET related occupations: O*NET ranks the occupations related to each one in tiers
  (Primary-Short, closest, then Primary-Long, then Supplemental), ranked within each tier;
- O*NET job zones (1 little preparation ... 5 extensive): the same zone or one up is a natural
  step; one down or two up is less likely.

Everything here is arithmetic on plain values; `store/nextmove.py` reads them from the tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

TIER_WEIGHTS: dict[str, float] = {"Primary-Short": 1.0, "Primary-Long": 0.7, "Supplemental": 0.4}
TIER_WORDS: dict[str, str] = {
    "Primary-Short": "closely related",
    "Primary-Long": "related",
    "Supplemental": "loosely related",
}
MAX_RANK = 40  # rank 1 keeps its tier's whole weight, each later rank a little less
# How much each signal counts in the similarity (they add up to 1).
SKILL_WEIGHT = 0.45
RELATED_WEIGHT = 0.35
ZONE_WEIGHT = 0.20
# Job-zone step (candidate minus current) -> how natural the step is.
ZONE_SCORES: dict[int, float] = {0: 0.8, 1: 1.0, -1: 0.3, 2: 0.3}
ZONE_FAR = 0.1  # any bigger step
ZONE_UNKNOWN = 0.5  # a zone is missing on either side
SKILL_NEIGHBOURS = 40  # candidates found by shared skills, before scoring


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation with what the prior reads of it."""

    uri: str
    label: str
    onet_code: str | None = None
    job_zone: int | None = None
    essential: frozenset[str] = frozenset()  # ESCO skill URIs

    @property
    def code(self) -> str | None:
        """The contract's code: the O*NET-SOC code, else the ESCO URI."""
        return self.onet_code or self.uri


@dataclass(frozen=True, slots=True)
class Related:
    """One O*NET related occupation: its tier and rank within the tier."""

    tier: str
    rank: int

    @property
    def weight(self) -> float:
        """0-1: the tier's weight, a little less for each later rank."""
        base = TIER_WEIGHTS.get(self.tier, 0.3)
        return base * max(0.5, 1 - (self.rank - 1) / MAX_RANK)


@dataclass
class Prior:
    """The public taxonomy as the prior reads it, indexed once."""

    occupations: dict[str, Occupation]  # by ESCO URI
    related: dict[str, dict[str, Related]]  # O*NET code -> related O*NET code -> tier, rank
    by_onet: dict[str, tuple[str, ...]] = field(init=False)  # O*NET code -> ESCO URIs
    by_skill: dict[str, tuple[str, ...]] = field(init=False)  # skill -> occupations needing it

    def __post_init__(self) -> None:
        onet: dict[str, list[str]] = {}
        skills: dict[str, list[str]] = {}
        for uri in sorted(self.occupations):
            occ = self.occupations[uri]
            if occ.onet_code:
                onet.setdefault(occ.onet_code, []).append(uri)
            for skill in occ.essential:
                skills.setdefault(skill, []).append(uri)
        self.by_onet = {code: tuple(uris) for code, uris in onet.items()}
        self.by_skill = {skill: tuple(uris) for skill, uris in skills.items()}

    def __bool__(self) -> bool:
        return bool(self.occupations)


EMPTY = Prior({}, {})


@dataclass(frozen=True, slots=True)
class Similarity:
    """How close a candidate occupation is to the current one, and why."""

    score: float  # 0-1
    shared: int  # the candidate's essential skills the current occupation also needs
    essential: int  # the candidate's essential skills
    related: Related | None  # O*NET relation from the current occupation to the candidate
    zones: tuple[int, int] | None  # (current, candidate) job zones when both are known


def build(occupations: Iterable[Occupation], related: Iterable[tuple[str, str, str, int]]) -> Prior:
    """A prior from occupations and O*NET (code, related code, tier, rank) rows."""
    links: dict[str, dict[str, Related]] = {}
    for code, other, tier, rank in related:
        links.setdefault(code, {})[other] = Related(tier, rank)
    return Prior({occ.uri: occ for occ in occupations}, links)


def zone_score(current: int | None, candidate: int | None) -> float:
    """0-1: how natural a step from one job zone to another is (a step up is best)."""
    if current is None or candidate is None:
        return ZONE_UNKNOWN
    return ZONE_SCORES.get(candidate - current, ZONE_FAR)


def relation(prior: Prior, current: Occupation, candidate: Occupation) -> Related | None:
    """O*NET's relation from the current occupation to the candidate, if it lists one."""
    if not current.onet_code or not candidate.onet_code:
        return None
    return prior.related.get(current.onet_code, {}).get(candidate.onet_code)


def similarity(prior: Prior, current: str, candidate: str) -> Similarity:
    """How close `candidate` is to `current` (ESCO URIs): skills, O*NET relation, job zones."""
    here = prior.occupations.get(current)
    there = prior.occupations.get(candidate)
    if here is None or there is None or current == candidate:
        return Similarity(0.0, 0, len(there.essential) if there else 0, None, None)
    shared = len(here.essential & there.essential)
    skill = shared / len(there.essential) if there.essential else 0.0
    rel = relation(prior, here, there)
    zones = (
        (here.job_zone, there.job_zone)
        if here.job_zone is not None and there.job_zone is not None
        else None
    )
    closeness = SKILL_WEIGHT * skill + RELATED_WEIGHT * (rel.weight if rel else 0.0)
    if closeness <= 0:
        return Similarity(0.0, shared, len(there.essential), rel, zones)
    score = closeness + ZONE_WEIGHT * zone_score(here.job_zone, there.job_zone)
    return Similarity(min(1.0, score), shared, len(there.essential), rel, zones)


def neighbours(prior: Prior, current: str, within: Collection[str] | None = None) -> set[str]:
    """Occupations worth scoring from `current`: O*NET's related ones (mapped to ESCO) and
    those sharing the most essential skills; only those in `within` when given."""
    here = prior.occupations.get(current)
    if here is None:
        return set()
    found: set[str] = set()
    if here.onet_code:
        for code in prior.related.get(here.onet_code, {}):
            found.update(prior.by_onet.get(code, ()))
    shared: Counter[str] = Counter()
    for skill in here.essential:
        shared.update(prior.by_skill.get(skill, ()))
    # Ties broken by URI: most_common alone would follow the set's (hash-seeded) order.
    nearest = sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))
    found.update(uri for uri, _ in nearest[: SKILL_NEIGHBOURS * 4])
    found.discard(current)
    if within is not None:
        found &= set(within)
    return found


def ranked(
    prior: Prior, current: str, within: Collection[str] | None = None, top: int = 30
) -> list[tuple[str, float]]:
    """The occupations closest to `current`, best first, with their similarity (> 0)."""
    scored = [
        (uri, similarity(prior, current, uri).score) for uri in neighbours(prior, current, within)
    ]
    scored = [(uri, score) for uri, score in scored if score > 0]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:top]


def overlap(prior: Prior, candidate: str, target: str) -> float:
    """0-1: the share of the target's essential skills the candidate also needs."""
    a = prior.occupations.get(candidate)
    b = prior.occupations.get(target)
    if a is None or b is None or not b.essential:
        return 0.0
    return len(a.essential & b.essential) / len(b.essential)
