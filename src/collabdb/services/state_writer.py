"""Bringing records to given states — a record as ``export`` writes it, or gone — with the
importer's writer in replace mode (what a state no longer holds is deleted), so the ids of
unchanged children stay and the derived data (search documents, area counts kept by triggers)
follows. Delete, merge and undo come down to this (``curation.py``, ``merge.py``); it returns
what changed, before and after, for the history. Nothing here commits.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, update

from collabdb.kinds import SPECS, KindSpec, Record
from collabdb.repositories.batch_writer import BatchWriter, Ids
from collabdb.repositories.distinct_pairs import DistinctPairRepository, ordered
from collabdb.repositories.history import ChangeSetCreate, HistoryRepository, RecordChangeCreate
from collabdb.repositories.records import RecordRepository
from collabdb.repositories.redirects import RedirectRepository
from collabdb.repositories.search import SearchRepository
from collabdb.services.checks import references
from collabdb.services.history import actor_name

#: kind -> slug -> the state it is brought to (None: deleted)
Targets = dict[str, dict[str, Record | None]]
#: The pseudo-kind of a judgement that two records are not the same (``distinct``): its slug is
#: "KIND SLUG_A SLUG_B", its state ``{"kind": ..., "a": ..., "b": ...}`` or None.
DISTINCT = "distinct"


def judgement(kind: str, a: str, b: str) -> tuple[str, Record]:
    """The history's slug and state of the judgement that ``a`` and ``b`` are not the same."""
    a, b = ordered(a, b)
    return f"{kind} {a} {b}", {"kind": kind, "a": a, "b": b}


def judgements_moved(
    connection: Connection, kind: str, old: str, new: str | None
) -> dict[str, Record | None]:
    """Target states of the judgements about ``old`` once it is merged into ``new`` (moved to
    it; one about the two of them goes) or deleted (``new`` None: they go)."""
    targets: dict[str, Record | None] = {}
    for a, b in DistinctPairRepository(connection).involving(kind, [old]):
        targets[judgement(kind, a, b)[0]] = None
        other = b if a == old else a
        if new is not None and other != new:
            slug, state = judgement(kind, new, other)
            targets[slug] = state
    return targets


#: The pseudo-kind of an old slug of a merged record (``merge``): its slug is "KIND FROM", its
#: state ``{"kind": ..., "from": ..., "into": ...}`` or None.
REDIRECT = "redirects"


