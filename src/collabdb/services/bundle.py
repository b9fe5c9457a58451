"""Several import documents as one: what importing them one after another would store.

The curated deals are one document per file, and a record several files need (an organization,
a source) is repeated in each. Importing them as one document costs one transaction and one
round of checks instead of one per file (benchmarks/first_run.py: the default database's first
build, 45 files). Records of a kind are merged by slug as a later import patches an earlier
one: a field given again takes the later value, a child list adds its children by their key
(the registry's, ``collabdb.kinds``) and merges a child given again the same way, and citations
add up.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from collabdb.kinds import SPEC_BY_KIND, ChildSpec

#: A citation is one paragraph of one source.
_CITATION_KEY = ("source", "paragraph")


def merge_documents(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One document holding every record of ``documents``, in the order first seen."""
    merged: dict[str, Any] = {}
    by_slug: dict[str, dict[str, dict[str, Any]]] = {}
    for document in documents:
        for field, value in document.items():
            if field not in SPEC_BY_KIND:
                merged.setdefault(field, value)  # format_version and the like
                continue
            records = merged.setdefault(field, [])
            seen = by_slug.setdefault(field, {})
            for record in value:
                if record["slug"] in seen:
                    _patch(seen[record["slug"]], record, SPEC_BY_KIND[field].children)
                else:
                    seen[record["slug"]] = kept = copy.deepcopy(record)
                    records.append(kept)
    return merged


def _patch(stored: dict[str, Any], later: dict[str, Any], children: Iterable[ChildSpec]) -> None:
    keys = {child.field: child.key for child in children}
    for field, value in later.items():
        if field == "citations":
            _add_by_key(stored.setdefault(field, []), value, _CITATION_KEY, ())
        elif field in keys:
            _add_by_key(stored.setdefault(field, []), value, keys[field], children)
        else:
            stored[field] = value


def _add_by_key(
    items: list[dict[str, Any]],
    later: list[dict[str, Any]],
    key: tuple[str, ...],
    children: Iterable[ChildSpec],
) -> None:
    index = {tuple(item.get(part) for part in key): item for item in items}
    for item in later:
        found = index.get(tuple(item.get(part) for part in key))
        if found is None:
            kept = copy.deepcopy(item)
            items.append(kept)
            index[tuple(item.get(part) for part in key)] = kept
        else:
            _patch(found, item, ())
