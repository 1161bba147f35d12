"""The taxonomy JSON API: linking as the CLI does it, type-ahead suggestions and look-ups."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from microstep.core.objectives import ObjectiveKind
from microstep.services import gap, objectives
from microstep.services.context import Context
from microstep.services.schemas import ObjectiveCreate
from tests.test_skills_linking import CUSTOMERS, UNKNOWN
from tests.web import element, error_of, flash_of

pytestmark = pytest.mark.taxonomy

DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"


def labels(result: dict[str, Any]) -> list[str]:
    """The labels of one text's matches, best first."""
    return [match["label"] for match in result["matches"]]


def test_linking_phrases_answers_each_text_in_order_in_the_cli_shape(client: TestClient) -> None:
    texts = ["excel pivot tables", "talking to customers"]
    response = client.post("/api/taxonomy/skills/link", json={"texts": texts, "top": 5})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [result["text"] for result in body] == texts
    for result in body:
        assert result["matches"], result
        assert 1 <= len(result["matches"]) <= 5
        for match in result["matches"]:
            assert set(match) == {"id", "label", "score"}  # no null span, as the JSONL
            assert match["id"].startswith("http://data.europa.eu/esco/skill/")
            assert 0 < match["score"] <= 1
    assert "communicate with customers" in labels(body[1])


def test_extraction_finds_skills_in_a_sentence_with_the_words_that_named_them(
    client: TestClient,
) -> None:
    text = "You will spend your days talking to customers and writing SQL queries."
    response = client.post("/api/taxonomy/skills/extract", json={"texts": [text]})
    assert response.status_code == 200, response.text
    [result] = response.json()
    assert result["text"] == text
    assert result["matches"]
    assert all(match["span"] for match in result["matches"])


def test_linking_roles_puts_the_exact_occupation_first(client: TestClient) -> None:
    response = client.post("/api/taxonomy/roles/link", json={"texts": ["data analyst"], "top": 3})
    assert response.status_code == 200, response.text
    [result] = response.json()
    assert result["matches"][0]["id"] == DATA_ANALYST
    assert len(result["matches"]) <= 3


def test_skill_suggestions_respect_the_limit_and_carry_the_kind(client: TestClient) -> None:
    found = client.get("/api/taxonomy/skills/suggest", params={"q": "talking to customers"})
    assert found.status_code == 200, found.text
    assert 1 <= len(found.json()) <= 8
    assert "communicate with customers" in [s["label"] for s in found.json()]
    assert all(s["kind"] in {"skill", "knowledge"} for s in found.json())
    two = client.get("/api/taxonomy/skills/suggest", params={"q": "customers", "limit": 2})
    assert len(two.json()) == 2


def test_role_suggestions_respect_the_limit(client: TestClient) -> None:
    found = client.get("/api/taxonomy/roles/suggest", params={"q": "data analyst", "limit": 1})
    assert found.status_code == 200, found.text
    assert [role["id"] for role in found.json()] == [DATA_ANALYST]


@pytest.mark.parametrize("kind", ["skills", "roles"])
def test_an_empty_query_is_an_empty_list_not_an_error(client: TestClient, kind: str) -> None:
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(f"/api/taxonomy/{kind}/suggest", params=params)
        assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize("limit", ["0", "21", "many"])
def test_a_limit_out_of_range_is_the_one_error_shape(client: TestClient, limit: str) -> None:
    response = client.get("/api/taxonomy/skills/suggest", params={"q": "sql", "limit": limit})
    assert error_of(response, 422)["field"] == "limit"


def test_a_query_too_long_to_be_typed_is_refused(client: TestClient) -> None:
    response = client.get("/api/taxonomy/roles/suggest", params={"q": "x" * 201})
    assert error_of(response, 422)["field"] == "q"


@pytest.mark.parametrize(
    ("body", "field", "start"),
    [
        ({}, "texts", "The field 'texts'"),
        ({"texts": []}, "texts", "The field 'texts'"),
        ({"texts": ["sql"], "top": 51}, "top", "The field 'top'"),
        ({"texts": ["sql"], "colour": "red"}, "colour", "The field 'colour'"),
        ({"texts": ["sql", "  "]}, "texts", "Line 2 is empty"),
    ],
)
def test_a_bad_body_is_the_one_error_shape_and_says_what_is_wrong(
    client: TestClient, body: dict[str, Any], field: str, start: str
) -> None:
    for path in ("skills/link", "skills/extract", "roles/link"):
        error = error_of(client.post(f"/api/taxonomy/{path}", json=body), 422)
        assert error["field"] == field
        assert error["message"].startswith(start), error


