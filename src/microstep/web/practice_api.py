"""The JSON API of micro-skills and practice: the same service functions as the CLI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from microstep.services import practice
from microstep.services.schemas import (
    MAX_ID,
    ConsistencyPublic,
    CurvePublic,
    MicroSkillCreate,
    MicroSkillPublic,
    PlanPublic,
    PracticeCreate,
    PracticeResult,
)
from microstep.web.deps import CtxDep, IdPath
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["practice"])

MARKDOWN = "text/markdown; charset=utf-8"
MARKDOWN_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}
}


@router.get("/microskills")
def list_microskills(
    ctx: CtxDep, skill_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None
) -> list[MicroSkillPublic]:
    """Micro-skills per skill in stack order; ?skill_id= keeps one skill's stack."""
    return practice.list_microskills(ctx, skill_id)


@router.post("/microskills", status_code=201)
def add_microskill(ctx: CtxDep, microskill_in: MicroSkillCreate) -> MicroSkillPublic:
    """Define a micro-skill; a skill's first one starts at once, later ones queue to stack."""
    return practice.add_microskill(ctx, microskill_in)


@router.post("/microskills/{microskill_id}/start")
def start_microskill(ctx: CtxDep, microskill_id: IdPath) -> MicroSkillPublic:
    """Start practising a queued micro-skill, within the limit of active ones."""
    return practice.start_microskill(ctx, microskill_id)


@router.post("/microskills/{microskill_id}/pause")
def pause_microskill(ctx: CtxDep, microskill_id: IdPath) -> MicroSkillPublic:
    """Put an active micro-skill back in its queue, to make room for another."""
    return practice.pause_microskill(ctx, microskill_id)


@router.post("/microskills/{microskill_id}/practice", status_code=201)
def log_practice(ctx: CtxDep, microskill_id: IdPath, entry: PracticeCreate) -> PracticeResult:
    """Log a session: it sets the next due day, and may master the skill and stack the next."""
    return practice.log_practice(ctx, microskill_id, entry)


@router.get("/microskills/{microskill_id}/curve")
def learning_curve(ctx: CtxDep, microskill_id: IdPath) -> CurvePublic:
    """The measured sessions, the Theil-Sen trend and the plateau check with its evidence."""
    return practice.learning_curve(ctx, microskill_id)


@router.get("/practice/consistency")
def consistency(ctx: CtxDep) -> ConsistencyPublic:
    """Days practised per week, minutes, the forgiving streak and the 12-week heatmap."""
    return practice.consistency(ctx)


@router.get("/skills/{skill_id}/plan")
def skill_plan(ctx: CtxDep, skill_id: IdPath) -> PlanPublic:
    """A four-week plan, one focus a week, from the skill's micro-skill stack."""
    return practice.skill_plan(ctx, skill_id)


@router.get("/skills/{skill_id}/plan.md", response_class=Response, responses=MARKDOWN_RESPONSE)
def skill_plan_markdown(ctx: CtxDep, skill_id: IdPath) -> Response:
    """The four-week plan as a Markdown file to download."""
    plan = practice.skill_plan(ctx, skill_id)
    disposition = f'attachment; filename="skill-{skill_id}-plan.md"'
    return Response(
        plan.markdown, media_type=MARKDOWN, headers={"Content-Disposition": disposition}
    )
