"""`collabdb merge KIND FROM INTO`: two records that are one, made one.

Every reference to FROM moves to INTO (other records' fields and links, citations of a merged
source), FROM's children and citations join INTO's (two children with the same key become one,
with the citations of both), INTO's unknown fields take FROM's values, FROM's name becomes one
of INTO's other names (for kinds that have them) and FROM's slug keeps resolving to INTO: a
redirect, part of the state, that the CLI and later imports follow. Like a delete, it brings
records to target states (``state_writer.py``) in one change set of the history, so that
``undo`` takes it back exactly; a dry run does the same work and rolls it back.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import get_args

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from collabdb.errors import InvalidInput, NotFound
from collabdb.kinds import SPEC_BY_KIND, ChildSpec, KindSpec, Record, spec_of
from collabdb.repositories.history import RecordChangeCreate
from collabdb.repositories.names import Named, NameRepository
from collabdb.repositories.records import RecordRepository, child_sort_key, citation_sort_key
from collabdb.repositories.redirects import RedirectRepository, redirect_slug
from collabdb.schemas.history import PlannedChangeRead
from collabdb.schemas.records import MergeableKind
from collabdb.services.checks import check_patched, from_history, with_slugs_moved
from collabdb.services.curation import Refused, by_kind, referrers_of
from collabdb.services.patch import child_key
from collabdb.services.resolver import resolve
from collabdb.services.state_writer import (
    DISTINCT,
    REDIRECT,
    StateWriter,
    Targets,
    apply_as_change_set,
    judgements_moved,
)
from collabdb.unit_of_work import UnitOfWork
from collabdb.vocabulary import NameType

#: Kinds whose records can be duplicates of each other (projects, figures and events are facts
#: of a record: a wrong one is deleted).
MERGEABLE: tuple[str, ...] = get_args(MergeableKind)
#: The type FROM's name takes among INTO's other names, unless FROM listed it with a type.
DEFAULT_NAME_TYPE = "informal"


@dataclass(frozen=True, kw_only=True)
class MergeResult:
    #: None for a dry run
    change_set: int | None
    summary: str
    changes: list[PlannedChangeRead]


@dataclass
class _Plan:
    targets: Targets
    #: the records read to plan it, as stored (kind -> slug), for the writer not to read again
    stored: dict[str, dict[str, Record]]


def merge(
    engine: Engine,
    *,
    kind: str,
    source: str,
    target: str,
    dry_run: bool = False,
    name_type: str = DEFAULT_NAME_TYPE,
    actor: str | None = None,
    reason: str | None = None,
) -> MergeResult:
    """Merge the record ``source`` names into the one ``target`` names (both of ``kind``)."""
    spec = _mergeable(kind)
    if name_type not in get_args(NameType):
        raise InvalidInput(
            f"--name-type: unknown name type {name_type!r}; one of: {', '.join(get_args(NameType))}"
        )
    with UnitOfWork(engine, write=True) as uow:
        connection = uow.connection
        old = _resolve_own_kind(connection, spec, source)
        new = _resolve_own_kind(connection, spec, target)
        if old.slug == new.slug:
            raise InvalidInput(
                f"{source!r} and {target!r} are the same {spec.label} ({old.slug}); "
                "nothing to merge"
            )
        plan = _plan(connection, spec, old, new, name_type=name_type)
        summary = f"merge {kind} {old.slug} into {new.slug}"
        if dry_run:
            changes = StateWriter(connection, stored=plan.stored).apply(plan.targets)
            return MergeResult(change_set=None, summary=summary, changes=_planned(changes))
        change_set, changes = apply_as_change_set(
            connection,
            plan.targets,
            operation="merge",
            summary=summary,
            actor=actor,
            reason=reason,
            stored=plan.stored,
        )
        uow.commit()
    return MergeResult(change_set=change_set, summary=summary, changes=_planned(changes))


def _mergeable(kind: str) -> KindSpec:
    spec = spec_of(kind)
    if kind not in MERGEABLE:
        raise InvalidInput(
            f"{kind} are not merged (delete the wrong one); merge takes: {', '.join(MERGEABLE)}"
        )
    return spec


def _resolve_own_kind(connection: Connection, spec: KindSpec, text: str) -> Named:
    """The record of ``spec``'s kind that ``text`` names; a slug of another kind is a usage
    error (exit 2), since a record merges only into one of its own kind."""
    try:
        return resolve(connection, spec.name, text)
    except NotFound:
        records = RecordRepository(connection)
        for other in SPEC_BY_KIND.values():
            if other is not spec and records.slug_ids(other.name, [text]):
                raise InvalidInput(
                    f"{text!r} is {_a(other.label)}, not {_a(spec.label)}: a record merges "
                    "only into one of its own kind"
                ) from None
        raise


def _a(label: str) -> str:
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"


def _plan(
    connection: Connection, spec: KindSpec, old: Named, new: Named, *, name_type: str
) -> _Plan:
    kind = spec.name
    records = RecordRepository(connection)
    both = records.load(kind, [old.slug, new.slug])
    source, target = both[old.slug], both[new.slug]
    parent_kept = True
    if spec.parent_ref:
        names = NameRepository(connection)
        if old.id in names.ancestors(kind, new.id):
            raise InvalidInput(
                f"{new.slug} is below {old.slug}: merging {old.slug} into it would make a "
                "cycle of parents"
            )
        parent: str | None = source.get(spec.parent_ref)
        parent_kept = parent is not None and parent != new.slug
        if parent is not None and parent_kept:
            parent_id = records.slug_ids(kind, [parent])[parent]
            parent_kept = new.id not in names.ancestors(kind, parent_id)
    if kind == "sources":
        _check_sources(source, target)
    merged = merged_record(spec, target, source, name_type=name_type, take_parent=parent_kept)
    targets: Targets = {kind: {old.slug: None, new.slug: merged}}
    stored: dict[str, dict[str, Record]] = {kind: dict(both)}

    def moved(ref_kind: str, slug: str) -> str:
        return new.slug if (ref_kind, slug) == (kind, old.slug) else slug

    referring = by_kind(referrers_of(connection, kind, old.slug, old.id))
    for referrer_kind, slugs in referring.items():
        loaded = records.load(referrer_kind, slugs - set(stored.get(referrer_kind, {})))
        stored.setdefault(referrer_kind, {}).update(loaded)
        referrer_spec = SPEC_BY_KIND[referrer_kind]
        for slug in sorted(slugs - ({old.slug} if referrer_kind == kind else set())):
            state = targets.get(referrer_kind, {}).get(slug) or stored[referrer_kind][slug]
            rewritten = deduplicated(referrer_spec, with_slugs_moved(referrer_spec, state, moved))
            targets.setdefault(referrer_kind, {})[slug] = rewritten
    redirected = RedirectRepository(connection).into(kind, [old.slug])
    targets[REDIRECT] = {
        redirect_slug(kind, each): {"kind": kind, "from": each, "into": new.slug}
        for each in [old.slug, *redirected]
    }
    _check_rewritten(targets, old.slug, new.slug)
    # Judged distinct from FROM is judged distinct from INTO.
    targets[DISTINCT] = judgements_moved(connection, kind, old.slug, new.slug)
    return _Plan(targets=targets, stored=stored)


def _check_rewritten(targets: Targets, old: str, new: str) -> None:
    """A record whose references moved must still hold: a member merged into its cluster
    would relate the cluster to itself."""
    for kind, states in targets.items():
        if kind not in SPEC_BY_KIND:
            continue
        for slug, state in states.items():
            if state is None:
                continue
            for path, message in check_patched(SPEC_BY_KIND[kind], state):
                where = ".".join(map(str, path))
                raise Refused(
                    f"merging {old} into {new} would leave {kind} {slug} invalid ({where}: "
                    f"{message}); change or delete it first"
                )


def _check_sources(source: Record, target: Record) -> None:
    if (source["text"] is not None or target["text"] is not None) and source["sha256"] != target[
        "sha256"
    ]:
        raise Refused(
            f"sources {source['slug']} and {target['slug']} hold different texts: citations of "
            "one would point at paragraphs of the other; only sources without a stored text, or "
            "with the same text, merge"
        )
    counts = (source["paragraph_count"], target["paragraph_count"])
    if None not in counts and counts[0] != counts[1]:
        raise Refused(
            f"sources {source['slug']} and {target['slug']} count {counts[0]} and {counts[1]} "
            "paragraphs: citations of one would point at other paragraphs of the other"
        )


# -- merging two records ------------------------------------------------------------------------
def merged_record(
    spec: KindSpec, into: Record, source: Record, *, name_type: str, take_parent: bool = True
) -> Record:
    """``into`` with what ``source`` adds: its values of the fields ``into`` leaves unknown, its
    children and citations (same keys merged), and its name among the other names."""
    merged = copy.deepcopy(into)
    for field in spec.fields:
        if field in (spec.name_field, "slug") or (field == spec.parent_ref and not take_parent):
            continue
        if merged.get(field) is None and source.get(field) is not None:
            merged[field] = source[field]
    for child in spec.children:
        merged[child.field] = merged_children(child, merged[child.field], source[child.field])
    if "citations" in merged:
        merged["citations"] = merged_citations(merged["citations"], source["citations"])
    names = spec.names
    if names is not None:
        other_name = _as_other_name(source, name_type)
        if other_name["name"] != into["name"]:
            merged["names"] = merged_children(names, merged["names"], [other_name])
    if spec.name == "agreements":
        from_history(merged, given={})
    return merged


def _as_other_name(record: Record, name_type: str) -> Record:
    """A record's canonical name as an other name: cited where the record is, typed as the
    record's own names list has it, else ``name_type``."""
    name = record["name"]
    cyrillic = any("\u0400" <= char <= "\u04ff" for char in name)
    listed = next((n for n in record["names"] if n["name"] == name), None)
    return {
        "name": name,
        "language": listed["language"] if listed else ("ru" if cyrillic else "en"),
        "script": listed["script"] if listed else ("Cyrl" if cyrillic else "Latn"),
        "type": listed["type"] if listed else name_type,
        "citations": list(record.get("citations", [])),
    }


