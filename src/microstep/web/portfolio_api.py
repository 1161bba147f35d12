"""The JSON API of the portfolio, the stakeholder update and the data export."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from microstep.services import portfolio, transfer
from microstep.services.portfolio_schemas import (
    AchievementCreate,
    AchievementPublic,
    AchievementUpdate,
    ExportPublic,
    SuggestionPick,
    SuggestionPublic,
    UpdatePublic,
)
from microstep.web.deps import CtxDep, IdPath
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
DayQuery = Annotated[date | None, Query()]


@router.get("/portfolio/achievements", tags=["portfolio"])
def list_achievements(ctx: CtxDep) -> list[AchievementPublic]:
    """The portfolio's achievements, newest first."""
    return portfolio.list_achievements(ctx)


@router.post("/portfolio/achievements", status_code=201, tags=["portfolio"])
def add_achievement(ctx: CtxDep, achievement_in: AchievementCreate) -> AchievementPublic:
    """Add an achievement typed by hand: a title, a metric and a short story."""
    return portfolio.add_achievement(ctx, achievement_in)


@router.post("/portfolio/suggestions", status_code=201, tags=["portfolio"])
def add_suggested(ctx: CtxDep, pick: SuggestionPick) -> AchievementPublic:
    """Add a suggested achievement (a finished goal, a mastered micro-skill or a signal)."""
    return portfolio.add_suggested(ctx, pick)


@router.get("/portfolio/suggestions", tags=["portfolio"])
def list_suggestions(ctx: CtxDep) -> list[SuggestionPublic]:
    """Achievements worth adding, from sources not yet in the portfolio."""
    return portfolio.suggest(ctx)


@router.patch("/portfolio/achievements/{achievement_id}", tags=["portfolio"])
def edit_achievement(
    ctx: CtxDep, achievement_id: IdPath, update: AchievementUpdate
) -> AchievementPublic:
    """Change an achievement's title, metric, story or day."""
    return portfolio.edit_achievement(ctx, achievement_id, update)


@router.delete("/portfolio/achievements/{achievement_id}", tags=["portfolio"])
def delete_achievement(ctx: CtxDep, achievement_id: IdPath) -> AchievementPublic:
    """Remove an achievement; its source is suggested again."""
    return portfolio.delete_achievement(ctx, achievement_id)


@router.get("/portfolio/update", tags=["portfolio"])
def stakeholder_update(ctx: CtxDep, since: DayQuery = None, until: DayQuery = None) -> UpdatePublic:
    """A 3-bullet stakeholder update (impact, progress, open question); default last 14 days."""
    return portfolio.stakeholder_update(ctx, since, until)


@router.get("/export", tags=["data"], response_model=ExportPublic)
def export_all(ctx: CtxDep) -> Response:
    """All of the person's data as versioned JSON, the same file `microstep export` writes."""
    return Response(transfer.export_json(ctx), media_type="application/json")
