"""The reminders worker: due reminders go out by email and webhook, once each, even when the
mail server is down for a while or the worker is killed mid-send (PostgreSQL only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from microstep.errors import InvalidInput
from microstep.jobs import planner
from microstep.jobs.channels.base import Permanent
from microstep.jobs.channels.email import message_id
from microstep.jobs.channels.webhook import payload, refuse_private
from microstep.jobs.runner import WorkerOptions, run
from microstep.jobs.tasks import Prepared
from microstep.services import coaching, outbox, practice, reminders, skills
from microstep.services.coaching_schemas import CoachingCreate, CoachingSchedule
from microstep.services.context import Context
from microstep.services.reminders_schemas import DeliveryOut, NotificationsUpdate
from microstep.services.schemas import MicroSkillCreate, SkillCreate
from microstep.settings import Settings, get_settings
from microstep.store.db import Database
from microstep.store.models import Delivery, Person
from microstep.store.reminders import LOCK_SPACE
from microstep.web.app import create_app
from tests.cli import ms, refused
from tests.conftest import TEAM_SECRET, TODAY
from tests.team import Org, make_org, persona_ctx, sign_in, team_client
from tests.worker_helpers import (
    SAFETY,
    MailHandler,
    free_port,
    mail_server,
    webhook_receiver,
)

FRIDAY = TODAY + timedelta(days=2)
MICROSTEP = (sys.executable, "-c", "from microstep.cli.main import run; run()")
PROCRASTINATE_TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)


@pytest.fixture
def worker_db(team_db: Database) -> Iterator[Database]:
    """The team database with procrastinate's queue emptied too (it lives in its own schema)."""
    _empty_queue(team_db)
    yield team_db
    _empty_queue(team_db)


def _empty_queue(db: Database) -> None:
    with db.engine.begin() as conn:
        if conn.execute(text("SELECT to_regclass('procrastinate.procrastinate_jobs')")).scalar():
            names = ", ".join(f"procrastinate.{name}" for name in PROCRASTINATE_TABLES)
            conn.execute(text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture
def org(worker_db: Database) -> Org:
    """The personas, with nobody's reminders due yet."""
    return make_org(worker_db)


def with_mail(settings: Settings, port: int) -> Settings:
    """The team settings with a mail server on this port."""
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})


def practise(db: Database, org: Org, *personas: str, today: date = TODAY) -> None:
    """Give each persona one active micro-skill, due from `today`."""
    for persona in personas:
        ctx = Context(db=db, person_id=org.ids[persona], today=today)
        skill = skills.add_skill(ctx, SkillCreate(name="SQL", current_level=1, target_level=3))
        practice.add_microskill(
            ctx,
            MicroSkillCreate(
                skill_id=skill.id,
                definition=f"Write one window function ({persona})",
                metric="minutes per query",
                mastery_threshold=5,
            ),
        )


def run_once(
    settings: Settings, db: Database, *, day: date = TODAY, first_retry: float = 0.0
) -> Prepared:
    """The worker with --once, in process, on a fixed day; webhooks may reach this machine's
    test receiver."""
    options = WorkerOptions(
        once=True, install_signal_handlers=False, first_retry_seconds=first_retry
    )
    local = settings.model_copy(update={"webhook_private_hosts": True})
    return run(local, db, options, today=lambda: day)


def rows(db: Database) -> list[Delivery]:
    """Every delivery, by id."""
    with db.transaction() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def set_person(db: Database, org: Org, persona: str, **values: object) -> None:
    """Change a persona's account fields directly (test setup)."""
    with db.transaction() as session:
        session.execute(update(Person).where(Person.id == org.ids[persona]).values(**values))


# --- what arrives -----------------------------------------------------------------------------


