"""Government programmes: the `programmes` list (read in SQL, ``repositories/area_listing.py``),
with their priority areas and citations loaded for the programmes listed only."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories import area_listing
from collabdb.repositories.listing import citations_of
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import ProgrammeRow
from collabdb.schemas.reads import from_stored
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.unit_of_work import UnitOfWork


def list_programmes(
    engine: Engine, *, options: ListOptions = EVERY_ROW
) -> ListResult[ProgrammeRow]:
    with UnitOfWork(engine) as uow:
        stored = area_listing.programme_rows(uow.connection, limit=options.read_limit)
        ids = [found.id for found in stored]
        areas = area_listing.programme_areas(uow.connection, ids)
        cited = citations_of(uow.connection, "programme_id", ids)
    rows = [
        from_stored(
            ProgrammeRow,
            found,
            # in the order records keep them: by area slug
            areas=[a.name for a in sorted(areas.get(found.id, []), key=lambda a: str(a.slug))],
            sources=cited.get(found.id, []),
        )
        for found in stored
    ]
    return options.apply(rows, columns=ProgrammeRow.COLUMNS)
