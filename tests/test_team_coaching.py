"""Coaching: a person asks for a career conversation; advisors take, schedule and close it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import update

from microstep.services import coaching
from microstep.services.coaching_schemas import CoachingCreate, CoachingSchedule
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Person
from tests.conftest import TODAY
from tests.team import NAMES, Org, make_org, persona_ctx, sign_in
from tests.web import error_of, flash_of

TOPIC = "Whether a rotation into pricing fits my path to analytics lead"


def _org(db: Database, *advisors: str) -> Org:
    """The personas, with Colin (and whoever else is named) an advisor."""
    org = make_org(db)
    ids = [org.ids[p] for p in ("colleague", *advisors)]
    with db.transaction() as session:
        session.execute(update(Person).where(Person.id.in_(ids)).values(is_advisor=True))
    return org


def _client(settings: Settings, db: Database, persona: str) -> Any:
    return sign_in(settings, db, f"{persona}@example.org")


def _ask(client: TestClient, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/coaching", json={"topic": TOPIC} | extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _in(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def test_a_request_reaches_the_advisor_who_schedules_it_and_the_note_comes_back(
    team_settings: Settings, team_db: Database
) -> None:
    org = _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    asked = _ask(owner, note="I lead the Monday churn review already.")
    assert (asked["status"], asked["advisor_id"]) == ("requested", None)

    queue = colin.get("/api/coaching/queue").json()
    assert [(r["id"], r["requester_name"], r["note"]) for r in queue] == [
        (asked["id"], NAMES["owner"], "I lead the Monday churn review already.")
    ]
    taken = colin.post(f"/api/coaching/{asked['id']}/take").json()
    assert taken["advisor_id"] == org.ids["colleague"]
    when = _in(48)
    scheduled = colin.post(f"/api/coaching/{asked['id']}/schedule", json={"scheduled_for": when})
    assert scheduled.status_code == 200, scheduled.text
    assert scheduled.json()["status"] == "scheduled"
    assert datetime.fromisoformat(scheduled.json()["scheduled_for"]) == datetime.fromisoformat(when)
    done = colin.post(
        f"/api/coaching/{asked['id']}/done", json={"advisor_note": "Shadow the lead for 4 weeks."}
    )
    assert done.json()["status"] == "done"

    mine = owner.get("/api/coaching").json()
    assert [(r["status"], r["advisor_name"], r["advisor_note"]) for r in mine] == [
        ("done", NAMES["colleague"], "Shadow the lead for 4 weeks.")
    ]
    assert colin.get("/api/coaching/queue").json() == []  # done leaves the queue


def test_only_the_requester_and_advisors_see_a_request(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    asked = _ask(owner)
    url = f"/api/coaching/{asked['id']}"
    assert owner.get(url).status_code == 200
    assert _client(team_settings, team_db, "colleague").get(url).status_code == 200
    for persona in ("outsider", "manager", "mentor", "hr", "circle"):
        client = _client(team_settings, team_db, persona)
        assert error_of(client.get(url), 404)
        assert error_of(client.post(f"{url}/take"), 404)
        assert error_of(client.post(f"{url}/schedule", json={"scheduled_for": _in(24)}), 404)
        assert error_of(client.post(f"{url}/done", json={"advisor_note": "Fine."}), 404)
        assert error_of(client.post(f"{url}/cancel"), 404)
        assert error_of(client.get("/api/coaching/queue"), 403)
        assert client.get("/api/coaching").json() == []
    assert owner.get(url).json()["status"] == "requested"


def test_a_request_for_one_advisor_is_hidden_from_the_others(
    team_settings: Settings, team_db: Database
) -> None:
    org = _org(team_db, "mentor")
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    mel = _client(team_settings, team_db, "mentor")
    asked = _ask(owner, advisor_id=org.ids["mentor"])
    assert asked["advisor_name"] == NAMES["mentor"]
    assert [r["id"] for r in mel.get("/api/coaching/queue").json()] == [asked["id"]]
    assert colin.get("/api/coaching/queue").json() == []
    assert error_of(colin.get(f"/api/coaching/{asked['id']}"), 404)
    assert error_of(colin.post(f"/api/coaching/{asked['id']}/take"), 404)


def test_an_advisor_who_took_a_request_keeps_it_from_the_other_advisors(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db, "mentor")
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    mel = _client(team_settings, team_db, "mentor")
    asked = _ask(owner)
    assert [r["id"] for r in mel.get("/api/coaching/queue").json()] == [asked["id"]]
    colin.post(f"/api/coaching/{asked['id']}/take")
    assert mel.get("/api/coaching/queue").json() == []
    refused = mel.post(f"/api/coaching/{asked['id']}/done", json={"advisor_note": "Done."})
    assert error_of(refused, 404)


def test_scheduling_in_the_past_is_refused(team_settings: Settings, team_db: Database) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    asked = _ask(owner)
    past = colin.post(f"/api/coaching/{asked['id']}/schedule", json={"scheduled_for": _in(-1)})
    error = error_of(past, 422)
    assert error["field"] == "scheduled_for"
    assert "has passed" in error["message"]
    far = colin.post(f"/api/coaching/{asked['id']}/schedule", json={"scheduled_for": _in(24 * 400)})
    assert "more than a year" in error_of(far, 422)["message"]
    assert owner.get(f"/api/coaching/{asked['id']}").json()["status"] == "requested"


def test_a_time_without_an_offset_is_read_in_the_given_zone(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    asked = _ask(owner)
    wall = (datetime.now(UTC) + timedelta(days=3)).replace(
        hour=15, minute=0, second=0, microsecond=0, tzinfo=None
    )
    body = {"scheduled_for": wall.isoformat(), "timezone": "Asia/Tokyo"}
    scheduled = colin.post(f"/api/coaching/{asked['id']}/schedule", json=body).json()
    expected = wall.replace(tzinfo=ZoneInfo("Asia/Tokyo"))
    assert datetime.fromisoformat(scheduled["scheduled_for"]) == expected
    unknown = body | {"timezone": "Mars/Olympus"}
    assert error_of(colin.post(f"/api/coaching/{asked['id']}/schedule", json=unknown), 422)


def test_the_requester_cancels_and_nobody_else_can(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    asked = _ask(owner)
    colin.post(f"/api/coaching/{asked['id']}/take")
    assert (
        "Only the person who asked"
        in error_of(colin.post(f"/api/coaching/{asked['id']}/cancel"), 403)["message"]
    )
    assert owner.post(f"/api/coaching/{asked['id']}/cancel").json()["status"] == "cancelled"
    late = colin.post(f"/api/coaching/{asked['id']}/schedule", json={"scheduled_for": _in(24)})
    assert "cancelled" in error_of(late, 409)["message"]
    assert error_of(owner.post(f"/api/coaching/{asked['id']}/cancel"), 409)


def test_an_unassigned_cancelled_request_leaves_the_queue_and_the_advisors_view(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    asked = _ask(owner)
    owner.post(f"/api/coaching/{asked['id']}/cancel")
    assert colin.get("/api/coaching/queue").json() == []
    assert error_of(colin.get(f"/api/coaching/{asked['id']}"), 404)


def test_only_an_advisor_may_be_preferred_and_not_oneself(
    team_settings: Settings, team_db: Database
) -> None:
    org = _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    for advisor_id in (org.ids["outsider"], 999_999):
        refused = owner.post("/api/coaching", json={"topic": TOPIC, "advisor_id": advisor_id})
        assert error_of(refused, 422)["field"] == "advisor_id"
    own = colin.post("/api/coaching", json={"topic": TOPIC, "advisor_id": org.ids["colleague"]})
    assert error_of(own, 422)["field"] == "advisor_id"
    names = [a["name"] for a in owner.get("/api/coaching/advisors").json()]
    assert names == [NAMES["colleague"]]
    assert colin.get("/api/coaching/advisors").json() == []


def test_a_topic_is_needed_and_kept_under_200_characters(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    assert error_of(owner.post("/api/coaching", json={"topic": "x" * 201}), 422)["field"] == "topic"
    assert error_of(owner.post("/api/coaching", json={"topic": "  "}), 422)["field"] == "topic"
    assert owner.get("/api/coaching").json() == []


def test_an_advisor_does_not_coach_themselves(team_settings: Settings, team_db: Database) -> None:
    _org(team_db)
    colin = _client(team_settings, team_db, "colleague")
    asked = _ask(colin)
    assert colin.get("/api/coaching/queue").json() == []
    assert (
        "your own request"
        in error_of(colin.post(f"/api/coaching/{asked['id']}/take"), 409)["message"]
    )


def test_marking_done_needs_a_note_and_the_request_taken(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    asked = _ask(owner)
    url = f"/api/coaching/{asked['id']}/done"
    assert "Take request" in error_of(colin.post(url, json={"advisor_note": "Ok."}), 409)["message"]
    colin.post(f"/api/coaching/{asked['id']}/take")
    assert error_of(colin.post(url, json={"advisor_note": " "}), 422)["field"] == "advisor_note"
    assert colin.post(url, json={"advisor_note": "Talked it through."}).json()["status"] == "done"


def test_open_requests_are_limited(team_settings: Settings, team_db: Database) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    for n in range(coaching.MAX_OPEN):
        _ask(owner, topic=f"{TOPIC} ({n})")
    assert error_of(owner.post("/api/coaching", json={"topic": TOPIC}), 409)
    first = owner.get("/api/coaching").json()[-1]["id"]
    owner.post(f"/api/coaching/{first}/cancel")
    assert owner.post("/api/coaching", json={"topic": TOPIC}).status_code == 201


def test_upcoming_sessions_remind_both_people_within_24_hours(team_db: Database) -> None:
    org = _org(team_db)
    asked = coaching.ask_coaching(persona_ctx(team_db, org, "owner"), CoachingCreate(topic=TOPIC))
    at = datetime(TODAY.year, TODAY.month, TODAY.day, 18, tzinfo=UTC) + timedelta(days=1)
    colin = persona_ctx(team_db, org, "colleague")
    coaching.schedule_request(colin, asked.id, CoachingSchedule(scheduled_for=at))

    due = coaching.upcoming_sessions(team_db, now=at - timedelta(hours=22))
    assert sorted(d.person_id for d in due) == sorted([org.ids["owner"], org.ids["colleague"]])
    assert {d.request_id for d in due} == {asked.id}
    to_owner = next(d for d in due if d.person_id == org.ids["owner"])
    assert NAMES["colleague"] in to_owner.text
    assert TOPIC in to_owner.text
    assert coaching.upcoming_sessions(team_db, now=at - timedelta(hours=25)) == []
    assert coaching.upcoming_sessions(team_db, now=at) == []

    coaching.cancel_request(persona_ctx(team_db, org, "owner"), asked.id)
    assert coaching.upcoming_sessions(team_db, now=at - timedelta(hours=22)) == []


def test_the_coaching_page_shows_the_queue_to_advisors_only(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    colin = _client(team_settings, team_db, "colleague")
    asked = owner.post("/coaching", data={"topic": TOPIC, "note": "", "advisor_id": ""})
    assert "Asked for a conversation" in flash_of(asked.text)
    page = owner.get("/coaching").text
    assert TOPIC in page
    assert 'id="queue"' not in page
    request_id = owner.get("/api/coaching").json()[0]["id"]

    advisor_page = colin.get("/coaching").text
    assert f'id="queue-{request_id}"' in advisor_page
    assert NAMES["owner"] in advisor_page
    took = colin.post(f"/coaching/{request_id}/take")
    assert "You took" in flash_of(took.text)
    past = colin.post(
        f"/coaching/{request_id}/schedule",
        data={"scheduled_for": "2020-01-06T10:00", "timezone": "UTC"},
    )
    assert "has passed" in flash_of(past.text)
    soon = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    colin.post(f"/coaching/{request_id}/schedule", data={"scheduled_for": soon, "timezone": "UTC"})
    colin.post(f"/coaching/{request_id}/done", data={"advisor_note": "Shadow the lead."})
    assert "Shadow the lead." in owner.get("/coaching").text


def test_an_outsider_gets_404_on_the_coaching_forms(
    team_settings: Settings, team_db: Database
) -> None:
    _org(team_db)
    owner = _client(team_settings, team_db, "owner")
    otto = _client(team_settings, team_db, "outsider")
    request_id = _ask(owner)["id"]
    assert otto.post(f"/coaching/{request_id}/cancel").status_code == 404
    assert otto.post(f"/coaching/{request_id}/take").status_code == 404
    assert TOPIC not in otto.get("/coaching").text


def test_personal_mode_has_no_coaching(client: TestClient) -> None:
    assert error_of(client.get("/api/coaching"), 404)
    assert client.get("/coaching").status_code == 404