def test_a_body_that_is_not_json_is_one_sentence(client: TestClient) -> None:
    response = client.post(
        "/api/taxonomy/skills/link", content=b"{texts", headers={"content-type": "application/json"}
    )
    assert error_of(response, 422)["message"] == "The request body is not valid JSON."


def test_known_uris_answer_with_labels_and_the_roles_skills(client: TestClient) -> None:
    skill = client.get("/api/taxonomy/skill", params={"uri": CUSTOMERS})
    assert skill.status_code == 200, skill.text
    assert (skill.json()["label"], skill.json()["kind"]) == ("communicate with customers", "skill")
    role = client.get("/api/taxonomy/occupation", params={"uri": DATA_ANALYST})
    assert role.status_code == 200, role.text
    assert role.json()["label"] == "data analyst"
    assert role.json()["essential"]


def test_unknown_uris_are_a_404_sentence(client: TestClient) -> None:
    skill = error_of(client.get("/api/taxonomy/skill", params={"uri": UNKNOWN}), 404)
    assert skill["message"] == f"No ESCO skill has the URI {UNKNOWN}."
    missing = DATA_ANALYST[:-4] + "0000"
    role = error_of(client.get("/api/taxonomy/occupation", params={"uri": missing}), 404)
    assert role["message"] == f"No ESCO occupation has the URI {missing}."
    assert error_of(client.get("/api/taxonomy/skill"), 422)["field"] == "uri"


def test_another_sites_page_cannot_post_texts(client: TestClient) -> None:
    response = client.post(
        "/api/taxonomy/skills/link",
        json={"texts": ["sql"]},
        headers={"origin": "https://evil.example"},
    )
    assert error_of(response, 403)["title"] == "Forbidden"


def test_the_skills_api_carries_the_link(client: TestClient) -> None:
    added = client.post("/api/skills", json={"name": "Talking to customers", "esco_uri": CUSTOMERS})
    assert added.status_code == 201, added.text
    assert added.json()["esco_label"] == "communicate with customers"
    assert added.json()["link_score"] == 1
    refused = client.post("/api/skills", json={"name": "Mystery", "esco_uri": UNKNOWN})
    assert error_of(refused, 404)["field"] == "esco_uri"
    [listed] = client.get("/api/skills").json()
    assert (listed["name"], listed["esco_uri"]) == ("Talking to customers", CUSTOMERS)


# --- the pages: the picker's suggestion list, the skills page's forms ---------------------

SUGGEST = "/taxonomy/suggest"


def test_the_picker_list_shows_label_kind_and_score_for_the_words_typed(client: TestClient) -> None:
    params = {"kind": "skill", "name": "esco_uri", "esco_uri_text": "talking to customers"}
    response = client.get(SUGGEST, params=params)
    assert response.status_code == 200, response.text
    first = element(response.text, "esco_uri-option-1")
    assert 'role="option"' in first
    assert 'aria-selected="false"' in first
    assert f'data-uri="{CUSTOMERS}"' in first
    assert "communicate with customers" in first
    assert re.search(r"skill · score 0\.\d\d", first)
    assert response.text.count('role="option"') <= 8


def test_the_role_picker_list_uses_its_own_ids_and_shows_no_kind(client: TestClient) -> None:
    params = {
        "kind": "occupation",
        "name": "occupation_uri",
        "id": "occupation-1",
        "q": "data analyst",
    }
    response = client.get(SUGGEST, params={**params, "limit": "2"})
    first = element(response.text, "occupation-1-option-1")
    assert f'data-uri="{DATA_ANALYST}"' in first
    assert "· score" not in first
    assert response.text.count('role="option"') == 2


def test_the_picker_list_is_empty_for_nothing_typed_and_says_when_nothing_fits(
    client: TestClient,
) -> None:
    empty = client.get(SUGGEST, params={"kind": "skill", "name": "esco_uri", "q": "  "})
    assert (empty.status_code, empty.text.strip()) == (200, "")
    none = client.get(SUGGEST, params={"kind": "skill", "name": "esco_uri", "q": "qzxv qzxv"})
    assert "Nothing in ESCO fits “qzxv qzxv”" in html.unescape(none.text)
    assert 'role="option"' not in none.text


def test_the_picker_list_refuses_odd_names_and_kinds(client: TestClient) -> None:
    for params in (
        {"kind": "skill", "name": 'x" onmouseover="alert(1)', "q": "sql"},
        {"kind": "person", "name": "esco_uri", "q": "sql"},
    ):
        assert client.get(SUGGEST, params=params).status_code == 422


