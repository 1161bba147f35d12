"""Small validators for user-typed values, shared by every entity."""

from __future__ import annotations

import math

from microstep.errors import InvalidInput

MAX_TITLE = 200
MAX_NOTE = 2000


def clean_text(value: str | None, *, field: str, required: bool, max_len: int) -> str | None:
    """Strip a text value; refuse a missing, over-long or control-character one."""
    if value and any(_unprintable(ch) for ch in value):
        raise InvalidInput(
            f"The {field} contains control characters: type plain text.", field=field
        )
    text = " ".join((value or "").split()) if max_len <= MAX_TITLE else (value or "").strip()
    if not text:
        if required:
            raise InvalidInput(f"The {field} is empty: type a few words.", field=field)
        return None
    if len(text) > max_len:
        raise InvalidInput(
            f"The {field} is {len(text)} characters long; keep it under {max_len}.", field=field
        )
    return text


def _unprintable(ch: str) -> bool:
    code = ord(ch)
    return (code < 32 and ch not in "\n\r\t") or code == 127 or 0xD800 <= code <= 0xDFFF


def clean_number(value: float | None, *, field: str, minimum: float = 0.0) -> float | None:
    """Refuse NaN, infinities and values below the minimum."""
    if value is None:
        return None
    if math.isnan(value) or math.isinf(value):
        raise InvalidInput(f"The {field} must be a finite number.", field=field)
    if value < minimum:
        raise InvalidInput(f"The {field} must be at least {minimum:g}.", field=field)
    return float(value)
