"""Team mode's pages for accounts: sign in and out, invites, your account, the directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from microstep.errors import MicrostepError
from microstep.services import accounts, reminders
from microstep.services.accounts_schemas import (
    InviteAccept,
    InviteCreate,
    PeopleImported,
    SignIn,
    TokenCreate,
)
from microstep.services.context import Context
from microstep.services.reminders_schemas import NotificationsUpdate
from microstep.settings import Settings
from microstep.web.account_api import read_people_file
from microstep.web.deps import (
    SESSION_COOKIE,
    CtxDep,
    DbDep,
    IdPath,
    SettingsDep,
    ViewerDep,
    team_feature,
)
from microstep.web.render import flash, redirect, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[
        Depends(team_feature("Accounts exist in team mode only; personal mode has no login."))
    ],
)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def signed_in(response: Response, token: str, *, settings: Settings) -> Response:
    """Set the session cookie: HttpOnly, SameSite=Lax, Secure unless told otherwise."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86400,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
    )
    return response


@router.get("/login")
def login_page(
    request: Request, settings: SettingsDep, viewer: ViewerDep, next: str = "/"
) -> Response:
    """The sign-in form (the dashboard when already signed in)."""
    if viewer is not None:
        return redirect(safe_next(next))
    return render(request, "login.html", {"next": safe_next(next), "email": "", "error": None})


@router.post("/login")
def login(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password and open a session; a refusal keeps the email typed."""
    client = request.client.host if request.client else "unknown"
    try:
        signed = accounts.sign_in(
            db, SignIn(email=email, password=password), client=client, settings=settings
        )
    except MicrostepError as exc:
        context = {"next": safe_next(next), "email": email, "error": exc}
        return render(request, "login.html", context, status=exc.status)
    return signed_in(redirect(safe_next(next)), signed.token, settings=settings)


@router.post("/logout")
def logout(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    """End this sign-in."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.sign_out(db, token)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/invite/{token}")
def invite_page(request: Request, db: DbDep, settings: SettingsDep, token: str) -> Response:
    """Accept an invite: choose a name and password (or confirm yours)."""
    invite = accounts.describe_invite(db, token)
    context = {"invite": invite, "token": token, "error": None, "name": ""}
    return render(request, "invite.html", context)


@router.post("/invite/{token}")
def accept_invite(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    token: str,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Create the account (or add the mentorship) and sign in."""
    invite = accounts.describe_invite(db, token)
    try:
        signed = accounts.accept_invite(
            db, token, InviteAccept(name=name or None, password=password), settings=settings
        )
    except MicrostepError as exc:
        context = {"invite": invite, "token": token, "error": exc, "name": name}
        return render(request, "invite.html", context, status=exc.status)
    flash(request, "Welcome to microstep.")
    return signed_in(redirect("/"), signed.token, settings=settings)


@router.get("/account")
def account_page(request: Request, ctx: CtxDep) -> Response:
    """Your account: password, API tokens, mentors."""
    return _account(request, ctx)


def _account(
    request: Request,
    ctx: Context,
    *,
    new_token: str | None = None,
    new_invite: str | None = None,
    status: int = 200,
) -> Response:
    """The account page; a new token or invite link is shown in this answer only (never kept
    in a cookie)."""
    context = {
        "viewer": accounts.viewer_of(ctx),
        "tokens": accounts.list_tokens(ctx),
        "mentors": accounts.mentors(ctx),
        "notifications": reminders.notifications(ctx),
        "new_token": new_token,
        "new_invite": new_invite,
    }
    return render(request, "account.html", context, status=status)


@router.post("/account/password")
def change_password(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    current: Annotated[str, Form(max_length=1000)] = "",
    new: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Change your password; you sign in again with the new one."""
    accounts.change_password(ctx, current=current, new=new)
    flash(request, "Password changed: sign in with the new one.")
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/account/notifications")
def update_notifications(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    notify_email: Annotated[bool, Form()] = False,
    webhook_url: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Reminders by email (on or off) and by webhook (a URL, or none)."""
    form = NotificationsUpdate(notify_email=notify_email, webhook_url=webhook_url or None)
    reminders.update_notifications(ctx, form)
    flash(request, "Reminder settings saved.")
    return redirect("/account")


@router.post("/account/tokens")
def create_token(
    request: Request, ctx: CtxDep, settings: SettingsDep, name: Annotated[str, Form()] = ""
) -> Response:
    """A new API token, shown once on the account page."""
    created = accounts.create_token(ctx, TokenCreate(name=name[:100]))
    return _account(request, ctx, new_token=created.token, status=201)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, ctx: CtxDep, settings: SettingsDep, token_id: IdPath
) -> Response:
    """Revoke a token."""
    revoked = accounts.revoke_token(ctx, token_id)
    flash(request, f"Token “{revoked.name}” no longer works.")
    return redirect("/account")


@router.post("/account/mentors")
def invite_mentor(
    request: Request, ctx: CtxDep, settings: SettingsDep, email: Annotated[str, Form()] = ""
) -> Response:
    """An invite link for a mentor, shown once on the account page."""
    link = accounts.create_invite(
        ctx, InviteCreate(email=email[:320], kind="mentor"), settings=settings
    )
    return _account(request, ctx, new_invite=link.url, status=201)


@router.post("/account/mentors/{mentor_id}/end")
def end_mentorship(request: Request, ctx: CtxDep, mentor_id: IdPath) -> Response:
    """Stop a mentor from seeing what you share with your manager and mentors."""
    accounts.end_mentorship(ctx, mentor_id)
    flash(request, "That mentor no longer sees what you share.")
    return redirect("/account")


@router.post("/people/{person_id}/deactivate")
def deactivate(request: Request, ctx: CtxDep, person_id: IdPath) -> Response:
    """Close a leaver's account (HR admins)."""
    closed = accounts.deactivate(ctx, person_id)
    flash(request, f"{closed.name}'s account is closed: their sign-ins and tokens stopped.")
    return redirect("/people")


@router.get("/people")
def people_page(request: Request, ctx: CtxDep) -> Response:
    """The directory; HR admins also import people and invite members here."""
    return _people(request, ctx)


def _people(
    request: Request,
    ctx: Context,
    *,
    new_invite: str | None = None,
    imported: PeopleImported | None = None,
    status: int = 200,
) -> Response:
    """The directory page; new invite links are shown in this answer only."""
    context = {
        "viewer": accounts.viewer_of(ctx),
        "people": accounts.directory(ctx),
        "new_invite": new_invite,
        "imported": imported,
    }
    return render(request, "people.html", context, status=status)


@router.post("/people/invite")
def invite_member(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    email: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "employee",
    team: Annotated[str, Form()] = "",
) -> Response:
    """An invite link for a new member (HR admins)."""
    form = InviteCreate(
        email=email[:320],
        role="hr_admin" if role == "hr_admin" else "employee",
        team=team[:200] or None,
    )
    link = accounts.create_invite(ctx, form, settings=settings)
    return _people(request, ctx, new_invite=link.url, status=201)


@router.post("/people/import")
def import_people(
    request: Request, ctx: CtxDep, settings: SettingsDep, file: Annotated[UploadFile, File()]
) -> Response:
    """Import an HRIS CSV (HR admins): all rows or none."""
    done = accounts.import_people(ctx, read_people_file(file), settings=settings)
    return _people(request, ctx, imported=done, status=201)
