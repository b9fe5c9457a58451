"""Turning a name as typed into one record.

1. Exact match after folding case, accents, punctuation and script, on slug, canonical name or
   any stored name ("AZ" is AstraZeneca's acronym, not a substring hit; "Сколково" is an alias),
   or on the old slug of a record merged into another.
2. Else a unique match on whole words, the last one as a prefix ("Petrov", "Петров", "astra"),
   or on the start of a slug ("gen-2013").
3. Else exit 1, with "did you mean ...?" for typos or the candidates when ambiguous.
In a tree (organizations and their units, research areas) a name that matches a record and
records below it resolves to the top-most one.
"""

from __future__ import annotations

from sqlalchemy import Connection

from collabdb.errors import Ambiguous, NotFound
from collabdb.kinds import SPEC_BY_KIND
from collabdb.repositories.names import Named, NameRepository
from collabdb.repositories.redirects import RedirectRepository
from collabdb.repositories.search import SearchRepository
from collabdb.text import match_key

NAME_FIELDS = ("name", "alias", "title")
MAX_LISTED = 8


def resolve(connection: Connection, kind: str, text: str) -> Named:
    names = NameRepository(connection)
    label = SPEC_BY_KIND[kind].label
    candidates = names.exact(kind, text)
    if not candidates:
        # The slug of a record merged into another (``collabdb merge``) names that one.
        merged_into = RedirectRepository(connection).target(kind, text)
        if merged_into is not None:
            candidates = names.exact(kind, merged_into)
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
    if not SPEC_BY_KIND[kind].filters_include_subtree:
        return [record.id]
    return NameRepository(connection).with_descendants(kind, record.id)


def organizations_under(connection: Connection, organization: str | None) -> list[int] | None:
    """What an ``--org``-style filter keeps: the organization's id with those of its units;
    None when the filter is not given."""
    return resolve_subtree(connection, "organizations", organization) if organization else None


def _top_most(names: NameRepository, kind: str, candidates: list[Named]) -> list[Named]:
    if len(candidates) == 1 or not SPEC_BY_KIND[kind].filters_include_subtree:
        return candidates
    ids = {c.id for c in candidates}
    return [c for c in candidates if not ids.intersection(names.ancestors(kind, c.id))]


# "did you mean": a kind of up to this many records has all its names scored (a few ms). In a
# bigger one only the names that hold every word of the text but one are (a typo spoils one
# word), or else the names with words starting as the text's words do (their first letters).
SCORE_EVERY_NAME = 5_000
FIRST_LETTERS = 4
# More names than this found by one lookup narrow nothing down: they are not scored.
NAMES_TO_SCORE = 1_000


def _names_to_score(names: NameRepository, kind: str, text: str) -> list[tuple[str, str]]:
    """(name as typed, canonical name) pairs that "did you mean" scores against ``text``."""
    if SPEC_BY_KIND[kind].name_column == "slug" or names.largest_id(kind) <= SCORE_EVERY_NAME:
        return names.all_names(kind)
    search = SearchRepository(names.connection)

    def holding(word_lists: list[list[str]], *, prefixes: bool) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for words in word_lists:
            hits = search.names_holding(
                words, prefixes=prefixes, kind=kind, fields=NAME_FIELDS, limit=NAMES_TO_SCORE + 1
            )
            found.update(hits if len(hits) <= NAMES_TO_SCORE else ())
        return found

    words = sorted(set(match_key(text).split()))
    but_one = [words[:n] + words[n + 1 :] for n in range(len(words))] if len(words) > 1 else []
    starts = [word[:FIRST_LETTERS] for word in words]
    found = holding(but_one, prefixes=False) or holding([starts], prefixes=True)
    canonical = {n.slug: n.name for n in names.by_slugs(kind, sorted({s for s, _ in found}))}
    return [(original, canonical[slug]) for slug, original in sorted(found)]


def _unknown_message(names: NameRepository, kind: str, label: str, text: str) -> str:
    from rapidfuzz import fuzz, process, utils

    message = f"unknown {label} {text!r}"
    pairs = _names_to_score(names, kind, text)
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


# A stored slug this close to an unknown one (rapidfuzz ratio of the two without hyphens) is
# offered as "did you mean"; the slugs scored are those sorting next to it or sharing its start.
SLUG_SIMILARITY = 85.0
SLUGS_EACH_SIDE = 25


def similar_slugs(connection: Connection, kind: str, slug: str) -> list[str]:
    """Stored slugs of ``kind`` close to an unknown ``slug`` (best first; near-ties kept)."""
    from rapidfuzz import fuzz

    def compact(text: str) -> str:
        return text.replace("-", "")

    around = NameRepository(connection).slugs_around(kind, slug, each_side=SLUGS_EACH_SIDE)
    scored = sorted(
        ((fuzz.ratio(compact(slug), compact(other)), other) for other in around if other != slug),
        key=lambda pair: (-pair[0], pair[1]),
    )
    top = scored[0][0] if scored else 0.0
    return [other for score, other in scored if score >= SLUG_SIMILARITY and score >= top - 3][:3]
