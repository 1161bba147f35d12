"""The classifications shipped in ``data/``, read as rows for storage.

Each source is one class with a name, a version, its attribution and the rows of each table it
fills, so another taxonomy (a national one, an organisation's own) is one more subclass.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

DATA = Path(__file__).parent / "data"
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
LABEL_KINDS = ("alt", "hidden")

Row = dict[str, Any]


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of one shipped file."""
    with gzip.open(DATA / name, "rb") as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"), delimiter="\t")


@dataclass(frozen=True)
class Table:
    """Rows bound for one table; ``size`` lets a progress bar know the total before reading."""

    name: str
    size: int
    rows: Iterator[Row]


class Source:
    """A taxonomy shipped with the product."""

    name: ClassVar[str]
    title: ClassVar[str]  # as people write it
    version: ClassVar[str]
    attribution: ClassVar[str]

    def tables(self) -> list[Table]:
        """The tables this source fills, parents first."""
        raise NotImplementedError


class Esco(Source):
    """ESCO 1.1.1, English: skills, occupations and which skills each occupation needs."""

    name = "esco"
    title = "ESCO"
    version = "1.1.1"
    attribution = "This service uses the ESCO classification of the European Commission."

    def tables(self) -> list[Table]:
        """Skills, occupations, their labels and the occupation-skill relations."""
        skills = list(read_tsv("esco_skills.tsv.gz"))
        occupations = list(read_tsv("esco_occupations.tsv.gz"))
        links = list(read_tsv("esco_occupation_skills.tsv.gz"))
        skill_labels = sum(1 + _count(r["alt"]) + _count(r["hidden"]) for r in skills)
        occupation_labels = sum(1 + _count(r["alt"]) + _count(r["hidden"]) for r in occupations)
        return [
            Table("taxonomy_skill", len(skills), _skills(skills)),
            Table("taxonomy_skill_label", skill_labels, _labels(skills, "skill_id")),
            Table("taxonomy_occupation", len(occupations), _occupations(occupations)),
            Table(
                "taxonomy_occupation_label",
                occupation_labels,
                _labels(occupations, "occupation_id"),
            ),
            Table("taxonomy_occupation_skill", len(links), _links(links)),
        ]


class Onet(Source):
    """O*NET 29.3: occupations, alternate titles, technology skills and related occupations."""

    name = "onet"
    title = "O*NET"
    version = "29.3"
    attribution = (
        "This product includes information from the O*NET 29.3 Database by the U.S. Department "
        "of Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 "
        "license. O*NET is a trademark of USDOL/ETA. USDOL/ETA has not approved, endorsed, or "
        "tested these modifications."
    )

    def tables(self) -> list[Table]:
        """Occupations first, then the rows that refer to them."""
        occupations = list(read_tsv("onet_occupations.tsv.gz"))
        titles = list(read_tsv("onet_titles.tsv.gz"))
        technology = list(read_tsv("onet_technology.tsv.gz"))
        related = list(read_tsv("onet_related.tsv.gz"))
        return [
            Table(
                "onet_occupation",
                len(occupations),
                (
                    {
                        "code": r["code"],
                        "title": r["title"],
                        "job_zone": int(r["job_zone"]) if r["job_zone"] else None,
                        "description": r["description"] or None,
                    }
                    for r in occupations
                ),
            ),
            Table(
                "onet_title",
                len(titles),
                (
                    {"id": i, "code": r["code"], "title": r["title"]}
                    for i, r in enumerate(titles, 1)
                ),
            ),
            Table(
                "onet_technology",
                len(technology),
                (
                    {
                        "id": i,
                        "code": r["code"],
                        "example": r["example"],
                        "commodity": r["commodity"],
                        "hot": r["hot"] == "Y",
                        "in_demand": r["in_demand"] == "Y",
                    }
                    for i, r in enumerate(technology, 1)
                ),
            ),
            Table(
                "onet_related",
                len(related),
                (
                    {
                        "code": r["code"],
                        "related_code": r["related"],
                        "tier": r["tier"],
                        "rank": int(r["rank"]),
                    }
                    for r in related
                ),
            ),
        ]


SOURCES: tuple[Source, ...] = (Esco(), Onet())


def attributions() -> list[str]:
    """The attribution each shipped taxonomy asks for."""
    return [f"{s.title} {s.version}: {s.attribution}" for s in SOURCES]


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short hash of every shipped file: a rebuilt taxonomy or model gets new linker caches."""
    digest = hashlib.sha256()
    for path in sorted(DATA.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def title(name: str) -> str:
    """A source's name as people write it ('onet' -> 'O*NET')."""
    return next((s.title for s in SOURCES if s.name == name), name)


def _count(cell: str) -> int:
    return len(cell.split("|")) if cell else 0


def _skills(rows: list[dict[str, str]]) -> Iterator[Row]:
    for i, r in enumerate(rows, 1):
        yield {
            "id": i,
            "uri": SKILL_PREFIX + r["uuid"],
            "kind": "knowledge" if r["type"] == "knowledge" else "skill",
            "reuse": r["reuse"] or None,
            "label": r["preferred"],
            "description": r["description"] or None,
        }


def _occupations(rows: list[dict[str, str]]) -> Iterator[Row]:
    for i, r in enumerate(rows, 1):
        yield {
            "id": i,
            "uri": OCCUPATION_PREFIX + r["uuid"],
            "isco_group": r["isco"] or None,
            "code": r["code"] or None,
            "label": r["preferred"],
            "description": r["description"] or None,
            "onet_code": r["onet"] or None,
        }


def _labels(rows: list[dict[str, str]], owner: str) -> Iterator[Row]:
    label_id = 0
    for i, r in enumerate(rows, 1):
        named = [(r["preferred"], "preferred")]
        named += [(text, kind) for kind in LABEL_KINDS for text in r[kind].split("|") if text]
        for text, kind in named:
            label_id += 1
            yield {"id": label_id, owner: i, "text": text, "kind": kind}


def _links(rows: list[dict[str, str]]) -> Iterator[Row]:
    for r in rows:
        yield {
            "occupation_id": int(r["occupation_row"]) + 1,
            "skill_id": int(r["skill_row"]) + 1,
            "relation": "essential" if r["relation"] == "e" else "optional",
        }
