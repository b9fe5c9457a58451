"""The list commands `areas`, `programmes` and `sources`, read in SQL
(``repositories/area_listing.py``)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories import area_listing
from collabdb.repositories.listing import Row, citations_of
from collabdb.schemas.rows import AreaRow, ProgrammeRow, SourceRow
from collabdb.text import count_paragraphs
from collabdb.unit_of_work import UnitOfWork


def list_areas(engine: Engine) -> list[AreaRow]:
    """The research-area tree, depth first, siblings by name; counts include sub-areas."""
    with UnitOfWork(engine) as uow:
        areas = area_listing.area_rows(uow.connection)
    children: dict[str | None, list[Row]] = {}
    for area in sorted(areas, key=lambda a: str(a.name).casefold()):
        children.setdefault(area.parent, []).append(area)
    rows: list[AreaRow] = []

    def visit(area: Row, depth: int) -> None:
        rows.append(
            AreaRow(
                slug=area.slug,
                name=area.name,
                parent=area.parent,
                depth=depth,
                agreements=area.agreements,
                organizations=area.organizations,
                projects=area.projects,
            )
        )
        for child in children.get(area.slug, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return rows


def list_programmes(engine: Engine, *, limit: int | None = None) -> list[ProgrammeRow]:
    with UnitOfWork(engine) as uow:
        rows = area_listing.programme_rows(uow.connection, limit=limit)
        ids = [row.id for row in rows]
        areas = area_listing.programme_areas(uow.connection, ids)
        cited = citations_of(uow.connection, "programme_id", ids)
    return [
        ProgrammeRow(
            slug=row.slug,
            name=row.name,
            kind=row.kind,
            country=row.country,
            owner=row.owner,
            owner_name=row.owner_name,
            # in the order records keep them: by area slug
            areas=[a.name for a in sorted(areas.get(row.id, []), key=lambda a: str(a.slug))],
            summary=row.summary,
            sources=cited.get(row.id, []),
        )
        for row in rows
    ]


def list_sources(engine: Engine, *, limit: int | None = None) -> list[SourceRow]:
    with UnitOfWork(engine) as uow:
        rows = area_listing.source_rows(uow.connection, limit=limit)
    return [
        SourceRow(
            slug=row.slug,
            kind=row.kind,
            title=row.title,
            publisher=row.publisher,
            published_on=row.published_on,
            url=row.url,
            sha256=row.sha256,
            paragraphs=None if row.text is None else count_paragraphs(row.text),
            facts=int(row.facts),
        )
        for row in rows
    ]