def test_the_skills_page_holds_the_picker_with_its_two_fields(client: TestClient) -> None:
    page = client.get("/skills").text
    form = element(page, "skill-form", unescape=False)
    assert 'name="name"' in form
    assert re.search(r'<input id="esco_uri-text" name="esco_uri_text" type="text"', form)
    assert 'role="combobox"' in form
    assert 'hx-get="/taxonomy/suggest"' in form
    assert 'hx-trigger="input changed delay:250ms"' in form
    assert '<input type="hidden" id="esco_uri" name="esco_uri" value="">' in form
    assert 'role="listbox"' in form
    assert '<script src="/static/picker.js" defer></script>' in page
    assert client.get("/static/picker.js").status_code == 200


def test_adding_from_the_page_keeps_the_words_and_shows_the_esco_label(client: TestClient) -> None:
    form = {
        "name": "Talking to customers",
        "esco_uri": CUSTOMERS,
        "esco_uri_text": "communicate with customers",
    }
    page = client.post("/skills", data=form).text
    assert "linked to ESCO: communicate with customers" in flash_of(page)
    assert element(page, "skill-1-esco").endswith("ESCO: communicate with customers</span>")
    assert "<strong>Talking to customers</strong>" in element(page, "skill-1", unescape=False)


def test_words_in_the_picker_without_a_pick_add_the_skill_unlinked_and_say_so(
    client: TestClient,
) -> None:
    form = {"name": "Pivot tables", "esco_uri": "", "esco_uri_text": "excel pivot"}
    page = client.post("/skills", data=form).text
    assert "not linked: no suggestion was picked" in flash_of(page)
    assert 'id="skill-1-esco"' not in page


def test_an_unknown_uri_shows_the_form_again_with_the_sentence_and_the_words(
    client: TestClient,
) -> None:
    form = {"name": "Mystery", "esco_uri": UNKNOWN, "esco_uri_text": "mystery skill"}
    response = client.post("/skills", data=form)
    assert response.status_code == 404
    assert f"No ESCO skill has the URI {UNKNOWN}." in element(response.text, "form-error")
    assert 'value="mystery skill"' in response.text
    assert client.get("/api/skills").json() == []


def test_relinking_from_the_page_sets_and_removes_the_link(client: TestClient) -> None:
    client.post("/skills", data={"name": "Customer calls"})
    linked = client.post("/skills/1/link", data={"esco_uri": CUSTOMERS, "esco_uri_text": "x"})
    assert "'Customer calls' is linked to ESCO: communicate with customers." in flash_of(
        linked.text
    )
    assert 'id="skill-1-link"' in linked.text
    assert "Remove link" in element(linked.text, "skill-1-link")
    removed = client.post("/skills/1/link", data={"esco_uri": CUSTOMERS, "clear": "1"})
    assert "'Customer calls' is no longer linked to ESCO." in flash_of(removed.text)
    assert client.get("/api/skills").json()[0]["esco_uri"] is None


def test_relinking_words_without_a_pick_or_a_missing_skill_is_refused(client: TestClient) -> None:
    client.post("/skills", data={"name": "Customer calls"})
    page = client.post(
        "/skills/1/link",
        data={"esco_uri": "", "esco_uri_text": "customers"},
        headers={"referer": "http://127.0.0.1/skills"},
    )
    assert "Pick an ESCO skill from the suggestions to link it." in flash_of(page.text)
    missing = client.post("/skills/99/link", data={"esco_uri": CUSTOMERS})
    assert missing.status_code == 404
    assert "There is no skill #99 on your map." in missing.text


def test_a_role_objective_has_a_picker_posting_the_two_role_fields(client: TestClient) -> None:
    page = client.get("/objectives").text
    form = element(page, "objective-1-role", unescape=False)
    assert 'action="/objectives/1/role"' in form
    assert 'name="occupation_uri_text"' in form
    assert '<input type="hidden" id="occupation-1" name="occupation_uri" value="">' in form
    assert '"kind": "occupation"' in html.unescape(form)
    assert "Set target occupation" in form


def test_the_objective_shows_its_occupation_and_capabilities_get_no_picker(
    client: TestClient, ctx: Context
) -> None:
    gap.set_target_role(ctx, 1, uri=DATA_ANALYST)
    horizon = date(2027, 6, 30)
    objectives.add_objective(
        ctx, ObjectiveCreate(title="Storytelling", horizon=horizon, kind=ObjectiveKind.CAPABILITY)
    )
    page = client.get("/objectives").text
    assert "ESCO: data analyst" in element(page, "objective-1-occupation")
    form = element(page, "objective-1-role", unescape=False)
    assert f'name="occupation_uri" value="{DATA_ANALYST}"' in form
    assert 'value="data analyst"' in form
    assert "Change target occupation" in form
    assert 'id="objective-2-role"' not in page
