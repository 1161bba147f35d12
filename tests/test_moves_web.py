"""The move tracker on the web (personal mode): the JSON API and the /moves pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from microstep.services.context import Context
from microstep.services.moves import apply_outcome, begin_move
from microstep.services.roles import ensure_roles
from tests.conftest import TODAY
from tests.web import element, error_of, flash_of, from_today

ROTATION = {
    "kind": "rotation",
    "role": "Pricing analyst",
    "start_date": from_today(-70),
    "end_date": from_today(-7),
    "intended_skills": ["Pricing", "SQL"],
    "success_criteria": "Run the Q1 price test end to end",
}


def text_of(page: str, element_id: str) -> str:
    """The text of the element with this id, tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", element(page, element_id)).split())


def add(client: TestClient, **changes: Any) -> dict[str, Any]:
    """Add a move through the API."""
    response = client.post("/api/moves", json=ROTATION | changes)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_api_adds_lists_edits_and_deletes_a_move(client: TestClient) -> None:
    hired = add(
        client,
        kind="hire",
        role="Data analyst",
        start_date=from_today(-400),
        end_date=None,
        intended_skills=[],
        success_criteria=None,
    )
    move = add(client, kind="Temporary lead", role=" pricing  analyst ")
    assert move["kind"] == "temp_lead"
    assert move["from_role"] == "Data analyst"
    assert move["is_trial"] is True
    timeline = client.get("/api/moves").json()
    assert [m["id"] for m in timeline["moves"]] == [hired["id"], move["id"]]
    assert timeline["current_role"] == "Data analyst"
    edited = client.patch(f"/api/moves/{move['id']}", json={"notes": "Covering for Lee"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["notes"] == "Covering for Lee"
    assert edited.json()["success_criteria"] == ROTATION["success_criteria"]
    gone = client.delete(f"/api/moves/{move['id']}")
    assert gone.json()["id"] == move["id"]
    error_of(client.get(f"/api/moves/{move['id']}"), 404)


def test_the_api_refuses_a_trial_without_end_or_criteria_in_one_sentence(
    client: TestClient,
) -> None:
    error = error_of(client.post("/api/moves", json=ROTATION | {"end_date": None}), 422)
    assert error["message"] == "A rotation is a short trial: give it an end date."
    assert error["field"] == "end_date"
    move = add(client)
    cleared = client.patch(f"/api/moves/{move['id']}", json={"success_criteria": ""})
    assert "needs success criteria" in error_of(cleared, 422)["message"]
    assert client.get(f"/api/moves/{move['id']}").json()["success_criteria"]
    error_of(client.post("/api/moves", json=ROTATION | {"kind": "sabbatical"}), 422)


def test_an_outcome_raises_the_intended_skills_on_the_map(client: TestClient) -> None:
    move = add(client)
    done = client.post(
        f"/api/moves/{move['id']}/outcome", json={"outcome": "met", "note": "Shipped"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["raised"] == ["Pricing", "SQL"]
    assert done.json()["move"]["outcome"] == "met"
    skills = {s["name"]: s for s in client.get("/api/skills").json()}
    assert skills["Pricing"]["current_level"] == 1
    assert "Shipped" in skills["Pricing"]["evidence"]
    again = client.post(f"/api/moves/{move['id']}/outcome", json={"outcome": "met"})
    assert again.json()["raised"] == []
    error_of(client.post("/api/moves/999/outcome", json={"outcome": "met"}), 404)


def test_colleague_moves_do_not_exist_in_personal_mode(client: TestClient) -> None:
    error_of(client.get("/api/people/1/moves"), 404)
    assert client.get("/people/1/moves").status_code == 404


def test_the_moves_page_shows_the_timeline_with_the_depth_flag(client: TestClient) -> None:
    for weeks_ago, role in ((40, "Pricing analyst"), (28, "Sales ops"), (16, "Product ops")):
        add(
            client,
            role=role,
            start_date=from_today(-7 * weeks_ago),
            end_date=from_today(-7 * weeks_ago + 42),
            intended_skills=[role.split()[0]],
        )
    page = client.get("/moves").text
    assert "3 short moves in a row and none went deep" in text_of(page, "depth-note")
    listed = text_of(page, "move-list")
    assert listed.index("Product ops") < listed.index("Pricing analyst")  # newest first
    assert "Success looks like: Run the Q1 price test" in listed


def test_the_add_form_explains_the_short_trial_rule_and_keeps_the_values(
    client: TestClient,
) -> None:
    form = {
        "kind": "stretch",
        "role": "Team lead",
        "start_date": from_today(0),
        "end_date": "",
        "intended_skills": "Coaching",
        "success_criteria": "",
    }
    refused = client.post("/moves", data=form)
    assert refused.status_code == 422
    message = text_of(refused.text, "form-error")
    assert "give it an end date" in message
    assert "needs success criteria" in message
    assert 'value="Team lead"' in refused.text
    added = client.post(
        "/moves", data=form | {"end_date": from_today(42), "success_criteria": "Run two retros"}
    )
    assert "Added: Stretch assignment to Team lead." in flash_of(added.text)


def test_the_move_page_records_an_outcome_and_edits(client: TestClient) -> None:
    move = add(client)
    page = client.get(f"/moves/{move['id']}")
    assert page.status_code == 200
    assert "outcome-form" in page.text
    done = client.post(f"/moves/{move['id']}/outcome", data={"outcome": "met", "note": "Shipped"})
    flash = flash_of(done.text)
    assert "Outcome saved: Rotation to Pricing analyst, met." in flash
    assert "One level up on your map: Pricing, SQL." in flash
    edited = client.post(
        f"/moves/{move['id']}/edit",
        data={
            "kind": "rotation",
            "role": "Pricing analyst",
            "start_date": move["start_date"],
            "end_date": "",
            "intended_skills": "Pricing",
            "success_criteria": "x",
        },
    )
    assert edited.status_code == 422
    assert "give it an end date" in text_of(edited.text, "form-error")
    deleted = client.post(f"/moves/{move['id']}/delete")
    assert "Deleted: Rotation to Pricing analyst." in flash_of(deleted.text)


def _begun(ctx: Context, source: str) -> int:
    """A finished rotation put on the acting person's timeline from `source`."""
    with ctx.db.transaction() as session:
        role = ensure_roles(session, ["Pricing analyst"], now=ctx.now())["pricing analyst"]
        return begin_move(
            session,
            person_id=ctx.person_id,
            kind="rotation",
            to_role_id=role,
            start=TODAY - timedelta(days=60),
            end=TODAY - timedelta(days=5),
            intended_skills=["Pricing"],
            success_criteria="Run the price test",
            source=source,
            visibility="manager",
            now=ctx.now(),
        )


def _levels(client: TestClient) -> dict[str, int]:
    return {s["name"]: s["current_level"] for s in client.get("/api/skills").json()}


def test_a_marketplace_move_keeps_its_skills_criteria_and_outcome_for_the_review(
    client: TestClient, ctx: Context
) -> None:
    move = _begun(ctx, "marketplace")
    for change in (
        {"intended_skills": ["Executive presence"]},
        {"success_criteria": "Anything"},
        {"notes": "ok", "intended_skills": ["Pricing", "Budget ownership"]},
        {"kind": "gig"},
    ):
        refused = error_of(client.patch(f"/api/moves/{move}", json=change), 409)
        assert refused["message"].endswith("change only its notes or sharing.")
        assert refused["message"].count(".") == 1
    outcome = error_of(client.post(f"/api/moves/{move}/outcome", json={"outcome": "met"}), 409)
    assert outcome["message"] == (
        "This move came from the marketplace: its outcome comes from the opportunity's review."
    )
    page = client.post(f"/moves/{move}/outcome", data={"outcome": "met"})
    assert page.status_code == 422
    assert "the opportunity's review" in text_of(page.text, "outcome-error")
    assert "outcome-form" not in client.get(f"/moves/{move}").text
    assert "Pricing" not in _levels(client)
    kept = client.get(f"/api/moves/{move}").json()
    assert (kept["intended_skills"], kept["outcome"]) == (["Pricing"], None)
    # Its notes and sharing are the participant's, from the API and the page.
    shared = client.patch(f"/api/moves/{move}", json={"notes": "Loved it", "visibility": "org"})
    assert shared.status_code == 200, shared.text
    assert (shared.json()["notes"], shared.json()["visibility"]) == ("Loved it", "org")
    form = {"notes": "Loved it, again", "intended_skills": "Executive presence", "kind": "gig"}
    saved = client.post(f"/moves/{move}/edit", data=form)
    assert "Move saved." in flash_of(saved.text)
    kept = client.get(f"/api/moves/{move}").json()
    assert (kept["notes"], kept["intended_skills"]) == ("Loved it, again", ["Pricing"])
    # The opportunity's review still records the outcome, and that one counts.
    with ctx.db.transaction() as session:
        apply_outcome(
            session, move_id=move, outcome="met", note=None, actor_id=ctx.person_id, now=ctx.now()
        )
    assert _levels(client)["Pricing"] == 1


def test_an_imported_move_is_ones_own_record_to_edit_and_judge(
    client: TestClient, ctx: Context
) -> None:
    move = _begun(ctx, "import")
    edited = client.patch(f"/api/moves/{move}", json={"intended_skills": ["Pricing", "SQL"]})
    assert edited.status_code == 200, edited.text
    done = client.post(f"/api/moves/{move}/outcome", json={"outcome": "met"})
    assert done.status_code == 200, done.text
    assert _levels(client) == {"Pricing": 1, "SQL": 1}


def _radios(page: str) -> dict[str, bool]:
    """The outcome choices of a move's page: value -> whether it is checked."""
    form = element(page, "outcome-form")
    found = re.findall(r'<input type="radio" name="outcome" value="(\w+)"([^>]*)>', form)
    return {value: " checked" in rest for value, rest in found}


def test_the_outcome_form_makes_the_person_choose_and_keeps_the_note(client: TestClient) -> None:
    move = add(client)
    page = client.get(f"/moves/{move['id']}").text
    assert _radios(page) == {"met": False, "partly": False, "not_met": False}
    unchosen = client.post(f"/moves/{move['id']}/outcome", data={"note": "Went fine"})
    assert unchosen.status_code == 422
    assert "Choose how the move went" in text_of(unchosen.text, "outcome-error")
    assert "Went fine" in element(unchosen.text, "oc-note")
    client.post(f"/moves/{move['id']}/outcome", data={"outcome": "partly", "note": "Half done"})
    page = client.get(f"/moves/{move['id']}").text
    assert _radios(page) == {"met": False, "partly": True, "not_met": False}
    assert "Half done" in element(page, "oc-note")  # saving again keeps it
    # The API keeps the note when none is given, and clears it when given empty.
    kept = client.post(f"/api/moves/{move['id']}/outcome", json={"outcome": "met"})
    assert kept.json()["move"]["outcome_note"] == "Half done"
    cleared = client.post(f"/api/moves/{move['id']}/outcome", json={"outcome": "met", "note": ""})
    assert cleared.json()["move"]["outcome_note"] is None


def test_a_refused_add_form_focuses_its_bad_field_with_the_error_beside_it(
    client: TestClient,
) -> None:
    refused = client.post(
        "/moves",
        data={"kind": "gig", "role": "Data steward", "start_date": from_today(0), "end_date": ""},
    )
    assert refused.status_code == 422
    fields = re.findall(r"<(?:input|select|textarea)[^>]*>", refused.text)
    focused = [f for f in fields if " autofocus" in f]
    assert len(focused) == 1
    assert 'id="mv-end"' in focused[0]
    assert 'aria-describedby="form-error mv-end-hint"' in focused[0]
    # The refusal sits just over the field it names, where the focus takes the eye.
    field = refused.text.index('<label for="mv-end">')
    assert field < refused.text.index('id="form-error"') < refused.text.index('id="mv-end"')
    assert refused.text.count('id="form-error"') == 1


def test_the_timeline_reads_plainly(client: TestClient) -> None:
    hire = add(
        client,
        kind="hire",
        role="Junior data analyst",
        start_date=from_today(-1000),
        end_date=None,
        success_criteria=None,
        intended_skills=[],
    )
    promotion = add(
        client,
        kind="promotion",
        role="Data analyst",
        start_date=from_today(-300),
        end_date=None,
        success_criteria=None,
        intended_skills=[],
    )
    add(client, intended_skills=["Experiment design", "Mentoring"])
    page = client.get("/moves").text
    skills = re.findall(r'<p class="move-skills">(.*?)</p>', page)
    assert [re.sub(r"<[^>]+>", "", p) for p in skills] == [
        "Intended skills: Experiment design, Mentoring"
    ]
    held = text_of(page, f"move-{hire['id']}")
    promoted_on = date.fromisoformat(promotion["start_date"])
    assert f"until the promotion, {promoted_on.day} {promoted_on:%b %Y}" in held
    assert "ongoing" not in held
    assert f"· {round(700 / 7)} weeks" in held
    assert "ongoing" in text_of(page, f"move-{promotion['id']}")
    assert not re.search(r"\d{4}-\d\d-\d\d", text_of(page, "timeline"))
    api = client.get("/api/moves").json()["moves"]
    first = next(m for m in api if m["id"] == hire["id"])
    assert first["end_date"] is None  # display only: the record stays as entered
    assert first["held_until"] == promotion["start_date"]
    assert first["ended_by"] == "promotion"


def test_a_planned_change_of_role_leaves_todays_depth_flag_on_the_page(
    client: TestClient,
) -> None:
    for weeks_ago, role in ((40, "Pricing analyst"), (28, "Sales ops"), (16, "Product ops")):
        add(
            client,
            role=role,
            start_date=from_today(-7 * weeks_ago),
            end_date=from_today(-7 * weeks_ago + 42),
            intended_skills=[role.split()[0]],
        )
    add(
        client,
        kind="lateral",
        role="Growth analyst",
        start_date=from_today(100),
        end_date=None,
        success_criteria=None,
    )
    note = text_of(client.get("/moves").text, "depth-note")
    assert "3 short moves in a row and none went deep" in note
