"""Use cases of next-move recommendations: a person's own suggestions (page, API, `move next`),
everyone's suggested roles counted for the congestion view, and the `org predict-next` contract
over history files.

A person's suggestions use their own moves, objective and skill map, the public prior (ESCO and
O*NET), and in team mode the organization's history as aggregate counts only: a reason never
names anyone, and a figure about fewer than MIN_GROUP people is said as "a few people". The
maths is in core/nextmove.py and core/prior.py.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from threading import Lock

from sqlalchemy.orm import Session

from microstep.core import nextmove as core
from microstep.core import prior as prior_math
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.core.move_import import BadRows, MoveRow, check_moves
from microstep.core.moves import role_key
from microstep.core.nextmove import read_people
from microstep.errors import InvalidInput
from microstep.services import taxonomy
from microstep.services.analytics import MIN_GROUP
from microstep.services.context import Context
from microstep.services.nextmove_schemas import (
    NextMovePublic,
    NextMovesPublic,
    PredictedNext,
    PredictedRole,
)
from microstep.store import analytics as history_store
from microstep.store import moves as moves_store
from microstep.store import nextmove as store
from microstep.store import taxonomy as taxonomy_store
from microstep.store.db import Database
from microstep.taxonomy.sources import OCCUPATION_PREFIX

MAX_TOP = 50
ONET_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")

_PRIORS: dict[str, prior_math.Prior] = {}
_PRIOR_LOCK = Lock()


def load_prior(session: Session) -> prior_math.Prior:
    """The public prior from the loaded taxonomies (empty when none is loaded), read once per
    taxonomy version."""
    loaded = taxonomy_store.sources(session=session)
    if not loaded:
        return prior_math.EMPTY
    key = "-".join(f"{name}{version}" for name, version in sorted(loaded.items()))
    with _PRIOR_LOCK:
        if key not in _PRIORS:
            _PRIORS[key] = _read_prior(session)
        return _PRIORS[key]


def _read_prior(session: Session) -> prior_math.Prior:
    skills: dict[str, set[str]] = {}
    for occupation, skill in store.essential_skills(session=session):
        skills.setdefault(occupation, set()).add(skill)
    occupations = [
        prior_math.Occupation(uri, label, code, zone, frozenset(skills.get(uri, ())))
        for uri, label, code, zone in store.occupations(session=session)
    ]
    return prior_math.build(occupations, store.related(session=session))


def check_top(top: int) -> None:
    """Refuse a top outside 1..MAX_TOP."""
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"--top must be between 1 and {MAX_TOP}.", field="top")


# -- congestion's helper ---------------------------------------------------------------------


def recommended_counts(session: Session, history: History, top: int = 3) -> dict[int, int]:
    """role id -> how many people still with the organization have it among their top `top`
    suggested next roles (the congestion view's "recommended" aspirants)."""
    model = core.fit(history, load_prior(session), min_group=MIN_GROUP)
    counts: Counter[int] = Counter()
    for person, suggestions in core.recommend_all(model, history, top).items():
        info = history.people.get(person)
        if info is not None and not info.active:
            continue
        counts.update(s.role for s in suggestions if s.role in history.roles)
    return dict(counts)


# -- a person's own suggestions --------------------------------------------------------------


NOT_LOADED = "The public skills taxonomy is not loaded yet: run `microstep taxonomy load`."
MODELS_KEPT = 4  # fitted org models kept per process (one per database and history version)
_MODELS: OrderedDict[tuple[str, tuple[object, ...], int], core.Model] = OrderedDict()
_MODEL_LOCK = Lock()


def next_moves(ctx: Context, top: int = 5, *, org: bool = False) -> NextMovesPublic:
    """The acting person's sensible next moves with reasons: from their own moves, objective,
    skill map and the public prior, and in team mode (`org`) the organization's history.

    Never loads the taxonomy (a page must not wait for it): without it, the suggestions come
    from the org's counts alone and the note says how to load it. The org's model is fitted
    once per history version (`org_model`). Their own roles, private moves' included, shape
    only their own context: only the org's roles (or the taxonomy's) are ever suggested."""
    check_top(top)
    loaded = taxonomy.is_current(ctx.db)
    with ctx.db.transaction() as session:
        own = moves_store.list_moves(session=session, person_id=ctx.person_id)
        career = list(
            ordered(
                Step(ctx.person_id, m.to_role_id, m.kind, m.start_date, m.end_date, m.outcome)
                for m in own
            )
        )
        prior = load_prior(session) if loaded else prior_math.EMPTY
        own_roles = {
            rid: RoleInfo(rid, r.title, r.occupation_uri, r.onet_code)
            for rid, r in moves_store.roles(
                session=session, role_ids=sorted({s.role for s in career})
            ).items()
        }
        if org:
            model = org_model(ctx.db, session, prior, ctx.today)
        else:
            model = core.fit(_own_history(ctx, own_roles), prior, min_group=MIN_GROUP)
        model = core.with_roles(model, own_roles)
        aim = store.active_objective(session=session, person_id=ctx.person_id)
        at = core.where(model, career, None, ctx.today)
        target = _target(model, aim.occupation_uri, aim.title) if aim else None
        at_objective = at is not None and target is not None and _same(model, target, at.held)
        skills = store.skill_map(session=session, person_id=ctx.person_id)
        found = core.recommend(
            model,
            career,
            role=None,
            target=None if at_objective else target,
            skills=skills,
            top=top,
            day=ctx.today,
        )
        counted = sum(1 for seq in model.sequences if len(seq) > 1)
        return NextMovesPublic(
            current_role=model.title(at.held) if at else None,
            objective=aim.title if aim else None,
            at_objective=at_objective,
            org_history=org and model.has_history,
            people=counted if org else 0,
            moves=[_public(s) for s in found],
            note=_note(org, model, at, found, prior, loaded),
        )


def org_model(db: Database, session: Session, prior: prior_math.Prior, today: date) -> core.Model:
    """The organization's fitted model, from `store/analytics.load_history` (the org's
    records only), fitted once per (database, history version, prior) and kept for the next
    request; the MODELS_KEPT most recent are kept."""
    key = (db.url, store.history_version(session=session), id(prior))
    with _MODEL_LOCK:
        if key in _MODELS:
            _MODELS.move_to_end(key)
            return _MODELS[key]
        history = history_store.load_history(session=session, today=today)
        model = core.fit(history, prior, min_group=MIN_GROUP)
        _MODELS[key] = model
        while len(_MODELS) > MODELS_KEPT:
            _MODELS.popitem(last=False)
        return model


def _own_history(ctx: Context, roles: dict[int, RoleInfo]) -> History:
    """Personal mode: only the person's roles (one person's moves are no statistics: the
    suggestions come from the public prior)."""
    return History(
        roles=roles, people={ctx.person_id: PersonInfo(ctx.person_id)}, steps=(), today=ctx.today
    )


def _target(model: core.Model, uri: str | None, title: str) -> int | RoleInfo:
    """The role an objective aims at: a role of the objective's own title (its occupation's
    first, then any suggestable one); else the objective itself as a role of its title and
    occupation, so it is never shown under another role's title ("Junior data analyst" for an
    objective of "Senior data analyst", though both link to data analyst)."""
    key = role_key(title)
    same = [
        rid
        for rid, info in model.roles.items()
        if rid in model.suggestable and role_key(info.title) == key
    ]
    if same:
        linked = [rid for rid in same if uri and model.roles[rid].occupation_uri == uri]
        return min(linked or same)
    occ = model.prior.occupations.get(uri or "")
    return RoleInfo(
        min([0, *model.roles]) - 1, title, uri if occ else None, occ.onet_code if occ else None
    )


def _same(model: core.Model, target: int | RoleInfo, held: int) -> bool:
    """Whether the objective is the role they hold (by id, or by title)."""
    if isinstance(target, int):
        return target == held
    return role_key(target.title) == role_key(model.title(held))


def _public(s: core.Suggestion) -> NextMovePublic:
    return NextMovePublic(
        role=s.title,
        code=s.code,
        score=s.score,
        reason=s.reason,
        reasons=list(s.reasons),
        kind=s.kind,
        move=s.move,
    )


def _note(
    org: bool,
    model: core.Model,
    at: core.Where | None,
    found: Sequence[core.Suggestion],
    prior: prior_math.Prior,
    loaded: bool,
) -> str:
    missing = "" if loaded else f" {NOT_LOADED}"
    if at is None:
        return "Add your current role as a move to see where people go next from it."
    if not found:
        if not prior:
            return (
                f"No suggestions yet: the public taxonomy (ESCO and O*NET) is not loaded.{missing}"
            )
        return (
            f"No suggestions from {model.title(at.held)} yet: link the role to an ESCO "
            "occupation so the public taxonomy can say what lies near it."
        )
    if org and model.has_history:
        if not model.leavers1[at.context[1]] and not prior:
            return (
                f"Nobody in your organization has moved on from {model.title(at.context[1])} "
                f"yet: these are the roles people here move into most.{missing}"
            )
        source = " backed by the public taxonomy (ESCO and O*NET)." if prior else "."
        return (
            "From the moves people in your organization made (counts only, never names),"
            f"{source}{missing}"
        )
    if not prior:
        return f"From your own moves alone.{missing}"
    return "From the public taxonomy (ESCO skills, O*NET related occupations and job zones)."


# -- the org predict-next contract -----------------------------------------------------------


@dataclass
class _Roles:
    """Roles of a history file by key, each linked to the taxonomy where it can be."""

    infos: dict[str, RoleInfo]

    def id_of(self, text: str) -> int:
        return self.infos[_key(text)].id


def _key(text: str) -> str:
    return role_key(text)


def predict_next(
    db: Database,
    history_lines: Sequence[str],
    people_lines: Sequence[str],
    top: int,
    *,
    today: date,
    history_name: str = "The history",
    people_name: str = "The people file",
    progress: taxonomy.LoadProgress | None = None,
) -> list[PredictedNext]:
    """For each person of the people file, in order, their top next roles from the history
    file (titles or taxonomy codes), backed off to the public prior; an empty list for someone
    of whom nothing is known."""
    check_top(top)
    rows, problems = check_moves(history_lines)
    if problems:
        raise BadRows(problems, name=history_name)
    people = read_people(people_lines, name=people_name)
    taxonomy.ensure_taxonomy(db, progress)
    texts = [r.role for r in rows] + [t for p in people for t in (p.role, p.target) if t]
    roles = _link_roles(db, texts)
    history = _file_history(rows, roles, today)
    with db.transaction() as session:
        prior = load_prior(session)
    model = core.fit(history, prior, min_group=MIN_GROUP)
    careers = history.careers()
    ids = {r.person_id: i for i, r in enumerate(_first_seen(rows), 1)}
    out = []
    for person in people:
        pid = ids.get(person.person_id)
        career = careers.get(pid, []) if pid is not None else []
        role = roles.id_of(person.role) if person.role else None
        target = roles.id_of(person.target) if person.target else None
        found = core.recommend(model, career, role=role, target=target, top=top)
        out.append(
            PredictedNext(
                person_id=person.person_id,
                next=[
                    PredictedRole(role=s.title, code=s.code, score=s.score, reason=s.reason)
                    for s in found
                ],
            )
        )
    return out


def _first_seen(rows: Sequence[MoveRow]) -> list[MoveRow]:
    seen: dict[str, MoveRow] = {}
    for row in rows:
        seen.setdefault(row.person_id, row)
    return list(seen.values())


def _file_history(rows: Sequence[MoveRow], roles: _Roles, today: date) -> History:
    ids = {r.person_id: i for i, r in enumerate(_first_seen(rows), 1)}
    steps = ordered(
        Step(ids[r.person_id], roles.id_of(r.role), r.kind, r.start, r.end) for r in rows
    )
    return History(
        roles={info.id: info for info in roles.infos.values()},
        people={i: PersonInfo(i, name=p) for p, i in ids.items()},
        steps=steps,
        today=today,
    )


def _link_roles(db: Database, texts: Sequence[str]) -> _Roles:
    """Each distinct role text as a role: O*NET codes and ESCO URIs map directly, titles are
    linked to an ESCO occupation by the role linker (unlinked when nothing fits)."""
    first: dict[str, str] = {}
    for text in texts:
        first.setdefault(_key(text), text)
    codes = {k: t.strip() for k, t in first.items() if ONET_CODE.match(t.strip())}
    uris = {k: t.strip() for k, t in first.items() if t.strip().startswith(OCCUPATION_PREFIX)}
    titles = {k: t for k, t in first.items() if k not in codes and k not in uris}
    infos: dict[str, RoleInfo] = {}
    with db.transaction() as session:
        onet = [_full_code(c) for c in codes.values()]
        by_code = store.occupation_codes(session=session, codes=onet)
        onet_names = store.onet_titles(session=session, codes=onet)
        labels = {
            uri: str(row.label)
            for uri in uris.values()
            if (row := taxonomy_store.get_occupation(session=session, uri=uri)) is not None
        }
        uri_codes = taxonomy_store.onet_codes(session=session, uris=uris.values())
    next_id = 1
    for key in sorted(first):
        if key in codes:
            code = _full_code(codes[key])
            title = onet_names.get(code, codes[key])
            infos[key] = RoleInfo(next_id, title, by_code.get(code), code)
        elif key in uris:
            uri = uris[key]
            infos[key] = RoleInfo(next_id, labels.get(uri, uri), uri, uri_codes.get(uri))
        else:
            infos[key] = RoleInfo(next_id, titles[key])
        next_id += 1
    _link_titles(db, infos, titles)
    return _Roles(infos)


def _full_code(code: str) -> str:
    return code if "." in code else f"{code}.00"


def _link_titles(db: Database, infos: dict[str, RoleInfo], titles: dict[str, str]) -> None:
    """Link free-text titles to ESCO occupations (and their O*NET codes) in place."""
    if not titles:
        return
    keys = sorted(titles)
    matches = taxonomy.linker(db, "occupation").link([titles[k] for k in keys], top=1)
    best = {k: ms[0].id for k, ms in zip(keys, matches, strict=True) if ms}
    with db.transaction() as session:
        codes = taxonomy_store.onet_codes(session=session, uris=best.values())
    for key, uri in best.items():
        info = infos[key]
        infos[key] = RoleInfo(info.id, info.title, uri, codes.get(uri))
