"""Facilities: the `facilities` list, a page read in SQL (``repositories/listing.py``) with the
citations of that page only."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories import listing
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import FacilityRow, precision_of
from collabdb.schemas.reads import from_stored
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import resolve_optional_subtree
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
        under = resolve_optional_subtree(uow.connection, "organizations", organization)
        stored = listing.facility_rows(
            uow.connection, under=under, country=country, limit=options.read_limit
        )
        cited = listing.citations_of(uow.connection, "facility_id", [f.id for f in stored])
    rows = [
        from_stored(
            FacilityRow,
            found,
            opened_precision=precision_of(found.opened_on),
            sources=cited.get(found.id, []),
        )
        for found in stored
    ]
    return options.apply(rows, columns=FacilityRow.COLUMNS)
