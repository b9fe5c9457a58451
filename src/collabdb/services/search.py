"""`collabdb search`: ranked full-text hits, one per record, saying what matched where."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from collabdb.repositories.names import NameRepository
from collabdb.repositories.search import SearchHit, SearchRepository
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import SearchResult
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.unit_of_work import UnitOfWork


def search(
    engine: Engine, *, text: str, kinds: Sequence[str] = (), options: ListOptions = EVERY_ROW
) -> ListResult[SearchResult]:
    """Best hit first; several hits on one record count once (its best)."""
    limit = options.read_limit
    with UnitOfWork(engine) as uow:
        # Over-fetch so that several hits on one record still leave `limit` records.
        fetch = None if limit is None else limit * 5
        hits = SearchRepository(uow.connection).search(text, kinds=kinds, limit=fetch)
        best: dict[tuple[str, str], SearchHit] = {}
        for hit in hits:
            best.setdefault((hit.kind, hit.slug), hit)
        if limit is not None:
            best = dict(list(best.items())[:limit])
        named = NameRepository(uow.connection).names_of(list(best))
    results = [
        SearchResult(
            kind=hit.kind,
            slug=hit.slug,
            name=named.get(key, ""),
            field=hit.field,
            matched=hit.original,
            rank=hit.rank,
        )
        for key, hit in best.items()
    ]
    return options.apply(results, columns=SearchResult.COLUMNS)
