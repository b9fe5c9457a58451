"""Checks that need the whole document and the database: references, citations, cycles,
and the rules that span several fields of a merged record."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from collabdb.repositories.records import Record, RecordRepository
from collabdb.repositories.specs import SPECS, ChildSpec, KindSpec
from collabdb.services.paragraphs import count_paragraphs
from collabdb.services.problems import Problem, json_path

if TYPE_CHECKING:
    from collabdb.services.importer import Incoming

Path = tuple[str | int, ...]


def check_merged(spec: KindSpec, record: Record, path: Path) -> list[Problem]:
    where = json_path(*path)
    problems: list[Problem] = []
    if spec.name == "sources":
        text, sha256 = record.get("text"), record.get("sha256")
        if text is not None and sha256 is not None:
            actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if actual != sha256:
                problems.append(
                    Problem(f"{where}.sha256", f"does not match the text (its SHA-256 is {actual})")
                )
        if record.get("kind") == "editorial" and not record.get("note"):
            problems.append(
                Problem(f"{where}.note", "an editorial source needs a note saying what it adds")
            )
    if spec.name == "figures":
        problems.extend(_check_figure(record, where))
    if spec.parent_ref and record.get(spec.parent_ref) == record["slug"]:
        problems.append(Problem(f"{where}.{spec.parent_ref}", "a record cannot be its own parent"))
    return problems


def _check_figure(record: Record, where: str) -> list[Problem]:
    amount, currency, percentage = (
        record.get("amount"),
        record.get("currency"),
        record.get("percentage"),
    )
    if record.get("disclosure") == "not_disclosed":
        if amount is not None or percentage is not None:
            return [Problem(where, "a not_disclosed figure has no amount or percentage")]
        return []
    if amount is None and percentage is None:
        return [
            Problem(where, "a disclosed figure needs an amount (with currency) or a percentage")
        ]
    if amount is not None and currency is None:
        return [Problem(f"{where}.currency", "an amount needs its ISO 4217 currency")]
    if amount is None and currency is not None:
        return [Problem(f"{where}.currency", "a currency is given without an amount")]
    return []


def _references(spec: KindSpec, patch: Record, path: Path) -> Iterator[tuple[str, str, Path]]:
    """(kind, slug, path) of every reference the incoming record makes."""
    for ref in spec.refs:
        if patch.get(ref.field) is not None:
            yield ref.kind, patch[ref.field], (*path, ref.field)
    for index, citation in enumerate(patch.get("citations", [])):
        yield "sources", citation["source"], (*path, "citations", index, "source")
    for child in spec.children:
        for child_index, child_patch in enumerate(patch.get(child.field, [])):
            child_path = (*path, child.field, child_index)
            yield from _child_references(child, child_patch, child_path)


def _child_references(
    child: ChildSpec, patch: Record, path: Path
) -> Iterator[tuple[str, str, Path]]:
    for ref in child.refs:
        if patch.get(ref.field) is not None:
            yield ref.kind, patch[ref.field], (*path, ref.field)
    for index, citation in enumerate(patch.get("citations", [])):
        yield "sources", citation["source"], (*path, "citations", index, "source")


def _citations(spec: KindSpec, patch: Record, path: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    for index, citation in enumerate(patch.get("citations", [])):
        yield citation, (*path, "citations", index)
    for child in spec.children:
        for child_index, child_patch in enumerate(patch.get(child.field, [])):
            for index, citation in enumerate(child_patch.get("citations", [])):
                yield citation, (*path, child.field, child_index, "citations", index)


def check_references(
    repository: RecordRepository, incoming: dict[str, dict[str, Incoming]]
) -> list[Problem]:
    problems: list[Problem] = []
    references = [
        reference
        for spec in SPECS
        for item in incoming[spec.name].values()
        for reference in _references(spec, item.patch, item.path)
    ]
    outside: dict[str, set[str]] = {}
    for kind, slug, _ in references:
        if slug not in incoming[kind]:
            outside.setdefault(kind, set()).add(slug)
    stored = {kind: set(repository.slug_ids(kind, slugs)) for kind, slugs in outside.items()}
    for kind, slug, path in references:
        if slug not in incoming[kind] and slug not in stored.get(kind, set()):
            noun = kind.replace("_", " ")
            problems.append(
                Problem(
                    json_path(*path),
                    f"unknown {noun} slug {slug!r} (not in this file nor in the database)",
                )
            )
    problems.extend(_check_paragraphs(repository, incoming, stored.get("sources", set())))
    for spec in SPECS:
        if spec.parent_ref:
            problems.extend(_check_cycles(repository, spec, incoming[spec.name]))
    return problems


def _check_paragraphs(
    repository: RecordRepository, incoming: dict[str, dict[str, Incoming]], stored_sources: set[str]
) -> list[Problem]:
    counts: dict[str, int | None] = repository.paragraph_counts(stored_sources)
    for slug, item in incoming["sources"].items():
        text = item.merged.get("text")
        counts[slug] = None if text is None else count_paragraphs(text)
    problems = []
    for spec in SPECS:
        for item in incoming[spec.name].values():
            for citation, path in _citations(spec, item.patch, item.path):
                paragraph = citation.get("paragraph")
                source = citation["source"]
                if paragraph is None or source not in counts:
                    continue
                available = counts[source]
                if available is None:
                    problems.append(
                        Problem(
                            json_path(*path, "paragraph"),
                            f"source {source!r} has no stored text to cite a paragraph of",
                        )
                    )
                elif paragraph > available:
                    problems.append(
                        Problem(
                            json_path(*path, "paragraph"),
                            f"source {source!r} has {available} paragraphs, not {paragraph}",
                        )
                    )
    return problems


def _check_cycles(
    repository: RecordRepository, spec: KindSpec, items: dict[str, Incoming]
) -> list[Problem]:
    field = spec.parent_ref or ""
    stored_parents: dict[str, str | None] = {}

    def parent_of(slug: str) -> str | None:
        if slug in items:
            parent: str | None = items[slug].merged.get(field)
            return parent
        if slug not in stored_parents:
            stored_parents.update(repository.parents(spec.name, [slug]))
        return stored_parents.get(slug)

    problems = []
    for slug, item in items.items():
        chain = [slug]
        current = parent_of(slug)
        while current is not None and current not in chain:
            chain.append(current)
            current = parent_of(current)
        if current is not None and current != slug:
            continue  # the cycle does not run through this record; reported for its members
        if current == slug and len(chain) > 1:
            loop = " -> ".join([*chain, slug])
            problems.append(
                Problem(json_path(*item.path, field), f"parent chain is a cycle: {loop}")
            )
    return problems
