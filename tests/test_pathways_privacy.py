"""What the reviews of the org demo found, fixed: complementary suppression of drop-out and
congestion sub-counts, recommendations as a separate lighter signal, the organization's
capacity in a team's slice, the CSV (named for its target, <3 for hidden figures, formula-like
cells quoted), Rich markup in role titles, and the team picker on the pages."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from microstep.core import congestion as crowd
from microstep.core import pathways as core
from microstep.core.history import History, RoleInfo
from microstep.services import pathways as service
from microstep.services.analytics import MIN_GROUP
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Application, Objective, Person, Role
from tests.cli import ms
from tests.team import persona_ctx, sign_in
from tests.test_pathways_service import ANALYST, LEAD, ROTATION, TODAY, seed

FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def no_recommendations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Next-move recommendations stay out of the known truth unless a test plants them."""
    monkeypatch.setattr(service, "_recommended", lambda session, history: ({}, False))


# ---- pure helpers ----------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=5))
def test_suppression_never_leaves_one_hidden_part_beside_a_shown_total(parts: list[int]) -> None:
    total = sum(parts)
    shown_total = service._shown(total)
    shown = service.suppress(shown_total, parts)
    if shown_total is None:
        assert shown == [None] * len(parts)
        return
    for value, real in zip(shown, parts, strict=True):
        assert value is None or value == real
        assert value is None or value == 0 or value >= MIN_GROUP
        if 0 < real < MIN_GROUP:
            assert value is None
    assert sum(v is None for v in shown) != 1


def test_the_reviewers_software_developer_row_no_longer_gives_the_hidden_one_away() -> None:
    """4 got this far, 3 went on, 1 left: showing 4, 3, 0, 0 gave the 1 away."""
    history = History(
        roles={1: RoleInfo(1, "Software developer")}, people={}, steps=[], today=TODAY
    )
    row, after = service._dropouts(
        history,
        [
            core.Dropout(1, 1, "lateral", 4, 3, 1, 0, 0),
            core.Dropout(2, 1, "rotation", 3, 3, 0, 0, 0),
        ],
    )
    assert row.reached == 4
    assert row.continued is None
    assert row.stopped is None
    assert row.left is None
    # the next row's "got this far" would tell how many went on: it is hidden too
    assert after.reached is None
    assert after.continued is None


@given(st.text(max_size=30))
def test_a_csv_cell_never_starts_a_formula(text: str) -> None:
    cell = service._cell(text)
    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA)
    assert cell == text or cell == "'" + text
    assert (cell != text) == text.startswith(FORMULA)


def test_csv_cells_hidden_figures_and_numbers() -> None:
    assert service._cell(None) == "<3"
    assert service._cell(-2) == -2  # numbers are not text a spreadsheet runs
    assert service._cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert (
        service.csv_name("Product Manager (Senior) / ÉU") == "pathways-product-manager-senior-u.csv"
    )
    assert service.csv_name("===") == "pathways-target.csv"


def test_a_role_recommended_to_many_but_asked_for_by_one_is_not_the_most_crowded() -> None:
    load = crowd.Load(role=1, objectives=1, applications=0, recommended=29, places=0, throughput=2)
    asked = crowd.Load(role=2, objectives=6, applications=4, recommended=0, places=0, throughput=2)
    assert load.aspirants == 1
    assert (load.index or 0) < (asked.index or 0)


# ---- the services on a seeded organization -----------------------------------------------------


def _objectives(db: Database, prefix: str, title: str, n: int) -> None:
    with db.transaction() as session:
        people = session.scalars(
            select(Person.id)
            .where(Person.external_id.like(f"{prefix}%"), Person.is_active.is_(True))
            .order_by(Person.id.desc())
        ).all()
        for pid in people[:n]:
            session.add(
                Objective(
                    person_id=pid,
                    title=title,
                    kind="role",
                    horizon=TODAY + timedelta(days=300),
                    status="active",
                    visibility="org",
                    created_at=datetime.now(UTC),
                )
            )


def test_a_teams_slice_counts_its_aspirants_against_the_organizations_capacity(
    db: Database,
) -> None:
    """40 people took Team lead in the last three years (13.33 a year), 22 of them in Team B."""
    seeded = seed(db)
    _objectives(db, "b", LEAD, 4)
    hr = persona_ctx(db, seeded.org, "hr")
    whole = next(r for r in service.congestion(hr).roles if r.role == LEAD)
    team = next(r for r in service.congestion(hr, seeded.org.team_b).roles if r.role == LEAD)
    assert whole.capacity == team.capacity == round(40 / 3, 2)
    assert team.aspirants == 4
    assert team.index == round(4 / (40 / 3), 2)


