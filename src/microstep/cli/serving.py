"""Starting the web server and building the demo database from the command line."""

from __future__ import annotations

from microstep.cli.common import console, fail, settings
from microstep.demo.personal import build_personal_demo
from microstep.store.db import Database, normalise_url, open_database


def serve_database(database: Database, *, host: str, port: int) -> None:
    """Serve the UI for `database` until Ctrl+C."""
    import uvicorn

    from microstep.web.app import create_app

    app = create_app(settings(), database)
    console.print(f"microstep is serving {database.url}")
    console.print(f"Open http://{host}:{port} in your browser (Ctrl+C stops).")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def build_demo(url: str | None) -> Database:
    """Build the demo into `url`, or into a fresh demo file in the data folder."""
    if url is None:
        path = settings().data_dir / "demo.sqlite"
        for leftover in path.parent.glob("demo.sqlite*"):
            leftover.unlink()
        url = f"sqlite:///{path}"
    database = open_database(normalise_url(url))
    summary = build_personal_demo(database)
    if summary is None:
        fail(f"{database.url} already holds data: give an empty database to --db for the demo.")
    console.print(f"Demo ready: {summary} in {database.url}")
    return database
