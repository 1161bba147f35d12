"""Use cases of the shipped taxonomies: load them, link text to skills and roles, look up."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from threading import Lock
from typing import Literal, Protocol

from microstep.errors import InvalidInput, NotFound
from microstep.services.taxonomy_schemas import (
    LinkedText,
    MatchPublic,
    OccupationPublic,
    SkillRef,
    TaxonomyStatus,
)
from microstep.store import taxonomy as store
from microstep.store.db import Database
from microstep.taxonomy.linker import INDEX_VERSION, Concept, Linker, Match
from microstep.taxonomy.sources import SOURCES, fingerprint

Kind = Literal["skill", "occupation"]
MAX_TOP = 50
MAX_TEXT = 20_000  # characters of one text: a long job posting fits


class LoadProgress(Protocol):
    """What a progress bar needs from a long load."""

    def start(self, total: int) -> None:
        """The number of rows about to be written."""

    def advance(self, rows: int) -> None:
        """That many more rows are written."""


def taxonomy_status(db: Database) -> TaxonomyStatus:
    """What is loaded."""
    with db.transaction() as session:
        return TaxonomyStatus(
            sources=store.sources(session=session), rows=store.counts(session=session)
        )


def is_current(db: Database) -> bool:
    """Whether every shipped taxonomy is loaded at the shipped version."""
    with db.transaction() as session:
        loaded = store.sources(session=session)
    return all(loaded.get(s.name) == s.version for s in SOURCES)


def load_taxonomy(db: Database, progress: LoadProgress | None = None) -> TaxonomyStatus:
    """Replace the stored taxonomies with the shipped ones, all in one transaction."""
    tables = [(source, source.tables()) for source in SOURCES]
    if progress is not None:
        progress.start(sum(t.size for _, group in tables for t in group))
    advance: Callable[[int], None] = progress.advance if progress else (lambda _n: None)
    now = datetime.now(UTC)
    with db.transaction() as session:
        for source, group in tables:
            store.clear_source(session=session, name=source.name)
            for table in group:
                store.insert_rows(
                    session=session, table=table.name, rows=table.rows, advance=advance
                )
            store.mark_loaded(session=session, name=source.name, version=source.version, now=now)
    _LINKERS.clear()
    return taxonomy_status(db)


_LOAD = Lock()


def ensure_taxonomy(db: Database, progress: LoadProgress | None = None) -> None:
    """Load the taxonomies on first use (or after an upgrade shipped a new version); two
    requests arriving at once load them once."""
    if is_current(db):
        return
    with _LOAD:
        if not is_current(db):
            load_taxonomy(db, progress)


_LINKERS: dict[str, Linker] = {}
_BUILD = Lock()
_cache_dir: Path | None = None


def use_cache_dir(folder: Path | None) -> None:
    """Keep built linker indexes in `folder` across processes (the CLI and server set this)."""
    global _cache_dir
    _cache_dir = folder


def linker(db: Database, kind: Kind, progress: LoadProgress | None = None) -> Linker:
    """The linker over skills or occupations: built once per taxonomy version, then reused from
    memory, or from the cache folder when a previous process built it."""
    ensure_taxonomy(db, progress)
    with db.transaction() as session:
        versions = "-".join(f"{n}{v}" for n, v in sorted(store.sources(session=session).items()))
    key = f"{kind}-{versions}-{fingerprint()}-v{INDEX_VERSION}"
    with _BUILD:
        if key not in _LINKERS:
            _LINKERS[key] = _cached(key) or _built(db, kind, key)
        return _LINKERS[key]


def _cached(key: str) -> Linker | None:
    return Linker.load(_cache_dir / key) if _cache_dir is not None else None


def _built(db: Database, kind: Kind, key: str) -> Linker:
    built = Linker(_concepts(db, kind))
    if kind == "skill":
        with db.transaction() as session:
            built.alias_products(store.products(session=session))
    if _cache_dir is not None:
        for stale in [*_cache_dir.glob(f"{kind}-*"), *_cache_dir.glob(".linker-*")]:
            shutil.rmtree(stale, ignore_errors=True)  # older versions' indexes: 60 MB each
        # A full disk or an odd folder costs the next start some time, not this call.
        with suppress(OSError):
            built.save(_cache_dir / key)
    return built


def _concepts(db: Database, kind: Kind) -> list[Concept]:
    with db.transaction() as session:
        rows = list(store.concept_labels(session=session, kind=kind))
        extra: dict[str, list[str]] = {}
        if kind == "occupation":
            for uri, title in store.onet_titles(session=session):
                extra.setdefault(uri, []).append(title)
    concepts = []
    for (uri, label), group in groupby(rows, key=lambda r: (r[0], r[1])):
        labels = tuple(text for _, _, text in group) + tuple(extra.get(uri, ()))
        concepts.append(Concept(uri, label, labels))
    return concepts


def check_texts(texts: Sequence[str], top: int) -> None:
    """Refuse what the linker cannot answer sensibly, naming the line."""
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"--top must be between 1 and {MAX_TOP}.", field="top")
    for number, text in enumerate(texts, 1):
        if not text.strip():
            raise InvalidInput(f"Line {number} is empty: give one text per line.", field="texts")
        if len(text) > MAX_TEXT:
            raise InvalidInput(
                f"Line {number} is {len(text):,} characters long; the most is {MAX_TEXT:,}.",
                field="texts",
            )


def link_skills(db: Database, texts: Sequence[str], top: int = 5) -> list[LinkedText]:
    """ESCO skills for short phrases ("excel pivot tables")."""
    check_texts(texts, top)
    return _shaped(texts, linker(db, "skill").link(texts, top))


def extract_skills(db: Database, texts: Sequence[str], top: int = 5) -> list[LinkedText]:
    """ESCO skills named anywhere in sentences or job-posting text."""
    check_texts(texts, top)
    return _shaped(texts, linker(db, "skill").extract(texts, top))


def link_roles(db: Database, texts: Sequence[str], top: int = 5) -> list[LinkedText]:
    """ESCO occupations for job titles ("data analyst"), each with its O*NET-SOC code where
    the two classifications map."""
    check_texts(texts, top)
    results = _shaped(texts, linker(db, "occupation").link(texts, top))
    uris = {m.id for r in results for m in r.matches}
    with db.transaction() as session:
        codes = store.onet_codes(session=session, uris=uris)
    for result in results:
        for match in result.matches:
            match.code = codes.get(match.id)
    return results


def _shaped(texts: Sequence[str], results: list[list[Match]]) -> list[LinkedText]:
    return [
        LinkedText(
            text=text,
            matches=[MatchPublic(id=m.id, label=m.label, score=m.score, span=m.span) for m in ms],
        )
        for text, ms in zip(texts, results, strict=True)
    ]


def plain_uri(uri: str) -> str:
    """A URI as given, refusing control characters (PostgreSQL refuses NUL in text)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in uri):
        raise InvalidInput("That URI holds a control character: copy it again.", field="uri")
    return uri


