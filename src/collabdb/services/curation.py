"""Fixing mistakes: delete a record, undo a change set, judge two records distinct (merging
is in ``merge.py``). Each is one transaction under the writers' lock, recorded in the history
as a change set of its own, and comes down to bringing records to given states
(``state_writer.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.engine import Engine

from collabdb import tables as t
from collabdb.errors import CollabdbError, InvalidInput, NotFound
from collabdb.kinds import SPEC_BY_KIND, SPECS, KindSpec, Record, spec_of
from collabdb.repositories.distinct_pairs import DistinctPairRepository, ordered
from collabdb.repositories.history import HistoryRepository
from collabdb.repositories.records import RecordRepository
from collabdb.repositories.redirects import RedirectRepository, redirect_slug
from collabdb.services.resolver import resolve
from collabdb.services.state_writer import (
    DISTINCT,
    REDIRECT,
    Targets,
    apply_as_change_set,
    judgement,
    judgements_moved,
)
from collabdb.unit_of_work import UnitOfWork


class Refused(CollabdbError):
    """The change would break what other records hold, or undo what later changes built on
    (exit 1); nothing changed."""


@dataclass(frozen=True, kw_only=True)
class ChangeResult:
    change_set: int
    summary: str
    changes: int


# -- delete -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Referrer:
    kind: str
    slug: str
    #: the field (or child list) that refers
    where: str
    #: a link row (a party, a name, a citation...) rather than a field of the record itself
    link: bool


def referrers_of(connection: Connection, kind: str, slug: str, record_id: int) -> list[Referrer]:
    """Every record that refers to (``kind``, ``slug``): by a field of its own, or by a link
    row (a child, or a citation when a source is deleted)."""
    found: list[Referrer] = []
    for spec in SPECS:
        table = spec.table
        for ref in spec.refs:
            if ref.kind == kind:
                rows = connection.execute(
                    select(table.c.slug).where(table.c[ref.column] == record_id)
                )
                found += [
                    Referrer(spec.name, s, ref.field, False)
                    for (s,) in rows
                    if not (spec.name == kind and s == slug)  # not itself (a parent cycle)
                ]
        for child in spec.children:
            for ref in child.refs:
                if ref.kind == kind:
                    rows = connection.execute(
                        select(table.c.slug)
                        .join(child.table, child.table.c[child.parent_column] == table.c.id)
                        .where(child.table.c[ref.column] == record_id)
                        .distinct()
                    )
                    found += [Referrer(spec.name, s, child.field, True) for (s,) in rows]
    if kind == "sources":
        for spec in SPECS:
            for citing in _citing(connection, spec, record_id):
                found.append(Referrer(spec.name, citing, "citations", True))
    return sorted(set(found), key=lambda r: (r.kind, r.slug, r.where))


def _citing(connection: Connection, spec: KindSpec, source_id: int) -> list[str]:
    """Slugs of the records of ``spec`` that cite the source, themselves or by a child."""
    slugs: set[str] = set()
    parts: list[tuple[Any, str | None]] = [(None, spec.citation_column)]
    parts += [(child, child.citation_column) for child in spec.children]
    for child, column in parts:
        if column is None:
            continue
        cited = t.citations.c[column]
        if child is None:
            statement = select(spec.table.c.slug).join(t.citations, cited == spec.table.c.id)
        else:
            statement = (
                select(spec.table.c.slug)
                .join(child.table, child.table.c[child.parent_column] == spec.table.c.id)
                .join(t.citations, cited == child.table.c.id)
            )
        slugs.update(connection.scalars(statement.where(t.citations.c.source_id == source_id)))
    return sorted(slugs)


def _without_links(spec: KindSpec, record: Record, kind: str, slug: str) -> Record:
    """The record without its link rows to (``kind``, ``slug``)."""
    trimmed = dict(record)
    for child in spec.children:
        refs = [ref.field for ref in child.refs if ref.kind == kind]
        kept = [c for c in record[child.field] if not any(c.get(f) == slug for f in refs)]
        if kind == "sources":
            kept = [_uncited(c, slug) for c in kept]
        trimmed[child.field] = kept
    if kind == "sources" and "citations" in record:
        trimmed["citations"] = [c for c in record["citations"] if c["source"] != slug]
    return trimmed


def _uncited(child: Record, source: str) -> Record:
    if "citations" not in child:
        return child
    return {**child, "citations": [c for c in child["citations"] if c["source"] != source]}


def delete_record(
    engine: Engine,
    *,
    kind: str,
    record: str,
    cascade: bool = False,
    actor: str | None = None,
    reason: str | None = None,
) -> ChangeResult:
    """Delete a record and the rows it owns (names, positions, links, citations). A record
    that refers to it by a field of its own blocks the delete; link rows of other records
    (parties, people, areas, citations) block it too, unless ``cascade`` removes them."""
    spec = spec_of(kind)
    with UnitOfWork(engine, write=True) as uow:
        found = resolve(uow.connection, kind, record)
        referrers = referrers_of(uow.connection, kind, found.slug, found.id)
        blocking = [r for r in referrers if not r.link]
        links = [r for r in referrers if r.link]
        if blocking or (links and not cascade):
            listed = blocking + ([] if cascade else links)
            problems = [f"{r.kind} {r.slug} refers to it ({r.where})" for r in listed]
            hint = "" if blocking else "; --cascade removes those links"
            raise Refused(
                f"{spec.label} {found.slug} is referred to by {len(listed)} record(s); "
                f"nothing was deleted{hint}",
                problems,
            )
        targets: Targets = {kind: {found.slug: None}}
        # Old slugs merged into it resolved to it; with it gone they resolve to nothing.
        merged_away = RedirectRepository(uow.connection).into(kind, [found.slug])
        targets[REDIRECT] = {redirect_slug(kind, old): None for old in merged_away}
        targets[DISTINCT] = judgements_moved(uow.connection, kind, found.slug, None)
        loader = RecordRepository(uow.connection)
        linking = {k: loader.load(k, slugs) for k, slugs in by_kind(links).items()}
        for referrer_kind, records in linking.items():
            referrer_spec = SPEC_BY_KIND[referrer_kind]
            for slug, stored in records.items():
                trimmed = _without_links(referrer_spec, stored, kind, found.slug)
                targets.setdefault(referrer_kind, {})[slug] = trimmed
        summary = f"delete {kind} {found.slug}" + (
            f" (and {len(links)} link(s) to it)" if links else ""
        )
        result = _record(
            uow, targets, "delete", summary, actor=actor, reason=reason, stored=linking
        )
        uow.commit()
    return result


def by_kind(referrers: Iterable[Referrer]) -> dict[str, set[str]]:
    """The referring records' slugs, by kind."""
    grouped: dict[str, set[str]] = {}
    for referrer in referrers:
        grouped.setdefault(referrer.kind, set()).add(referrer.slug)
    return grouped


