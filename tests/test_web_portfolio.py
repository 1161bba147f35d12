"""The portfolio and data pages, the downloads and the JSON API, in process."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from pypdf import PdfReader

from microstep.services import transfer
from microstep.services.context import Context
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Signal
from microstep.store.transfer import delete_person
from tests.conftest import local_client
from tests.test_portfolio_service import history
from tests.web import element, error_of, flash_of, from_today


def test_the_page_lists_suggestions_with_add_buttons_and_the_exports(
    client: TestClient, ctx: Context
) -> None:
    ids = history(ctx)
    page = client.get("/portfolio")
    assert page.status_code == 200
    assert 'id="export-pdf" href="/portfolio/export.pdf"' in page.text
    assert 'href="/data"' in page.text
    suggestion = element(page.text, f"suggestion-goal-{ids['goal']}")
    assert "3 of 3 dashboards" in suggestion
    assert "Add" in suggestion
    assert "update-bullets" in page.text


def test_adding_a_suggestion_moves_it_into_the_achievements(
    client: TestClient, ctx: Context
) -> None:
    ids = history(ctx)
    moved = client.post(
        "/portfolio/suggestions", data={"source": "microskill", "source_id": ids["microskill"]}
    )
    assert moved.status_code == 200  # followed the redirect
    assert "Added to your portfolio: Mastered: Open with the conclusion." in flash_of(moved.text)
    assert "95 s → 25 s" in element(moved.text, "achievements")
    assert f"suggestion-microskill-{ids['microskill']}" not in moved.text
    again = client.post(
        "/portfolio/suggestions", data={"source": "microskill", "source_id": ids["microskill"]}
    )
    assert "already in your portfolio" in flash_of(again.text)


def test_the_add_form_keeps_values_and_shows_the_sentence_inline(client: TestClient) -> None:
    page = client.post(
        "/portfolio",
        data={"title": "Ran the demo", "metric": "12 people", "achieved_on": from_today(5)},
    )
    assert page.status_code == 422
    assert "is in the future" in element(page.text, "form-error")
    assert 'value="12 people"' in page.text
    assert "achievements-empty" in page.text
    saved = client.post("/portfolio", data={"title": "Ran the demo — Zoë", "metric": "12 people"})
    assert "Ran the demo — Zoë" in element(saved.text, "achievements")


def test_edit_and_delete_an_achievement(client: TestClient) -> None:
    client.post("/portfolio", data={"title": "First try", "metric": "2 → 1 days"})
    page = client.get("/portfolio").text
    achievement_id = re.search(r'id="achievement-(\d+)"', page).group(1)  # type: ignore[union-attr]
    edited = client.post(
        f"/portfolio/{achievement_id}/edit", data={"title": "Second try", "metric": "2 → 1 days"}
    )
    assert "Second try" in element(edited.text, "achievements")
    gone = client.post(f"/portfolio/{achievement_id}/delete")
    assert "achievements-empty" in gone.text
    missing = client.post(f"/portfolio/{achievement_id}/delete")
    assert missing.status_code == 404


def test_the_update_fragment_shows_three_bullets_or_the_sentence(client: TestClient) -> None:
    fragment = client.get("/portfolio/update", params={"since": from_today(-20)})
    assert fragment.text.count("<li") == 3
    wrong = client.get(
        "/portfolio/update", params={"since": from_today(0), "until": from_today(-3)}
    )
    assert "The period starts on" in element(wrong.text, "update-error")
    typo = client.get("/portfolio", params={"since": "someday"})
    assert "'someday' is not a date" in element(typo.text, "update-error")


def test_the_downloads_are_attachments_in_each_format(client: TestClient) -> None:
    client.post("/portfolio", data={"title": "Łódź launch", "metric": "3 cities"})
    for fmt, media in (("md", "text/markdown"), ("html", "text/html"), ("pdf", "application/pdf")):
        response = client.get(f"/portfolio/export.{fmt}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert disposition.endswith(f'.{fmt}"')
    pdf = client.get("/portfolio/export.pdf").content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Ana" in text
    assert "Łódź launch" in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_the_api_adds_lists_edits_and_deletes_achievements(client: TestClient) -> None:
    created = client.post(
        "/api/portfolio/achievements", json={"title": "Shipped", "metric": "3 → 1 days"}
    )
    assert created.status_code == 201
    achievement_id = created.json()["id"]
    patched = client.patch(
        f"/api/portfolio/achievements/{achievement_id}", json={"narrative": "Faster releases."}
    )
    assert patched.json()["narrative"] == "Faster releases."
    assert [a["title"] for a in client.get("/api/portfolio/achievements").json()] == ["Shipped"]
    assert client.delete(f"/api/portfolio/achievements/{achievement_id}").status_code == 200
    error = error_of(client.post("/api/portfolio/achievements", json={"title": ""}), 422)
    assert error["field"] == "title"
    error_of(client.delete(f"/api/portfolio/achievements/{achievement_id}"), 404)


def test_the_api_suggests_and_adds_from_a_suggestion(client: TestClient, ctx: Context) -> None:
    ids = history(ctx)
    keys = {(s["source"], s["source_id"]) for s in client.get("/api/portfolio/suggestions").json()}
    assert ("signal", ids["praise"]) in keys
    added = client.post(
        "/api/portfolio/suggestions", json={"source": "signal", "source_id": ids["praise"]}
    )
    assert added.status_code == 201
    assert added.json()["signal_id"] == ids["praise"]
    error_of(
        client.post(
            "/api/portfolio/suggestions", json={"source": "signal", "source_id": ids["weak"]}
        ),
        422,
    )


def test_the_api_update_has_three_bullets_and_refuses_a_reversed_period(
    client: TestClient,
) -> None:
    body = client.get("/api/portfolio/update").json()
    assert [b["kind"] for b in body["bullets"]] == ["impact", "progress", "question"]
    error = error_of(
        client.get(
            "/api/portfolio/update", params={"since": from_today(0), "until": from_today(-2)}
        ),
        422,
    )
    assert error["field"] == "since"
    error_of(client.get("/api/portfolio/update", params={"since": "soon"}), 422)


def test_all_data_downloads_from_the_page_and_the_api(client: TestClient, ctx: Context) -> None:
    history(ctx)
    page = client.get("/data")
    assert 'href="/data/export.json"' in page.text
    assert "import-explained" in page.text
    download = client.get("/data/export.json")
    assert download.headers["content-disposition"].startswith("attachment;")
    payload = download.json()
    assert payload["format"] == "microstep"
    assert payload["person"]["name"] == "Ana"
    api = client.get("/api/export").json()
    assert api["tables"] == payload["tables"]
    upload = {"file": ("all.json", download.content, "application/json")}
    refused = client.post("/data/import", files=upload)
    assert refused.status_code == 409
    assert "already set up" in element(refused.text, "form-error")


def test_an_upload_imports_into_an_empty_database_and_refuses_junk(
    ctx: Context, db: Database, settings: Settings
) -> None:
    history(ctx)
    raw = transfer.export_json(ctx)
    with db.transaction() as session:
        delete_person(session=session, person_id=ctx.person_id)
    client = local_client(settings, db)
    form = client.get("/data")
    assert 'action="/data/import"' in form.text
    junk = client.post("/data/import", files={"file": ("x.json", b"nope", "application/json")})
    assert junk.status_code == 422
    assert "This file is not JSON" in element(junk.text, "form-error")
    empty = client.post("/data/import", files={"file": ("x.json", b"", "application/json")})
    assert "Choose a file" in element(empty.text, "form-error")
    done = client.post("/data/import", files={"file": ("all.json", raw, "application/json")})
    assert done.status_code == 200
    assert "Imported Ana" in flash_of(done.text)
    assert json.loads(client.get("/api/export").text)["person"]["name"] == "Ana"


def test_the_update_form_shows_its_default_days(client: TestClient) -> None:
    form = element(client.get("/portfolio").text, "stakeholder-update")
    assert f'value="{from_today(-13)}"' in form
    assert f'value="{from_today(0)}"' in form
    chosen = client.get("/portfolio", params={"since": from_today(-3)}).text
    assert f'name="since" value="{from_today(-3)}"' in element(chosen, "stakeholder-update")


def test_a_vague_achievement_is_refused_inline_with_an_example(client: TestClient) -> None:
    page = client.post("/portfolio", data={"title": "Did great work"})
    assert page.status_code == 422
    error = element(page.text, "form-error")
    assert error.count(". ") == 0
    assert "for example" in error
    assert 'value="Did great work"' in page.text
    ancient = client.post(
        "/portfolio",
        data={"title": "Cut the report", "metric": "45 → 12 min", "achieved_on": "1990-03-01"},
    )
    assert "too far back" in element(ancient.text, "form-error")
    assert "achievements-empty" in ancient.text


def test_suggestions_are_capped_with_a_note_of_how_many_more(
    client: TestClient, ctx: Context
) -> None:
    for index in range(15):
        with ctx.db.transaction() as session:
            session.add(
                Signal(
                    person_id=ctx.person_id,
                    kind="praise",
                    occurred_on=ctx.today - timedelta(days=index),
                    source=f"Colleague {chr(65 + index)}",
                    note="Thanks",
                    created_at=datetime.now(UTC),
                )
            )
    page = client.get("/portfolio").text
    assert element(page, "suggestions").count('class="suggestion"') == 12
    assert "Showing the 12 strongest; 3 more" in element(page, "suggestions-more")
