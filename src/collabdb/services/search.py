"""`collabdb search`: ranked full-text hits, one per record, saying what matched where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.engine import Engine

from collabdb.repositories.names import NameRepository
from collabdb.repositories.search import SearchRepository
from collabdb.schemas.rows import SearchResult
from collabdb.unit_of_work import UnitOfWork


def search(
    engine: Engine, *, text: str, kinds: Sequence[str] = (), limit: int | None = None
) -> list[SearchResult]:
    with UnitOfWork(engine) as uow:
        # Over-fetch so that several hits on one record still leave `limit` records.
        fetch = None if limit is None else limit * 5
        hits = SearchRepository(uow.connection).search(text, kinds=kinds, limit=fetch)
        best: dict[tuple[str, str], SearchResult] = {}
        for hit in hits:
            key = (hit.kind, hit.slug)
            if key not in best:
                best[key] = SearchResult(
                    kind=hit.kind,
                    slug=hit.slug,
                    name="",
                    field=hit.field,
                    matched=hit.original,
                    rank=hit.rank,
                )
        names = NameRepository(uow.connection)
        for kind in {kind for kind, _ in best}:
            for named in names.by_slugs(kind, [slug for k, slug in best if k == kind]):
                best[(kind, named.slug)] = replace(best[(kind, named.slug)], name=named.name)
    results = list(best.values())
    return results if limit is None else results[:limit]
