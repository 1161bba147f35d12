"""Starting the web server and building the demo database from the command line."""

from __future__ import annotations

import os
import secrets
import socket
import threading

from pydantic import SecretStr

from microstep.cli.common import console, fail, settings
from microstep.demo.org import DEMO_PASSWORD, MEMBERS, build_org_demo
from microstep.demo.org import email as org_email
from microstep.demo.personal import build_personal_demo
from microstep.services import taxonomy
from microstep.settings import Settings
from microstep.store.db import Database, normalise_url, open_database


def serve_database(
    database: Database,
    *,
    host: str,
    port: int,
    workers: int = 1,
    app_settings: Settings | None = None,
) -> None:
    """Serve the UI for `database` until Ctrl+C; the URL is printed once the port is ours."""
    import uvicorn

    from microstep.web.app import create_app

    listening = _listen(host, port)
    if workers > 1:
        _serve_processes(database, host=host, port=port, listening=listening, workers=workers)
        return
    app = create_app((app_settings or settings()).model_copy(update={"host": host}), database)
    _warm_linkers(database)
    console.print(f"microstep is serving {database.url}")
    console.print(f"Open http://{host}:{port} in your browser (Ctrl+C stops).")
    config = uvicorn.Config(app, log_level="warning")
    uvicorn.Server(config).run(sockets=[listening])


def _serve_processes(
    database: Database, *, host: str, port: int, listening: socket.socket, workers: int
) -> None:
    """Several app processes on one socket: each builds its app from the environment (they
    keep nothing of their own, so any of them may answer any request)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ["MICROSTEP_DATABASE_URL"] = database.engine.url.render_as_string(hide_password=False)
    os.environ["MICROSTEP_HOST"] = host
    database.dispose()
    console.print(f"microstep is serving {database.url} with {workers} processes")
    console.print(f"Open http://{host}:{port} in your browser (Ctrl+C stops).")
    config = uvicorn.Config(
        "microstep.web.app:from_environment", factory=True, workers=workers, log_level="warning"
    )
    Multiprocess(config, sockets=[listening]).run()


def _warm_linkers(database: Database) -> None:
    """Build (or read from the cache) the linkers in the background, so the first keystroke in
    a picker does not wait for them; only when the taxonomy is already loaded."""
    if not taxonomy.is_current(database):
        return

    def warm() -> None:
        for kind in ("skill", "occupation"):
            taxonomy.linker(database, kind)

    threading.Thread(target=warm, name="warm-linkers", daemon=True).start()


def _listen(host: str, port: int) -> socket.socket:
    try:
        listening = socket.create_server((host, port))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        fail(
            f"Cannot listen on {host}:{port} ({reason}): pick another --port or stop what uses it."
        )
    # Accepted connections inherit this; without it, Nagle's algorithm and delayed ACKs hold
    # each small keep-alive response for 40 ms (asyncio only sets it on TCP sockets it made).
    listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listening


def build_org(url: str | None, *, port: int) -> tuple[Database, Settings]:
    """Build the organization demo into an empty PostgreSQL database; team-mode settings to
    serve it with on this machine."""
    url = url or settings().database_url
    if not url or not normalise_url(url).startswith("postgresql"):
        fail(
            "The organization demo runs in team mode, on PostgreSQL: pass --db "
            "postgresql://user@host/an_empty_database."
        )
    database = open_database(normalise_url(url))
    with console.status("Building the organization…") as status:
        ids = build_org_demo(database, progress=lambda name: status.update(f"Building {name}…"))
    if ids is None:
        fail(f"{database.url} already holds people: give an empty database to --db for the demo.")
    console.print(
        f"Demo organization ready in {database.url}: {len(ids)} people with months of practice, "
        "their colleagues, five years of career moves and an open marketplace."
    )
    console.print(f"Sign in as any of these with the password “{DEMO_PASSWORD}”:")
    for member in MEMBERS:
        role = (member.manages and f"manages {member.manages}") or ("HR admin" if member.hr else "")
        role = role or ("advisor" if member.advisor else member.team)
        console.print(f"  {org_email(member.key):22} {member.name} ({role})")
    team = settings().model_copy(
        update={
            "mode": "team",
            "database_url": url,
            "secret_key": SecretStr(secrets.token_urlsafe(32)),
            "cookie_secure": False,
            "base_url": f"http://127.0.0.1:{port}",
        }
    )
    return database, team


def build_demo(url: str | None) -> Database:
    """Build the demo into `url`, or into a fresh demo file in the data folder."""
    if url is None:
        path = settings().data_dir / "demo.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in path.parent.glob("demo.sqlite*"):
            leftover.unlink()
        url = f"sqlite:///{path}"
    database = open_database(normalise_url(url))
    with console.status("Building Maya's demo (the first time also loads ESCO and O*NET)…"):
        summary = build_personal_demo(database)
    if summary is None:
        fail(f"{database.url} already holds data: give an empty database to --db for the demo.")
    console.print(f"Demo ready: {summary} in {database.url}")
    return database
