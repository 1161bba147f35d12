"""The hybrid linker on a small hand-made taxonomy: each part's job, fusion, cache, extraction."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.taxonomy.linker import Concept, Linker
from microstep.taxonomy.text import candidate_spans, normalize

CONCEPTS = [
    Concept("u:python", "Python (computer programming)", ("Python", "python coding")),
    Concept("u:customers", "communicate with customers", ("talk with customers", "help clients")),
    Concept("u:spreadsheets", "use spreadsheets software", ("Microsoft Office Excel",)),
    Concept("u:tables", "arrange tables", ("set up tables",)),
    Concept("u:budget", "manage budgets", ("control budgets", "budgeting")),
    Concept("u:welding", "operate welding equipment", ("use welding gear",)),
    Concept("u:present", "give live presentation", ("present in public", "deliver a talk")),
]


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(CONCEPTS)


def top(linker: Linker, phrase: str) -> str | None:
    [matches] = linker.link([phrase], top=3)
    return matches[0].id if matches else None


def test_an_exact_label_wins_with_full_marks(linker: Linker) -> None:
    [matches] = linker.link(["budgeting"], top=3)
    assert matches[0].id == "u:budget"
    assert matches[0].score == 1.0


def test_character_ngrams_forgive_typos(linker: Linker) -> None:
    assert top(linker, "pyhton programing") == "u:python"
    assert top(linker, "weldng equipmnt") == "u:welding"


def test_meaning_links_words_no_label_uses(linker: Linker) -> None:
    assert top(linker, "talking to customers") == "u:customers"


def test_nothing_fits_gives_no_match(linker: Linker) -> None:
    assert linker.link(["my cat sleeps on the sofa", "qwzx vbnm"], top=5) == [[], []]


def test_results_keep_input_order_and_respect_top(linker: Linker) -> None:
    phrases = ["manage budgets", "python", "give live presentation"]
    results = linker.link(phrases, top=2)
    assert [r[0].id for r in results] == ["u:budget", "u:python", "u:present"]
    assert all(len(r) <= 2 for r in results)
    assert all(r == sorted(r, key=lambda m: -m.score) for r in results)


def test_the_hybrid_uses_both_parts(linker: Linker) -> None:
    lexical = linker.link(["talking to customers"], top=1, mode="lexical")[0]
    meaning = linker.link(["pyhton programing"], top=1, mode="semantic")[0]
    hybrid = linker.link(["talking to customers", "pyhton programing"], top=1)
    assert [m[0].id for m in hybrid] == ["u:customers", "u:python"]
    assert lexical  # each part alone still ranks something
    assert meaning


def test_a_saved_index_links_exactly_as_the_built_one(linker: Linker, tmp_path: Path) -> None:
    linker.save(tmp_path / "index")
    loaded = Linker.load(tmp_path / "index")
    assert loaded is not None
    phrases = ["pyhton", "talking to customers", "budget control", "nothing here at all"]
    assert loaded.link(phrases, top=3) == linker.link(phrases, top=3)


def test_a_missing_or_stale_cache_is_ignored(tmp_path: Path) -> None:
    assert Linker.load(tmp_path / "absent") is None
    (tmp_path / "stale").mkdir()
    (tmp_path / "stale" / "meta.json").write_text('{"version": -1}', encoding="utf-8")
    assert Linker.load(tmp_path / "stale") is None


def test_extraction_finds_skills_in_running_text(linker: Linker) -> None:
    text = "You will talk with customers daily, keep budgets under control and code in Python."
    [found] = linker.extract([text], top=5)
    ids = {m.id for m in found}
    assert {"u:customers", "u:python"} <= ids
    assert "u:tables" not in ids
    assert all(m.span is not None for m in found)
    assert all(m.span in text for m in found if m.span)


def test_extraction_reads_no_skill_into_plain_chat(linker: Linker) -> None:
    assert linker.extract(["We had lunch and talked about the weather."], top=5) == [[]]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_spans_stay_inside_the_text_and_never_fail(text: str) -> None:
    spans = candidate_spans(text)
    for span in spans:
        assert 0 <= span.start < span.end
        assert span.end - span.start == len(span.text.split()) <= 5
        assert normalize(span.text)
        assert all(word.strip(",'\"") in text for word in span.text.split())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_normalising_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
