"""ESCO in the JSON API: linking and extraction as the CLI does them, type-ahead and look-ups."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from microstep.services import skills, taxonomy
from microstep.services.schemas import SkillSuggestion
from microstep.services.taxonomy_schemas import (
    LinkedText,
    LinkRequest,
    MatchPublic,
    OccupationPublic,
    SkillRef,
)
from microstep.web.deps import DbDep
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/taxonomy", responses=ERROR_RESPONSES, tags=["taxonomy"])

TypedQuery = Annotated[
    str,
    Query(
        max_length=skills.MAX_QUERY,
        description="What the person has typed so far; empty gives an empty list.",
        examples=["talking to customers"],
    ),
]
LimitQuery = Annotated[
    int, Query(ge=1, le=skills.MAX_SUGGEST, description="How many suggestions, 1-20.")
]
UriQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=200,
        description="An ESCO concept URI.",
        examples=["http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127"],
    ),
]


@router.post("/skills/link", response_model_exclude_none=True)
def link_skills(db: DbDep, request: LinkRequest) -> list[LinkedText]:
    """ESCO skills for short phrases, one result per text in order (as `skills link`)."""
    return taxonomy.link_skills(db, request.texts, request.top)


@router.post("/skills/extract", response_model_exclude_none=True)
def extract_skills(db: DbDep, request: LinkRequest) -> list[LinkedText]:
    """ESCO skills named in sentences or job-posting text, with the words that named them."""
    return taxonomy.extract_skills(db, request.texts, request.top)


@router.post("/roles/link", response_model_exclude_none=True)
def link_roles(db: DbDep, request: LinkRequest) -> list[LinkedText]:
    """ESCO occupations for job titles, one result per text in order (as `roles link`)."""
    return taxonomy.link_roles(db, request.texts, request.top)


@router.get("/skills/suggest")
def suggest_skills(db: DbDep, q: TypedQuery = "", limit: LimitQuery = 8) -> list[SkillSuggestion]:
    """Type-ahead: ESCO skills for the phrase typed so far, best first, with their kind."""
    return skills.suggest_skills(db, q, limit)


@router.get("/roles/suggest")
def suggest_roles(db: DbDep, q: TypedQuery = "", limit: LimitQuery = 8) -> list[MatchPublic]:
    """Type-ahead: ESCO occupations for the role typed so far, best first."""
    return skills.suggest_roles(db, q, limit)


@router.get("/skill")
def get_skill(db: DbDep, uri: UriQuery) -> SkillRef:
    """One ESCO skill by URI: its preferred label, kind and description."""
    taxonomy.ensure_taxonomy(db)  # a fresh database answers real URIs, not 404
    return taxonomy.skill_ref(db, uri)


@router.get("/occupation")
def get_occupation(db: DbDep, uri: UriQuery) -> OccupationPublic:
    """One ESCO occupation by URI, with its O*NET counterpart and essential/optional skills."""
    return taxonomy.occupation(db, uri)
