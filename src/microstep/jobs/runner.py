"""Running the worker: until stopped, or once (plan, send what is due now, exit)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import procrastinate

from microstep.jobs import tasks
from microstep.jobs.app import connected, ensure_schema
from microstep.jobs.channels import Channel, channels_for
from microstep.jobs.tasks import FIRST_RETRY_SECONDS, Prepared, Runtime
from microstep.settings import Settings
from microstep.store.db import Database


@dataclass(frozen=True)
class WorkerOptions:
    """How the worker runs."""

    concurrency: int = 1
    once: bool = False
    install_signal_handlers: bool = True
    first_retry_seconds: float = FIRST_RETRY_SECONDS


class _ShortRetries(logging.Filter):
    """A retry is expected (the mail server is down): one line with the reason, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Fold the exception into the message of a job that will be retried."""
        if getattr(record, "action", None) == "job_error_retry" and record.exc_info:
            record.msg = f"{record.getMessage()} ({record.exc_info[1]})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


RETRY_FILTER = _ShortRetries()


def run(
    settings: Settings,
    db: Database,
    options: WorkerOptions,
    *,
    channels: Mapping[str, Channel] | None = None,
    today: Callable[[], date] = date.today,
) -> Prepared:
    """Plan and send; with `once`, return when nothing due is left to send now."""
    url = db.engine.url.render_as_string(hide_password=False)
    ensure_schema(url)
    worker_log = logging.getLogger("procrastinate.worker")
    if RETRY_FILTER not in worker_log.filters:
        worker_log.addFilter(RETRY_FILTER)
    runtime = Runtime(
        db=db,
        settings=settings,
        channels=channels if channels is not None else channels_for(settings),
        first_retry_seconds=options.first_retry_seconds,
        today=today,
    )
    with connected(url, max_size=options.concurrency + 4) as app:
        return asyncio.run(_work(app, runtime, options))


async def _work(app: procrastinate.App, runtime: Runtime, options: WorkerOptions) -> Prepared:
    async with app.open_async():
        prepared = await tasks.prepare(runtime)
        if options.once:  # only sending: a planning job queued meanwhile waits for `run`
            await app.run_worker_async(
                queues=[tasks.SEND_QUEUE], **_worker_options(runtime, options)
            )
        else:
            await app.run_worker_async(**_worker_options(runtime, options))
        return prepared


def _worker_options(runtime: Runtime, options: WorkerOptions) -> dict[str, Any]:
    return {
        "wait": not options.once,
        "concurrency": options.concurrency,
        "listen_notify": not options.once,
        "delete_jobs": "successful",
        "additional_context": {tasks.RUNTIME: runtime},
        "install_signal_handlers": options.install_signal_handlers,
    }
