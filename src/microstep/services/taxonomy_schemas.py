"""Shapes of the taxonomy use cases: linking, concepts and the load status."""

from __future__ import annotations

from pydantic import Field, field_validator

from microstep.services.schemas import Schema


class MatchPublic(Schema):
    """A concept a text links to: its ESCO URI, preferred label and fused score (0-1)."""

    id: str
    label: str
    score: float
    span: str | None = Field(
        default=None, description="For extraction: the words of the text that named the skill."
    )
    code: str | None = Field(
        default=None, description="For occupations: the O*NET-SOC code it maps to, if any."
    )


class LinkedText(Schema):
    """One input text and its matches, best first (empty when nothing fits)."""

    text: str
    matches: list[MatchPublic]


MAX_REQUEST_CHARS = 100_000  # one request's texts together: bounds the work a call can ask for


class LinkRequest(Schema):
    """Texts to link, one phrase (or, for extraction, one passage) each."""

    texts: list[str] = Field(min_length=1, max_length=1000)
    top: int = Field(default=5, ge=1, le=50)

    @field_validator("texts")
    @classmethod
    def _bounded(cls, texts: list[str]) -> list[str]:
        if sum(len(t) for t in texts) > MAX_REQUEST_CHARS:
            raise ValueError(
                f"the texts come to more than {MAX_REQUEST_CHARS:,} characters: send fewer or "
                "shorter ones per request"
            )
        return texts


class SkillRef(Schema):
    """An ESCO skill as listed under an occupation or in a gap."""

    id: str
    label: str
    kind: str
    description: str | None = None


class OccupationPublic(Schema):
    """An ESCO occupation with its O*NET counterpart and its essential and optional skills."""

    id: str
    label: str
    description: str | None
    onet_code: str | None
    onet_title: str | None
    job_zone: int | None
    essential: list[SkillRef]
    optional: list[SkillRef]


class TaxonomyStatus(Schema):
    """Which taxonomies are loaded, at which version, with how many rows per table."""

    sources: dict[str, str]
    rows: dict[str, int]
