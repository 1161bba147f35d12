"""The market's JSON API: demand from imported postings, what to learn next, the postings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from microstep.core.postings import MAX_FILE_BYTES, check_size
from microstep.errors import InvalidInput
from microstep.services import market
from microstep.services.market_schemas import (
    MarketPublic,
    PostingImportPublic,
    PostingPublic,
    PostingsDeleted,
    SuggestionPublic,
)
from microstep.services.schemas import MAX_ID
from microstep.web.deps import CtxDep, IdPath
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["market"], responses=ERROR_RESPONSES)

ObjectiveQuery = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_ID,
        description="Weigh against this objective (default: the active one with a target role).",
    ),
]
TopQuery = Annotated[int, Query(ge=1, le=market.MAX_TOP)]


@router.get("/market")
def market_view(
    ctx: CtxDep, objective_id: ObjectiveQuery = None, top: TopQuery = market.TOP_SKILLS
) -> MarketPublic:
    """The skills imported postings name most, with their trend, and O*NET's hot and in-demand
    technologies for the objective's occupation."""
    return market.market_view(ctx, objective_id, top)


@router.get("/market/next")
def learn_next(
    ctx: CtxDep, objective_id: ObjectiveQuery = None, top: TopQuery = 10
) -> list[SuggestionPublic]:
    """What to learn next: demand x relevance to the objective x gap, each with its reasons."""
    return market.learn_next(ctx, top, objective_id)


@router.get("/market/postings")
def list_postings(
    ctx: CtxDep, limit: Annotated[int | None, Query(ge=1, le=10_000)] = None
) -> list[PostingPublic]:
    """Imported postings, newest first."""
    return market.list_postings(ctx, limit)


@router.post("/market/postings", status_code=201)
def import_postings(
    ctx: CtxDep,
    file: Annotated[UploadFile, File(description="A .csv with date and text columns, or text.")],
    default_date: Annotated[
        date | None,
        Form(alias="date", description="The day of postings that carry none (default: today)."),
    ] = None,
) -> PostingImportPublic:
    """Import postings from an uploaded file (multipart field `file`); all of them or none."""
    data = read_upload(file)
    name = file.filename or "upload"
    return market.import_postings(ctx, data, name=name, default_date=default_date)


@router.delete("/market/postings")
def delete_all(ctx: CtxDep) -> PostingsDeleted:
    """Delete every imported posting and the skills found in them."""
    return market.delete_postings(ctx)


@router.delete("/market/postings/{posting_id}")
def delete_one(ctx: CtxDep, posting_id: IdPath) -> PostingsDeleted:
    """Delete one imported posting."""
    return market.delete_postings(ctx, posting_id)


def read_upload(upload: UploadFile) -> bytes:
    """The uploaded bytes, refusing an empty or oversized file before it fills memory."""
    name = market.file_label(upload.filename or "upload")
    data = upload.file.read(MAX_FILE_BYTES + 1)
    check_size(len(data), name=name)
    if not data:
        raise InvalidInput(f"{name} is empty: choose a file of job postings.", field="file")
    return data