def _record(
    uow: UnitOfWork, targets: Targets, operation: str, summary: str, **details: Any
) -> ChangeResult:
    """Bring ``targets`` about as one change set; ``details``: ``apply_as_change_set``'s actor,
    reason, undoes and stored."""
    change_set, changes = apply_as_change_set(
        uow.connection, targets, operation=operation, summary=summary, **details
    )
    return ChangeResult(change_set=change_set, summary=summary, changes=len(changes))


# -- undo ---------------------------------------------------------------------------------------
def undo(
    engine: Engine, *, change_set: int, actor: str | None = None, reason: str | None = None
) -> ChangeResult:
    """Revert one change set exactly: each record it touched goes back to how it was before
    (a record it inserted is deleted). Refused when it was undone already, or when a later
    change set (not undone since) touched one of its records."""
    with UnitOfWork(engine, write=True) as uow:
        history = HistoryRepository(uow.connection)
        rows = history.change_sets(ids=[change_set])
        if not rows:
            raise NotFound(f"no change {change_set}")
        row = rows[0]
        if row.undone_by is not None:
            raise Refused(f"change {change_set} was undone already, by change {row.undone_by}")
        touched = history.record_changes(change_set)
        later = history.later_touching(change_set, {(kind, slug) for kind, slug, _, _ in touched})
        if later:
            listed = ", ".join(map(str, later))
            raise Refused(
                f"change {change_set} cannot be undone: later changes touched its records "
                f"({listed}); undo those first, latest first"
            )
        targets: Targets = {}
        for kind, slug, before, _ in touched:
            targets.setdefault(kind, {}).setdefault(slug, before)
        _check_nothing_refers_to_the_removed(uow.connection, change_set, targets)
        summary = f"undo change {change_set} ({row.summary})"
        result = _record(
            uow, targets, "undo", summary, actor=actor, reason=reason, undoes=change_set
        )
        uow.commit()
    return result


# -- distinct ------------------------------------------------------------------------------------
def distinct(
    engine: Engine,
    *,
    kind: str,
    first: str,
    second: str,
    actor: str | None = None,
    reason: str | None = None,
) -> ChangeResult | None:
    """Record that two records of ``kind`` are not the same: the near-duplicate check stops
    warning about the pair (and ``import --strict`` passes it). None when it was recorded
    already."""
    from collabdb.services.near_duplicates import NearDuplicateFinder

    spec = spec_of(kind)
    if kind not in NearDuplicateFinder.KINDS:
        kinds = ", ".join(NearDuplicateFinder.KINDS)
        raise InvalidInput(f"distinct takes records the near-duplicate check compares: {kinds}")
    with UnitOfWork(engine, write=True) as uow:
        a = resolve(uow.connection, kind, first).slug
        b = resolve(uow.connection, kind, second).slug
        if a == b:
            raise InvalidInput(f"{first!r} and {second!r} are the same {spec.label} ({a})")
        a, b = ordered(a, b)
        if (a, b) in DistinctPairRepository(uow.connection).involving(kind, [a]):
            return None
        slug, state = judgement(kind, a, b)
        targets: Targets = {DISTINCT: {slug: state}}
        summary = f"distinct {kind} {a} {b}"
        result = _record(uow, targets, "distinct", summary, actor=actor, reason=reason)
        uow.commit()
    return result


def _check_nothing_refers_to_the_removed(
    connection: Connection, change_set: int, targets: Targets
) -> None:
    """A record the undo removes (one the change set inserted) may since have been linked to by
    a record the change set did not touch (a later import's agreement naming it as a party):
    then the undo is refused, naming them."""
    records = RecordRepository(connection)
    problems: list[str] = []
    for kind, states in targets.items():
        if kind not in SPEC_BY_KIND:
            continue
        gone = [slug for slug, state in states.items() if state is None]
        for slug, record_id in records.slug_ids(kind, gone).items():
            for referrer in referrers_of(connection, kind, slug, record_id):
                if referrer.slug not in targets.get(referrer.kind, {}):
                    problems.append(
                        f"{referrer.kind} {referrer.slug} refers to {kind} {slug} "
                        f"({referrer.where})"
                    )
    if problems:
        raise Refused(
            f"change {change_set} cannot be undone: records it inserted are referred to by "
            f"{len(problems)} record(s) it did not touch; delete or change those first",
            problems,
        )
