"""Shapes of the market use cases: imports, demand, O*NET technologies, what to learn next."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from microstep.core.market import Trend
from microstep.services.schemas import Schema


class PostingImportPublic(Schema):
    """What an import did."""

    name: str = Field(description="The file's name, also each posting's source unless it has one.")
    postings: int = Field(description="Postings imported.")
    duplicates: int = Field(description="Postings skipped: already imported, or twice in the file.")
    skills: int = Field(description="Distinct ESCO skills found in the imported postings.")
    links: int = Field(description="Posting-skill links stored.")
    first: date | None
    last: date | None
    top: list[str] = Field(description="The skills the imported postings name most, best first.")


class PostingPublic(Schema):
    """An imported posting as listed."""

    id: int
    posted_on: date
    title: str | None
    source: str | None
    excerpt: str = Field(description="The start of the text.")
    skills: int = Field(description="ESCO skills found in it.")


class PostingsDeleted(Schema):
    """How many postings a delete removed."""

    deleted: int


class MonthPublic(Schema):
    """Postings in one month."""

    month: date = Field(description="The month's first day.")
    postings: int


class SkillDemandPublic(Schema):
    """How often the imported postings name one ESCO skill."""

    id: str = Field(description="The ESCO skill's URI.")
    label: str
    count: int = Field(description="Postings naming it.")
    share: float = Field(description="count / all postings, 0-1.")
    recent: int = Field(description="Postings naming it in the recent trend window.")
    before: int = Field(description="Postings naming it in the window before.")
    trend: Trend
    months: list[int] = Field(description="Postings naming it per month of MarketPublic.months.")
    relation: str | None = Field(
        description="essential or optional for the objective's occupation; null when neither."
    )


class SkillLinkPublic(Schema):
    """The ESCO skill a technology's name links to."""

    id: str
    label: str
    score: float


class TechnologyPublic(Schema):
    """A technology O*NET flags for the target occupation."""

    name: str
    commodity: str
    hot: bool = Field(description="Hot Technology: often named in job postings.")
    in_demand: bool = Field(description="In Demand: employers of this occupation ask for it.")
    skill: SkillLinkPublic | None


class RolePublic(Schema):
    """The objective the view weighs relevance against, and its occupation."""

    objective_id: int
    objective_title: str
    occupation_id: str | None
    occupation_label: str | None
    onet_code: str | None
    onet_title: str | None


class WindowsPublic(Schema):
    """The two periods a trend compares, both ends included."""

    before_from: date
    before_to: date
    recent_from: date
    recent_to: date
    before_postings: int
    recent_postings: int


class MarketPublic(Schema):
    """What the imported postings and O*NET say the market asks for."""

    postings: int
    first: date | None
    last: date | None
    months: list[MonthPublic]
    skills: list[SkillDemandPublic] = Field(description="Most named first.")
    windows: WindowsPublic | None
    trend_rule: str
    role: RolePublic | None
    technologies: list[TechnologyPublic] = Field(
        description="O*NET's Hot Technology and In Demand flags for the occupation."
    )


class FactorPublic(Schema):
    """One factor of a suggestion's score, 0-1, and why."""

    value: float
    reasons: list[str]


class SuggestionPublic(Schema):
    """A skill worth learning next: score = demand x relevance x gap."""

    id: str = Field(description="The ESCO skill's URI.")
    label: str
    kind: str
    score: float
    demand: FactorPublic
    relevance: FactorPublic
    gap: FactorPublic
    reasons: list[str]
    why: str = Field(description="The reasons as one sentence.")
