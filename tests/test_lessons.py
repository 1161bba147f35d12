"""Lessons: tags, safe search queries (fuzzed against SQLite FTS5), and the use cases on both
engines, where stemming lets 'presenting' find a presentation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.core import lessons as core
from microstep.errors import InvalidInput, NotFound
from microstep.services import lessons
from microstep.services.context import Context
from microstep.services.reflection_schemas import LessonCreate, LessonUpdate
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Stakeholders, SQL,  #presenting", "stakeholders sql presenting"),
        ("sql,sql, SQL", "sql"),
        ("  ", ""),
        (None, ""),
        ("data-viz, a1", "data-viz a1"),
        ("Sales Team, presenting", "sales-team presenting"),
        ("a,,b,  ,#c, Sales  Team ,sales_team", "a b c sales-team"),
        ("presenting speaking", "presenting-speaking"),
        ("  - -, x- ", "x"),
    ],
)
def test_tags_are_split_on_commas_and_normalised(text: str | None, tags: str) -> None:
    assert core.normalise_tags(text) == tags


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("c++", "The tag 'c++' can hold only letters"),
        ("sql, what?", "The tag 'what?' can hold only letters"),
        ("x" * 31, f"Keep each tag to 30 characters: '{'x' * 30}…' has 31."),
        (" ".join(f"t{n}" for n in range(13)), "Keep each tag to 30 characters: 't0 t1"),
        (", ".join(f"t{n}" for n in range(13)), "Keep to 12 tags"),
    ],
)
def test_odd_tags_are_refused(text: str, start: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.normalise_tags(text)
    assert caught.value.field == "tags"
    assert caught.value.message.startswith(start)
    assert caught.value.message.endswith(".")


def test_search_terms_are_the_words_of_the_query() -> None:
    assert core.search_terms('Presenting AND "stake-holders" (sql*)') == [
        "presenting",
        "stake",
        "holders",
        "sql",
    ]
    assert core.fts5_query(["and", "sql"]) == '"and" "sql"'
    assert core.search_terms("and OR") == ["and", "or"]


@pytest.mark.parametrize("text", ["", "   ", '"*()', "-- ;", "x" * 201])
def test_a_query_without_words_is_refused_in_a_sentence(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.search_terms(text)
    assert caught.value.field == "q"


def test_the_snippet_is_the_lessons_text_with_a_hit_never_the_tags() -> None:
    hit = f"the {core.HIT_START}presentation{core.HIT_END} went well"
    assert core.pick_snippet(["Deck early", "Quarterly review", hit, "", ""]) == hit
    # A hit only in the title or the tags: the lesson's opening words, then the title.
    title = f"{core.HIT_START}Presenting{core.HIT_END} early"
    assert core.pick_snippet([title, "", "Questions came early", "", ""]) == "Questions came early"
    assert core.pick_snippet([title, "", "", "", ""]) == title
    assert core.pick_snippet([]) == ""


def test_snippets_split_into_plain_and_highlighted_runs() -> None:
    marked = f"I {core.HIT_START}presented{core.HIT_END} the plan{core.HIT_START}"
    parts = [(p.text, p.hit) for p in core.split_snippet(marked)]
    assert parts == [("I ", False), ("presented", True), (" the plan", False)]


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    """An in-memory FTS5 table with the same tokenizer as the lesson index."""
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.executemany(
        "INSERT INTO t(body) VALUES (?)",
        [("Presentation to the board went well",), ('He said "AND" (twice) NEAR the end*',)],
    )
    yield connection
    connection.close()


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_typed_text_makes_a_match_query_fts5_accepts(
    fts: sqlite3.Connection, text: str
) -> None:
    try:
        terms = core.search_terms(text)
    except InvalidInput:
        return
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (core.fts5_query(terms),)).fetchall()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ['"', "*", "AND", "OR", "NOT", "NEAR", "(", ")", "^", ":", "-", "body", "x"]
        ),
        min_size=1,
        max_size=8,
    ).map(" ".join)
)
def test_operator_soup_never_raises(fts: sqlite3.Connection, text: str) -> None:
    try:
        terms = core.search_terms(text)
    except InvalidInput:
        return
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (core.fts5_query(terms),)).fetchall()


def test_stemming_finds_a_presentation_when_searching_presenting(fts: sqlite3.Connection) -> None:
    query = core.fts5_query(core.search_terms("presenting"))
    assert fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall() == [(1,)]


def add(ctx: Context, title: str, **fields: object) -> int:
    """Store a lesson and return its id."""
    return lessons.add_lesson(ctx, LessonCreate(title=title, **fields)).id  # type: ignore[arg-type]


@pytest.fixture
def three(ctx: Context) -> dict[str, int]:
    """Three lessons on different subjects."""
    return {
        "deck": add(
            ctx,
            "Send the deck a day early",
            context="Presentation to the sales leads",
            worked="Questions came before the meeting",
            tags="presenting, stakeholders",
            learned_on=TODAY - timedelta(days=20),
        ),
        "sql": add(
            ctx,
            "Check row counts after every join",
            did_not="Trusted an old query",
            next_time="Assert counts at the top of each report",
            tags="sql",
        ),
        "pause": add(
            ctx,
            "Pause before answering",
            context="The director challenged the forecast while I was presenting",
            tags="speaking",
            learned_on=TODAY - timedelta(days=3),
        ),
    }


def test_search_stems_ranks_and_highlights(ctx: Context, three: dict[str, int]) -> None:
    hits = lessons.search_lessons(ctx, "presenting")
    assert {hit.lesson.id for hit in hits} == {three["deck"], three["pause"]}
    assert [hit.rank for hit in hits] == [1, 2]
    assert hits[0].score >= hits[1].score
    for hit in hits:
        highlighted = [part.text.lower() for part in hit.snippet if part.hit]
        assert highlighted
        assert all(word.startswith("present") for word in highlighted)


def test_a_match_in_the_tags_shows_the_lessons_text_not_the_tag_words(ctx: Context) -> None:
    lesson = add(
        ctx,
        "Pause before answering",
        context="The finance director challenged the forecast.",
        tags="Presenting, speaking",
    )
    [hit] = lessons.search_lessons(ctx, "speaking")
    assert hit.lesson.id == lesson
    text = "".join(part.text for part in hit.snippet)
    assert text.startswith("The finance director challenged the forecast")
    assert "speaking" not in text
    [hit] = lessons.search_lessons(ctx, "forecast")
    assert [part.text for part in hit.snippet if part.hit] == ["forecast"]


def test_a_tag_of_two_words_stays_one_tag_and_is_found(ctx: Context) -> None:
    lesson = add(ctx, "Book the room early", tags="Sales Team, meetings")
    assert lessons.get_lesson(ctx, lesson).tags == ["sales-team", "meetings"]
    assert [row.id for row in lessons.list_lessons(ctx, "Sales Team")] == [lesson]
    assert [row.id for row in lessons.list_lessons(ctx, "sales-team")] == [lesson]
    assert lessons.list_lessons(ctx, "sales") == []
    assert [h.lesson.id for h in lessons.search_lessons(ctx, "sales team")] == [lesson]
    assert {c.tag for c in lessons.tag_counts(ctx)} == {"sales-team", "meetings"}


def test_search_requires_every_word_and_never_sees_operators(
    ctx: Context, three: dict[str, int]
) -> None:
    assert [h.lesson.id for h in lessons.search_lessons(ctx, "row counts")] == [three["sql"]]
    assert lessons.search_lessons(ctx, "row presenting") == []
    for nasty in ['sql"', "sql*", "(sql", "sql OR", "-sql", "^sql:"]:
        assert [h.lesson.id for h in lessons.search_lessons(ctx, nasty)] == [three["sql"]]
    assert lessons.search_lessons(ctx, "NEAR(sql, AND)")[0].lesson.id == three["sql"]
    with pytest.raises(InvalidInput):
        lessons.search_lessons(ctx, '"*(')


def test_an_empty_search_gets_a_sentence(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="Type a word"):
        lessons.search_lessons(ctx, "  ")


def test_search_follows_edits_and_deletes(ctx: Context, three: dict[str, int]) -> None:
    lessons.edit_lesson(ctx, three["sql"], LessonUpdate(next_time="Present the checks to the team"))
    found = {h.lesson.id for h in lessons.search_lessons(ctx, "presenting")}
    assert three["sql"] in found
    lessons.delete_lesson(ctx, three["deck"])
    found = {h.lesson.id for h in lessons.search_lessons(ctx, "presenting")}
    assert found == {three["sql"], three["pause"]}
    with pytest.raises(NotFound):
        lessons.get_lesson(ctx, three["deck"])


def test_lists_are_newest_first_and_filter_by_tag(ctx: Context, three: dict[str, int]) -> None:
    assert [row.id for row in lessons.list_lessons(ctx)] == [
        three["sql"],
        three["pause"],
        three["deck"],
    ]
    assert [row.id for row in lessons.list_lessons(ctx, "Presenting")] == [three["deck"]]
    assert lessons.list_lessons(ctx, "present") == []
    counts = {c.tag: c.count for c in lessons.tag_counts(ctx)}
    assert counts == {"presenting": 1, "stakeholders": 1, "sql": 1, "speaking": 1}


def test_edit_changes_only_what_is_given_and_clears_emptied_text(
    ctx: Context, three: dict[str, int]
) -> None:
    edited = lessons.edit_lesson(ctx, three["deck"], LessonUpdate(worked="", tags="Presenting"))
    assert edited.worked is None
    assert edited.tags == ["presenting"]
    assert edited.title == "Send the deck a day early"
    assert edited.context == "Presentation to the sales leads"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "ok", "tags": "c++"}, "tags"),
        ({"title": "ok", "learned_on": TODAY + timedelta(days=1)}, "learned_on"),
        ({"title": "ok", "worked": "x" * 2001}, "worked"),
        ({"title": "bell\x07"}, "title"),
    ],
)
def test_bad_lessons_are_refused_and_nothing_is_written(
    ctx: Context, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        lessons.add_lesson(ctx, LessonCreate(**fields))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert lessons.list_lessons(ctx) == []


def test_an_edit_with_nothing_in_it_is_refused(ctx: Context, three: dict[str, int]) -> None:
    with pytest.raises(InvalidInput, match="Nothing to change"):
        lessons.edit_lesson(ctx, three["sql"], LessonUpdate())
