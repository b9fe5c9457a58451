"""The batch pipeline of an import, inside the import's one transaction.

Kinds are processed in dependency order (sources first, events last), each kind in batches of
``BATCH`` records. For one batch: check slugs against what this input already gave (a temporary
table), load the stored records (a few queries per batch, not per record), patch, check,
resolve references with one query per referenced kind, and write with executemany. A
reference to a parent of the same kind that comes later in the input waits until the kind is
done. Records with problems are not written, but the others are, so that later references to
them can still be checked and every problem of the input is reported in one run; the caller
rolls the whole transaction back if there is any.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import Connection

from collabdb.kinds import SPECS, KindSpec, Record
from collabdb.repositories.batch_writer import BatchWriter, Ids
from collabdb.repositories.import_state import ImportState, Seen
from collabdb.repositories.records import RecordRepository
from collabdb.repositories.search import SearchRepository
from collabdb.schemas.records import RECORD_MODELS, REDIRECTS
from collabdb.services.checks import (
    check_patched,
    citations_of,
    duplicate_children,
    from_history,
    references,
)
from collabdb.services.import_redirects import ImportRedirects
from collabdb.services.inputs import ImportInput, canonical_json
from collabdb.services.near_duplicates import NearDuplicateFinder
from collabdb.services.patch import new_record, patch_record
from collabdb.services.problems import Problem, ProblemLog
from collabdb.services.progress import Progress
from collabdb.services.report import ImportReport, KindCounts
from collabdb.services.resolver import similar_slugs

BATCH = 500
PARAGRAPH_CACHE = 4096
#: A record the import wrote: (slug, as stored before or None when new, as written).
Changed = tuple[str, Record | None, Record]


@dataclass
class Item:
    position: int
    patch: Record
    digest: str
    stored: Record | None = None
    patched: Record | None = None
    ok: bool = True


@dataclass
class PendingParent:
    slug: str
    parent: str
    position: int


Given = tuple[int, str, Record]  # position, digest, patch (ImportInput.records)


def _batches(records: Iterator[Given]) -> Iterator[list[Given]]:
    while batch := list(islice(records, BATCH)):
        yield batch


class Pipeline:
    def __init__(
        self,
        connection: Connection,
        source: ImportInput,
        *,
        log: ProblemLog,
        report: ImportReport,
        progress: Progress,
        warn: Callable[[str], None],
        strict: bool,
        near_duplicates: bool = True,
        replace: bool = False,
        written: Callable[[str, list[Changed]], None] | None = None,
    ) -> None:
        self.source = source
        self.check_near_duplicates = near_duplicates
        self.replace = replace
        self.written = written
        self.log = log
        self.report = report
        self.progress = progress
        self.warn = warn
        self.strict = strict
        self.state = ImportState(connection)
        self.records = RecordRepository(connection)
        self.writer = BatchWriter(connection)
        self.search = SearchRepository(connection)
        self.near = NearDuplicateFinder(connection)
        self.redirects = ImportRedirects(connection, warn=warn)
        self.paragraphs: dict[str, int | None] = {}

    def run(self) -> None:
        self.state.create()
        self.progress.start("writing", self.source.total)
        for spec in SPECS:
            counts = self.report.counts.setdefault(spec.name, KindCounts())
            pending: list[PendingParent] = []
            for batch in _batches(self.source.records(spec.name)):
                self._batch(spec, batch, counts, pending)
                self.progress.advance(len(batch))
            if spec.parent_ref:
                self._resolve_pending(spec, pending)
                self._check_cycles(spec)
        counts = self.report.counts.setdefault(REDIRECTS, KindCounts())
        given = self.source.records(REDIRECTS)
        problems, redirected = self.redirects.store(given, counts=counts, where=self.source.where)
        self.log.extend(problems)
        if redirected and self.written is not None:
            self.written(REDIRECTS, list(redirected))
        self.progress.finish()
        self.state.drop()

    def _problem(self, kind: str, position: int, *rest: str | int, message: str) -> None:
        self.log.add(Problem(self.source.where(kind, position, *rest), message))

    # -- one batch -------------------------------------------------------------------------
    def _batch(
        self,
        spec: KindSpec,
        batch: list[Given],
        counts: KindCounts,
        pending: list[PendingParent],
    ) -> None:
        if self.redirects.stored:
            batch = [self._followed(spec, given) for given in batch]
        items = self._fresh(spec, batch)
        stored = self.records.load(spec.name, [item.patch["slug"] for item in items])
        for item in items:
            self._patch(spec, item, stored.get(item.patch["slug"]))
        pending_before = len(pending)
        ids = self._resolve(spec, items, pending)
        self._check_paragraphs(spec, items)
        to_write: list[tuple[Record, int | None]] = []
        changed: list[Changed] = []
        new: list[Item] = []
        existing_ids = self.records.slug_ids(
            spec.name, [i.patch["slug"] for i in items if i.ok and i.stored is not None]
        )
        waiting = {p.slug for p in pending[pending_before:]}  # this batch's forward parents
        for item in items:
            if not item.ok:
                continue
            assert item.patched is not None
            if item.stored is None:
                counts.inserted += 1
                new.append(item)
            elif item.patched != item.stored:
                counts.updated += 1
            else:
                counts.unchanged += 1
                continue
            record = item.patched
            changed.append((record["slug"], item.stored, record))
            if record["slug"] in waiting:
                record = {**record, spec.parent_ref or "": None}
            to_write.append((record, existing_ids.get(record["slug"])))
        self.state.mark_not_written(spec.name, [i.patch["slug"] for i in items if not i.ok])
        if to_write:
            self.writer.write(spec, to_write, ids, replace=self.replace)
            if self.written is not None:
                self.written(spec.name, changed)
            # The search documents follow the records they index, in the same transaction.
            self.search.reindex(spec.name, [record for record, _ in to_write])
        if new and self.check_near_duplicates and spec.name in NearDuplicateFinder.KINDS:
            self._near_duplicates(spec, new)

    def _followed(self, spec: KindSpec, given: Given) -> Given:
        """The record with the old slugs of merged records it gives read as the new ones."""
        position, _, patch = given
        followed = self.redirects.follow(spec, patch, self.source.where(spec.name, position))
        if followed is patch or followed == patch:
            return given
        return position, canonical_json(followed)[0], followed

    def _fresh(self, spec: KindSpec, batch: list[Given]) -> list[Item]:
        """The batch's records whose slug this input has not given yet (same content: skipped)."""
        earlier = self.state.seen(spec.name, {patch["slug"] for _, _, patch in batch})
        items: list[Item] = []
        for position, digest, patch in batch:
            slug = patch["slug"]
            first = earlier.get(slug)
            if first is None:
                earlier[slug] = Seen(digest, position, True)
                items.append(Item(position, patch, digest))
            elif first.digest != digest:
                place = self.source.where(spec.name, first.position).removesuffix(": $.record")
                self._problem(
                    spec.name,
                    position,
                    message=f"slug {slug!r} given twice with different content (first at {place})",
                )
        self.state.add(spec.name, ((i.patch["slug"], i.digest, i.position, True) for i in items))
        return items

    def _patch(self, spec: KindSpec, item: Item, stored: Record | None) -> None:
        problems = [
            Problem(self.source.where(spec.name, item.position, *rest), message)
            for rest, message in duplicate_children(spec, item.patch)
        ]
        item.stored = stored
        if stored is None:
            item.patched = new_record(spec, item.patch)
        else:
            item.patched = patch_record(spec, stored, item.patch, replace=self.replace)
        if spec.name == "agreements":
            from_history(item.patched, given=item.patch)
        if stored is None:
            for required in RECORD_MODELS[spec.name].required_on_create:
                if required not in item.patch and item.patched.get(required) is None:
                    problems.append(
                        Problem(
                            self.source.where(spec.name, item.position),
                            f"missing field {required!r} (required for a new record)",
                        )
                    )
        for rest, message in check_patched(spec, item.patched):
            problems.append(Problem(self.source.where(spec.name, item.position, *rest), message))
        if problems:
            item.ok = False
            self.log.extend(problems)

    def _resolve(self, spec: KindSpec, items: list[Item], pending: list[PendingParent]) -> Ids:
        """Ids of everything the batch refers to; unknown slugs are problems (or wait, for a
        parent of the same kind that may come later in the input)."""
        wanted: dict[str, set[str]] = {}
        given: list[tuple[Item, list[tuple[str, str, tuple[str | int, ...]]]]] = []
        for item in items:
            # An item with problems of its own is still checked: every problem in one run.
            if item.patched is not None:
                own = references(spec, item.patch)
                given.append((item, own))
                # A new record refers to exactly what its patch does: no second walk for it.
                patched = own if item.stored is None else references(spec, item.patched)
                for kind, slug, _ in patched:
                    wanted.setdefault(kind, set()).add(slug)
        ids: Ids = {kind: self.records.slug_ids(kind, slugs) for kind, slugs in wanted.items()}
        missing: list[tuple[Item, str, str, tuple[str | int, ...]]] = []
        for item, own in given:
            for kind, slug, rest in own:
                if slug in ids.get(kind, {}):
                    continue
                if kind == spec.name and rest == (spec.parent_ref,):
                    pending.append(PendingParent(item.patch["slug"], slug, item.position))
                else:
                    missing.append((item, kind, slug, rest))
        if missing:
            self._report_unknown(spec, missing)
        return ids

    def _report_unknown(
        self, spec: KindSpec, missing: list[tuple[Item, str, str, tuple[str | int, ...]]]
    ) -> None:
        by_kind: dict[str, set[str]] = {}
        for _, kind, slug, _ in missing:
            by_kind.setdefault(kind, set()).add(slug)
        in_input = {kind: self.state.seen(kind, slugs) for kind, slugs in by_kind.items()}
        for item, kind, slug, rest in missing:
            item.ok = False
            if slug in in_input[kind] or slug in self.source.rejected.get(kind, ()):
                continue  # given in this input with problems of its own, reported there
            noun = kind.replace("_", " ")
            message = f"unknown {noun} slug {slug!r} (not in this file nor in the database)"
            similar = similar_slugs(self.records.connection, kind, slug)
            if similar:
                message += "; did you mean " + " or ".join(map(repr, similar)) + "?"
            self.log.add(Problem(self.source.where(spec.name, item.position, *rest), message))

    def _check_paragraphs(self, spec: KindSpec, items: list[Item]) -> None:
        cited = [
            (item, citation, rest)
            for item in items
            if item.patched is not None
            for citation, rest in citations_of(spec, item.patch)
        ]
        needed = {c["source"] for _, c, _ in cited}
        unknown = needed - self.paragraphs.keys()
        if unknown:
            if len(self.paragraphs) + len(unknown) > PARAGRAPH_CACHE:
                # Emptied for room: this batch's sources must all be fetched again.
                self.paragraphs.clear()
                unknown = needed
            self.paragraphs.update(self.records.paragraph_counts(unknown))
        for item, citation, rest in cited:
            paragraph, source = citation.get("paragraph"), citation["source"]
            if paragraph is None or source not in self.paragraphs:
                continue
            available = self.paragraphs[source]
            if available is None:
                message = (
                    f"source {source!r} has no stored text nor paragraph_count to cite a "
                    "paragraph of"
                )
            elif paragraph > available:
                message = f"source {source!r} has {available} paragraphs, not {paragraph}"
            else:
                continue
            item.ok = False
            self._problem(spec.name, item.position, *rest, "paragraph", message=message)

    def _near_duplicates(self, spec: KindSpec, new: list[Item]) -> None:
        names = [(i.position, i.patch["slug"], i.patch["name"]) for i in new]
        for position, name, match in self.near.find(spec.name, names):
            where = self.source.where(spec.name, position, "name")
            message = f"{name!r} is close to existing {spec.label} {match.name!r} ({match.slug})"
            if self.strict:
                self.log.add(Problem(where, message + " (--strict)"))
            else:
                self.warn(f"warning: {where}: {message}")

    # -- at the end of a kind ----------------------------------------------------------------
    def _resolve_pending(self, spec: KindSpec, pending: list[PendingParent]) -> None:
        field = spec.parent_ref or ""
        for start in range(0, len(pending), BATCH):
            chunk = pending[start : start + BATCH]
            ids = self.records.slug_ids(spec.name, {p.parent for p in chunk})
            unknown = [p for p in chunk if p.parent not in ids]
            in_input = self.state.seen(spec.name, {p.parent for p in unknown})
            rejected = self.source.rejected.get(spec.name, set())
            noun = spec.name.replace("_", " ")
            for p in unknown:
                if p.parent not in in_input and p.parent not in rejected:
                    self._problem(
                        spec.name,
                        p.position,
                        field,
                        message=f"unknown {noun} slug {p.parent!r} "
                        "(not in this file nor in the database)",
                    )
            known = [(p.slug, ids[p.parent]) for p in chunk if p.parent in ids]
            if known:
                self.writer.set_parents(spec, known)

    def _check_cycles(self, spec: KindSpec) -> None:
        field = spec.parent_ref or ""
        members = self.state.cycle_members(spec.name)
        parents = self.records.parents(spec.name, [slug for slug, _ in members])
        for slug, position in members:
            chain = [slug]
            while (parent := parents.get(chain[-1])) is not None and parent != slug:
                if parent not in parents:  # a stored record on the loop
                    parents.update(self.records.parents(spec.name, [parent]))
                chain.append(parent)
            shown = chain if len(chain) <= 10 else [*chain[:8], f"... ({len(chain)} records)"]
            loop = " -> ".join([*shown, slug])
            self._problem(spec.name, position, field, message=f"parent chain is a cycle: {loop}")
