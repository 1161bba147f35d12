"""ESCO in the HTML pages: the pickers' type-ahead list, and relinking a skill on the map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from microstep.errors import InvalidInput
from microstep.services import skills
from microstep.web.deps import CtxDep, DbDep, IdPath
from microstep.web.forms import Form as FormModel
from microstep.web.forms import blank
from microstep.web.render import flash, redirect, templates

router = APIRouter(include_in_schema=False)

# Names and ids end up in element ids and a query parameter's name: keep them plain.
PLAIN = r"^[a-z][a-z0-9_-]{0,59}$"
PICKER = "_taxonomy_picker.html"


@router.get("/taxonomy/suggest")
def suggest(
    request: Request,
    db: DbDep,
    kind: Literal["skill", "occupation"],
    name: Annotated[str, Query(pattern=PLAIN)],
    id: Annotated[str | None, Query(pattern=PLAIN)] = None,
    q: Annotated[str | None, Query(max_length=skills.MAX_QUERY)] = None,
    limit: Annotated[int, Query(ge=1, le=skills.MAX_SUGGEST)] = 8,
) -> Response:
    """The picker's list items for what is typed (in `q`, or the picker's own `{name}_text`)."""
    typed = q if q is not None else request.query_params.get(f"{name}_text", "")
    typed = " ".join(typed.split())[: skills.MAX_QUERY]
    items: Sequence[BaseModel] = (
        skills.suggest_skills(db, typed, limit)
        if kind == "skill"
        else skills.suggest_roles(db, typed, limit)
    )
    # The list items are a macro of the picker's own template, so both live in one file.
    macro = templates.env.get_template(PICKER).module.taxonomy_suggestions  # type: ignore[attr-defined]
    return HTMLResponse(str(macro(id or name, kind, typed, items)))


class SkillLinkForm(FormModel):
    """The relink form of one skill: the picked URI and the words in the picker."""

    esco_uri: str = ""
    esco_uri_text: str = ""
    clear: str = ""


@router.post("/skills/{skill_id}/link")
def relink_skill(
    request: Request, ctx: CtxDep, skill_id: IdPath, form: Annotated[SkillLinkForm, Form()]
) -> Response:
    """Link a skill on the map to the ESCO skill picked, or remove the link."""
    uri = None if form.clear else blank(form.esco_uri)
    if uri is None and not form.clear and blank(form.esco_uri_text):
        raise InvalidInput("Pick an ESCO skill from the suggestions to link it.", field="esco_uri")
    skill = skills.link_skill(ctx, skill_id, uri)
    if skill.esco_label:
        flash(request, f"'{skill.name}' is linked to ESCO: {skill.esco_label}.")
    else:
        flash(request, f"'{skill.name}' is no longer linked to ESCO.")
    return redirect(f"/skills#skill-{skill.id}")
