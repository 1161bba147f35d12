"""Micro-skills on the web: the JSON API and the practice pages, quick-log, timer, curve, plan."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from microstep.core.weeks import week_start
from microstep.services.schemas import HeatCellPublic
from microstep.web.charts import heatmap_chart
from microstep.web.words import due_phrase
from tests.web import element, error_of, flash_of, from_today

PAUSE = "Pause three seconds before answering"
STORY = "Open with a one-sentence story"


def add_skill(client: TestClient, name: str = "Public speaking") -> int:
    """Put a skill on Ana's map and return its id."""
    response = client.post("/api/skills", json={"name": name, "current_level": 1})
    assert response.status_code == 201, response.text
    found: int = response.json()["id"]
    return found


def add_microskill(client: TestClient, skill_id: int, **changes: Any) -> dict[str, Any]:
    """Define a micro-skill through the API: filler words per minute, mastered at 2 or fewer."""
    item = {
        "skill_id": skill_id,
        "definition": PAUSE,
        "metric": "filler words",
        "unit": "per min",
        "mastery_threshold": 2,
    }
    response = client.post("/api/microskills", json=item | changes)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def log(client: TestClient, microskill_id: int, **changes: Any) -> Any:
    """Log a session through the API (5 minutes, rated good, unless changed)."""
    entry = {"minutes": 5, "rating": "good"} | changes
    return client.post(f"/api/microskills/{microskill_id}/practice", json=entry)


def journal_size(client: TestClient, microskill_id: int) -> int:
    """How many sessions the micro-skill's journal holds."""
    return len(client.get(f"/api/microskills/{microskill_id}/curve").json()["sessions"])


def quick_log(client: TestClient, microskill_id: int, **fields: str) -> Any:
    """Press a rating button of the quick-log form on /practice."""
    form = {"minutes": "5", "rating": "good", "metric_value": "", "next": "/practice"} | fields
    headers = {"referer": "http://127.0.0.1/practice"}
    return client.post(
        f"/microskills/{microskill_id}/practice", data=form, headers=headers, follow_redirects=False
    )


# ---- JSON API -----------------------------------------------------------------------------


def test_a_skills_first_microskill_starts_and_later_ones_queue_in_stack_order(
    client: TestClient,
) -> None:
    skill = add_skill(client)
    first = add_microskill(client, skill)
    second = add_microskill(client, skill, definition=STORY, metric="seconds to the hook")
    assert (first["state"], second["state"]) == ("active", "queued")
    assert first["due"] == date.today().isoformat()
    listed = client.get("/api/microskills").json()
    assert [m["id"] for m in listed] == [first["id"], second["id"]]
    assert client.get(f"/api/microskills?skill_id={add_skill(client, 'SQL')}").json() == []


def test_starting_a_queued_microskill_makes_it_active_once(client: TestClient) -> None:
    skill = add_skill(client)
    add_microskill(client, skill)
    queued = add_microskill(client, skill, definition=STORY)
    started = client.post(f"/api/microskills/{queued['id']}/start")
    assert started.status_code == 200, started.text
    assert started.json()["state"] == "active"
    again = error_of(client.post(f"/api/microskills/{queued['id']}/start"), 409)
    assert "not queued" in again["message"]


def test_a_logged_session_is_scheduled_and_joins_the_curve(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    response = log(client, item["id"], metric_value=4.5, note="rushed the first answer")
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["mastered"] is False
    assert result["stacked"] is None
    assert result["session"]["metric_value"] == 4.5
    assert date.fromisoformat(result["next_due"]) > date.today()
    curve = client.get(f"/api/microskills/{item['id']}/curve").json()
    assert [p["value"] for p in curve["points"]] == [4.5]
    assert curve["sessions"][0]["note"] == "rushed the first answer"


def test_meeting_the_mastery_rule_masters_it_and_stacks_the_next(client: TestClient) -> None:
    skill = add_skill(client)
    item = add_microskill(client, skill)
    queued = add_microskill(client, skill, definition=STORY)
    results = [log(client, item["id"], metric_value=v).json() for v in (1.5, 2, 1, 1.8)]
    assert [r["mastered"] for r in results] == [False, False, False, True]
    assert results[-1]["stacked"]["id"] == queued["id"]
    assert results[-1]["next_due"] is None
    states = {m["id"]: m["state"] for m in client.get("/api/microskills").json()}
    assert states == {item["id"]: "mastered", queued["id"]: "active"}


@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        ({"minutes": 0}, "minutes", "1 to 120 minutes"),
        ({"minutes": 500}, "minutes", "1 to 120 minutes"),
        ({"minutes": -5}, "minutes", "1 to 120 minutes"),
        ({"metric_value": "lots"}, "metric_value", "valid number"),
        ({"rating": "meh"}, "rating", "rating"),
        ({"practised_on": "tomorrow"}, "practised_on", "valid date"),
    ],
)
def test_bad_practice_input_is_refused_in_one_shape_and_nothing_is_written(
    client: TestClient, entry: dict[str, Any], field: str, words: str
) -> None:
    item = add_microskill(client, add_skill(client))
    error = error_of(log(client, item["id"], **entry), 422)
    assert error["field"] == field
    assert words in error["message"]
    assert journal_size(client, item["id"]) == 0


