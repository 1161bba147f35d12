"""The worker's tasks: plan what is due (every minute) and send one delivery (with retries).

Sending claims the delivery and commits that claim before talking to the channel, so a worker
killed mid-send leaves it `sending`; recovery then marks it uncertain instead of sending twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from procrastinate import BaseRetryStrategy, JobContext, RetryDecision
from procrastinate.jobs import Job, Status
from procrastinate.types import JSONDict

from microstep.jobs import planner
from microstep.jobs.app import app
from microstep.jobs.channels import Channel, Permanent, Retryable, Uncertain
from microstep.services import outbox, reminders
from microstep.settings import Settings
from microstep.store.db import Database

SEND_QUEUE = "reminders"
PLAN_QUEUE = "planning"
RUNTIME = "microstep"
FIRST_RETRY_SECONDS = 30.0  # then 2, 8 and 32 minutes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    """What the tasks work with: storage, settings, the channels, the clock."""

    db: Database
    settings: Settings
    channels: Mapping[str, Channel]
    first_retry_seconds: float = FIRST_RETRY_SECONDS
    today: Callable[[], date] = field(default=date.today)

    def retry_delay(self, attempts: int) -> float:
        """Seconds before the next try, growing fourfold with each attempt made."""
        return float(self.first_retry_seconds * 4 ** max(attempts - 1, 0))


@dataclass(frozen=True)
class Prepared:
    """What one planning pass did."""

    uncertain: list[int]
    planned: list[int]
    queued: list[int]


class RetryLater(Exception):
    """The delivery went back to pending; procrastinate runs the job again after `seconds`."""

    def __init__(self, reason: str, seconds: float) -> None:
        super().__init__(reason)
        self.seconds = seconds


class AsTold(BaseRetryStrategy):
    """Retry exactly when the task says so, after the delay it names (the outbox counts tries)."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        """A decision for RetryLater; None for anything else."""
        if isinstance(exception, RetryLater):
            return RetryDecision(retry_at=datetime.now(UTC) + timedelta(seconds=exception.seconds))
        return None


def runtime_of(context: JobContext) -> Runtime:
    """The runtime the worker was started with."""
    runtime = context.additional_context[RUNTIME]
    assert isinstance(runtime, Runtime)
    return runtime


@app.task(name="microstep.send_delivery", queue=SEND_QUEUE, pass_context=True, retry=AsTold())
def send_delivery(context: JobContext, delivery_id: int) -> None:
    """Send one delivery, at most once."""
    deliver(runtime_of(context), delivery_id)


@app.periodic(cron="* * * * *", periodic_id="plan")
@app.task(name="microstep.plan_reminders", queue=PLAN_QUEUE, pass_context=True)
async def plan_reminders(context: JobContext, timestamp: int) -> None:
    """Every minute: recover dead claims, plan what is due, queue what waits to be sent."""
    await prepare(runtime_of(context))


def deliver(runtime: Runtime, delivery_id: int) -> None:
    """Claim, send, record; a delivery that is not pending (or is held elsewhere) is left alone."""
    db = runtime.db
    with outbox.claimed(db, delivery_id, now=datetime.now(UTC)) as delivery:
        if delivery is None:
            return
        channel = runtime.channels.get(delivery.channel)
        if channel is None:
            outbox.mark_failed(db, delivery.id, f"The {delivery.channel} channel is not set up.")
            return
        try:
            channel.send(delivery)
        except Retryable as exc:
            if outbox.mark_retry(db, delivery, str(exc)):
                raise RetryLater(str(exc), runtime.retry_delay(delivery.attempts)) from exc
            return
        except Permanent as exc:
            outbox.mark_failed(db, delivery.id, str(exc))
            return
        except Uncertain as exc:
            outbox.mark_uncertain(db, delivery.id, str(exc))
            return
        except Exception as exc:  # an unknown failure may have sent it: do not risk a duplicate
            log.exception("Delivery %s failed unexpectedly", delivery.id)
            outbox.mark_uncertain(db, delivery.id, f"Unexpected error: {exc!r}")
            return
        outbox.mark_sent(db, delivery.id, now=datetime.now(UTC))


async def prepare(runtime: Runtime) -> Prepared:
    """Mark dead claims uncertain, store today's plan, and queue a job per waiting delivery."""
    await _close_stalled_jobs()
    uncertain = await asyncio.to_thread(outbox.recover, runtime.db)
    planned = await asyncio.to_thread(plan_today, runtime)
    queued = await queue_pending(runtime)
    return Prepared(uncertain=uncertain, planned=planned, queued=queued)


def plan_today(runtime: Runtime) -> list[int]:
    """Store today's deliveries; the ids of those not planned before."""
    due = planner.plan(runtime.db, runtime.settings, today=runtime.today())
    return reminders.store_planned(runtime.db, due, now=datetime.now(UTC))


async def queue_pending(runtime: Runtime) -> list[int]:
    """A send job for each pending delivery that has none waiting or running (new ones, and
    any whose job was lost with a killed worker)."""
    pending = await asyncio.to_thread(outbox.pending_ids, runtime.db)
    have = await _queued_deliveries()
    missing = [delivery_id for delivery_id in pending if delivery_id not in have]
    if missing:
        batch: list[JSONDict] = [{"delivery_id": delivery_id} for delivery_id in missing]
        await send_delivery.batch_defer_async(*batch)
    return missing


async def _close_stalled_jobs() -> None:
    """Jobs of workers that stopped beating are over: their deliveries are recovered or queued
    again from the outbox, which is the record of what was sent."""
    for job in await app.job_manager.get_stalled_jobs(task_name=send_delivery.name):
        if job.id is not None:
            await app.job_manager.finish_job_by_id_async(
                job_id=job.id, status=Status.FAILED, delete_job=False
            )


async def _queued_deliveries() -> set[int]:
    found: set[int] = set()
    for status in ("todo", "doing"):
        jobs = await app.job_manager.list_jobs_async(task=send_delivery.name, status=status)
        found.update(int(job.task_kwargs["delivery_id"]) for job in jobs)  # type: ignore[arg-type]
    return found
