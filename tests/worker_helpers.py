"""Far ends for the reminders worker in tests: a local SMTP server and a webhook receiver."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

SAFETY = 60.0  # seconds: a safety net for waits, never an assertion


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class MailHandler:
    """Keeps accepted messages; can refuse the next ones, or hold the Nth until released."""

    messages: list[Message] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    hold_at: int | None = None
    seen: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Accept, refuse or hold one message (aiosmtpd's hook)."""
        self.seen += 1
        if self.refusals:
            return self.refusals.pop(0)
        if self.hold_at == self.seen:
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, SAFETY)
            return "451 4.3.0 held too long"  # the sender is gone by now
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"


@contextmanager
def mail_server(handler: MailHandler, port: int | None = None) -> Iterator[int]:
    """A local SMTP server on a free port (or the given one); yields the port."""
    chosen = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=chosen)
    controller.start()
    try:
        yield chosen
    finally:
        handler.release.set()
        controller.stop()


@dataclass
class HookHandlerState:
    """Requests a webhook receiver accepted, and the statuses it answers next (then 200; the
    path /gone always answers 404)."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, HookHandlerState]]:
    """A tiny HTTP server in a thread; yields its URL and what it received."""
    state = HookHandlerState()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/gone":
                status = 404
            else:
                status = state.statuses.pop(0) if state.statuses else 200
            if status == 200:
                state.requests.append(
                    {
                        "path": self.path,
                        "content_type": self.headers.get("Content-Type"),
                        "key": self.headers.get("Idempotency-Key"),
                        "json": json.loads(body),
                    }
                )
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", state
    finally:
        server.shutdown()
        server.server_close()
