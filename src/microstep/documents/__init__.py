"""The portfolio as a document a person hands to a manager: Markdown, standalone HTML, PDF."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from microstep.core.portfolio import short_date
from microstep.documents.charts import growth_charts, skill_chart
from microstep.services.portfolio_schemas import PortfolioDocument

TEMPLATES = Path(__file__).with_name("templates")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def markdown_text(value: object) -> str:
    """Text safe inside Markdown: special characters escaped, one line."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
environment.filters["md"] = markdown_text
environment.filters["day"] = short_date


def render_markdown(doc: PortfolioDocument) -> str:
    """The portfolio as Markdown, the charts as text bars."""
    template = environment.get_template("portfolio.md.j2")
    return template.render(doc=doc, charts=growth_charts(doc.growth))


def render_html(doc: PortfolioDocument) -> str:
    """The portfolio as one standalone HTML file: inline CSS and SVG, no external requests."""
    template = environment.get_template("portfolio.html.j2")
    return template.render(doc=doc, skill=skill_chart(doc.skills), charts=growth_charts(doc.growth))


def render_document(doc: PortfolioDocument, fmt: str) -> bytes:
    """The document in a format: md, html or pdf."""
    if fmt == "pdf":
        from microstep.documents.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "html":
        return render_html(doc).encode("utf-8")
    return render_markdown(doc).encode("utf-8")
