"""Feedback across people: ask a colleague in the app, who answers or declines from their inbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from microstep.services import inbox
from microstep.services.inbox_schemas import ColleagueAsk, InboxAnswer
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Person
from tests.conftest import TODAY
from tests.team import NAMES, Org, make_org, persona_ctx, sign_in
from tests.web import error_of, flash_of

QUESTION = "Was the churn summary I sent on Monday useful for your decision?"
ABOUT = "Monday churn summary"


def _ask(client: TestClient, org: Org, persona: str = "colleague", **extra: Any) -> Any:
    body = {"responder_id": org.ids[persona], "question": QUESTION, "about": ABOUT} | extra
    return client.post("/api/inbox/ask", json=body)


def _clients(settings: Settings, db: Database, *personas: str) -> list[Any]:
    return [sign_in(settings, db, f"{persona}@example.org") for persona in personas]


def test_a_colleague_answers_in_the_app_and_it_reaches_the_askers_feedback_and_evidence(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, colin = _clients(team_settings, team_db, "owner", "colleague")
    asked = _ask(owner, org)
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["id"]
    assert asked.json()["asked_whom"] == NAMES["colleague"]
    assert asked.json()["status"] == "open"

    answered = colin.post(
        f"/api/inbox/{request_id}/answer",
        json={"rating": 4, "answer": "Yes; lead with the number."},
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered"

    mine = owner.get("/api/feedback").json()
    assert [(r["id"], r["status"], r["rating"]) for r in mine] == [(request_id, "answered", 4)]
    assert mine[0]["answer"] == "Yes; lead with the number."
    signals = owner.get("/api/signals").json()
    assert [(s["kind"], s["source"], s["feedback_request_id"]) for s in signals] == [
        ("feedback", NAMES["colleague"], request_id)
    ]
    assert signals[0]["note"] == f"{ABOUT}: Yes; lead with the number."
    assert mine[0]["signal_id"] == signals[0]["id"]
    assert colin.get("/api/signals").json() == []  # the answer is the asker's evidence
    assert colin.get("/api/inbox").json() == []


def test_the_inbox_shows_the_question_and_the_askers_name_and_nothing_else(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, colin = _clients(team_settings, team_db, "owner", "colleague")
    goal = {
        "title": "Ship the churn summary every Monday",
        "metric": "summaries sent",
        "target_value": 4,
        "due": (TODAY + timedelta(days=20)).isoformat(),
        "kind": "visibility",
    }
    goal_id = owner.post("/api/goals", json=goal).json().get("id")
    request_id = _ask(owner, org, goal_id=goal_id).json()["id"]
    items = colin.get("/api/inbox").json()
    assert len(items) == 1
    assert set(items[0]) == {"id", "asker_name", "about", "question", "asked_on", "status"}
    assert items[0]["id"] == request_id
    assert items[0]["asker_name"] == NAMES["owner"]
    assert (items[0]["about"], items[0]["question"]) == (ABOUT, QUESTION)
    assert colin.get("/api/feedback").json() == []  # the request stays the asker's record


def test_an_outsider_cannot_see_answer_or_decline_someone_elses_request(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, otto, mona = _clients(team_settings, team_db, "owner", "outsider", "manager")
    request_id = _ask(owner, org).json()["id"]
    for client in (otto, mona, owner):  # only the colleague asked may act, not even the asker
        assert client.get("/api/inbox").json() == []
        answer = {"rating": 1, "answer": "Not useful."}
        assert error_of(client.post(f"/api/inbox/{request_id}/answer", json=answer), 404)
        assert error_of(client.post(f"/api/inbox/{request_id}/decline"), 404)
    assert [r["status"] for r in owner.get("/api/feedback").json()] == ["open"]
    assert owner.get("/api/signals").json() == []


def test_the_asker_cannot_record_an_answer_meant_to_come_from_the_colleague(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    (owner,) = _clients(team_settings, team_db, "owner")
    request_id = _ask(owner, org).json()["id"]
    refused = owner.post(
        f"/api/feedback/{request_id}/answer", json={"rating": 5, "answer": "Great, said Colin."}
    )
    assert "answers feedback request" in error_of(refused, 409)["message"]
    assert owner.post(f"/api/feedback/{request_id}/withdraw").json()["status"] == "withdrawn"


def test_asking_yourself_an_unknown_or_a_deactivated_account_is_refused(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    (owner,) = _clients(team_settings, team_db, "owner")
    assert error_of(_ask(owner, org, "owner"), 422)["field"] == "responder_id"
    unknown = owner.post(
        "/api/inbox/ask", json={"responder_id": 999_999, "question": QUESTION, "about": ABOUT}
    )
    assert error_of(unknown, 422)["field"] == "responder_id"
    with team_db.transaction() as session:
        session.execute(
            update(Person).where(Person.id == org.ids["colleague"]).values(is_active=False)
        )
    assert "no active colleague" in error_of(_ask(owner, org), 422)["message"]
    assert owner.get("/api/feedback").json() == []


def test_the_personal_features_rules_hold_for_a_colleague_question(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    (owner,) = _clients(team_settings, team_db, "owner")
    vague = _ask(owner, org, question="Any feedback?")
    assert error_of(vague, 422)["field"] == "question"
    assert error_of(_ask(owner, org, about="  "), 422)["field"] == "about"
    assert error_of(_ask(owner, org, goal_id=12345), 422)["field"] == "goal_id"
    assert owner.get("/api/feedback").json() == []


def test_declining_withdraws_the_question_and_nothing_is_left_to_answer(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, colin = _clients(team_settings, team_db, "owner", "colleague")
    request_id = _ask(owner, org).json()["id"]
    declined = colin.post(f"/api/inbox/{request_id}/decline")
    assert declined.json()["status"] == "withdrawn"
    assert colin.get("/api/inbox").json() == []
    assert [r["status"] for r in owner.get("/api/feedback").json()] == ["withdrawn"]
    late = colin.post(f"/api/inbox/{request_id}/answer", json={"rating": 3, "answer": "Okay."})
    assert "withdrawn or declined" in error_of(late, 409)["message"]


def test_a_second_answer_is_refused_and_only_one_signal_exists(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, colin = _clients(team_settings, team_db, "owner", "colleague")
    request_id = _ask(owner, org).json()["id"]
    answer = {"rating": 5, "answer": "Very useful."}
    assert colin.post(f"/api/inbox/{request_id}/answer", json=answer).status_code == 200
    again = colin.post(f"/api/inbox/{request_id}/answer", json=answer)
    assert "You answered" in error_of(again, 409)["message"]
    assert len(owner.get("/api/signals").json()) == 1


def test_an_answer_needs_a_rating_from_1_to_5_and_some_words(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, colin = _clients(team_settings, team_db, "owner", "colleague")
    request_id = _ask(owner, org).json()["id"]
    url = f"/api/inbox/{request_id}/answer"
    assert (
        error_of(colin.post(url, json={"rating": 6, "answer": "Fine."}), 422)["field"] == "rating"
    )
    assert error_of(colin.post(url, json={"rating": 3, "answer": "  "}), 422)["field"] == "answer"
    assert [item["id"] for item in colin.get("/api/inbox").json()] == [request_id]


def test_pending_feedback_reminds_the_colleague_on_the_day_and_weekly_for_four_weeks(
    team_db: Database,
) -> None:
    org = make_org(team_db)
    owner = persona_ctx(team_db, org, "owner")
    asked = inbox.ask_colleague(
        owner, ColleagueAsk(responder_id=org.ids["colleague"], question=QUESTION, about=ABOUT)
    )
    due = inbox.pending_feedback(team_db, today=TODAY)
    assert [(d.person_id, d.request_id) for d in due] == [(org.ids["colleague"], asked.id)]
    assert NAMES["owner"] in due[0].subject
    assert QUESTION in due[0].text
    assert "/feedback/inbox" in due[0].text
    reminded = [
        n for n in range(0, 35) if inbox.pending_feedback(team_db, today=TODAY + timedelta(days=n))
    ]
    assert reminded == [0, 7, 14, 21]

    colin = persona_ctx(team_db, org, "colleague")
    inbox.answer_request(colin, asked.id, InboxAnswer(rating=4, answer="Useful."))
    assert inbox.pending_feedback(team_db, today=TODAY) == []


def test_no_reminder_goes_to_a_deactivated_colleague(team_db: Database) -> None:
    org = make_org(team_db)
    owner = persona_ctx(team_db, org, "owner")
    inbox.ask_colleague(
        owner, ColleagueAsk(responder_id=org.ids["colleague"], question=QUESTION, about=ABOUT)
    )
    with team_db.transaction() as session:
        session.execute(
            update(Person).where(Person.id == org.ids["colleague"]).values(is_active=False)
        )
    assert inbox.pending_feedback(team_db, today=TODAY) == []


def test_the_inbox_page_asks_a_colleague_and_answers_by_form(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, colin = _clients(team_settings, team_db, "owner", "colleague")
    page = owner.get("/feedback/inbox")
    assert page.status_code == 200
    assert f'<option value="{org.ids["colleague"]}">' in page.text
    assert f'<option value="{org.ids["owner"]}">' not in page.text  # not yourself
    sent = owner.post(
        "/feedback/inbox/ask",
        data={"responder_id": str(org.ids["colleague"]), "question": QUESTION, "about": ABOUT},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert f"Asked {NAMES['colleague']}" in flash_of(owner.get("/feedback/inbox").text)

    inbox_page = colin.get("/feedback/inbox").text
    assert QUESTION in inbox_page
    assert NAMES["owner"] in inbox_page
    request_id = owner.get("/api/feedback").json()[0]["id"]
    answered = colin.post(
        f"/feedback/inbox/{request_id}/answer", data={"rating": "5", "answer": "Spot on."}
    )
    assert "Sent your answer" in flash_of(answered.text)
    evidence = owner.get("/evidence").text
    assert "Spot on." in evidence


def test_a_refused_form_comes_back_with_the_reason(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    (owner,) = _clients(team_settings, team_db, "owner")
    refused = owner.post(
        "/feedback/inbox/ask",
        data={"responder_id": str(org.ids["colleague"]), "question": "Thoughts?", "about": ABOUT},
    )
    assert "flash-error" in refused.text
    assert "'Thoughts?'" in flash_of(refused.text)
    assert owner.get("/api/feedback").json() == []


def test_an_outsider_gets_404_on_the_inbox_forms(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner, otto = _clients(team_settings, team_db, "owner", "outsider")
    request_id = _ask(owner, org).json()["id"]
    answer = otto.post(
        f"/feedback/inbox/{request_id}/answer", data={"rating": "1", "answer": "No."}
    )
    assert answer.status_code == 404
    assert otto.post(f"/feedback/inbox/{request_id}/decline").status_code == 404
    assert QUESTION not in otto.get("/feedback/inbox").text


def test_personal_mode_has_no_inbox(client: TestClient) -> None:
    assert error_of(client.get("/api/inbox"), 404)
    assert client.get("/feedback/inbox").status_code == 404
