"""Team mode's JSON API for accounts: who am I, API tokens, invites, the directory, HRIS import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, File, UploadFile

from microstep.errors import InvalidInput
from microstep.services import accounts
from microstep.services.accounts_schemas import (
    InviteCreate,
    InviteLink,
    PeopleImported,
    PersonCard,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    Viewer,
)
from microstep.web.deps import CtxDep, IdPath, SettingsDep, ViewerDep, team_feature
from microstep.web.errors import ERROR_RESPONSES

MAX_PEOPLE_FILE = 50_000_000

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["accounts"])
# Tokens, invites and the directory exist in team mode only; /api/health and /api/me answer in
# both modes.
TEAM_ONLY = [Depends(team_feature("Accounts exist in team mode only; personal mode has no login."))]


@router.get("/health")
def health() -> dict[str, str]:
    """A trivial answer that touches nothing: for load balancers and as a benchmark baseline."""
    return {"status": "ok"}


@router.get("/me")
def get_me(ctx: CtxDep, viewer: ViewerDep) -> Viewer:
    """Who the session or token acts for, their roles, and (for a session) the CSRF token."""
    return viewer or accounts.viewer_of(ctx)


@router.get("/tokens", dependencies=TEAM_ONLY)
def list_tokens(ctx: CtxDep) -> list[TokenPublic]:
    """Your API tokens (their secrets are never shown again)."""
    return accounts.list_tokens(ctx)


@router.post("/tokens", status_code=201, dependencies=TEAM_ONLY)
def create_token(ctx: CtxDep, form: TokenCreate) -> TokenCreated:
    """A new API token for scripts: send it as `Authorization: Bearer <token>`."""
    return accounts.create_token(ctx, form)


@router.delete("/tokens/{token_id}", dependencies=TEAM_ONLY)
def revoke_token(ctx: CtxDep, token_id: IdPath) -> TokenPublic:
    """Revoke one of your API tokens."""
    return accounts.revoke_token(ctx, token_id)


@router.post("/invites", status_code=201, dependencies=TEAM_ONLY)
def create_invite(ctx: CtxDep, settings: SettingsDep, form: InviteCreate) -> InviteLink:
    """An invite link: HR admins invite members; anyone invites a mentor."""
    return accounts.create_invite(ctx, form, settings=settings)


@router.get("/people", dependencies=TEAM_ONLY)
def list_people(ctx: CtxDep) -> list[PersonCard]:
    """The organization's directory: names, emails and teams."""
    return accounts.directory(ctx)


@router.post("/people/import", status_code=201, dependencies=TEAM_ONLY)
def import_people(
    ctx: CtxDep, settings: SettingsDep, file: Annotated[UploadFile, File()]
) -> PeopleImported:
    """Create or update people and teams from an HRIS CSV (HR admins), all rows or none."""
    return accounts.import_people(ctx, read_people_file(file), settings=settings)


def read_people_file(upload: UploadFile) -> bytes:
    """The uploaded people file, refusing an empty or oversized one."""
    data = upload.file.read(MAX_PEOPLE_FILE + 1)
    if len(data) > MAX_PEOPLE_FILE:
        raise InvalidInput("The people file is over 50 MB: split it.", field="file")
    if not data.strip():
        raise InvalidInput("The people file is empty: choose an HRIS CSV export.", field="file")
    return data


@router.post("/people/{person_id}/deactivate", dependencies=TEAM_ONLY)
def deactivate(ctx: CtxDep, person_id: IdPath) -> PersonCard:
    """Close a leaver's account (HR admins): sign-ins end and tokens stop; records stay."""
    return accounts.deactivate(ctx, person_id)


@router.delete("/me/mentors/{mentor_id}", status_code=204, dependencies=TEAM_ONLY)
def end_mentorship(ctx: CtxDep, mentor_id: IdPath) -> None:
    """Stop a mentor from seeing what you share with your manager and mentors."""
    accounts.end_mentorship(ctx, mentor_id)


@router.post("/me/password", status_code=204, dependencies=TEAM_ONLY)
def change_password(
    ctx: CtxDep,
    current: Annotated[str, Body(max_length=1000)],
    new: Annotated[str, Body(max_length=1000)],
) -> None:
    """Change your password; every other sign-in ends."""
    accounts.change_password(ctx, current=current, new=new)
