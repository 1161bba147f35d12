"""The evidence log on the web: the JSON API and the /evidence, /actions, /experiments pages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from microstep.core.actions import find_action
from microstep.core.evidence import SignalKind
from microstep.services.evidence_schemas import KindResultPublic
from microstep.web.evidence_charts import interval_chart
from tests.web import element, error_of, flash_of, from_today

QUESTION = "Was the summary I sent on Monday useful for your decision?"
HX = {"hx-request": "true"}
TACTIC = "Share Tuesday insights in the team channel"


def post_signal(client: TestClient, **changes: Any) -> Any:
    """Log a signal through the API (praise today, unless changed)."""
    return client.post("/api/signals", json={"kind": "praise", "note": "Thanks"} | changes)


def ask(client: TestClient, **changes: Any) -> dict[str, Any]:
    """Ask Priya the good question through the API."""
    body = {"question": QUESTION, "asked_whom": "Priya", "about": "Monday summary"} | changes
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


# ---------------------------------------------------------------- API


def test_api_signals_round_trip(client: TestClient) -> None:
    added = post_signal(client, kind="meeting-invite", source="Priya", occurred_on=from_today(-1))
    assert added.status_code == 201, added.text
    assert added.json()["kind"] == "meeting_invite"
    post_signal(client)
    listed = client.get("/api/signals", params={"kind": "meeting_invite"}).json()
    assert [s["id"] for s in listed] == [added.json()["id"]]
    assert len(client.get("/api/signals").json()) == 2
    weeks = client.get("/api/signals/weekly", params={"weeks": 4}).json()
    assert len(weeks) == 4
    assert sum(w["total"] for w in weeks) == 2
    assert client.delete(f"/api/signals/{added.json()['id']}").status_code == 200
    error_of(client.delete(f"/api/signals/{added.json()['id']}"), 404)
    assert len(client.get("/api/signals").json()) == 1


def test_api_refuses_bad_signals_in_the_one_error_shape(client: TestClient) -> None:
    future = error_of(post_signal(client, occurred_on=from_today(1)), 422)
    assert future["field"] == "occurred_on"
    assert "future" in future["message"]
    assert "not a signal kind" in error_of(post_signal(client, kind="gossip"), 422)["message"]
    assert error_of(post_signal(client, note=" "), 422)["field"] == "note"
    error_of(post_signal(client, surprise=1), 422)
    assert client.get("/api/signals").json() == []


def test_api_feedback_answer_creates_a_signal(client: TestClient) -> None:
    request = ask(client)
    answered = client.post(
        f"/api/feedback/{request['id']}/answer", json={"rating": 5, "answer": "Very useful"}
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered"
    [signal] = client.get("/api/signals").json()
    assert signal["feedback_request_id"] == request["id"]
    assert signal["rating"] == 5
    again = client.post(f"/api/feedback/{request['id']}/answer", json={"rating": 1, "answer": "x"})
    error_of(again, 409)
    assert client.get("/api/feedback", params={"open": True}).json() == []


def test_api_feedback_refusals(client: TestClient) -> None:
    generic = client.post(
        "/api/feedback", json={"question": "Any feedback?", "asked_whom": "P", "about": "deck"}
    )
    assert "too general" in error_of(generic, 422)["message"]
    request = ask(client)
    bad = client.post(f"/api/feedback/{request['id']}/answer", json={"rating": 0, "answer": "x"})
    assert error_of(bad, 422)["field"] == "rating"
    assert client.post(f"/api/feedback/{request['id']}/withdraw").json()["status"] == "withdrawn"
    error_of(client.post(f"/api/feedback/{request['id']}/withdraw"), 409)
    error_of(client.post("/api/feedback/999/withdraw"), 404)
    assert client.get("/api/signals").json() == []


def test_api_actions_pick_tick_and_the_limit(client: TestClient) -> None:
    library = client.get("/api/actions/library").json()
    assert len(library) >= 40
    visibility = client.get("/api/actions/library", params={"focus": "visibility"}).json()
    assert visibility
    assert all(a["focus"] == "visibility" for a in visibility)
    keys = [a["key"] for a in library]
    for key in keys[:6]:
        assert client.post(f"/api/actions/{key}/pick").status_code == 201
    seventh = error_of(client.post(f"/api/actions/{keys[6]}/pick"), 409)
    assert "drop one" in seventh["message"]
    error_of(client.post(f"/api/actions/{keys[0]}/pick"), 409)
    ticked = client.post(f"/api/actions/{keys[0]}/tick")
    assert ticked.status_code == 200
    assert ticked.json()["done_today"] is True
    error_of(client.post(f"/api/actions/{keys[0]}/tick"), 409)
    error_of(client.post(f"/api/actions/{keys[1]}/tick", json={"done_on": from_today(1)}), 422)
    assert client.post(f"/api/actions/{keys[1]}/drop").status_code == 200
    assert len(client.get("/api/actions").json()) == 5
    error_of(client.post("/api/actions/nope/pick"), 404)


def test_api_experiments(client: TestClient) -> None:
    body = {"tactic": TACTIC, "hypothesis": "More invites", "track": ["invitation"]}
    started = client.post("/api/experiments", json=body)
    assert started.status_code == 201, started.text
    row = started.json()
    assert row["status"] == "running"
    assert len(row["results"]) == 1
    assert client.get(f"/api/experiments/{row['id']}").json()["id"] == row["id"]
    assert len(client.get("/api/experiments").json()) == 1
    stop = client.post(f"/api/experiments/{row['id']}/stop", json={"conclusion": "Stopped."})
    assert stop.json()["status"] == "stopped"
    assert error_of(client.post("/api/experiments", json=body | {"track": []}), 422)["field"] == (
        "track"
    )
    planned = client.post("/api/experiments", json=body | {"starts_on": from_today(3)}).json()
    assert planned["status"] == "planned"
    assert planned["results"] == []
    error_of(client.post(f"/api/experiments/{planned['id']}/stop"), 409)
    assert client.delete(f"/api/experiments/{planned['id']}").status_code == 200
    error_of(client.get(f"/api/experiments/{planned['id']}"), 404)


# ---------------------------------------------------------------- pages


def test_evidence_page_links_its_sister_pages_and_explains_when_empty(client: TestClient) -> None:
    page = client.get("/evidence")
    assert page.status_code == 200
    assert 'href="/static/evidence.css"' in page.text
    tabs = element(page.text, "tab-evidence")
    assert 'aria-current="page"' in tabs
    assert 'href="/actions"' in page.text
    assert 'href="/experiments"' in page.text
    assert "No signals yet" in page.text
    assert f'value="{date.today().isoformat()}"' in element(page.text, "signal-form")


def test_capture_over_htmx_returns_the_panel_with_the_new_signal(client: TestClient) -> None:
    form = {
        "kind": "invitation",
        "note": "Asked to the pricing review",
        "source": "Priya",
        "occurred_on": "",
    }
    response = client.post("/evidence/signals", data=form, headers=HX)
    assert response.status_code == 200
    assert 'id="signals-panel"' in response.text
    assert "<html" not in response.text
    assert "Logged: invitation" in element(response.text, "signal-added")
    assert "Asked to the pricing review" in element(response.text, "recent-signals")
    assert 'data-total="1"' in element(response.text, "signal-chart")


def test_capture_errors_show_inline_and_write_nothing(client: TestClient) -> None:
    form = {"kind": "praise", "note": "Thanks", "source": "", "occurred_on": from_today(2)}
    response = client.post("/evidence/signals", data=form, headers=HX)
    assert response.status_code == 200  # HTMX swaps only 2xx: the panel carries the error
    assert "future" in element(response.text, "signal-error")
    assert 'aria-invalid="true"' in element(response.text, "sig-day")
    plain = client.post("/evidence/signals", data=form | {"note": "", "occurred_on": ""})
    assert plain.status_code == 200
    assert plain.url.path == "/evidence"  # a GET page: reopening it works
    assert "note is empty" in element(plain.text, "signal-error")
    assert 'value="praise" selected' in element(plain.text, "sig-kind")
    assert client.get("/api/signals").json() == []


def test_capture_without_htmx_redirects_with_a_flash(client: TestClient) -> None:
    form = {"kind": "mention", "note": "Named in the update", "source": "", "occurred_on": ""}
    page = client.post("/evidence/signals", data=form)
    assert page.status_code == 200
    assert str(page.url).endswith("/evidence")
    assert "Logged: stakeholder mention" in flash_of(page.text)
    [signal] = client.get("/api/signals").json()
    deleted = client.post(f"/evidence/signals/{signal['id']}/delete")
    assert "Deleted" in flash_of(deleted.text)
    assert client.get("/api/signals").json() == []


def test_ask_form_refuses_generic_questions_inline(client: TestClient) -> None:
    form = {"question": "Any feedback?", "asked_whom": "Priya", "about": "deck", "goal_id": ""}
    page = client.post("/evidence/feedback", data=form)
    assert page.status_code == 200
    assert page.url.path == "/evidence"  # not the POST-only /evidence/feedback
    assert "too general" in element(page.text, "form-error")
    assert 'value="Any feedback?"' in page.text  # what was typed stays in the form
    assert 'value="deck"' in element(page.text, "ask-form")
    assert "too general" not in client.get("/evidence").text  # shown once, then gone
    assert client.get("/api/feedback").json() == []


def test_ask_then_answer_on_the_page(client: TestClient) -> None:
    form = {"question": QUESTION, "asked_whom": "Priya", "about": "Monday summary", "goal_id": ""}
    page = client.post("/evidence/feedback", data=form)
    assert "Saved. Ask Priya" in flash_of(page.text)
    [request] = client.get("/api/feedback").json()
    assert QUESTION in element(page.text, f"request-{request['id']}")
    missing = client.post(f"/evidence/feedback/{request['id']}/answer", data={"answer": "Yes"})
    assert missing.status_code == 200
    assert missing.url.path == "/evidence"
    assert "rating" in element(missing.text, f"answer-error-{request['id']}")
    done = client.post(
        f"/evidence/feedback/{request['id']}/answer", data={"rating": "4", "answer": "Yes, useful"}
    )
    assert "as a feedback signal" in flash_of(done.text)
    assert "Yes, useful" in element(done.text, f"answered-{request['id']}")
    assert "Monday summary: Yes, useful" in element(done.text, "recent-signals")


def test_actions_page_picks_ticks_and_refuses_a_seventh(client: TestClient) -> None:
    page = client.get("/actions")
    assert page.status_code == 200
    assert len(re.findall(r'class="ev-action"', page.text)) >= 40
    assert "Quick wins in meetings" in page.text
    assert 'href="/static/evidence.css"' in page.text
    keys = [a["key"] for a in client.get("/api/actions/library").json()]
    for key in keys[:6]:
        client.post(f"/actions/{key}/pick")
    refused = client.post(f"/actions/{keys[6]}/pick")
    assert "drop one before picking" in flash_of(refused.text)
    assert "6 of 6 picked" in element(refused.text, "picks-count")
    ticked = client.post(f"/actions/{keys[0]}/tick")
    assert "1 this week, 1-week streak" in flash_of(ticked.text)
    assert "Done today" in element(ticked.text, f"pick-{keys[0]}")
    assert f'id="tick-{keys[1]}"' in ticked.text
    dropped = client.post(f"/actions/{keys[1]}/drop")
    assert "Dropped" in flash_of(dropped.text)
    assert f'id="pick-{keys[1]}"' not in dropped.text


def test_experiments_page_starts_and_draws_the_interval(client: TestClient) -> None:
    for days in (40, 30, 20, 12, 9, 7, 5, 3, 2, 1):
        post_signal(client, kind="invitation", occurred_on=from_today(-days))
    form = {
        "tactic": TACTIC,
        "hypothesis": "More invites",
        "weeks": "2",
        "starts_on": from_today(-7),
        "action_key": "tuesday-insight",
        "track": ["invitation", "mention"],
    }
    page = client.post("/experiments", data=form)
    assert page.status_code == 200
    assert "Experiment started" in flash_of(page.text)
    [row] = client.get("/api/experiments").json()
    card = element(page.text, f"experiment-{row['id']}")
    assert "running" in card
    assert "Hypothesis:" in card
    chart = element(page.text, f"interval-{row['id']}")
    assert 'data-kind="invitation"' in chart
    assert 'class="one"' in chart
    assert "Invitation:" in card
    assert row["results"][0]["verdict"] in card


def test_experiment_form_errors_inline_and_nothing_written(client: TestClient) -> None:
    form = {
        "tactic": TACTIC,
        "hypothesis": "More invites",
        "weeks": "4",
        "starts_on": "",
        "action_key": "",
    }
    page = client.post("/experiments", data=form)
    assert page.status_code == 422
    assert "at least one signal kind" in element(page.text, "form-error")
    assert f'value="{TACTIC}"' in page.text
    weeks = client.post("/experiments", data=form | {"track": "praise", "weeks": "x"})
    assert "not a whole number" in element(weeks.text, "form-error")
    assert client.get("/api/experiments").json() == []


def test_stop_on_the_page_flashes_the_status(client: TestClient) -> None:
    body = {"tactic": TACTIC, "hypothesis": "h", "track": ["praise"]}
    row = client.post("/api/experiments", json=body | {"starts_on": from_today(-3)}).json()
    page = client.post(f"/experiments/{row['id']}/stop", data={"conclusion": "Enough."})
    assert "is stopped" in flash_of(page.text)
    assert "Enough." in element(page.text, f"experiment-{row['id']}")
    again = client.post(f"/experiments/{row['id']}/stop", data={"conclusion": ""})
    assert "already stopped" in flash_of(again.text)
    assert again.url.path == "/experiments"
    card = element(page.text, f"experiment-{row['id']}")
    assert re.search(r'<form[^>]*/delete"[^>]*onsubmit=\'return confirm\(', card)
    assert f'aria-label="Delete the experiment “{TACTIC}”"' in card
    gone = client.post(f"/experiments/{row['id']}/delete")
    assert "Deleted" in flash_of(gone.text)
    assert client.get("/api/experiments").json() == []


def test_interval_chart_puts_one_x_inside_and_clips_wild_intervals() -> None:
    def result(low: float, mid: float, high: float, verdict: str) -> KindResultPublic:
        return KindResultPublic(
            kind=SignalKind.INVITATION,
            baseline_count=1,
            baseline_days=28,
            experiment_count=9,
            experiment_days=28,
            ratio=mid,
            low=low,
            high=high,
            level=0.9,
            verdict=verdict,
            sentence="s",
        )

    chart = interval_chart(
        [
            result(1.5, 3.0, 9.0, "likely helped"),
            result(0.001, 1.0, 500.0, "no clear effect"),
        ]
    )
    helped, wild = chart.rows
    assert helped.x_low > chart.x_one
    assert helped.verdict == "helped"
    assert helped.x_low < helped.x_mid < helped.x_high
    assert wild.clipped_low
    assert wild.clipped_high
    assert chart.plot_x <= wild.x_low < wild.x_high <= chart.plot_x + chart.plot_width
    assert chart.ticks[0].label == "1/16x"  # the axis stops at 1/16x..16x, arrows beyond
    assert chart.ticks[-1].label == "16x"


def kind_result(low: float, mid: float, high: float, verdict: str) -> KindResultPublic:
    """One invitation result with this interval and verdict."""
    return KindResultPublic(
        kind=SignalKind.INVITATION,
        baseline_count=1,
        baseline_days=28,
        experiment_count=2,
        experiment_days=7,
        ratio=mid,
        low=low,
        high=high,
        level=0.9,
        verdict=verdict,
        sentence="s",
    )


def test_interval_axis_labels_never_crowd_even_when_it_spans_the_most() -> None:
    chart = interval_chart([kind_result(0.001, 1.0, 500.0, "no clear effect")])
    labels = [tick.label for tick in chart.ticks if tick.label]
    assert labels == ["1/16x", "1/4x", "1x", "4x", "16x"]  # five at most, 1/4 of the width apart
    assert len(chart.ticks) == 9  # the gridlines stay


def test_too_little_data_draws_no_point_and_does_not_stretch_the_axis(
    client: TestClient,
) -> None:
    chart = interval_chart([kind_result(0.002, 0.5, 300.0, "too little data to say")])
    [row] = chart.rows
    assert not row.estimate
    assert row.clipped_low
    assert row.clipped_high
    assert [tick.label for tick in chart.ticks] == ["1/4x", "1/2x", "1x", "2x", "4x"]
    body = {"tactic": TACTIC, "hypothesis": "h", "track": ["praise"]}
    made = client.post("/api/experiments", json=body | {"starts_on": from_today(-1)}).json()
    assert made["results"][0]["verdict"] == "too little data to say"
    svg = element(client.get("/experiments").text, f"interval-{made['id']}")
    assert "<circle" not in svg
    assert 'class="ci vague"' in svg


def test_unknown_ids_on_pages_are_not_found(client: TestClient) -> None:
    assert client.post("/experiments/999/stop", data={}).status_code == 404
    assert (
        client.post(
            "/evidence/feedback/999/answer", data={"rating": "3", "answer": "x"}
        ).status_code
        == 404
    )


def test_an_answer_without_a_rating_asks_for_one_in_plain_words(client: TestClient) -> None:
    request = ask(client)
    for rating in ("", "0", "6", "four"):
        page = client.post(
            f"/evidence/feedback/{request['id']}/answer", data={"rating": rating, "answer": "Yes"}
        )
        assert page.status_code == 200
        assert page.url.path == "/evidence"
        error = element(page.text, f"answer-error-{request['id']}")
        assert "Choose a rating from 1 to 5 for how useful the answer was." in error
        assert "field" not in error
        form = element(page.text, f"answer-form-{request['id']}")
        assert 'value="Yes"' in form
        assert re.search(r'<fieldset[^>]*aria-invalid="true"', form)
    assert client.get("/api/feedback").json()[0]["status"] == "open"


def goal_body(client: TestClient, title: str) -> dict[str, Any]:
    """A good goal with this title, due in five days."""
    objective_id = client.get("/api/objectives").json()[0]["id"]
    return {
        "title": title,
        "metric": "reports built",
        "target_value": 2,
        "unit": "reports",
        "due": from_today(5),
        "objective_id": objective_id,
    }


def test_the_goal_a_question_serves_is_chosen_among_open_goals_each_once(
    client: TestClient,
) -> None:
    ids = {}
    for title in ("Build 2 pivot reports", "Build 2 pivot reports", "Write 2 SQL views", "Old"):
        response = client.post("/api/goals", json=goal_body(client, title))
        assert response.status_code == 201, response.text
        ids[title] = response.json()["id"]
    client.post(f"/api/goals/{ids['Write 2 SQL views']}/start")
    done = client.post(f"/api/goals/{ids['Write 2 SQL views']}/done", json={"outcome_value": 2})
    assert done.status_code == 200, done.text
    assert client.post(f"/api/goals/{ids['Old']}/drop", json={}).status_code == 200
    select = element(client.get("/evidence").text, "ask-goal")
    assert select.count("Build 2 pivot reports") == 1
    assert "Write 2 SQL views" not in select
    assert "Old" not in select


def test_the_three_evidence_pages_open_with_the_same_tabs(client: TestClient) -> None:
    for path in ("/evidence", "/actions", "/experiments"):
        page = client.get(path).text
        tabs = re.search(r'<nav class="ev-tabs".*?</nav>', page, re.S)
        assert tabs is not None, path
        assert tabs.start() < page.index("<section"), path  # above the first card
        for href in ("/evidence", "/actions", "/experiments"):
            assert f'href="{href}"' in tabs.group(0)
        current = element(page, f"tab-{path[1:]}")
        assert 'aria-current="page"' in current


def test_a_vague_tactic_is_refused_inline_with_an_example(client: TestClient) -> None:
    form = {"tactic": "be better", "hypothesis": "h", "track": ["praise"], "weeks": "4"}
    page = client.post("/experiments", data=form)
    assert page.status_code == 422
    error = element(page.text, "form-error")
    assert "'be better' is too vague to test" in error
    assert "Share a 3-bullet insight" in error
    assert re.search(r'<input id="ex-tactic"[^>]*aria-invalid="true"', page.text)
    assert client.get("/api/experiments").json() == []


def test_experiment_cards_name_the_micro_action_and_write_days_and_rates_one_way(
    client: TestClient,
) -> None:
    for days in (30, 20, 12, 9, 5, 3, 2, 1):
        post_signal(client, kind="invitation", occurred_on=from_today(-days))
    body = {
        "tactic": TACTIC,
        "hypothesis": "More invites",
        "track": ["invitation"],
        "weeks": 2,
        "starts_on": from_today(-10),
        "action_key": "tuesday-insight",
    }
    row = client.post("/api/experiments", json=body).json()
    assert row["action_title"] == find_action("tuesday-insight").title
    page = client.get("/experiments").text
    card = element(page, f"experiment-{row['id']}")
    uses = element(page, f"uses-{row['id']}")
    assert row["action_title"] in uses
    assert "tuesday-insight</" not in card  # the title, not the raw key
    start = date.fromisoformat(row["starts_on"])
    assert f"{start:%a} {start.day} {start:%b}" in card
    assert row["starts_on"] not in card.replace(f'datetime="{row["starts_on"]}"', "")
    assert "\N{MULTIPLICATION SIGN}" not in card
    assert re.search(r"rate x\d", card)


def test_chart_text_keeps_its_pixel_size_at_any_width(client: TestClient) -> None:
    post_signal(client, kind="invitation")
    body = {"tactic": TACTIC, "hypothesis": "h", "track": ["invitation"]}
    row = client.post("/api/experiments", json=body | {"starts_on": from_today(-3)}).json()
    weeks = element(client.get("/evidence").text, "signal-chart")
    interval = element(client.get("/experiments").text, f"interval-{row['id']}")
    for svg in (weeks, interval):
        opening = svg[: svg.index(">")]
        assert "viewBox" not in opening  # a viewBox would scale the text with the width
        assert 'width="100%"' in opening
        assert re.search(r'height="\d+"', opening)
    assert re.search(r'<text[^>]*x="[\d.]+%"', weeks)
    assert re.search(r'<line class="ci[^>]*x1="[\d.]+%"', interval)  # no point: too little data


def test_a_plain_form_error_redirects_to_a_page_that_can_be_reopened(client: TestClient) -> None:
    form = {"question": "Any feedback?", "asked_whom": "Priya", "about": "deck", "goal_id": ""}
    sent = client.post("/evidence/feedback", data=form, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/evidence#ask"
    request = ask(client)
    answer = f"/evidence/feedback/{request['id']}/answer"
    sent = client.post(answer, data={"answer": "Yes"}, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/evidence#request-{request['id']}"
    signal = {"kind": "praise", "note": "", "source": "", "occurred_on": ""}
    sent = client.post("/evidence/signals", data=signal, follow_redirects=False)
    assert sent.status_code == 303
    htmx = client.post("/evidence/signals", data=signal, headers=HX, follow_redirects=False)
    assert htmx.status_code == 200  # HTMX keeps its inline answer
    assert "note is empty" in element(htmx.text, "signal-error")


def test_deletes_ask_to_confirm_and_buttons_name_what_they_act_on(client: TestClient) -> None:
    post_signal(client, note="Thanked in the all-hands")
    body = {"tactic": TACTIC, "hypothesis": "h", "track": ["praise"]}
    row = client.post("/api/experiments", json=body | {"starts_on": from_today(-3)}).json()
    recent = element(client.get("/evidence").text, "recent-signals", unescape=False)
    assert re.search(r"onsubmit='return confirm\(\"Delete the signal of [^']*all-hands", recent)
    assert 'aria-label="Delete the signal of' in recent
    card = element(client.get("/experiments").text, f"experiment-{row['id']}", unescape=False)
    confirms = re.findall(r"onsubmit='return confirm\(\"([^\"]*)", card)
    assert len(confirms) == 2  # Stop now and Delete both ask first
    assert all(TACTIC in text for text in confirms)
    assert f'aria-label="Stop now: experiment “{TACTIC}”"' in card
    assert 'class="ev-danger"' in card  # Delete sits apart from Stop now
