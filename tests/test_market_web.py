"""The market on the web: the JSON API and the /market page, uploads good and bad, the charts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from microstep.core.market import Trend
from microstep.services.context import Context
from microstep.services.market_schemas import MarketPublic, MonthPublic, SkillDemandPublic
from microstep.store.models import Objective
from microstep.web.market_pages import BAR_SPAN, demand_chart, month_chart
from tests.web import element, error_of, flash_of, from_today

pytestmark = pytest.mark.taxonomy

DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"


def csv_upload(rows: int = 8, name: str = "jobs.csv", extra: str = "") -> dict[str, Any]:
    """A CSV of postings dated back from the real today (the web acts on date.today())."""
    lines = ["date,title,text"]
    for index in range(rows):
        mining = " Data mining is key." if index % 2 == 0 else ""
        lines.append(f'{from_today(-index * 5)},Analyst {index},"We need SQL.{mining}"')
    body = "\n".join(lines) + "\n" + extra
    return {"file": (name, body.encode(), "text/csv")}


def aim(ctx: Context) -> None:
    with ctx.db.transaction() as session:
        session.execute(update(Objective).values(occupation_uri=DATA_ANALYST))


def stored(client: TestClient) -> int:
    return len(client.get("/api/market/postings").json())


# ---------------------------------------------------------------- API


def test_api_imports_shows_ranks_and_deletes(client: TestClient, ctx: Context) -> None:
    aim(ctx)
    assert client.get("/api/market").json()["postings"] == 0
    created = client.post("/api/market/postings", files=csv_upload())
    assert created.status_code == 201, created.text
    summary = created.json()
    assert (summary["name"], summary["postings"], summary["duplicates"]) == ("jobs.csv", 8, 0)
    assert summary["top"][0] == "SQL"
    again = client.post("/api/market/postings", files=csv_upload()).json()
    assert (again["postings"], again["duplicates"]) == (0, 8)

    view = client.get("/api/market", params={"top": 5}).json()
    assert view["postings"] == 8
    assert view["skills"][0]["id"] == SQL
    assert view["skills"][0]["count"] == 8
    assert view["role"]["occupation_label"] == "data analyst"
    assert any(t["name"] == "Microsoft Excel" for t in view["technologies"])
    ranked = client.get("/api/market/next", params={"top": 3}).json()
    assert len(ranked) == 3
    assert set(ranked[0]) >= {"id", "label", "score", "reasons", "why", "demand", "gap"}

    [newest, *_] = client.get("/api/market/postings", params={"limit": 2}).json()
    assert newest["title"] == "Analyst 0"
    assert client.delete(f"/api/market/postings/{newest['id']}").json() == {"deleted": 1}
    gone = error_of(client.delete(f"/api/market/postings/{newest['id']}"), 404)
    assert gone["message"] == f"There is no posting #{newest['id']}."
    assert client.delete("/api/market/postings").json() == {"deleted": 7}
    assert stored(client) == 0


def test_api_text_upload_with_a_default_day(client: TestClient) -> None:
    upload = {"file": ("notes.txt", b"Title: Analyst\nSQL and data mining.\n", "text/plain")}
    created = client.post("/api/market/postings", files=upload, data={"date": from_today(-3)})
    assert created.status_code == 201, created.text
    [posting] = client.get("/api/market/postings").json()
    assert posting["posted_on"] == from_today(-3)
    assert posting["source"] == "notes.txt"


def test_api_refuses_bad_uploads_in_the_one_error_shape(client: TestClient) -> None:
    bad = error_of(client.post("/api/market/postings", files=csv_upload(extra="bad,,x\n")), 422)
    assert bad["message"] == "jobs.csv line 10: the date 'bad' is not YYYY-MM-DD."
    missing = {"file": ("jobs.csv", b"date,title\n2026-11-01,x\n", "text/csv")}
    assert (
        "has no 'text' column"
        in error_of(client.post("/api/market/postings", files=missing), 422)["message"]
    )
    empty = {"file": ("jobs.csv", b"", "text/csv")}
    assert error_of(client.post("/api/market/postings", files=empty), 422)["field"] == "file"
    error_of(client.post("/api/market/postings"), 422)
    future = client.post("/api/market/postings", files=csv_upload(), data={"date": from_today(2)})
    assert "in the future" in error_of(future, 422)["message"]
    assert error_of(client.get("/api/market/next", params={"top": 0}), 422)["field"] == "top"
    assert error_of(client.get("/api/market", params={"objective_id": 99}), 404)["message"] == (
        "There is no objective #99."
    )
    assert stored(client) == 0


def test_api_refuses_an_upload_from_another_site(client: TestClient) -> None:
    refused = client.post(
        "/api/market/postings", files=csv_upload(), headers={"origin": "https://evil.example"}
    )
    error_of(refused, 403)
    assert stored(client) == 0


# ---------------------------------------------------------------- page


def test_the_page_before_any_import_explains_what_to_do(client: TestClient) -> None:
    page = client.get("/market")
    assert page.status_code == 200
    assert "Import a few postings for the role you aim at" in element(page.text, "demand")
    assert "Objectives" in element(page.text, "onet")
    assert 'id="import-form"' in page.text
    assert 'aria-current="page">Market' in page.text


def test_uploading_on_the_page_draws_the_charts_and_the_list(
    client: TestClient, ctx: Context
) -> None:
    aim(ctx)
    done = client.post("/market/import", files=csv_upload(), follow_redirects=False)
    assert done.status_code == 303
    page = client.get(done.headers["location"])
    assert "Imported 8 postings from jobs.csv" in flash_of(page.text)
    assert 'id="demand-chart"' in page.text
    assert 'data-skill="SQL"' in element(page.text, "demand-chart")
    assert 'id="month-chart"' in page.text
    assert "Microsoft Excel" in element(page.text, "onet")
    assert "essential for data analyst" in element(page.text, "next")
    postings = element(page.text, "postings")
    assert "Analyst 0" in postings
    first = client.get("/api/market/postings").json()[0]["id"]
    deleted = client.post(f"/market/postings/{first}/delete")
    assert "Deleted the posting" in flash_of(deleted.text)
    cleared = client.post("/market/clear")
    assert "Deleted 7 postings." in flash_of(cleared.text)
    assert stored(client) == 0


def test_a_bad_file_on_the_page_is_one_sentence_by_the_form_and_nothing_stored(
    client: TestClient,
) -> None:
    bad = client.post("/market/import", files=csv_upload(extra="2026-02-30,x,y\n"))
    assert bad.url.path == "/market"
    error = element(bad.text, "form-error")
    assert "jobs.csv line 10: the date 2026-02-30 is not a day of the calendar." in error
    assert stored(client) == 0
    nothing = client.post("/market/import", data={"date": ""})
    assert "Choose a file of job postings first." in element(nothing.text, "form-error")
    typo = client.post("/market/import", files=csv_upload(), data={"date": "someday"})
    assert "'someday' is not a date I understand" in element(typo.text, "form-error")
    assert 'value="someday"' in element(typo.text, "import-form", unescape=False)
    again = client.get("/market")
    assert 'id="form-error"' not in again.text  # shown once, then gone
    assert stored(client) == 0


# ---------------------------------------------------------------- chart geometry


def demand(label: str, count: int, months: list[int]) -> SkillDemandPublic:
    return SkillDemandPublic(
        id=label,
        label=label,
        count=count,
        share=count / 10,
        recent=0,
        before=0,
        trend=Trend.RISING if label == "b" else Trend.STEADY,
        months=months,
        relation="essential" if label == "a" else None,
    )


def view_of(*skills: SkillDemandPublic) -> MarketPublic:
    first = date(2026, 9, 1)
    months = [
        MonthPublic(month=first, postings=4),
        MonthPublic(month=date(2026, 10, 1), postings=6),
    ]
    return MarketPublic(
        postings=10,
        first=first,
        last=first + timedelta(days=50),
        months=months,
        skills=list(skills),
        windows=None,
        trend_rule="",
        role=None,
        technologies=[],
    )


def test_demand_bars_scale_to_the_most_named_skill() -> None:
    chart = demand_chart(view_of(demand("a", 10, [4, 6]), demand("b", 5, [1, 4])))
    a, b = chart.bars
    assert (a.width, b.width) == (BAR_SPAN, BAR_SPAN / 2)
    assert (a.relation, b.relation, b.mark, a.mark) == ("essential", "other", "▲", "")
    assert b.y == 38
    assert a.title == "a: named in 10 of 10 postings (100%), steady, essential for the role"
    assert chart.height == 76


def test_month_columns_and_lines_share_one_scale() -> None:
    chart = month_chart(view_of(demand("a", 10, [4, 6]), demand("b", 5, [1, 4])))
    first, second = chart.columns
    assert (first.postings, second.postings, first.label) == (4, 6, "Sep")
    assert 0 < first.x < second.x < 100
    a_line, b_line = chart.lines
    assert [d.y for d in a_line.dots] == [first.y, second.y]  # a is named in every posting
    assert b_line.dots[0].y > b_line.dots[1].y  # more postings named b in October
    assert len(a_line.segments) == 1
    assert month_chart(view_of().model_copy(update={"months": []})).columns == []
