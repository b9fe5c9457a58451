"""Turning a name as typed into one record.

1. Exact match after folding case, accents, punctuation and script, on slug, canonical name or
   any stored name ("AZ" is AstraZeneca's acronym, not a substring hit; "Сколково" is an alias).
2. Else a unique match on whole words, the last one as a prefix ("Petrov", "Петров", "astra"),
   or on the start of a slug ("gen-2013").
3. Else exit 1, with "did you mean ...?" for typos or the candidates when ambiguous.
In a tree (organizations and their units, research areas) a name that matches a record and
records below it resolves to the top-most one.
"""

from __future__ import annotations

from sqlalchemy import Connection

from collabdb.errors import Ambiguous, NotFound
from collabdb.repositories.names import NAMED_KINDS, Named, NameRepository
from collabdb.repositories.search import SearchRepository

NAME_FIELDS = ("name", "alias", "title")
MAX_LISTED = 8


def resolve(connection: Connection, kind: str, text: str) -> Named:
    names = NameRepository(connection)
    label = NAMED_KINDS[kind].label
    candidates = names.exact(kind, text)
    if not candidates:
        hits = SearchRepository(connection).search(
            text, kinds=[kind], fields=NAME_FIELDS, limit=200
        )
        by_words = names.by_slugs(kind, sorted({hit.slug for hit in hits}))
        by_slug = names.slug_prefix(kind, text)
        candidates = sorted(
            {c.slug: c for c in [*by_words, *by_slug]}.values(), key=lambda c: c.slug
        )
    if not candidates:
        raise NotFound(_unknown_message(names, kind, label, text))
    top = _top_most(names, kind, candidates)
    if len(top) == 1:
        return top[0]
    listed = ", ".join(f"{c.name} ({c.slug})" for c in top[:MAX_LISTED])
    more = f" and {len(top) - MAX_LISTED} more" if len(top) > MAX_LISTED else ""
    raise Ambiguous(f"{label} {text!r} is ambiguous: it matches {listed}{more}; use a slug")


def resolve_subtree(connection: Connection, kind: str, text: str) -> list[int]:
    """The resolved record's id with those of its units or sub-areas."""
    record = resolve(connection, kind, text)
    if not NAMED_KINDS[kind].is_tree:
        return [record.id]
    return NameRepository(connection).with_descendants(kind, record.id)


def resolve_optional_subtree(
    connection: Connection, kind: str, text: str | None
) -> list[int] | None:
    """``resolve_subtree`` of a filter that may be absent: None when ``text`` is not given."""
    return resolve_subtree(connection, kind, text) if text else None


def _top_most(names: NameRepository, kind: str, candidates: list[Named]) -> list[Named]:
    if len(candidates) == 1 or not NAMED_KINDS[kind].is_tree:
        return candidates
    ids = {c.id for c in candidates}
    return [c for c in candidates if not ids.intersection(names.ancestors(kind, c.id))]


def _unknown_message(names: NameRepository, kind: str, label: str, text: str) -> str:
    from rapidfuzz import fuzz, process, utils

    from collabdb.text import match_key

    message = f"unknown {label} {text!r}"
    pairs = names.all_names(kind)
    if not pairs:
        return message
    best = process.extract(
        match_key(text),
        [match_key(alias) for alias, _ in pairs],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=5,
    )
    top_score = best[0][1] if best else 0
    suggestions: list[str] = []
    for _alias, score, index in best:
        canonical = pairs[index][1]
        # Only the best-scoring names: a near-tie is worth showing, a distant second is noise.
        if score >= 80 and score >= top_score - 3 and canonical not in suggestions:
            suggestions.append(canonical)
    if suggestions:
        message += "; did you mean " + " or ".join(suggestions) + "?"
    return message
