"""Maya's demo in the taxonomy: her objective aimed at ESCO's data analyst, her skills linked."""

from __future__ import annotations

from datetime import date

from microstep.services import gap
from microstep.services.context import Context
from microstep.store import queries

TARGET_ROLE = "data analyst"


def build_taxonomy_demo(ctx: Context, *, start: date, seed: int) -> str:
    """Aim the role objective at an occupation and link the skill map, keeping Maya's words."""
    with ctx.db.transaction() as session:
        objectives = queries.list_objectives(session=session, person_id=ctx.person_id)
        role = next(o.id for o in objectives if o.kind == "role")
    chosen = gap.set_target_role(ctx, role, text=TARGET_ROLE)
    links = gap.link_skill_targets(ctx)
    return f"target role {chosen.occupation.label}, {len(links.linked)} skills linked to ESCO"