def test_a_due_practice_arrives_by_email_and_webhook_with_its_content(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner")
    handler = MailHandler()
    with mail_server(handler) as port, webhook_receiver() as (url, hook):
        set_person(worker_db, org, "owner", webhook_url=url)
        settings = with_mail(team_settings, port)
        run_once(settings, worker_db)

    assert len(handler.messages) == 1
    mail = handler.messages[0]
    assert mail["To"] == "owner@example.org"
    assert mail["Subject"] == "Practice today: 1 micro-skill, 5 minutes"
    key = f"practice:{org.ids['owner']}:{TODAY}:email"
    assert mail["Message-ID"] == message_id(key, settings.mail_from)
    body = mail.get_payload(decode=True).decode()
    assert "Write one window function (owner) (5 min)" in body
    assert "https://127.0.0.1/practice" in body
    assert len(hook.requests) == 1
    posted = hook.requests[0]
    assert posted["content_type"] == "application/json"
    assert posted["key"] == f"practice:{org.ids['owner']}:{TODAY}:webhook"
    assert posted["json"]["text"].startswith("*Practice today: 1 micro-skill, 5 minutes*\n")
    assert {row.status for row in rows(worker_db)} == {"sent"}


def test_planning_twice_stores_and_sends_each_reminder_once(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner", "colleague")
    handler = MailHandler()
    with mail_server(handler) as port:
        settings = with_mail(team_settings, port)
        first = run_once(settings, worker_db)
        second = run_once(settings, worker_db)

    assert len(first.planned) == 2
    assert second.planned == []
    assert len(rows(worker_db)) == 2
    assert sorted(m["To"] for m in handler.messages) == [
        "colleague@example.org",
        "owner@example.org",
    ]


def test_a_person_with_email_off_gets_no_email_but_still_their_webhook(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner", "colleague")
    handler = MailHandler()
    with mail_server(handler) as port, webhook_receiver() as (url, hook):
        ctx = persona_ctx(worker_db, org, "owner")
        reminders.update_notifications(
            ctx, NotificationsUpdate(notify_email=False, webhook_url=url)
        )
        run_once(with_mail(team_settings, port), worker_db)

    assert [m["To"] for m in handler.messages] == ["colleague@example.org"]
    assert len(hook.requests) == 1
    assert "(owner)" in hook.requests[0]["json"]["text"]


def test_without_a_mail_server_nothing_is_planned_by_email(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner")
    prepared = run_once(team_settings, worker_db)
    assert prepared.planned == []
    assert rows(worker_db) == []


def test_fridays_remind_of_the_weekly_review_until_it_is_saved(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    from microstep.services import review
    from microstep.services.review_schemas import ReviewUpdate

    saved = Context(db=worker_db, person_id=org.ids["owner"], today=FRIDAY)
    review.save_review(saved, None, ReviewUpdate(what_worked="Daily SQL"))
    planned = planner.plan(worker_db, with_mail(team_settings, 25), today=FRIDAY)
    reviewed = {p.person_id for p in planned if p.kind == "review"}
    assert org.ids["colleague"] in reviewed
    assert org.ids["owner"] not in reviewed
    week = f"{FRIDAY.isocalendar().year}-W{FRIDAY.isocalendar().week:02d}"
    assert f"review:{org.ids['colleague']}:{week}:email" in {p.dedupe_key for p in planned}
    wednesday = planner.plan(worker_db, with_mail(team_settings, 25), today=TODAY)
    assert [p for p in wednesday if p.kind == "review"] == []


def test_a_check_in_today_is_reminded_on_its_day_only(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    from microstep.services import checkins
    from microstep.services.reflection_schemas import CheckInCreate

    ctx = persona_ctx(worker_db, org, "owner")
    checkins.add_checkin(
        ctx,
        CheckInCreate(with_whom="Mel", first=f"{TODAY} 23:30", every="weekly", timezone="UTC"),
    )
    settings = with_mail(team_settings, 25)
    today = [p for p in planner.plan(worker_db, settings, today=TODAY) if p.kind == "checkin"]
    assert [p.subject for p in today] == ["Check-in today: Check-in with Mel"]
    assert "23:30" in today[0].body
    assert [p for p in planner.plan(worker_db, settings, today=FRIDAY) if p.kind == "checkin"] == []
    next_week = TODAY + timedelta(days=7)
    assert [p.kind for p in planner.plan(worker_db, settings, today=next_week)].count(
        "checkin"
    ) == 1


# --- failures ---------------------------------------------------------------------------------


def test_a_mail_server_asking_to_wait_gets_the_reminder_on_the_next_try(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner")
    handler = MailHandler(refusals=["451 4.3.2 Try again later"])
    with mail_server(handler) as port:
        run_once(with_mail(team_settings, port), worker_db)

    assert len(handler.messages) == 1
    [row] = rows(worker_db)
    assert (row.status, row.attempts) == ("sent", 2)


def test_an_smtp_outage_keeps_the_reminder_pending_then_it_goes_out_once_when_back(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner")
    port = free_port()
    settings = with_mail(team_settings, port)
    run_once(settings, worker_db, first_retry=3600)  # nobody listens: connection refused
    [row] = rows(worker_db)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error is not None
    assert "Cannot reach the mail server" in row.last_error

    _retry_now(worker_db)  # as if the hour before the retry had passed
    handler = MailHandler()
    with mail_server(handler, port):
        run_once(settings, worker_db, first_retry=3600)
        run_once(settings, worker_db, first_retry=3600)

    assert len(handler.messages) == 1
    [row] = rows(worker_db)
    assert (row.status, row.attempts) == ("sent", 2)


def _retry_now(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL search_path TO procrastinate"))  # its triggers need it
        conn.execute(
            text(
                "UPDATE procrastinate.procrastinate_jobs SET scheduled_at = now() "
                "WHERE status = 'todo'"
            )
        )


def test_a_reminder_fails_after_five_refused_tries_and_says_why(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner")
    run_once(with_mail(team_settings, free_port()), worker_db)
    [row] = rows(worker_db)
    assert (row.status, row.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert row.last_error is not None
    assert "Cannot reach the mail server" in row.last_error
    status = reminders.outbox_status(worker_db)
    assert status.counts["failed"] == 1
    assert [d.id for d in status.failed] == [row.id]


def test_a_webhook_answering_503_is_retried_and_a_404_fails_for_good(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    practise(worker_db, org, "owner", "colleague")
    with webhook_receiver() as (url, hook):
        set_person(worker_db, org, "owner", webhook_url=url)
        set_person(worker_db, org, "colleague", webhook_url=url.replace("/hook", "/gone"))
        hook.statuses = [503]
        run_once(team_settings, worker_db)
    by_person = {row.person_id: row for row in rows(worker_db)}
    owner, colleague = by_person[org.ids["owner"]], by_person[org.ids["colleague"]]
    assert (owner.status, owner.attempts) == ("sent", 2)
    assert [r["path"] for r in hook.requests] == ["/hook"]
    assert (colleague.status, colleague.attempts) == ("failed", 1)
    assert colleague.last_error is not None
    assert "404" in colleague.last_error


# --- killed mid-send --------------------------------------------------------------------------


def _env(db: Database, port: int, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROSTEP_")}
    env.update(
        MICROSTEP_MODE="team",
        MICROSTEP_SECRET_KEY=TEAM_SECRET,
        MICROSTEP_DATABASE_URL=db.engine.url.render_as_string(hide_password=False),
        MICROSTEP_DATA_DIR=str(tmp_path / "data"),
        MICROSTEP_BASE_URL="https://127.0.0.1",
        MICROSTEP_SMTP_HOST="127.0.0.1",
        MICROSTEP_SMTP_PORT=str(port),
        MICROSTEP_WEBHOOK_PRIVATE_HOSTS="true",
    )
    return env


def _microstep(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [*MICROSTEP, *args]
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _until(check: Callable[[], bool], what: str) -> None:
    """Poll until `check` holds; the deadline is only a safety net against a hung test."""
    deadline = time.monotonic() + SAFETY
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def _sending_locks(db: Database) -> int:
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :space "
        "AND objsubid = 2 AND database = (SELECT oid FROM pg_database "
        "WHERE datname = current_database())"
    )
    with db.engine.connect() as conn:
        return int(conn.execute(query, {"space": LOCK_SPACE}).scalar_one())


def test_a_worker_killed_mid_send_never_sends_a_reminder_twice(
    worker_db: Database, org: Org, tmp_path: Path
) -> None:
    practise(worker_db, org, "owner", "colleague", "circle", "manager", today=date.today())
    handler = MailHandler(hold_at=2)
    log = tmp_path / "worker.log"
    with mail_server(handler) as port:
        env = _env(worker_db, port, tmp_path)
        worker = _microstep("worker", "run", env=env, log=log)
        try:
            assert handler.held.wait(SAFETY), log.read_text()
            in_flight = [row for row in rows(worker_db) if row.status == "sending"]
            assert len(in_flight) == 1
            assert _sending_locks(worker_db) == 1
            worker.send_signal(signal.SIGKILL)
            worker.wait(SAFETY)
        finally:
            if worker.poll() is None:
                worker.kill()
        _until(lambda: _sending_locks(worker_db) == 0, "the killed worker's lock to go")
        handler.release.set()
        again = _microstep("worker", "run", "--once", env=env, log=log)
        assert again.wait(SAFETY) == 0, log.read_text()

    final = {row.id: row for row in rows(worker_db)}
    lost = final[in_flight[0].id]
    assert lost.status == "uncertain"
    emails = [row for row in final.values() if row.channel == "email"]
    assert len(emails) >= 4
    received = Counter(m["Message-ID"] for m in handler.messages)
    assert max(received.values()) == 1
    sender = Settings.model_fields["mail_from"].default
    expected = {message_id(row.dedupe_key, sender) for row in emails}
    assert set(received) == expected - {message_id(lost.dedupe_key, sender)}
    assert {row.status for row in emails if row.id != lost.id} == {"sent"}

    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from microstep.cli.main import run; run()",
            "worker",
            "status",
            "--format",
            "json",
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    status = json.loads(shown.stdout)
    assert [d["id"] for d in status["uncertain"]] == [lost.id]
    assert status["counts"]["uncertain"] == 1


# --- notification settings --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.org/x",
        "javascript:alert(1)",
        "https://",
        "https://user:secret@hooks.example.org/x",
        "https://hooks.example.org/a b",
        "https://hooks.example.org:99999/x",
    ],
)
def test_a_webhook_url_that_is_not_plain_http_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        reminders.clean_webhook_url(url)
    assert caught.value.field == "webhook_url"


def test_notification_settings_round_trip_through_the_api(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    client = sign_in(team_settings, worker_db, org.email("owner"))
    assert client.get("/api/me/notifications").json() == {
        "email": "owner@example.org",
        "notify_email": True,
        "webhook_url": None,
    }
    hook = "https://hooks.slack.com/services/T0/B0/abc"
    response = client.put(
        "/api/me/notifications", json={"notify_email": False, "webhook_url": hook}
    )
    assert response.status_code == 200, response.text
    assert response.json()["webhook_url"] == hook
    refused_url = client.put(
        "/api/me/notifications", json={"notify_email": True, "webhook_url": "file:///etc/passwd"}
    )
    assert refused_url.status_code == 422
    assert client.get("/api/me/notifications").json()["notify_email"] is False
    colleague = reminders.notifications(persona_ctx(worker_db, org, "colleague"))
    assert colleague.webhook_url is None


def test_notification_settings_need_a_sign_in_and_team_mode(
    team_settings: Settings, worker_db: Database, org: Org, tmp_path: Path
) -> None:
    stranger = team_client(team_settings, worker_db)
    assert stranger.get("/api/me/notifications").status_code == 401
    assert stranger.put("/api/me/notifications", json={"notify_email": False}).status_code == 401
    personal = Settings(data_dir=tmp_path, database_url=team_settings.database_url)
    local = TestClient(create_app(personal, worker_db), base_url="http://127.0.0.1")
    assert local.get("/api/me/notifications").status_code == 404


# --- the command line -------------------------------------------------------------------------


def test_the_worker_refuses_sqlite(isolated_settings: None, tmp_path: Path) -> None:
    refused(
        ms("worker", "run", "--once", db=str(tmp_path / "x.sqlite")), "The worker needs PostgreSQL"
    )


def test_the_worker_refuses_personal_mode(isolated_settings: None, worker_db: Database) -> None:
    url = worker_db.engine.url.render_as_string(hide_password=False)
    refused(ms("worker", "status", db=url), "The worker runs in team mode only")


def test_worker_plan_is_a_dry_run_of_today(
    worker_db: Database, org: Org, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    practise(worker_db, org, "owner", today=date.today())
    for name, value in _env(worker_db, 25, tmp_path).items():
        if name.startswith("MICROSTEP_"):
            monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        result = ms("worker", "plan", "--format", "json")
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    found = [item for item in json.loads(result.stdout) if item["kind"] == "practice"]
    assert [(f["address"], f["planned_before"]) for f in found] == [("owner@example.org", False)]
    assert rows(worker_db) == []


def test_a_career_conversation_within_a_day_reminds_both_people_once(
    team_settings: Settings, worker_db: Database, org: Org
) -> None:
    set_person(worker_db, org, "colleague", is_advisor=True)
    today = date.today()
    asker = Context(db=worker_db, person_id=org.ids["owner"], today=today)
    advisor = Context(db=worker_db, person_id=org.ids["colleague"], today=today)
    asked = coaching.ask_coaching(asker, CoachingCreate(topic="Moving into data engineering"))
    soon = datetime.now(UTC) + timedelta(hours=3)
    coaching.schedule_request(advisor, asked.id, CoachingSchedule(scheduled_for=soon))
    found = planner.due_reminders(
        worker_db, reminders.recipients(worker_db), today=today, base_url="https://x"
    )
    talks = [item for item in found if item.kind == "coaching"]
    assert sorted(item.person_id for item in talks) == sorted(
        [org.ids["owner"], org.ids["colleague"]]
    )
    assert {item.ref for item in talks} == {str(asked.id)}


def test_a_webhook_to_an_internal_address_is_refused_unless_allowed() -> None:
    for url in ("http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://169.254.169.254/x"):
        with pytest.raises(Permanent, match="internal address"):
            refuse_private(url)
    delivery = DeliveryOut(
        id=1,
        person_id=1,
        kind="practice",
        channel="webhook",
        dedupe_key="k",
        address="http://127.0.0.1:9/hook",
        subject="Hi <!channel>",
        body="See <https://evil.example|your password> & more",
        attempts=0,
    )
    text = payload(delivery)["text"]
    assert "<" not in text
    assert ">" not in text
    assert "&lt;!channel&gt;" in text
    assert "&amp; more" in text
