"""Maya's demo shows the move tracker: five moves, a met stretch that raised two skills with an
evidence-log entry, a rotation under way, and the breadth-and-depth flag."""

from __future__ import annotations

from microstep.demo.personal import build_personal_demo
from microstep.services import moves, people, signals, skills
from microstep.settings import Settings
from microstep.store.db import Database
from tests.conftest import TODAY


def test_the_personal_demo_has_moves_with_evidence_and_the_depth_flag(db: Database) -> None:
    assert build_personal_demo(db, today=TODAY, with_taxonomy=False) is not None
    ctx = people.personal_context(db, settings=Settings(), today=TODAY)
    shown = moves.timeline(ctx)
    assert [m.kind for m in shown.moves] == [
        "hire",
        "promotion",
        "shadowing",
        "stretch",
        "rotation",
    ]
    assert shown.current_role == "Data Analyst"
    assert shown.depth.flagged
    assert shown.moves[-1].outcome is None
    assert shown.moves[-1].from_role == "Data Analyst"
    mapped = {s.name: s for s in skills.list_skills(ctx)}
    assert "(move #" in (mapped["Mentoring"].evidence or "")
    assert mapped["Mentoring"].current_level == 2
    logged = [s for s in signals.list_signals(ctx) if s.kind == "assignment"]
    assert any("Experiment Review Lead" in (s.note or "") for s in logged)