def test_a_shown_total_of_aspirants_hides_a_small_part_and_its_complement(db: Database) -> None:
    """12 shared objectives and 1 application aim at the rotation: 13 aspirants are shown,
    the 1 application is not, and the 12 would give it away, so they are hidden too."""
    seeded = seed(db)
    with db.transaction() as session:
        apps = session.scalars(select(Application.id).order_by(Application.id)).all()
        session.execute(
            update(Application).where(Application.id.in_(apps[:2])).values(status="withdrawn")
        )
    rot = next(
        r for r in service.congestion(persona_ctx(db, seeded.org, "hr")).roles if r.role == ROTATION
    )
    assert rot.aspirants == 13
    assert (rot.objectives, rot.applications) == (None, None)


def test_recommendations_count_a_quarter_and_only_from_three_people(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = seed(db)
    roles = seeded.roles

    class Nextmove:
        @staticmethod
        def recommended_counts(session: object, history: object, top: int) -> dict[int, int]:
            assert top == 1
            return {roles[ROTATION]: 8, roles[ANALYST]: 2}

    monkeypatch.undo()
    monkeypatch.setattr(service.importlib, "import_module", lambda name: Nextmove)
    ranked = service.congestion(persona_ctx(db, seeded.org, "hr"))
    rot = next(r for r in ranked.roles if r.role == ROTATION)
    assert (rot.aspirants, rot.recommended, rot.demand) == (15, 8, 17.0)
    assert rot.index == 17 / 2
    assert ranked.recommendation_weight == 0.25
    assert all(r.role != ANALYST for r in ranked.roles)  # 2 recommendations: not counted


def test_the_csv_names_its_target_and_quotes_a_formula_title(db: Database) -> None:
    seeded = seed(db)
    with db.transaction() as session:
        session.execute(
            update(Role).where(Role.id == seeded.roles[ANALYST]).values(title="=HYPERLINK(1)")
        )
    name, text = service.pathways_export(persona_ctx(db, seeded.org, "hr"), LEAD)
    assert name == "pathways-team-lead.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["target"] for r in rows} == {LEAD}
    assert rows[0]["pattern"] == "1"
    assert rows[0]["steps"].startswith("'=HYPERLINK(1)")
    assert rows[0]["step"].startswith("'=HYPERLINK(1)")
    assert not any(v.startswith(FORMULA) for r in rows for v in r.values())


def test_the_target_picker_says_what_it_counts(db: Database) -> None:
    seeded = seed(db)
    targets = service.pathway_targets(persona_ctx(db, seeded.org, "hr"))
    lead = next(t for t in targets if t.title == LEAD)
    assert lead.reached == service.pathways(persona_ctx(db, seeded.org, "hr"), LEAD).reached


# ---- CLI and pages -------------------------------------------------------------------------------


def test_a_role_title_with_rich_markup_prints_as_text(team_db: Database) -> None:
    seeded = seed(team_db)
    with team_db.transaction() as session:
        session.execute(
            update(Role).where(Role.id == seeded.roles[LEAD]).values(title="[/x] Markup role")
        )
        session.execute(
            update(Role).where(Role.id == seeded.roles[ANALYST]).values(title="[bold]Analyst")
        )
    url = team_db.engine.url.render_as_string(hide_password=False)
    shown = ms("org", "pathways", "--target", "[/x] Markup role", db=url)
    assert shown.exit_code == 0, shown.output
    assert "[/x] Markup role in the whole organization: 40 people reached it." in shown.output
    assert "[bold]Analyst" in shown.output
    crowded = ms("org", "congestion", "--target", "[/x] Markup role", db=url)
    assert crowded.exit_code == 0, crowded.output
    assert "Routes to [/x] Markup role" in crowded.output
    csv_out = ms("org", "pathways", "--target", "[/x] Markup role", "--format", "csv", db=url)
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.output.splitlines()[1].startswith("[/x] Markup role,1,")


def test_the_pages_offer_the_viewers_teams_and_the_csv_is_named(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    manager = sign_in(team_settings, team_db, seeded.org.email("manager"))
    for path in ("/analytics/pathways", "/analytics/congestion"):
        page = manager.get(path)
        assert page.status_code == 200
        picker = page.text.split('id="team_id"')[1].split("</select>")[0]
        assert "Team A" in picker
        assert "Team B" not in picker  # not their team
    hr = sign_in(team_settings, team_db, seeded.org.email("hr"))
    page = hr.get("/analytics/pathways", params={"target": LEAD, "team_id": seeded.org.team_b})
    assert f'<option value="{seeded.org.team_b}" selected>Team B</option>' in page.text
    assert "(22 people reached it)" in page.text  # Team B's slice
    assert "too few to show people" not in page.text
    response = hr.get("/api/analytics/pathways.csv", params={"target": LEAD})
    assert (
        response.headers["content-disposition"] == 'attachment; filename="pathways-team-lead.csv"'
    )
    crowded = hr.get("/analytics/congestion", params={"team_id": seeded.org.team_b})
    assert "Recommended" in crowded.text
    assert f'<option value="{seeded.org.team_b}" selected>Team B</option>' in crowded.text