class StateWriter:
    def __init__(
        self, connection: Connection, *, stored: dict[str, dict[str, Record]] | None = None
    ) -> None:
        """``stored``: records already read in this transaction, as stored (kind -> slug)."""
        self.connection = connection
        self.stored = stored or {}
        self.records = RecordRepository(connection)
        self.writer = BatchWriter(connection)
        self.search = SearchRepository(connection)

    def apply(self, targets: Targets) -> list[RecordChangeCreate]:
        """Bring each record to its target state: records in dependency order, deletions in
        the reverse order. Returns what changed, before and after."""
        changes = self._judgements(targets.get(DISTINCT, {}))
        changes += self._redirects(targets.get(REDIRECT, {}))
        for spec in SPECS:
            wanted = {s: r for s, r in targets.get(spec.name, {}).items() if r is not None}
            if wanted:
                changes += self._write(spec, wanted)
        for spec in reversed(SPECS):
            gone = [s for s, r in targets.get(spec.name, {}).items() if r is None]
            if gone:
                changes += self._delete(spec, gone)
        return changes

    def _judgements(self, wanted: dict[str, Record | None]) -> list[RecordChangeCreate]:
        pairs = DistinctPairRepository(self.connection)
        changes: list[RecordChangeCreate] = []
        for slug, state in wanted.items():
            kind, a, b = slug.split(" ")
            present = ordered(a, b) in pairs.involving(kind, [a])
            if state is not None and not present:
                pairs.add(kind, [ordered(a, b)])
                changes.append(RecordChangeCreate(DISTINCT, slug, None, state))
            elif state is None and present:
                pairs.remove(kind, [ordered(a, b)])
                gone = {"kind": kind, "a": a, "b": b}
                changes.append(RecordChangeCreate(DISTINCT, slug, gone, None))
        return changes

    def _redirects(self, wanted: dict[str, Record | None]) -> list[RecordChangeCreate]:
        redirects = RedirectRepository(self.connection)
        changes: list[RecordChangeCreate] = []
        for slug, state in wanted.items():
            kind, old = slug.split(" ")
            into = redirects.target(kind, old)
            before = None if into is None else {"kind": kind, "from": old, "into": into}
            if state == before:
                continue
            if state is None:
                redirects.remove(kind, old)
            else:
                redirects.put(kind, old, state["into"])
            changes.append(RecordChangeCreate(REDIRECT, slug, before, state))
        return changes

    def _write(self, spec: KindSpec, wanted: dict[str, Record]) -> list[RecordChangeCreate]:
        known = self.stored.get(spec.name, {})
        stored = {slug: known[slug] for slug in wanted if slug in known}
        stored.update(self.records.load(spec.name, [s for s in wanted if s not in known]))
        changed = {slug: r for slug, r in wanted.items() if stored.get(slug) != r}
        if not changed:
            return []
        referred: dict[str, set[str]] = {}
        for record in changed.values():
            for kind, slug, _ in references(spec, record):
                referred.setdefault(kind, set()).add(slug)
        ids: Ids = {kind: self.records.slug_ids(kind, slugs) for kind, slugs in referred.items()}
        existing = self.records.slug_ids(spec.name, list(changed))
        parent = spec.parent_ref
        later_parents: list[tuple[str, str]] = []
        to_write: list[tuple[Record, int | None]] = []
        for slug, record in changed.items():
            written = record
            if parent and record.get(parent) and record[parent] not in ids.get(spec.name, {}):
                later_parents.append((slug, record[parent]))  # a parent written in this batch
                written = {**record, parent: None}
            to_write.append((written, existing.get(slug)))
        self.writer.write(spec, to_write, ids, replace=True)
        if later_parents:
            parent_ids = self.records.slug_ids(spec.name, {p for _, p in later_parents})
            self.writer.set_parents(spec, [(slug, parent_ids[p]) for slug, p in later_parents])
        self.search.reindex(spec.name, list(changed.values()))
        return [RecordChangeCreate(spec.name, s, stored.get(s), r) for s, r in changed.items()]

    def _delete(self, spec: KindSpec, slugs: list[str]) -> list[RecordChangeCreate]:
        stored = self.records.load(spec.name, slugs)
        if not stored:
            return []
        ids = list(self.records.slug_ids(spec.name, list(stored)).values())
        table = spec.table
        if spec.parent_ref:  # records deleted together may be each other's parent
            column = next(ref.column for ref in spec.refs if ref.field == spec.parent_ref)
            self.connection.execute(update(table).where(table.c.id.in_(ids)).values({column: None}))
        # Children and citations go with their record (ON DELETE CASCADE).
        self.connection.execute(delete(table).where(table.c.id.in_(ids)))
        self.search.reindex(spec.name, [{"slug": slug} for slug in stored])
        return [RecordChangeCreate(spec.name, s, r, None) for s, r in stored.items()]


def apply_as_change_set(
    connection: Connection,
    targets: Targets,
    *,
    operation: str,
    summary: str,
    actor: str | None,
    reason: str | None,
    undoes: int | None = None,
    stored: dict[str, dict[str, Record]] | None = None,
) -> tuple[int, list[RecordChangeCreate]]:
    """Bring records to their target states as one change set of the history (its id and
    what changed); the caller's unit of work commits or rolls back both together."""
    history = HistoryRepository(connection)
    change_set = history.open(
        ChangeSetCreate(
            operation=operation,
            actor=actor_name(actor),
            reason=reason,
            summary=summary,
            undoes=undoes,
        )
    )
    changes = StateWriter(connection, stored=stored).apply(targets)
    history.add_changes(change_set, changes)
    history.close(change_set, summary=summary)
    return change_set, changes
