"""`microstep org predict-next` (the DESIGN contract) and `microstep move next`."""

from __future__ import annotations


def predict_next() -> None:
    """Top next roles for each person of a people file, from a history file."""


def next_moves() -> None:
    """Your sensible next moves, with reasons."""
