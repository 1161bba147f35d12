"""`microstep bench api`: many signed-in people using the team server at once, on PostgreSQL.

Ours: CLIENTS concurrent clients, each signed in as its own person (half by session cookie and
CSRF token, half by API token), run a mixed workload for SECONDS: about 70% reads (today, the
dashboard, goals, micro-skills, signals, skills, a learning curve) and 30% writes (log practice,
add a signal, change a skill level). Each client pauses about THINK_S seconds between requests,
as a person reading the page would (MICROSTEP_BENCH_THINK); a shorter phase then sends back to
back, to show the saturated throughput. Baseline: the same clients on the same server hitting
`/api/health` (no database, no sign-in) the same way in the same run, so the ratios say what
the application adds over HTTP, uvicorn and the client themselves. The server runs one app
process per core (MICROSTEP_BENCH_WORKERS).

The server is a real `microstep serve` subprocess in team mode over a scratch PostgreSQL
database (MICROSTEP_BENCH_PG names the admin URL), created, seeded through the services and
dropped at the end. No third-party HTTP client: the standard library's, one keep-alive
connection per client thread.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import psycopg
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from microstep.bench import Result, register
from microstep.core.evidence import SignalKind
from microstep.core.practice import SelfRating
from microstep.errors import ConfigError, InvalidInput
from microstep.services import accounts, goals, objectives, practice, signals, skills
from microstep.services.accounts_schemas import InviteAccept, SignedIn, SignIn, TokenCreate
from microstep.services.context import Context, policy_from, practice_policy_from
from microstep.services.evidence_schemas import SignalCreate
from microstep.services.schemas import (
    GoalCreate,
    MicroSkillCreate,
    ObjectiveCreate,
    PracticeCreate,
    SkillCreate,
)
from microstep.settings import Settings
from microstep.store.db import Database, normalise_url, open_database

log = logging.getLogger("microstep.bench")

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
PEOPLE = 50
CLIENTS = 50
SECONDS = 60.0
THINK_S = 1.0  # a person reads the page for about a second before the next request
PASSWORD = "bench password 2026"
TEAM_SIZE = 10
START_TIMEOUT_S = 60.0
SESSION_COOKIE = "microstep_session"
# What a person does, by weight: reads 70, writes 30 (log practice, add a signal, set a level).
READ_PATHS = {
    "today": "/api/today",
    "dashboard": "/api/dashboard",
    "goals": "/api/goals",
    "microskills": "/api/microskills",
    "signals": "/api/signals",
    "skills": "/api/skills",
    "curve": "/api/microskills/{micro}/curve",
}
MIX = {"today": 15, "dashboard": 15, "goals": 10, "microskills": 10, "signals": 10, "skills": 5}
MIX |= {"curve": 5, "practice": 12, "signal": 10, "level": 8}
ACTIONS = list(MIX)
WEIGHTS = list(MIX.values())
RATINGS = ("again", "hard", "good", "easy")


def _env_number(name: str, default: float, *, low: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a number, not '{raw[:40]}'.", field=name) from None
    if value < low:
        raise InvalidInput(f"{name} must be at least {low:g}.", field=name)
    return value


# -- the scratch database -------------------------------------------------------------------


def admin_url() -> str:
    """The PostgreSQL server benchmarks make their scratch databases on."""
    return os.environ.get("MICROSTEP_BENCH_PG", "").strip() or DEFAULT_PG


@contextmanager
def scratch_database(admin: str) -> Iterator[str]:
    """A new, empty PostgreSQL database (its SQLAlchemy URL), dropped on the way out."""
    parsed = make_url(normalise_url(admin))
    libpq = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"microstep_bench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(libpq, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        shown = parsed.render_as_string(hide_password=True)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"bench api needs PostgreSQL (MICROSTEP_BENCH_PG={shown}): {reason.rstrip('.')}."
        ) from None
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the organization -----------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    """One seeded person as a client sees them: how to authenticate and their record ids."""

    person_id: int
    headers: Mapping[str, str]
    write_headers: Mapping[str, str]
    microskill_id: int
    skill_ids: tuple[int, ...]


def _people_csv(count: int) -> bytes:
    """An HRIS export: the HR admin first, then teams of TEAM_SIZE led by their first member."""
    lines = ["employee_id,name,email,team,manager_id,role"]
    lines.append("e0,Bench HR,hr@bench.example,,,hr_admin")
    for n in range(1, count):
        team = (n - 1) // TEAM_SIZE
        lead = 1 + team * TEAM_SIZE
        manager = "" if n == lead else f"e{lead}"
        lines.append(f"e{n},Person {n},p{n}@bench.example,Team {team},{manager},employee")
    return ("\n".join(lines) + "\n").encode()


def seed_org(db: Database, settings: Settings, *, people: int = PEOPLE) -> list[Persona]:
    """An organization of `people` with passwords and some history each, signed in."""
    hr = accounts.create_admin(db, email="hr@bench.example", name="Bench HR", password=PASSWORD)
    imported = accounts.import_people(
        _ctx(db, settings, hr.id), _people_csv(people), settings=settings
    )
    personas = [_persona(db, settings, hr.id, _session_of_hr(db, settings))]
    for n, invite in enumerate(imported.invites, start=1):
        token = invite.url.rsplit("/", 1)[1]
        signed = accounts.accept_invite(
            db, token, InviteAccept(password=PASSWORD), settings=settings
        )
        if n % 2:  # half the people use an API token, as a script or integration would
            ctx = _ctx(db, settings, signed.person_id)
            created = accounts.create_token(ctx, TokenCreate(name="bench"))
            auth = {"Authorization": f"Bearer {created.token}"}
            personas.append(_persona(db, settings, signed.person_id, (auth, auth)))
        else:
            personas.append(_persona(db, settings, signed.person_id, _cookie(signed)))
    return personas


def _ctx(db: Database, settings: Settings, person_id: int) -> Context:
    return Context(
        db=db,
        person_id=person_id,
        policy=policy_from(settings),
        practice=practice_policy_from(settings),
        today=date.today(),
    )


def _session_of_hr(db: Database, settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    form = SignIn(email="hr@bench.example", password=PASSWORD)
    return _cookie(accounts.sign_in(db, form, client="bench", settings=settings))


def _cookie(signed: SignedIn) -> tuple[dict[str, str], dict[str, str]]:
    read = {"Cookie": f"{SESSION_COOKIE}={signed.token}"}
    return read, {**read, "X-CSRF-Token": signed.csrf_token}


def _persona(
    db: Database,
    settings: Settings,
    person_id: int,
    auth: tuple[dict[str, str], dict[str, str]],
) -> Persona:
    """Give the person an objective, two skills, a goal, a micro-skill with practice, signals."""
    ctx = _ctx(db, settings, person_id)
    today = ctx.today
    objective = objectives.add_objective(
        ctx, ObjectiveCreate(title="Senior data analyst", horizon=today + timedelta(days=300))
    )
    skill_ids = tuple(
        skills.add_skill(
            ctx, SkillCreate(name=name, current_level=1, target_level=4, objective_id=objective.id)
        ).id
        for name in ("SQL", "Presenting results")
    )
    goal = GoalCreate(
        title="Write 3 SQL queries for the weekly report",
        metric="queries",
        target_value=3,
        due=today + timedelta(days=7),
        skill_id=skill_ids[0],
    )
    goals.add_goal(ctx, goal)
    micro = practice.add_microskill(
        ctx,
        MicroSkillCreate(
            skill_id=skill_ids[0],
            definition="Write one query without looking up the syntax",
            metric="lookups",
            mastery_threshold=0.0,  # the workload logs 1 or more: never mastered mid-run
        ),
    )
    for days_ago in range(14, 0, -2):
        entry = PracticeCreate(
            minutes=5,
            rating=SelfRating.GOOD,
            metric_value=1 + days_ago % 5,
            practised_on=today - timedelta(days=days_ago),
        )
        practice.log_practice(ctx, micro.id, entry)
    for days_ago, kind in (
        (20, SignalKind.PRAISE),
        (9, SignalKind.INVITATION),
        (3, SignalKind.FEEDBACK),
    ):
        signal = SignalCreate(
            kind=kind, note="Seeded for the benchmark", occurred_on=today - timedelta(days_ago)
        )
        signals.add_signal(ctx, signal)
    return Persona(person_id, auth[0], auth[1], micro.id, skill_ids)


# -- the server -----------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def team_env(database_url: str, secret: str, *, data_dir: Path, port: int) -> dict[str, str]:
    """The environment of a plain-HTTP team server on 127.0.0.1:`port`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROSTEP_")}
    env.update(
        MICROSTEP_MODE="team",
        MICROSTEP_SECRET_KEY=secret,
        MICROSTEP_DATABASE_URL=database_url,
        MICROSTEP_COOKIE_SECURE="false",
        MICROSTEP_DATA_DIR=str(data_dir),
        MICROSTEP_BASE_URL=f"http://127.0.0.1:{port}",
    )
    return env