def merged_children(child: ChildSpec, mine: list[Record], theirs: list[Record]) -> list[Record]:
    """Both lists as one: children with the same key merged (``merged_child``), in the order
    ``export`` writes."""
    by_key: dict[tuple[object, ...], Record] = {}
    for each in [*mine, *theirs]:
        key = child_key(child, each)
        by_key[key] = merged_child(by_key[key], each) if key in by_key else copy.deepcopy(each)
    return sorted(by_key.values(), key=lambda each: child_sort_key(child, each))


def merged_child(kept: Record, other: Record) -> Record:
    """``kept`` with ``other``'s values where its own are unknown, and the citations of both."""
    merged = dict(kept)
    for field, value in other.items():
        if field == "citations":
            merged["citations"] = merged_citations(kept.get("citations", []), value)
        elif merged.get(field) is None:
            merged[field] = value
    return merged


def merged_citations(mine: list[Record], theirs: list[Record]) -> list[Record]:
    unique = {(c["source"], c.get("paragraph")): c for c in [*theirs, *mine]}
    return sorted(unique.values(), key=citation_sort_key)


def deduplicated(spec: KindSpec, record: Record) -> Record:
    """A record whose references were moved: children that now share a key are one (the same
    person twice as a spokesperson), and so are citations that now name the same paragraph."""
    result = dict(record)
    for child in spec.children:
        result[child.field] = merged_children(child, [], record[child.field])
    if "citations" in result:
        result["citations"] = merged_citations(result["citations"], [])
    return result


def _planned(changes: list[RecordChangeCreate]) -> list[PlannedChangeRead]:
    from collabdb.services.history import change_action, changed_fields

    return [
        PlannedChangeRead(
            kind=change.kind,
            slug=change.slug,
            action=change_action(change.before, change.after),
            fields=changed_fields(change.before, change.after),
            before=change.before,
            after=change.after,
        )
        for change in changes
    ]
