"""Facilities: the `facilities` list, a page read in SQL (``repositories/listing.py``) with the
citations of that page only."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories import listing
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import FacilityRow, precision_of
from collabdb.schemas.reads import from_stored
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import organizations_under
from collabdb.unit_of_work import UnitOfWork


def list_facilities(
    engine: Engine,
    *,
    organization: str | None = None,
    country: str | None = None,
    options: ListOptions = EVERY_ROW,
) -> ListResult[FacilityRow]:
    """Facilities by slug; ``organization`` keeps those it or one of its units owns."""
    with UnitOfWork(engine) as uow:
        stored = listing.facility_rows(
            uow.connection,
            under=organizations_under(uow.connection, organization),
            country=country,
            limit=options.read_limit,
        )
        cited = listing.with_citations(uow.connection, "facility_id", stored)
    rows = [
        from_stored(FacilityRow, f, opened_precision=precision_of(f.opened_on), sources=sources)
        for f, sources in cited
    ]
    return options.apply(rows, columns=FacilityRow.COLUMNS)
