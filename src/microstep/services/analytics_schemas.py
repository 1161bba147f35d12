"""Shapes shared by the org analytics answers."""

from __future__ import annotations

from microstep.services.schemas import Schema


class TeamOption(Schema):
    """A team the viewer may narrow the analytics to."""

    id: int
    name: str
