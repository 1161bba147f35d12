"""HTML pages of the skill gap: the gap view, setting an objective's target role, adopting a gap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from microstep.core.dates import day_label
from microstep.errors import Conflict, MicrostepError
from microstep.services import gap
from microstep.services.context import Context
from microstep.services.gap_schemas import (
    MAX_TOP,
    AdoptAs,
    CoveragePublic,
    GapPublic,
    RoleSkillPublic,
)
from microstep.services.schemas import MAX_ID
from microstep.web.deps import CtxDep, IdPath
from microstep.web.forms import blank, choice, whole
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)

PAGE_TOP = 5  # gaps listed on the page; the API and CLI take --top


class RoleForm(BaseModel):
    """The target-role form: a URI the type-ahead picked, else the text typed."""

    model_config = ConfigDict(extra="ignore")

    occupation_uri: str = ""
    occupation_uri_text: str = ""


class AdoptForm(BaseModel):
    """One of a gap's three buttons."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    uri: str = ""
    as_: str = Field(default=AdoptAs.SKILL.value, alias="as")
    objective_id: str = ""
    rank: str = ""


@dataclass(frozen=True)
class Donut:
    """One coverage ring: strong and growing arcs on a missing track, in percent of the ring
    (the circles use pathLength 100, so percentages are lengths)."""

    name: str
    coverage: CoveragePublic
    strong: float
    growing: float
    growing_offset: float
    title: str


def donut(name: str, coverage: CoveragePublic) -> Donut:
    """The ring of one relation's coverage."""
    total = max(1, coverage.total)
    strong = round(100 * coverage.strong / total, 2)
    growing = round(100 * coverage.growing / total, 2)
    title = (
        f"{name.capitalize()} skills: {coverage.strong} of {coverage.total} strong, "
        f"{coverage.growing} growing, {coverage.missing} missing"
    )
    return Donut(name, coverage, strong, growing, -strong, title)


def skill_key(skill: RoleSkillPublic | str) -> str:
    """A short, stable HTML id part for an ESCO skill: the URI's last segment."""
    uri = skill if isinstance(skill, str) else skill.id
    return uri.rstrip("/").rsplit("/", 1)[-1]


@router.get("/gap")
def gap_page(
    request: Request,
    ctx: CtxDep,
    objective: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """The gap to the target role; without a role yet, a form to type one."""
    try:
        result = gap.skill_gap(ctx, objective, top=PAGE_TOP)
    except Conflict as exc:
        return _no_role(request, ctx, exc)
    return render(request, "gap.html", _context(ctx, result))


@router.post("/objectives/{objective_id}/role")
def set_role(
    request: Request, ctx: CtxDep, objective_id: IdPath, form: Annotated[RoleForm, Form()]
) -> Response:
    """Set an objective's target role from the picker's URI, or link the typed title."""
    result = gap.set_target_role(
        ctx,
        objective_id,
        uri=blank(form.occupation_uri),
        text=blank(form.occupation_uri_text),
    )
    flash(request, f"{result.message} Here is your gap to it.")
    return redirect(f"/gap?objective={result.objective_id}")


@router.post("/gap/adopt")
def adopt(request: Request, ctx: CtxDep, form: Annotated[AdoptForm, Form()]) -> Response:
    """Adopt a gap; with HTMX, answer with the gap redrawn and the coverage and lists refreshed."""
    htmx = request.headers.get("hx-request") == "true"
    try:
        as_ = choice(form.as_, options=AdoptAs, field="as")
        objective_id = whole(form.objective_id, field="objective_id", label="objective")
        rank = whole(form.rank, field="rank", label="rank")
        result = gap.adopt_gap(ctx, form.uri, as_, objective_id=objective_id)
    except MicrostepError as exc:
        if not htmx:
            raise
        # HTMX leaves 4xx answers unswapped: the refusal goes in the gap's note, read aloud.
        return _note(request, form.uri, "error", exc.message)
    kind = "ok" if result.created else "warn"
    if not htmx:
        flash(request, result.message, kind)
        query = f"?objective={objective_id}" if objective_id else ""
        return redirect(f"/gap{query}#gap-{skill_key(form.uri)}")
    fresh = gap.skill_gap(ctx, objective_id, top=MAX_TOP, link=False)
    item = next((g for g in fresh.gaps if g.skill.id == form.uri.strip()), None)
    if item is None:  # no longer a gap: the note alone says what happened
        return _note(request, form.uri, kind, result.message)
    context = _context(ctx, fresh) | {
        "item": item.model_copy(update={"rank": rank or item.rank}),
        "kind": kind,
        "message": result.message,
    }
    return render(request, "_gap_adopted.html", context)


def _note(request: Request, uri: str, kind: str, message: str) -> Response:
    """Just the gap's note, swapped into the gap's note area instead of the whole gap."""
    response = render(request, "_gap_note.html", {"kind": kind, "message": message})
    key = skill_key(uri)
    if key and all(ch.isalnum() or ch == "-" for ch in key):
        response.headers["HX-Retarget"] = f"#note-{key}"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def _context(ctx: Context, result: GapPublic) -> dict[str, Any]:
    return {
        "gap": result,
        "donuts": [donut("essential", result.essential), donut("optional", result.optional)],
        "choices": gap.role_choices(ctx),
        "key": skill_key,
        "day": day_label,
        "today": ctx.today,
    }


def _no_role(request: Request, ctx: Context, exc: Conflict) -> Response:
    choices = gap.role_choices(ctx)
    context = {
        "gap": None,
        "message": exc.message,
        "choices": choices,
        "pending": [item for item in choices if item.occupation is None],
    }
    return render(request, "gap.html", context)
