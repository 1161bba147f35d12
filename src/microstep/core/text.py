"""Small validators for user-typed values, shared by every entity.

`field` is the input's key (as in the API and the forms); messages use `label`, a readable name.
"""

from __future__ import annotations

import math

from microstep.errors import InvalidInput

MAX_TITLE = 200
MAX_NOTE = 2000
MAX_AMOUNT = 1e12


def clean_text(
    value: str | None,
    *,
    field: str,
    required: bool,
    max_len: int,
    label: str | None = None,
    collapse: bool | None = None,
) -> str | None:
    """Strip a text value; refuse a missing, over-long or control-character one.

    Titles (and anything with `collapse`) become one line; longer notes keep their lines."""
    name = label or field.replace("_", " ")
    if value and any(_unprintable(ch) for ch in value):
        raise InvalidInput(f"The {name} contains control characters: type plain text.", field=field)
    if collapse is None:
        collapse = max_len <= MAX_TITLE
    text = " ".join((value or "").split()) if collapse else (value or "").strip()
    if not text:
        if required:
            raise InvalidInput(f"The {name} is empty: type a few words.", field=field)
        return None
    if len(text) > max_len:
        message = f"The {name} is {len(text)} characters long; keep it under {max_len}."
        raise InvalidInput(message, field=field)
    return text


def one_line(
    value: str | None, *, field: str, label: str, max_len: int, required: bool
) -> str | None:
    """A typed value collapsed to one line, checked as `clean_text` checks it."""
    return clean_text(
        value, field=field, required=required, max_len=max_len, label=label, collapse=True
    )


def _unprintable(ch: str) -> bool:
    code = ord(ch)
    return (code < 32 and ch not in "\n\r\t") or code == 127 or 0xD800 <= code <= 0xDFFF


def clean_number(
    value: float | None,
    *,
    field: str,
    minimum: float = 0.0,
    maximum: float = MAX_AMOUNT,
    label: str | None = None,
) -> float | None:
    """Refuse NaN, infinities and values outside [minimum, maximum]."""
    if value is None:
        return None
    name = label or field.replace("_", " ")
    if math.isnan(value) or math.isinf(value):
        raise InvalidInput(f"The {name} must be a finite number.", field=field)
    if not minimum <= value <= maximum:
        message = f"The {name} must be between {plain_number(minimum)} and {plain_number(maximum)}."
        raise InvalidInput(message, field=field)
    return float(value)


def plain_number(value: float) -> str:
    """A number as people write it: 3, 2.5 or 1234567, never 1.23457e+06."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def plural(count: float, noun: str) -> str:
    """A count with its noun: '1 goal', '2 goals', '2.5 hours'."""
    return f"{plain_number(count)} {noun}{'' if count == 1 else 's'}"


def singular(unit: str) -> str:
    """The unit for exactly one: 'answers' -> 'answer', 'summaries' -> 'summary'; 'min' stays."""
    if len(unit) <= 2 or not unit.endswith("s") or unit.endswith(("ss", "us", "is")):
        return unit
    if unit.endswith("ies") and len(unit) > 4:
        return unit[:-3] + "y"
    if unit.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return unit[:-2]
    return unit[:-1]


def amount(value: float, unit: str | None) -> str:
    """A measured value with its unit: '3 reports', '1 answer', '20 min', '2.5' (no unit)."""
    shown = plain_number(value)
    if not unit:
        return shown
    return f"{shown} {singular(unit) if value == 1 else unit}"


def is_digits(text: str) -> bool:
    """Whether `text` is ASCII digits only: str.isdigit also takes superscripts and other
    scripts' digits, which int() refuses or reads as another number."""
    return text.isascii() and text.isdigit()
