"""The portfolio as a PDF drawn by fpdf2: a vendored Unicode font, charts as vector shapes."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from microstep.core.portfolio import short_date
from microstep.documents.charts import SkillChart, WeekChart, growth_charts, skill_chart
from microstep.services.portfolio_schemas import PortfolioDocument

Color = tuple[int, int, int]
FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
ACCENT: Color = (59, 91, 219)
SOFT: Color = (223, 230, 255)
TRACK: Color = (240, 242, 248)
LINE: Color = (226, 229, 238)
MUTED: Color = (95, 103, 121)
TEXT: Color = (27, 31, 42)
OK: Color = (43, 138, 62)
MARGIN = 18.0
SCALE = 174.0 / 480.0  # the charts' abstract width onto the page's text width in mm


class PortfolioPdf(FPDF):
    """An A4 document with the vendored DejaVu fonts and a page-number footer."""

    def __init__(self, name: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_title(f"{name} — portfolio")
        self.set_author(name)
        self.set_creator("microstep")
        self.person = name

    def footer(self) -> None:
        """The person's name and the page number."""
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.person} · portfolio · page {self.page_no()}", align="C")

    def heading(self, text: str) -> None:
        """A section heading with a rule under it."""
        self.ln(4)
        self.room_for(22)
        self.set_font(FAMILY, "B", 13)
        self.set_text_color(*TEXT)
        self.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*LINE)
        self.set_line_width(0.5)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(2)

    def para(self, text: str, *, size: float = 10, bold: bool = False, color: Color = TEXT) -> None:
        """A wrapped paragraph."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def room_for(self, height: float) -> None:
        """Start a new page unless `height` mm still fit."""
        if self.get_y() + height > self.h - MARGIN:
            self.add_page()


def _skill_chart(pdf: PortfolioPdf, chart: SkillChart) -> None:
    pdf.room_for(chart.height * SCALE + 4)
    top = pdf.get_y()
    pdf.set_line_width(0.3)
    for bar in chart.bars:
        y = top + bar.y * SCALE
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*TEXT)
        name = bar.name if len(bar.name) <= 32 else bar.name[:31] + "…"
        pdf.text(MARGIN, y + 14 * SCALE, name)
        x, height = MARGIN + chart.x * SCALE, 12 * SCALE
        pdf.set_fill_color(*TRACK)
        pdf.rect(x, y + 4 * SCALE, chart.plot_width * SCALE, height, style="F")
        if bar.target:
            pdf.set_fill_color(*SOFT)
            pdf.set_draw_color(*ACCENT)
            with pdf.local_context():
                pdf.set_dash_pattern(dash=1.2, gap=0.8)
                pdf.rect(x, y + 4 * SCALE, bar.target * SCALE, height, style="DF")
        if bar.current:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(x, y + 4 * SCALE, bar.current * SCALE, height, style="F")
        pdf.set_text_color(*MUTED)
        pdf.text(x + chart.plot_width * SCALE + 2, y + 14 * SCALE, bar.levels)
    pdf.set_font(FAMILY, "", 7)
    for level, x in chart.ticks:
        pdf.text(MARGIN + x * SCALE - 0.8, top + (chart.height - 3) * SCALE, str(level))
    pdf.set_y(top + chart.height * SCALE + 2)
    pdf.para(
        "Filled: current level · outlined: target level (0 none … 5 expert)", size=8, color=MUTED
    )


def _week_chart(pdf: PortfolioPdf, chart: WeekChart) -> None:
    scale = SCALE * 0.9
    pdf.room_for(chart.height * scale + 14)
    pdf.para(
        f"{chart.title}: {chart.total} in all"
        + (f", best week {chart.best}" if chart.best else ""),
        size=9,
        bold=True,
    )
    top = pdf.get_y() + 2
    pdf.set_draw_color(*LINE)
    pdf.line(
        MARGIN,
        top + chart.baseline * scale,
        MARGIN + chart.width * scale,
        top + chart.baseline * scale,
    )
    pdf.set_font(FAMILY, "", 6)
    for column in chart.columns:
        pdf.set_fill_color(*(ACCENT if column.value else LINE))
        x, y = MARGIN + column.x * scale, top + column.y * scale
        pdf.rect(x, y, column.width * scale, column.height * scale, style="F")
        if column.value:
            pdf.set_text_color(*MUTED)
            label = str(column.value)
            pdf.text(x + (column.width * scale - pdf.get_string_width(label)) / 2, y - 0.8, label)
    if chart.columns:
        pdf.set_font(FAMILY, "", 7)
        pdf.set_text_color(*MUTED)
        bottom = top + chart.height * scale
        pdf.text(MARGIN, bottom, short_date(chart.columns[0].week, year=False))
        last = short_date(chart.columns[-1].week, year=False)
        pdf.text(MARGIN + chart.width * scale - pdf.get_string_width(last), bottom, last)
    pdf.set_y(top + chart.height * scale + 3)


def _achievements(pdf: PortfolioPdf, doc: PortfolioDocument) -> None:
    pdf.heading("Achievements")
    if not doc.achievements:
        pdf.para("No achievements recorded yet.", color=MUTED)
    for item in doc.achievements:
        pdf.room_for(18)
        pdf.para(item.title, size=11, bold=True)
        line = short_date(item.achieved_on) + (f" · {item.metric}" if item.metric else "")
        pdf.para(line, size=9, color=OK if item.metric else MUTED)
        if item.narrative:
            pdf.para(item.narrative, size=9.5)
        pdf.ln(2)


def _lists(pdf: PortfolioPdf, doc: PortfolioDocument) -> None:
    pdf.heading("Mastered micro-skills")
    if not doc.mastered:
        told = any(item.micro_skill_id for item in doc.achievements)
        empty = "Every mastered micro-skill is listed under Achievements above."
        pdf.para(empty if told else "None mastered yet.", color=MUTED)
    for m in doc.mastered:
        metric = f": {m.metric}" if m.metric else ""
        pdf.para(
            f"• {m.definition} ({m.skill_name}, {short_date(m.mastered_on)}){metric}",
            size=9.5,
        )
    pdf.heading("Recent positive feedback")
    if not doc.feedback:
        told = any(item.signal_id for item in doc.achievements)
        empty = "The positive feedback of this period is listed under Achievements above."
        pdf.para(empty if told else "No positive feedback recorded in this period.", color=MUTED)
    for f in doc.feedback:
        source = f" from {f.source}" if f.source else ""
        rating = f" ({f.rating}/5)" if f.rating else ""
        note = f": “{f.note}”" if f.note else ""
        kind = f.kind.replace("_", " ")
        pdf.para(f"• {short_date(f.occurred_on)} · {kind}{source}{rating}{note}", size=9.5)


def render_pdf(doc: PortfolioDocument) -> bytes:
    """Draw the whole document and return the PDF's bytes."""
    pdf = PortfolioPdf(doc.name)
    pdf.add_page()
    pdf.para(doc.name, size=20, bold=True)
    if doc.objective:
        horizon = f" · by {short_date(doc.horizon)}" if doc.horizon else ""
        pdf.para(f"Objective: {doc.objective}{horizon}", size=11)
    pdf.para(
        f"Portfolio generated {short_date(doc.generated_on)} · covering "
        f"{short_date(doc.since)} to {short_date(doc.generated_on)}",
        size=9,
        color=MUTED,
    )
    pdf.heading("Skill map")
    if doc.skills:
        _skill_chart(pdf, skill_chart(doc.skills))
    else:
        pdf.para("No skills on the map yet.", color=MUTED)
    pdf.heading("Growth over time")
    for chart in growth_charts(doc.growth):
        _week_chart(pdf, chart)
    _achievements(pdf, doc)
    _lists(pdf, doc)
    return bytes(pdf.output())
