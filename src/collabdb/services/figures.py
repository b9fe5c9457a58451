"""Financial figures: the `figures` list, a page read in SQL (``repositories/listing.py``) with
the citations of that page only."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories import listing
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import FigureRow
from collabdb.schemas.reads import from_stored
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import organizations_under
from collabdb.unit_of_work import UnitOfWork
from collabdb.values import day_bounds


def list_figures(
    engine: Engine,
    *,
    organization: str | None = None,
    measure: str | None = None,
    currency: str | None = None,
    since: str | None = None,
    until: str | None = None,
    options: ListOptions = EVERY_ROW,
) -> ListResult[FigureRow]:
    """Figures by slug; ``organization`` also finds those of its deals and facilities;
    ``since``/``until`` (dates or periods) keep those whose period overlaps them, an interval
    counting from its first day to its last."""
    with UnitOfWork(engine) as uow:
        under = organizations_under(uow.connection, organization)
        stored = listing.figure_rows(
            uow.connection,
            under=under,
            measure=measure,
            currency=currency,
            since=day_bounds(since)[0] if since else None,
            until=day_bounds(until)[1] if until else None,
            limit=options.read_limit,
        )
        cited = listing.with_citations(uow.connection, "financial_figure_id", stored)
    rows = [from_stored(FigureRow, figure, sources=sources) for figure, sources in cited]
    return options.apply(rows, columns=FigureRow.COLUMNS)
