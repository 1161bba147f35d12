"""Schemas of sharing: what each kind of record is shared with, and a colleague's profile."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from microstep.services.schemas import Schema

Visibility = Literal["private", "circle", "manager", "org"]


class KindSharing(Schema):
    """One kind of record: how many sit at each visibility, and what new ones get."""

    kind: str
    label: str
    default: Visibility = Field(description="The visibility new records of this kind get.")
    counts: dict[str, int] = Field(description="Records at each visibility.")


class ShareUpdate(Schema):
    """A visibility for new records of a kind, and optionally for the existing ones too."""

    visibility: Visibility
    existing: bool = Field(default=True, description="Also change the records already there.")


class ShareResult(Schema):
    """What a sharing change did."""

    kind: str
    visibility: Visibility
    changed: int


class RecordShare(Schema):
    """One record's visibility."""

    visibility: Visibility


class ProfileItem(Schema):
    """One shared record on a colleague's profile."""

    kind: str
    title: str
    detail: str | None = None
    on: date | None = None
    visibility: Visibility


class Profile(Schema):
    """What the viewer may see of a person: only records shared with them."""

    person_id: int
    name: str
    team: str | None
    is_self: bool
    items: list[ProfileItem]
