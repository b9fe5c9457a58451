"""The `agreements` query: filters resolved to ids, then one SQL query."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from collabdb.repositories.agreements import AgreementFilter, AgreementRepository
from collabdb.schemas.reads import AgreementRead
from collabdb.services.resolver import resolve
from collabdb.unit_of_work import UnitOfWork
from collabdb.values import PartialDate


def period_bounds(text: str) -> tuple[str, str]:
    """First and last day (YYYY-MM-DD) of a year, quarter, month or day."""
    import calendar

    date = PartialDate.parse(text, allow_quarter=True)
    if date.quarter:
        first_month, last_month = 3 * date.quarter - 2, 3 * date.quarter
    elif date.month:
        first_month = last_month = date.month
    else:
        first_month, last_month = 1, 12
    first_day = date.day or 1
    last_day = date.day or calendar.monthrange(date.year, last_month)[1]
    return (
        f"{date.year:04d}-{first_month:02d}-{first_day:02d}",
        f"{date.year:04d}-{last_month:02d}-{last_day:02d}",
    )


def list_agreements(
    engine: Engine,
    *,
    partners: Sequence[str] = (),
    area: str | None = None,
    types: Sequence[str] = (),
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    undisclosed: bool = False,
    limit: int | None = None,
) -> list[AgreementRead]:
    """Agreements matching every filter: each partner (with its units and subsidiaries), an
    area (with its sub-areas), a type, a party or territory country, a period overlapping
    --since/--until at the dates' own precision, undisclosed terms."""
    with UnitOfWork(engine) as uow:
        where = AgreementFilter(
            partner_ids=[resolve(uow.connection, "organizations", p).id for p in partners],
            area_id=resolve(uow.connection, "research_areas", area).id if area else None,
            types=types,
            country=country,
            since=period_bounds(since)[0] if since else None,
            until=period_bounds(until)[1] if until else None,
            undisclosed=undisclosed,
        )
        return AgreementRepository(uow.connection).list(where, limit=limit)
