"""The move tracker in the JSON API: the same service functions as `microstep move`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from microstep.services import moves
from microstep.services.moves_schemas import (
    MoveCreate,
    MoveOutcomeCreate,
    MovePublic,
    MoveTimeline,
    MoveUpdate,
    OutcomePublic,
)
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["moves"])
TEAM_ONLY = team_feature("Colleagues' moves exist in team mode only.")


@router.get("/moves")
def get_timeline(ctx: CtxDep) -> MoveTimeline:
    """Your moves in order, the role you hold, and the breadth-and-depth check."""
    return moves.timeline(ctx)


@router.post("/moves", status_code=201)
def add_move(ctx: CtxDep, body: MoveCreate) -> MovePublic:
    """Add a move; a short trial (stretch, rotation, temp_lead, shadowing, gig) needs an end
    date and success criteria."""
    return moves.add_move(ctx, body)


@router.get("/moves/{move_id}")
def get_move(ctx: CtxDep, move_id: IdPath) -> MovePublic:
    """One of your moves."""
    return moves.get_move(ctx, move_id)


@router.patch("/moves/{move_id}")
def edit_move(ctx: CtxDep, move_id: IdPath, body: MoveUpdate) -> MovePublic:
    """Change a move; fields left out stay as they are."""
    return moves.edit_move(ctx, move_id, body)


@router.delete("/moves/{move_id}")
def delete_move(ctx: CtxDep, move_id: IdPath) -> MovePublic:
    """Take a move off your timeline; returns what was removed."""
    return moves.delete_move(ctx, move_id)


@router.post("/moves/{move_id}/outcome")
def record_outcome(ctx: CtxDep, move_id: IdPath, body: MoveOutcomeCreate) -> OutcomePublic:
    """Record how a move went: the evidence log gets an entry, each intended skill a line of
    evidence, and a met move raises them one level (once)."""
    return moves.record_outcome(ctx, move_id, body)


@router.get("/people/{person_id}/moves", dependencies=[Depends(TEAM_ONLY)])
def get_colleague_moves(ctx: CtxDep, person_id: IdPath) -> MoveTimeline:
    """A colleague's moves, as far as they share them with you."""
    return moves.colleague_timeline(ctx, person_id)
