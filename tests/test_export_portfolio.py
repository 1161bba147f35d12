"""The portfolio document as Markdown, standalone HTML and PDF, written whole or not at all."""

from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from microstep.errors import InvalidInput
from microstep.services import objectives, portfolio
from microstep.services.context import Context
from microstep.services.portfolio import DocumentFormat
from microstep.services.portfolio_schemas import AchievementCreate, SuggestionPick
from microstep.services.schemas import ObjectiveCreate
from tests.test_portfolio_service import history

TITLE = "Résumé für Zoë — Δ-отчёт ✓"


@pytest.fixture
def rich(ctx: Context) -> Context:
    """Ana with history, one suggested and one typed achievement holding non-ASCII text."""
    ids = history(ctx)
    portfolio.add_suggested(ctx, SuggestionPick(source="microskill", source_id=ids["microskill"]))
    portfolio.add_achievement(
        ctx, AchievementCreate(title=TITLE, metric="45 → 12 min", narrative="Łódź · naïve café")
    )
    return ctx


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_name_the_achievements_and_unicode_text(rich: Context) -> None:
    data = portfolio.export_portfolio(rich, DocumentFormat.PDF)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Ana" in text
    assert "Mastered: Open with the conclusion" in text
    assert "Zoë" in text
    assert "Δ-отчёт" in text
    assert "Łódź" in text
    assert "95 s → 25 s" in text


def test_the_pdf_draws_its_charts_as_vector_shapes(rich: Context) -> None:
    reader = PdfReader(io.BytesIO(portfolio.export_portfolio(rich, DocumentFormat.PDF)))
    ops = ""
    for page in reader.pages:
        content = page.get_contents()
        assert content is not None
        ops += content.get_data().decode("latin-1")
        assert not page.images  # nothing pasted in as a picture
    # One skill (track, target, current) and two weeks in each of three growth charts.
    assert len(re.findall(r" re\b", ops)) == 3 + 2 * 3


def test_html_is_one_standalone_file_with_inline_svg_charts(rich: Context) -> None:
    page = portfolio.export_portfolio(rich, DocumentFormat.HTML).decode("utf-8")
    assert page.count("<svg") == 3  # three growth charts; the skill map is HTML bars
    assert 'class="skill-name">Presenting</span>' in page
    assert "<style>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page
    assert "<script" not in page
    assert "@import" not in page
    assert TITLE in page


def test_html_escapes_what_people_type(ctx: Context) -> None:
    portfolio.add_achievement(
        ctx, AchievementCreate(title="<script>alert(1)</script>", metric="1 alert")
    )
    page = portfolio.export_portfolio(ctx, DocumentFormat.HTML).decode("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_markdown_escapes_the_name_and_objective_too(ctx: Context) -> None:
    objectives.add_objective(
        ctx, ObjectiveCreate(title="<script>alert(1)</script>", horizon=date(2027, 9, 30))
    )
    text = portfolio.export_portfolio(ctx, DocumentFormat.MD).decode("utf-8")
    assert "<script>" not in text


def test_a_written_file_gets_the_permissions_of_a_plain_file(rich: Context, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        out = portfolio.write_portfolio(rich, DocumentFormat.MD, tmp_path / "p.md")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o640


def test_markdown_has_every_section_and_escapes_markup(rich: Context) -> None:
    portfolio.add_achievement(
        rich, AchievementCreate(title="Fixed *all* the | pipes", metric="9 → 0 pipes")
    )
    text = portfolio.export_portfolio(rich, DocumentFormat.MD).decode("utf-8")
    for heading in (
        "# Ana",
        "## Skill map",
        "## Growth over time",
        "## Achievements",
        "## Mastered micro-skills",
        "## Recent positive feedback",
    ):
        assert heading in text
    assert "| Presenting | 1 | 4 | 3 |" in text
    assert r"Fixed \*all\* the \| pipes" in text
    assert TITLE in text


def test_an_empty_portfolio_still_exports_plainly(ctx: Context) -> None:
    text = portfolio.export_portfolio(ctx, DocumentFormat.MD).decode("utf-8")
    assert "No achievements recorded yet." in text
    assert "None mastered yet." in text
    assert pdf_text(portfolio.export_portfolio(ctx, DocumentFormat.PDF)).count("Ana") >= 1


@pytest.mark.sqlite_only
def test_writing_to_a_missing_folder_is_one_sentence_and_writes_nothing(
    rich: Context, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "portfolio.pdf"
    with pytest.raises(InvalidInput, match=r"^The folder .* does not exist"):
        portfolio.write_portfolio(rich, DocumentFormat.PDF, target)
    assert not target.parent.exists()


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot write to (root may write anywhere but in /sys)."""
    if os.geteuid() == 0:
        return Path("/sys")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    return locked


@pytest.mark.sqlite_only
def test_an_unwritable_folder_is_refused_in_one_sentence(rich: Context, tmp_path: Path) -> None:
    target = unwritable_folder(tmp_path) / "portfolio.pdf"
    with pytest.raises(InvalidInput, match=r"^Cannot write .*\.$"):
        portfolio.write_portfolio(rich, DocumentFormat.PDF, target)
    assert not target.exists()


@pytest.mark.sqlite_only
def test_a_file_in_place_of_the_folder_is_refused(rich: Context, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InvalidInput, match="is a file, not a folder"):
        portfolio.write_portfolio(rich, DocumentFormat.MD, tmp_path / "notes.txt" / "p.md")


@pytest.mark.sqlite_only
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    rich: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "portfolio.pdf"
    target.write_bytes(b"old")

    def broken(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(InvalidInput, match=r"^Cannot write .*: no space left on device\.$"):
        portfolio.write_portfolio(rich, DocumentFormat.PDF, target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["portfolio.pdf"]


@pytest.mark.sqlite_only
def test_a_folder_given_as_the_output_is_refused(rich: Context, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a folder"):
        portfolio.write_portfolio(rich, DocumentFormat.MD, tmp_path)


def test_since_limits_the_achievements_shown(rich: Context) -> None:
    text = portfolio.export_portfolio(rich, DocumentFormat.MD, rich.today).decode("utf-8")
    assert TITLE in text
    assert "Mastered: Open with the conclusion" not in text.split("## Mastered")[0]


def test_the_documents_use_human_dates_and_tell_each_item_once(ctx: Context) -> None:
    ids = history(ctx)
    portfolio.add_suggested(ctx, SuggestionPick(source="microskill", source_id=ids["microskill"]))
    portfolio.add_suggested(ctx, SuggestionPick(source="signal", source_id=ids["praise"]))
    text = pdf_text(portfolio.export_portfolio(ctx, DocumentFormat.PDF))
    assert not re.search(r"\d{4}-\d\d-\d\d", text)
    assert "16 Nov 2026" in text  # the praise, two days before TODAY
    assert text.count("Open with the conclusion") == 1
    assert text.count("Clearest dashboard we have") == 1
    assert "Every mastered micro-skill is listed under Achievements above." in text
    markdown = portfolio.export_portfolio(ctx, DocumentFormat.MD).decode("utf-8")
    assert not re.search(r"\d{4}-\d\d-\d\d", markdown)
    assert markdown.count("Clearest dashboard we have") == 1
    page = portfolio.export_portfolio(ctx, DocumentFormat.HTML).decode("utf-8")
    assert not re.search(r">[^<]*\d{4}-\d\d-\d\d", page)  # none in the text people read
    assert page.count("Clearest dashboard we have") == 1