def skill_ref(db: Database, uri: str) -> SkillRef:
    """One ESCO skill by URI."""
    uri = plain_uri(uri)
    ensure_taxonomy(db)
    with db.transaction() as session:
        row = store.get_skill(session=session, uri=uri)
        if row is None:
            raise NotFound(f"No ESCO skill has the URI {uri}.", field="id")
        return SkillRef(id=row.uri, label=row.label, kind=row.kind, description=row.description)


def occupation(db: Database, uri: str) -> OccupationPublic:
    """One ESCO occupation with its skills and O*NET counterpart."""
    uri = plain_uri(uri)
    ensure_taxonomy(db)
    with db.transaction() as session:
        row = store.get_occupation(session=session, uri=uri)
        if row is None:
            raise NotFound(f"No ESCO occupation has the URI {uri}.", field="id")
        onet = store.onet_occupation(session=session, code=row.onet_code) if row.onet_code else None
        skills = store.occupation_skills(session=session, occupation_id=row.id)
        refs = {
            relation: [
                SkillRef(id=s.uri, label=s.label, kind=s.kind, description=s.description)
                for s, r in skills
                if r == relation
            ]
            for relation in ("essential", "optional")
        }
        return OccupationPublic(
            id=row.uri,
            label=row.label,
            description=row.description,
            onet_code=row.onet_code,
            onet_title=onet.title if onet else None,
            job_zone=onet.job_zone if onet else None,
            essential=refs["essential"],
            optional=refs["optional"],
        )
