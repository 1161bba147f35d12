"""Build the compact taxonomy files shipped in ``taxonomy/data`` from the official downloads.

Run once by a maintainer when a taxonomy version changes::

    python -m microstep.taxonomy.build \
        --esco ../shared/data/esco-1.1.1 --onet ../shared/data/onet-29.3

The output keeps every label, description and relation the product uses, with ESCO URIs shortened
to their UUID and relations written as row numbers, so the files are a few megabytes. The ESCO to
O*NET map is derived here, from titles both classifications share (see ``map_onet``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from microstep.taxonomy.sources import DATA, OCCUPATION_PREFIX, SKILL_PREFIX
from microstep.taxonomy.text import normalize, singular_phrase


def _esco_rows(folder: Path, zip_name: str, member: str) -> Iterator[dict[str, str]]:
    with zipfile.ZipFile(folder / zip_name) as archive, archive.open(member) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


def _onet_rows(folder: Path, name: str) -> Iterator[dict[str, str]]:
    with (folder / name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def _labels(cell: str) -> str:
    return "|".join(x.strip() for x in cell.split("\n") if x.strip())


def _write(name: str, header: list[str], rows: Iterable[list[str]]) -> None:
    # mtime=0 keeps the gzip bytes reproducible from the same input.
    with (
        gzip.GzipFile(DATA / name, "wb", mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
    ):
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def map_onet(occupations: list[dict[str, str]], onet: Path) -> dict[str, str]:
    """Map ESCO occupations to O*NET-SOC codes through titles both name the same way.

    Each ESCO label that equals an O*NET title or alternate title (case, punctuation and plural
    aside) votes for that title's codes, its vote split among them (a title O*NET gives to nine
    occupations says little about any one); the preferred label's vote counts three times. Among
    the best, the code whose own title shares most words with the ESCO labels wins, then the
    lower code, so the map is stable.
    """
    titles: dict[str, set[str]] = defaultdict(set)
    main: dict[str, set[str]] = {}
    for row in _onet_rows(onet, "Occupation Data.txt"):
        key = singular_phrase(normalize(row["Title"]))
        titles[key].add(row["O*NET-SOC Code"])
        main[row["O*NET-SOC Code"]] = set(key.split())
    for row in _onet_rows(onet, "Alternate Titles.txt"):
        for cell in (row["Alternate Title"], row["Short Title"]):
            if cell.strip():
                titles[singular_phrase(normalize(cell))].add(row["O*NET-SOC Code"])
    mapped: dict[str, str] = {}
    for occ in occupations:
        votes: defaultdict[str, float] = defaultdict(float)
        labels = [(occ["preferredLabel"], 3.0)] + [(x, 1.0) for x in occ["altLabels"].split("\n")]
        words: set[str] = set()
        for label, weight in labels:
            key = singular_phrase(normalize(label))
            words |= set(key.split())
            codes = titles.get(key, set())
            for code in codes:
                votes[code] += weight / len(codes)
        if votes:
            mapped[occ["conceptUri"]] = min(
                votes, key=lambda c: (-round(votes[c], 6), -len(main.get(c, set()) & words), c)
            )
    return mapped


def build(esco: Path, onet: Path) -> None:
    """Write every compact file from the two source folders."""
    classification = "esco-1.1.1-classification-en-csv.zip"
    relations = "esco-1.1.1-relations-csv.zip"
    skills = sorted(
        _esco_rows(esco, classification, "skills_en.csv"), key=lambda r: r["conceptUri"]
    )
    occupations = sorted(
        _esco_rows(esco, classification, "occupations_en.csv"), key=lambda r: r["conceptUri"]
    )
    skill_row = {r["conceptUri"]: i for i, r in enumerate(skills)}
    occ_row = {r["conceptUri"]: i for i, r in enumerate(occupations)}
    onet_map = map_onet(occupations, onet)
    _write(
        "esco_skills.tsv.gz",
        ["uuid", "type", "reuse", "preferred", "alt", "hidden", "description"],
        (
            [
                r["conceptUri"].removeprefix(SKILL_PREFIX),
                r["skillType"],
                r["reuseLevel"],
                r["preferredLabel"].strip(),
                _labels(r["altLabels"]),
                _labels(r["hiddenLabels"]),
                " ".join(r["description"].split()),
            ]
            for r in skills
        ),
    )
    _write(
        "esco_occupations.tsv.gz",
        ["uuid", "isco", "code", "preferred", "alt", "hidden", "description", "onet"],
        (
            [
                r["conceptUri"].removeprefix(OCCUPATION_PREFIX),
                r["iscoGroup"],
                r["code"],
                r["preferredLabel"].strip(),
                _labels(r["altLabels"]),
                _labels(r["hiddenLabels"]),
                " ".join(r["description"].split()),
                onet_map.get(r["conceptUri"], ""),
            ]
            for r in occupations
        ),
    )
    links = sorted(
        (occ_row[r["occupationUri"]], skill_row[r["skillUri"]], r["relationType"][0])
        for r in _esco_rows(esco, relations, "occupationSkillRelations.csv")
        if r["occupationUri"] in occ_row and r["skillUri"] in skill_row
    )
    _write(
        "esco_occupation_skills.tsv.gz",
        ["occupation_row", "skill_row", "relation"],
        ([str(o), str(s), k] for o, s, k in links),
    )
    zones = {r["O*NET-SOC Code"]: r["Job Zone"] for r in _onet_rows(onet, "Job Zones.txt")}
    _write(
        "onet_occupations.tsv.gz",
        ["code", "title", "job_zone", "description"],
        (
            [r["O*NET-SOC Code"], r["Title"], zones.get(r["O*NET-SOC Code"], ""), r["Description"]]
            for r in _onet_rows(onet, "Occupation Data.txt")
        ),
    )
    _write(
        "onet_titles.tsv.gz",
        ["code", "title"],
        (
            [r["O*NET-SOC Code"], r["Alternate Title"]]
            for r in _onet_rows(onet, "Alternate Titles.txt")
        ),
    )
    _write(
        "onet_technology.tsv.gz",
        ["code", "example", "commodity", "hot", "in_demand"],
        (
            [
                r["O*NET-SOC Code"],
                r["Example"],
                r["Commodity Title"],
                r["Hot Technology"],
                r["In Demand"],
            ]
            for r in _onet_rows(onet, "Technology Skills.txt")
        ),
    )
    _write(
        "onet_related.tsv.gz",
        ["code", "related", "tier", "rank"],
        (
            [r["O*NET-SOC Code"], r["Related O*NET-SOC Code"], r["Relatedness Tier"], r["Index"]]
            for r in _onet_rows(onet, "Related Occupations.txt")
        ),
    )
    print(
        f"{len(skills)} skills, {len(occupations)} occupations "
        f"({len(onet_map)} mapped to O*NET), {len(links)} links"
    )


def main() -> None:
    """Command-line entry for maintainers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, required=True)
    parser.add_argument("--onet", type=Path, required=True)
    args = parser.parse_args()
    build(args.esco, args.onet)


if __name__ == "__main__":
    main()
