"""`microstep org pathways` and `org congestion`: how people reached a target role, and where
the way there is crowded."""

from __future__ import annotations


def show_pathways() -> None:
    """The move sequences that led to a target role."""


def show_congestion() -> None:
    """Aspirants against capacity per role and opportunity, with alternate routes."""
