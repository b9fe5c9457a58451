"""Research areas: the `areas` tree with its counts (kept by the database, read in SQL by
``repositories/area_listing.py``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from collabdb.repositories import area_listing
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import AreaRow
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.unit_of_work import UnitOfWork


def list_areas(engine: Engine, *, options: ListOptions = EVERY_ROW) -> ListResult[AreaRow]:
    """The research-area tree, depth first, siblings by name; counts include sub-areas."""
    with UnitOfWork(engine) as uow:
        stored = area_listing.area_rows(uow.connection)
    children: dict[str | None, list[Any]] = {}
    for area in sorted(stored, key=lambda a: str(a.name).casefold()):
        children.setdefault(area.parent, []).append(area)
    rows: list[AreaRow] = []

    def visit(area: Any, depth: int) -> None:
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
    return options.apply(rows, columns=AreaRow.COLUMNS)