@contextmanager
def team_servers(
    database_url: str,
    secret: str,
    *,
    data_dir: Path,
    count: int = 1,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[list[str]]:
    """`count` `microstep serve` subprocesses in team mode over one database, started side by
    side; yields their base URLs once each answers, and stops them on the way out."""
    with ExitStack() as stack:
        started = []
        for n in range(count):
            port = free_port()
            env = team_env(database_url, secret, data_dir=data_dir / str(n), port=port)
            output = stack.enter_context(tempfile.TemporaryFile())
            process = _spawn(port, env | dict(extra_env or {}), output)
            stack.callback(_stop, process)
            started.append((process, port, output))
        for process, port, output in started:
            _wait_until_healthy(process, port, output)
        yield [f"http://127.0.0.1:{port}" for _, port, _ in started]


@contextmanager
def team_server(
    database_url: str, secret: str, *, data_dir: Path, extra_env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """One team server in a subprocess; yields its base URL once it answers."""
    with team_servers(database_url, secret, data_dir=data_dir, extra_env=extra_env) as bases:
        yield bases[0]


def _spawn(port: int, env: dict[str, str], output: IO[bytes]) -> subprocess.Popen[bytes]:
    Path(env["MICROSTEP_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-c", "from microstep.cli.main import run; run()"]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", env.get("MICROSTEP_BENCH_SERVE_WORKERS", "1")]
    return subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)


def _wait_until_healthy(process: subprocess.Popen[bytes], port: int, output: IO[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(f"The team server stopped at start: {_tail(output)}")
        if _answers(port):
            return
        time.sleep(0.1)
    raise ConfigError(f"The team server did not answer within {START_TIMEOUT_S:g} s.")


def _answers(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/api/health")
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def _tail(output: IO[bytes]) -> str:
    output.seek(0)
    text = output.read().decode(errors="replace")
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output."


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


# -- the clients ----------------------------------------------------------------------------

Request = tuple[str, str, dict[str, object] | None]


def workload_request(rng: random.Random, persona: Persona) -> Request:
    """One request of the mixed workload, drawn by weight."""
    (action,) = rng.choices(ACTIONS, weights=WEIGHTS)
    return request_for(action, rng, persona)


def request_for(action: str, rng: random.Random, persona: Persona) -> Request:
    """The request one action sends: method, path and JSON body."""
    micro = persona.microskill_id
    if action in READ_PATHS:
        return "GET", READ_PATHS[action].format(micro=micro), None
    if action == "practice":
        body = {"minutes": 5, "rating": rng.choice(RATINGS), "metric_value": rng.randint(1, 9)}
        return "POST", f"/api/microskills/{micro}/practice", body
    if action == "signal":
        return "POST", "/api/signals", {"kind": "praise", "note": "Thanks for the clear report"}
    skill = rng.choice(persona.skill_ids)
    return "PATCH", f"/api/skills/{skill}", {"current_level": rng.randint(0, 4)}


def health_request(rng: random.Random, persona: Persona) -> Request:
    """The baseline: the trivial health check."""
    return "GET", "/api/health", None


@dataclass
class Tally:
    """What one client saw: latencies of good answers (ms) and the failures."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)

    def fail(self, what: str) -> None:
        """Count a failure, keeping the first few for the log."""
        self.errors += 1
        if len(self.samples) < 3:
            self.samples.append(what)


class Client:
    """One keep-alive HTTP connection acting as one person."""

    def __init__(self, base_url: str, persona: Persona) -> None:
        host, _, port = base_url.removeprefix("http://").partition(":")
        self.host, self.port, self.persona = host, int(port), persona
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def send(self, request: Request) -> tuple[int, bytes]:
        """Send one request; a dropped connection is reopened once."""
        method, path, body = request
        headers = dict(self.persona.headers if method == "GET" else self.persona.write_headers)
        payload = None if body is None else json.dumps(body).encode()
        if payload is not None:
            headers["Content-Type"] = "application/json"
        try:
            return self._once(method, path, payload, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.conn.close()
            return self._once(method, path, payload, headers)

    def _once(
        self, method: str, path: str, payload: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        self.conn.request(method, path, body=payload, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def _timed(client: Client, request: Request, tally: Tally) -> None:
    start = time.perf_counter()
    try:
        status, body = client.send(request)
    except (OSError, http.client.HTTPException) as exc:
        client.close()
        tally.fail(f"{request[0]} {request[1]}: {type(exc).__name__}: {exc}")
        return
    elapsed = (time.perf_counter() - start) * 1000
    if status >= 300:
        tally.fail(f"{request[0]} {request[1]}: {status} {body[:200]!r}")
        return
    tally.latencies.append(elapsed)


Chooser = Callable[[random.Random, Persona], Request]


@dataclass(frozen=True)
class Load:
    """Latencies of every good answer, failures, and the wall-clock time they took."""

    latencies: list[float]
    errors: int
    seconds: float

    @property
    def requests(self) -> int:
        """Every request sent, good or not."""
        return len(self.latencies) + self.errors

    def percentile(self, p: int) -> float:
        """The p-th percentile latency in ms (0 when nothing answered)."""
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def throughput(self) -> float:
        """Good answers per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def drive(
    base_url: str,
    personas: list[Persona],
    choose: Chooser,
    *,
    seconds: float,
    seed: int = 1,
    think: float = 0.0,
) -> Load:
    """One client per persona sends `choose`'s requests for `seconds`, all at once: back to back
    (`think` 0, the server saturated), or pausing between requests as a person reading the page
    would (a random pause of 0.5 to 1.5 times `think` seconds)."""
    tallies = [Tally() for _ in personas]
    start = threading.Barrier(len(personas) + 1)
    stop = threading.Event()

    def loop(persona: Persona, tally: Tally, rng: random.Random) -> None:
        client = Client(base_url, persona)
        start.wait()
        if think:  # people do not all click at the same instant
            stop.wait(rng.uniform(0.0, think))
        while not stop.is_set():
            _timed(client, choose(rng, persona), tally)
            if think:
                stop.wait(rng.uniform(0.5, 1.5) * think)
        client.close()

    threads = [
        threading.Thread(target=loop, args=(p, t, random.Random(seed * 1000 + i)), daemon=True)
        for i, (p, t) in enumerate(zip(personas, tallies, strict=True))
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    for sample in (s for t in tallies for s in t.samples):
        log.warning("bench api: %s", sample)
    latencies = [ms for t in tallies for ms in t.latencies]
    return Load(latencies, sum(t.errors for t in tallies), elapsed)


def warm_up(base_url: str, personas: list[Persona]) -> int:
    """Each client sends each kind of request once, unmeasured; how many failed."""
    tally, rng = Tally(), random.Random(0)
    for persona in personas:
        client = Client(base_url, persona)
        for action in ACTIONS:
            _timed(client, request_for(action, rng, persona), tally)
        client.close()
    for sample in tally.samples:
        log.warning("bench api warm-up: %s", sample)
    return tally.errors


# -- the benchmark --------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """The workload and the health-check baseline, paced like people and saturated, measured
    on one server in one run."""

    workload: Load
    health: Load
    saturated: Load
    saturated_health: Load
    warm_up_errors: int
    clients: int
    think: float
    workers: int


def measure(
    *, seconds: float, clients: int, people: int, think: float = THINK_S, workers: int = 1
) -> Measurement:
    """Create, seed and serve a scratch organization; drive it; drop it."""
    with scratch_database(admin_url()) as url, tempfile.TemporaryDirectory() as folder:
        secret = secrets.token_urlsafe(32)
        settings = Settings(
            data_dir=Path(folder),
            database_url=url,
            mode="team",
            secret_key=SecretStr(secret),
            cookie_secure=False,
        )
        db = open_database(url)
        try:
            personas = seed_org(db, settings, people=people)
        finally:
            db.dispose()
        chosen = personas[:clients]
        extra = {"MICROSTEP_BENCH_SERVE_WORKERS": str(workers)}
        with team_server(url, secret, data_dir=Path(folder) / "server", extra_env=extra) as base:
            failed = warm_up(base, chosen)
            short = max(1.0, seconds / 4)
            workload = drive(base, chosen, workload_request, seconds=seconds, think=think)
            health = drive(base, chosen, health_request, seconds=short, seed=2, think=think)
            saturated = drive(base, chosen, workload_request, seconds=short, seed=3)
            saturated_health = drive(base, chosen, health_request, seconds=short, seed=4)
    return Measurement(
        workload, health, saturated, saturated_health, failed, clients, think, workers
    )


def results(m: Measurement) -> list[Result]:
    """The contract's rows: latencies and throughput against the health check's, paced and
    saturated, and errors."""
    ours, base = m.workload, m.health
    label = (
        f"{m.clients} clients pausing ~{m.think:g} s, mixed 70/30, {m.workers} app "
        "process(es) (baseline /api/health)"
    )
    rows = [
        Result(f"p{p} latency, {label}", ours.percentile(p), "ms", base.percentile(p))
        for p in (50, 95, 99)
    ]
    rows.append(Result(f"throughput, {label}", ours.throughput, "req/s", base.throughput))
    busy, idle = m.saturated, m.saturated_health
    flat_out = f"{m.clients} clients back to back (saturated; baseline /api/health)"
    rows.append(Result(f"p95 latency, {flat_out}", busy.percentile(95), "ms", idle.percentile(95)))
    rows.append(Result(f"throughput, {flat_out}", busy.throughput, "req/s", idle.throughput))
    loads = (ours, base, busy, idle)
    rows.append(
        Result(
            "failed requests, every phase and warm-up (baseline: requests sent)",
            sum(load.errors for load in loads) + m.warm_up_errors,
            "requests",
            sum(load.requests for load in loads),
        )
    )
    return rows


@register("api", "50 signed-in clients, mixed reads and writes, on the team server (PostgreSQL)")
def run() -> list[Result]:
    """Run the mixed workload and the health baseline against a seeded team server."""
    seconds = _env_number("MICROSTEP_BENCH_SECONDS", SECONDS, low=0.5)
    clients = int(_env_number("MICROSTEP_BENCH_CLIENTS", CLIENTS, low=1))
    think = _env_number("MICROSTEP_BENCH_THINK", THINK_S, low=0.0)
    workers = int(_env_number("MICROSTEP_BENCH_WORKERS", os.cpu_count() or 1, low=1))
    measured = measure(
        seconds=seconds, clients=clients, people=max(2, clients), think=think, workers=workers
    )
    return results(measured)
