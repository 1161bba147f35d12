"""Maya's portfolio: a handful of achievements taken from her own history via the suggestions."""

from __future__ import annotations

import random
from datetime import date

from microstep.core.portfolio import SourceKind
from microstep.services import portfolio
from microstep.services.context import Context
from microstep.services.portfolio_schemas import SuggestionPick, SuggestionPublic

MOST = 6
PREFERENCE = {SourceKind.MICROSKILL: 0, SourceKind.SIGNAL: 1, SourceKind.GOAL: 2}
QUOTA = {SourceKind.MICROSKILL: 2, SourceKind.SIGNAL: 2, SourceKind.GOAL: MOST}
SIGNAL_ORDER = ("Praise", "Positive feedback", "New assignment", "Invitation")


def _worth(item: SuggestionPublic) -> tuple[int, int, int]:
    """Mastery first, then praise and assignments, then goals (all met their target); newest."""
    rank = next((i for i, word in enumerate(SIGNAL_ORDER) if item.title.startswith(word)), 0)
    return (PREFERENCE[item.source], rank, -item.achieved_on.toordinal())


def build_portfolio_demo(ctx: Context, *, start: date, seed: int) -> str:
    """Fill the demo; returns a short phrase for the summary ('' when nothing)."""
    rng = random.Random(seed)
    found = sorted(portfolio.suggest(ctx), key=_worth)
    titles: set[str] = set()
    chosen: list[SuggestionPublic] = []
    taken = dict.fromkeys(SourceKind, 0)
    for item in found:
        if (
            item.title in titles
            or item.achieved_on < start
            or taken[item.source] >= QUOTA[item.source]
        ):
            continue
        titles.add(item.title)
        taken[item.source] += 1
        chosen.append(item)
    count = min(len(chosen), MOST - (1 if rng.random() < 0.5 else 0))
    for item in chosen[:count]:
        portfolio.add_suggested(ctx, SuggestionPick(source=item.source, source_id=item.source_id))
    if count == 0:
        return ""
    return f"{count} achievement{'s' if count != 1 else ''}"
