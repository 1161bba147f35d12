"""Use cases for lessons learned: add, edit, delete, list by tag and full-text search."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from microstep.core import lessons as core
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text
from microstep.errors import InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.reflection_schemas import (
    LessonCreate,
    LessonFields,
    LessonHitPublic,
    LessonPublic,
    LessonUpdate,
    SnippetPartPublic,
    TagCountPublic,
)
from microstep.store import reflection
from microstep.store.models import Lesson

TEXT_FIELDS = ("context", "worked", "did_not", "next_time")
LABELS = {"did_not": "what did not work", "next_time": "next time", "worked": "what worked"}
SEARCH_LIMIT = 20


def lesson_public(row: Lesson) -> LessonPublic:
    """Shape a stored lesson for output."""
    return LessonPublic(
        id=row.id,
        title=row.title,
        context=row.context,
        worked=row.worked,
        did_not=row.did_not,
        next_time=row.next_time,
        tags=core.tag_list(row.tags),
        learned_on=row.learned_on,
        review_id=row.review_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def add_lesson(ctx: Context, item: LessonCreate) -> LessonPublic:
    """Write a lesson down: a title, and what happened, worked, did not, and next time."""
    values = _values(ctx, item)
    values.setdefault("learned_on", ctx.today)
    values.setdefault("tags", "")
    with ctx.db.transaction() as session:
        row = reflection.add_lesson(
            session=session, person_id=ctx.person_id, now=ctx.now(), **values
        )
        return lesson_public(row)


def edit_lesson(ctx: Context, lesson_id: int, update: LessonUpdate) -> LessonPublic:
    """Change some fields of a lesson; an emptied text field is cleared, the title stays."""
    values = _values(ctx, update)
    if not values:
        raise InvalidInput("Nothing to change: give at least one field.", field="title")
    with ctx.db.transaction() as session:
        row = _get(session, ctx, lesson_id)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = ctx.now()
        session.flush()
        return lesson_public(row)


def delete_lesson(ctx: Context, lesson_id: int) -> LessonPublic:
    """Delete a lesson for good; returns it as it was."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, lesson_id)
        public = lesson_public(row)
        reflection.delete_lesson(session=session, lesson=row)
        return public


def get_lesson(ctx: Context, lesson_id: int) -> LessonPublic:
    """One lesson, or NotFound."""
    with ctx.db.transaction() as session:
        return lesson_public(_get(session, ctx, lesson_id))


def list_lessons(ctx: Context, tag: str | None = None) -> list[LessonPublic]:
    """Lessons, newest first; only those with a tag when one is given."""
    wanted = core.normalise_tags(tag) if tag else ""
    if len(wanted.split()) > 1:
        raise InvalidInput("Filter by one tag at a time.", field="tag")
    with ctx.db.transaction() as session:
        rows = reflection.list_lessons(session=session, person_id=ctx.person_id, tag=wanted or None)
        return [lesson_public(row) for row in rows]


def tag_counts(ctx: Context) -> list[TagCountPublic]:
    """Every tag in use with its number of lessons, most used first."""
    with ctx.db.transaction() as session:
        stored = reflection.lesson_tags(session=session, person_id=ctx.person_id)
    counts = Counter(tag for tags in stored for tag in core.tag_list(tags))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [TagCountPublic(tag=tag, count=count) for tag, count in ordered]


def search_lessons(ctx: Context, query: str | None) -> list[LessonHitPublic]:
    """Lessons matching every word of the query, best first, with highlighted snippets.

    Words are stemmed by the engine, so 'presenting' also finds 'presentation' and 'presents'.
    """
    terms = core.search_terms(query)
    with ctx.db.transaction() as session:
        found = reflection.search_lessons(
            session=session,
            person_id=ctx.person_id,
            fts5_query=core.fts5_query(terms),
            websearch_query=core.websearch_query(terms),
            start=core.HIT_START,
            stop=core.HIT_END,
            limit=SEARCH_LIMIT,
        )
        return [
            LessonHitPublic(
                lesson=lesson_public(row),
                rank=index,
                score=-rank,
                snippet=[
                    SnippetPartPublic(text=part.text, hit=part.hit)
                    for part in core.split_snippet(core.pick_snippet(snippets))
                ],
            )
            for index, (row, rank, snippets) in enumerate(found, start=1)
        ]


def _get(session: Session, ctx: Context, lesson_id: int) -> Lesson:
    row = reflection.get_lesson(session=session, person_id=ctx.person_id, lesson_id=lesson_id)
    if row is None:
        raise NotFound(f"There is no lesson #{lesson_id}.", field="lesson_id")
    return row


def _values(ctx: Context, item: LessonFields) -> dict[str, object]:
    """The fields given, cleaned: text stripped, tags normalised, the day checked."""
    given = item.model_fields_set
    values: dict[str, object] = {}
    if "title" in given:
        values["title"] = clean_text(item.title, field="title", required=True, max_len=MAX_TITLE)
    for name in TEXT_FIELDS:
        if name in given:
            label = LABELS.get(name, name)
            text = getattr(item, name)
            values[name] = clean_text(
                text, field=name, required=False, max_len=MAX_NOTE, label=label
            )
    if "tags" in given:
        values["tags"] = core.normalise_tags(item.tags)
    if "learned_on" in given and item.learned_on is not None:
        values["learned_on"] = _day(item.learned_on, ctx.today)
    return values


def _day(day: date, today: date) -> date:
    if day > today:
        message = f"{day.isoformat()} is in the future: a lesson is written after the fact."
        raise InvalidInput(message, field="learned_on")
    return day
