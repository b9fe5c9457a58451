"""The import's patch logic: an incoming record is a patch applied onto the stored one.

A field present in the incoming record replaces the stored value (``null`` clears it); a
missing field keeps it. Nested children are matched by their key and patched the same way;
children and citations are never removed by a default import. (The result is what the pipeline calls
the patched record; merging duplicate records is another matter, not done here.) With
``replace`` (``import --replace``, and ``undo``), a child or citation list given replaces the
stored one: what it leaves out is removed.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from collabdb.kinds import ChildSpec, KindSpec, Record


def child_key(child: ChildSpec, record: Record) -> tuple[Any, ...]:
    """The child's key: text in NFC, so that a name typed composed ("ë") and decomposed
    ("e" + combining diaeresis) is one name."""
    return tuple([_composed(record.get(key)) for key in child.key])


def _composed(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _citation_order(citation: Record) -> tuple[str, int]:
    return (citation["source"], citation["paragraph"] or 0)


def patch_citations(stored: list[Record], incoming: list[Record]) -> list[Record]:
    seen = {(c["source"], c.get("paragraph")) for c in stored}
    patched = [dict(c) for c in stored]
    for citation in incoming:
        key = (citation["source"], citation.get("paragraph"))
        if key not in seen:
            seen.add(key)
            patched.append({"source": key[0], "paragraph": key[1]})
    if len(patched) > 1:
        patched.sort(key=_citation_order)
    return patched


def patch_record(
    spec: KindSpec | ChildSpec, stored: Record, patch: Record, *, replace: bool = False
) -> Record:
    """``replace`` (``import --replace``): a child list or citation list given replaces the
    stored one instead of adding to it (a child given again keeps the form first stored)."""
    patched = dict(stored)
    for field in spec.fields:
        if field in patch:
            patched[field] = patch[field]
    if spec.citation_column and "citations" in patch:
        kept = [] if replace else stored.get("citations", [])
        patched["citations"] = patch_citations(kept, patch["citations"])
    if isinstance(spec, KindSpec):
        for child in spec.children:
            if child.field in patch:
                patched[child.field] = patch_children(
                    child, stored[child.field], patch[child.field], replace=replace
                )
    return patched


def new_record(spec: KindSpec | ChildSpec, patch: Record) -> Record:
    """A record that is not stored yet, from its patch: every field present (a missing one is
    None, or its kind's default), children and citations sorted as ``patch_record`` sorts them.
    One pass: most records and children an import sees are new."""
    record: Record = {}
    if isinstance(spec, KindSpec):
        record["slug"] = patch["slug"]
        for child in spec.children:
            incoming = patch.get(child.field)
            record[child.field] = [] if incoming is None else patch_children(child, [], incoming)
    defaults = spec.defaults
    for field in spec.fields:
        record[field] = patch[field] if field in patch else defaults.get(field)
    if spec.citation_column:
        incoming = patch.get("citations")
        record["citations"] = [] if incoming is None else patch_citations([], incoming)
    return record


def _key_of(child: ChildSpec, record: Record) -> Record:
    return {key: record.get(key) for key in child.key}


def _child_order(key: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple([str(v or "") for v in key])


def patch_children(
    child: ChildSpec, stored: list[Record], incoming: list[Record], *, replace: bool = False
) -> list[Record]:
    """The stored children with the incoming ones added or patched by key; with ``replace``,
    only the incoming ones (each patched onto a stored one of its key, whose form stays)."""
    earlier_by_key = {child_key(child, record): record for record in stored}
    by_key = {} if replace else dict(earlier_by_key)
    for patch in incoming:
        key = child_key(child, patch)
        earlier = by_key.get(key) or earlier_by_key.get(key)
        if earlier is None:
            by_key[key] = new_record(child, patch)
        else:  # the form first stored stays, however the same key is written again
            patched = patch_record(child, earlier, patch, replace=replace)
            by_key[key] = {**patched, **_key_of(child, earlier)}
    if len(by_key) == 1:
        return list(by_key.values())
    return [by_key[key] for key in sorted(by_key, key=_child_order)]
