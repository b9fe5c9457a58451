"""The list commands organizations, people, facilities and figures: a page of rows read in
SQL (``repositories/listing.py``), related rows loaded for that page only. Research areas,
programmes and sources are in ``catalog_areas.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from typing import Any

from sqlalchemy.engine import Engine

from collabdb.kinds import SPEC_BY_KIND
from collabdb.repositories import listing
from collabdb.schemas.rows import (
    FacilityRow,
    FigureRow,
    OrganizationRow,
    PersonRow,
    PositionRead,
    precision_of,
)
from collabdb.services.resolver import resolve_optional_subtree
from collabdb.unit_of_work import UnitOfWork


def list_organizations(
    engine: Engine,
    *,
    kind: str | None = None,
    country: str | None = None,
    parent: str | None = None,
    limit: int | None = None,
) -> list[OrganizationRow]:
    """Organizations by slug; ``parent`` lists what is under it (its units, not itself)."""
    with UnitOfWork(engine) as uow:
        under = resolve_optional_subtree(uow.connection, "organizations", parent)
        rows = listing.organization_rows(
            uow.connection, kind=kind, country=country, under=under, limit=limit
        )
    return [
        OrganizationRow(
            slug=row.slug,
            name=row.name,
            kind=row.kind,
            country=row.country,
            city=row.city,
            parent=row.parent,
            parent_name=row.parent_name,
            agreements=row.agreements,
        )
        for row in rows
    ]


def _child_order(kind: str, field: str) -> Callable[[Any], tuple[str, ...]]:
    """The order records keep a kind's children in (``RecordRepository.load``)."""
    child = next(c for c in SPEC_BY_KIND[kind].children if c.field == field)
    return lambda row: tuple(str(getattr(row, key) or "") for key in child.key)


def list_people(
    engine: Engine, *, organization: str | None = None, limit: int | None = None
) -> list[PersonRow]:
    with UnitOfWork(engine) as uow:
        under = resolve_optional_subtree(uow.connection, "organizations", organization)
        rows = listing.person_rows(uow.connection, under=under, limit=limit)
        ids = [row.id for row in rows]
        names = listing.person_names(uow.connection, ids)
        positions = listing.positions(uow.connection, ids)
    name_order = _child_order("people", "names")
    position_order = _child_order("people", "positions")
    return [
        PersonRow(
            slug=row.slug,
            name=row.name,
            other_names=[n.name for n in sorted(names.get(row.id, []), key=name_order)],
            positions=[
                PositionRead(
                    organization=p.organization,
                    organization_name=p.organization_name,
                    title=p.title,
                    status=p.status,
                    started_on=p.started_on,
                    ended_on=p.ended_on,
                )
                for p in sorted(positions.get(row.id, []), key=position_order)
            ],
        )
        for row in rows
    ]


def list_facilities(
    engine: Engine,
    *,
    organization: str | None = None,
    country: str | None = None,
    limit: int | None = None,
) -> list[FacilityRow]:
    with UnitOfWork(engine) as uow:
        under = resolve_optional_subtree(uow.connection, "organizations", organization)
        rows = listing.facility_rows(uow.connection, under=under, country=country, limit=limit)
        cited = listing.citations_of(uow.connection, "facility_id", [row.id for row in rows])
    return [
        FacilityRow(
            slug=row.slug,
            name=row.name,
            kind=row.kind,
            owner=row.owner,
            owner_name=row.owner_name,
            city=row.city,
            region=row.region,
            country=row.country,
            opened_on=row.opened_on,
            opened_precision=precision_of(row.opened_on),
            capacity=row.capacity,
            capacity_unit=row.capacity_unit,
            sources=cited.get(row.id, []),
        )
        for row in rows
    ]


def list_figures(
    engine: Engine,
    *,
    organization: str | None = None,
    measure: str | None = None,
    currency: str | None = None,
    limit: int | None = None,
) -> list[FigureRow]:
    """Figures by slug; ``organization`` also finds those of its deals and facilities."""
    with UnitOfWork(engine) as uow:
        under = resolve_optional_subtree(uow.connection, "organizations", organization)
        rows = listing.figure_rows(
            uow.connection, under=under, measure=measure, currency=currency, limit=limit
        )
        cited = listing.citations_of(uow.connection, "financial_figure_id", [r.id for r in rows])
    fields = [f.name for f in dataclass_fields(FigureRow) if f.name not in ("slug", "sources")]
    return [
        FigureRow(
            slug=row.slug,
            sources=cited.get(row.id, []),
            **{k: getattr(row, k) for k in fields},
        )
        for row in rows
    ]