def test_a_future_day_is_refused_and_nothing_is_written(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    error = error_of(log(client, item["id"], practised_on=tomorrow), 422)
    assert error["field"] == "practised_on"
    assert "in the future" in error["message"]
    assert journal_size(client, item["id"]) == 0


def test_logging_to_a_mastered_or_unknown_microskill_is_refused(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client), mastery_needed=1, mastery_window=1)
    assert log(client, item["id"], metric_value=1).json()["mastered"] is True
    mastered = error_of(log(client, item["id"], metric_value=1), 409)
    assert "already mastered" in mastered["message"]
    assert journal_size(client, item["id"]) == 1
    unknown = error_of(log(client, 999), 404)
    assert unknown["message"] == "There is no micro-skill #999."
    error_of(client.get("/api/microskills/999/curve"), 404)
    error_of(client.post("/api/microskills/0/start"), 422)


def test_bad_microskill_definitions_are_refused(client: TestClient) -> None:
    skill = add_skill(client)
    base = {"skill_id": skill, "definition": PAUSE, "metric": "filler words"}
    missing = error_of(client.post("/api/microskills", json=base), 422)
    assert missing["field"] == "mastery_threshold"
    rule = base | {"mastery_threshold": 2, "mastery_needed": 6, "mastery_window": 5}
    assert error_of(client.post("/api/microskills", json=rule), 422)["field"] == "mastery_needed"
    elsewhere = base | {"mastery_threshold": 2, "skill_id": 999}
    assert error_of(client.post("/api/microskills", json=elsewhere), 422)["field"] == "skill_id"
    assert client.get("/api/microskills").json() == []


def test_consistency_counts_days_minutes_streak_and_fills_the_heatmap(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    for days, minutes in ((0, 5), (1, 10), (2, 7)):
        assert (
            log(client, item["id"], minutes=minutes, practised_on=from_today(-days)).status_code
            == 201
        )
    stats = client.get("/api/practice/consistency").json()
    assert stats["streak_days"] == 3
    assert stats["total_minutes"] == 22
    heat = {cell["day"]: cell for cell in stats["heatmap"]}
    assert heat[from_today(-0)]["minutes"] == 5
    assert heat[from_today(-1)]["level"] == 3  # 10 minutes is a solid session
    assert (
        stats["heatmap"][0]["day"] == (week_start(date.today()) - timedelta(weeks=11)).isoformat()
    )


def test_the_plan_comes_as_json_and_as_a_markdown_download(client: TestClient) -> None:
    skill = add_skill(client)
    add_microskill(client, skill)
    add_microskill(client, skill, definition=STORY, minutes=10)
    plan = client.get(f"/api/skills/{skill}/plan").json()
    assert [w["focus"] for w in plan["weeks"]] == [PAUSE, STORY, STORY, STORY]
    download = client.get(f"/api/skills/{skill}/plan.md")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/markdown")
    assert "attachment" in download.headers["content-disposition"]
    assert download.text.startswith("# Four-week plan: Public speaking")
    assert download.text == plan["markdown"]
    error_of(client.get("/api/skills/999/plan"), 404)
    error_of(client.get("/api/skills/999/plan.md"), 404)


def test_a_cross_site_log_is_refused(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    response = client.post(
        f"/api/microskills/{item['id']}/practice",
        json={"minutes": 5, "rating": "good"},
        headers={"origin": "https://evil.example"},
    )
    error_of(response, 403)
    assert journal_size(client, item["id"]) == 0
    assert quick_log(client, item["id"]).status_code == 303  # the same-site form still works
    assert journal_size(client, item["id"]) == 1


# ---- pages --------------------------------------------------------------------------------


def test_practice_page_teaches_what_to_do_first(client: TestClient) -> None:
    page = client.get("/practice").text
    assert '<a href="/practice"' in page
    assert "Practice</a>" in page
    assert "add a skill" in element(page, "practice-empty")
    assert 'id="microskill-form"' not in page
    add_skill(client)
    page = client.get("/practice").text
    assert 'href="#add-microskill"' in element(page, "practice-empty")
    assert 'id="microskill-form"' in page
    assert 'id="practice-heatmap"' in page
    assert "Each day you practise fills a square" in page


def test_the_add_form_defines_micro_skills_and_stacks_the_second(client: TestClient) -> None:
    skill = add_skill(client)
    form = {
        "skill_id": str(skill),
        "definition": PAUSE,
        "metric": "filler words",
        "unit": "per min",
        "direction": "lower",
        "minutes": "5",
        "mastery_threshold": "2",
        "mastery_needed": "4",
        "mastery_window": "5",
    }
    response = client.post("/practice", data=form, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/practice")
    page = client.get("/practice").text
    assert f"Active: {PAUSE}. Practise 5 min, due today." in flash_of(page)
    page = client.post("/practice", data=form | {"definition": STORY}).text
    assert f"Queued: {STORY}" in flash_of(page)
    stack = element(page, f"stack-{skill}")
    assert stack.index(PAUSE) < stack.index(STORY)
    assert 'data-state="active"' in stack
    assert 'data-state="queued"' in stack
    assert f'href="/skills/{skill}/plan"' in stack


def test_a_bad_definition_comes_back_inline_with_the_values_kept(client: TestClient) -> None:
    skill = add_skill(client)
    form = {"skill_id": str(skill), "definition": PAUSE, "metric": "filler words"}
    response = client.post("/practice", data=form | {"mastery_threshold": "two"})
    assert response.status_code == 422
    assert "'two' is not a number" in element(response.text, "form-error")
    assert re.search(r'id="ms-threshold"[^>]*aria-invalid="true"', response.text)
    assert f'value="{PAUSE}"' in response.text
    wordy = client.post("/practice", data=form | {"mastery_threshold": "2", "minutes": "ten"})
    assert "The minutes 'ten' is not a whole number." in element(wordy.text, "form-error")
    limit = client.post("/practice", data=form | {"mastery_threshold": "2", "minutes": "500"})
    assert "1 to 120 minutes" in element(limit.text, "form-error")
    assert client.get("/api/microskills").json() == []


def test_quick_log_flashes_the_next_due_day_and_fills_the_heatmap(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    response = quick_log(client, item["id"], metric_value="3,5")
    assert (response.status_code, response.headers["location"]) == (303, "/practice")
    due = date.fromisoformat(client.get("/api/microskills").json()[0]["due"])
    page = client.get("/practice").text
    expected = f"Logged 5 min on {PAUSE}; next session {due_phrase(due, date.today())}."
    assert expected in flash_of(page)
    today = date.today()
    cell = f"{today:%a} {today.day} {today:%b}: 5 min"
    heatmap = element(page, "practice-heatmap")
    assert f"<title>{cell}</title>" in heatmap
    first = week_start(today) - timedelta(weeks=11)
    assert heatmap.count('class="day ') == (today - first).days + 1
    assert element(page, "streak").endswith("1 day</dd>")
    assert client.get(f"/api/microskills/{item['id']}/curve").json()["points"][0]["value"] == 3.5


def test_quick_log_until_mastered_flashes_and_activates_the_next(client: TestClient) -> None:
    skill = add_skill(client)
    item = add_microskill(client, skill)
    queued = add_microskill(client, skill, definition=STORY)
    for value in ("1", "1.5", "2", "0.5"):
        quick_log(client, item["id"], metric_value=value, rating="easy")
        page = client.get("/practice").text  # the browser follows the redirect
    assert f"Mastered! Next in the stack: {STORY}." in flash_of(page)
    assert 'data-state="mastered"' in element(page, f"microskill-{item['id']}")
    assert f'id="quick-log-{queued["id"]}"' in page


def test_quick_log_refusals_flash_one_sentence_and_write_nothing(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    for fields, words in (
        ({"minutes": "0"}, "1 to 120 minutes"),
        ({"minutes": "500"}, "1 to 120 minutes"),
        ({"metric_value": "lots"}, "'lots' is not a number"),
        ({"practised_on": (date.today() + timedelta(days=2)).isoformat()}, "in the future"),
        ({"rating": "meh"}, "rating must be one of"),
    ):
        response = quick_log(client, item["id"], **fields)
        assert response.headers["location"] == "/practice"
        assert words in flash_of(client.get("/practice").text)
    assert journal_size(client, item["id"]) == 0
    assert client.post("/microskills/999/practice", data={"minutes": "5"}).status_code == 404


def test_logging_goes_back_only_to_a_page_of_this_site(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    assert quick_log(client, item["id"], next="/").headers["location"] == "/"
    for outside in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = quick_log(client, item["id"], next=outside)
        assert response.headers["location"] == "/practice"


def test_microskill_page_draws_the_curve_trend_threshold_and_journal(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    for days, value in ((4, 6.0), (3, 5.0), (2, 4.0), (1, 3.0)):
        log(
            client,
            item["id"],
            metric_value=value,
            practised_on=from_today(-days),
            note=f"day -{days}",
        )
    log(client, item["id"])  # a session without a value is in the journal, not on the curve
    page = client.get(f"/microskills/{item['id']}").text
    chart = element(page, "curve-chart")
    assert chart.count('<circle class="point') == 4
    assert 'id="trend-line"' in chart
    assert 'id="threshold-line"' in chart
    assert "goal 2" in chart
    assert ">6</text>" in chart
    assert ">3</text>" in chart
    assert "6 → <strong>3</strong>" in element(page, "trend-summary")
    assert "more" in element(page, "evidence")  # too few sessions to judge a plateau yet
    journal = element(page, "journal")
    assert journal.count('class="entry') == 5
    assert "day -1" in journal
    assert 'class="card plateau"' not in page


def test_a_plateau_is_highlighted_with_its_evidence(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client))
    for days in range(12, 0, -1):
        log(client, item["id"], metric_value=5 + (days % 2) * 0.5, practised_on=from_today(-days))
    page = client.get(f"/microskills/{item['id']}").text
    plateau = element(page, "plateau")
    assert 'class="card plateau"' in plateau
    assert "Tweak your approach" in plateau
    assert "try tweaking your approach" in plateau


def test_a_page_for_an_unknown_microskill_says_so(client: TestClient) -> None:
    for path in ("/microskills/999", "/practice/999/timer", "/skills/999/plan"):
        response = client.get(path)
        assert response.status_code == 404
        assert 'id="error-message"' in response.text


def test_timer_offers_presets_and_a_seconds_override(client: TestClient) -> None:
    item = add_microskill(client, add_skill(client), minutes=7)
    page = client.get(f"/practice/{item['id']}/timer").text
    assert 'data-seconds="420"' in element(page, "timer")
    presets = element(page, "timer-presets")
    assert re.findall(r'data-seconds="(\d+)"', presets) == ["300", "420", "600"]
    assert ">07:00</output>" in page
    for control in ("timer-start", "timer-pause", "timer-reset", "timer-finish", "timer-log"):
        assert f'id="{control}"' in page
    assert f'action="/microskills/{item["id"]}/practice"' in element(page, "timer-log")
    short = client.get(f"/practice/{item['id']}/timer?seconds=2").text
    assert 'id="timer" data-seconds="2"' in short
    assert ">00:02</output>" in short
    assert client.get(f"/practice/{item['id']}/timer?seconds=0").status_code == 422


def test_timer_of_a_queued_microskill_explains_instead(client: TestClient) -> None:
    skill = add_skill(client)
    add_microskill(client, skill)
    queued = add_microskill(client, skill, definition=STORY)
    page = client.get(f"/practice/{queued['id']}/timer").text
    assert "Start it on the" in element(page, "timer-inactive")
    assert 'id="timer-log"' not in page


def test_plan_page_shows_week_cards_and_the_download(client: TestClient) -> None:
    skill = add_skill(client)
    add_microskill(client, skill)
    page = client.get(f"/skills/{skill}/plan").text
    weeks = element(page, "plan-weeks")
    assert weeks.count('class="card plan-week"') == 4
    assert PAUSE in element(page, "plan-week-1")
    assert "Consolidate" in element(page, "plan-week-2")
    assert f'href="/api/skills/{skill}/plan.md"' in element(page, "plan-download")
    empty = client.get(f"/skills/{add_skill(client, 'SQL')}/plan").text
    assert "Add a micro-skill" in element(empty, "plan-empty")


def test_dashboard_shows_a_practice_card_with_due_items_and_the_heatmap(
    client: TestClient,
) -> None:
    assert 'id="practice-none"' in client.get("/").text
    item = add_microskill(client, add_skill(client))
    card = element(client.get("/").text, "practice-today")
    assert PAUSE in element(card, "practice-due")
    assert f'id="quick-log-{item["id"]}"' in card
    assert 'name="next" value="/"' in card
    assert 'id="dashboard-heatmap"' in card
    quick_log(client, item["id"], next="/")
    assert 'id="practice-done"' in client.get("/").text


def test_heatmap_places_weeks_as_columns_mondays_on_top() -> None:
    today = date(2026, 11, 18)  # a Wednesday
    first = week_start(today) - timedelta(weeks=11)
    cells = [
        HeatCellPublic(day=first + timedelta(days=i), minutes=10 if i == 2 else 0, level=0)
        for i in range((today - first).days + 1)
    ]
    chart = heatmap_chart(cells, today=today)
    assert len(chart.days) == 7 * 11 + 3
    monday, wednesday, last = chart.days[0], chart.days[2], chart.days[-1]
    assert monday.x == wednesday.x
    assert wednesday.y > monday.y
    assert wednesday.title == "Wed 2 Sep: 10 min"
    assert last.title == "Wed 18 Nov: no practice"
    assert last.x > monday.x
    assert chart.practised == 1
    assert [label.text for label in chart.weekdays] == ["Mon", "Wed", "Fri", "Sun"]
