"""Every dated event in order, each at its own precision: agreements announced and signed,
facilities opened, positions started and ended, company events, results periods.

The order and the limit are applied in SQL (``repositories/timeline.py``); texts and citations
are then read for the events kept only."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.engine import Engine

from collabdb.kinds import citation_column_of, cited_tables
from collabdb.repositories import timeline as repository
from collabdb.repositories.listing import citations_of
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import TimelineEntry
from collabdb.schemas.reads import figure_value
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import organizations_under
from collabdb.unit_of_work import UnitOfWork
from collabdb.values import date_precision


def timeline(
    engine: Engine, *, organization: str | None = None, options: ListOptions = EVERY_ROW
) -> ListResult[TimelineEntry]:
    """Events in date order (``PartialDate.order_key``), then by record and event; ``organization``
    keeps those concerning it or its units."""
    with UnitOfWork(engine) as uow:
        under = organizations_under(uow.connection, organization)
        stored = repository.timeline_rows(uow.connection, under=under, limit=options.read_limit)
        ids: dict[str, set[int]] = defaultdict(set)
        for event in stored:
            ids[event.source_table].add(event.row_id)
        positions = repository.position_details(uow.connection, ids["positions"])
        figures = repository.figure_details(uow.connection, ids["financial_figures"])
        # The citations of the events' rows (sources are not cited: publications show none).
        cited_columns = cited_tables()
        cited = {
            table: citations_of(uow.connection, citation_column_of(table), row_ids)
            for table, row_ids in ids.items()
            if table in cited_columns.values()
        }
    entries = []
    for event in stored:
        what = event.what
        if event.source_table == "positions":
            position = positions[event.row_id]
            what = f"{position.person_name}: {position.title}, {position.organization_name}"
        elif event.source_table == "financial_figures":
            figure = figures[event.row_id]
            what = f"{figure.measure.replace('_', ' ')}: {figure_value(figure)}"
            if figure.segment:
                what += f" ({figure.segment})"
        entries.append(
            TimelineEntry(
                date=event.date,
                precision=date_precision(event.date),
                event=event.event,
                what=what,
                record=event.record,
                sources=cited.get(event.source_table, {}).get(event.row_id, []),
            )
        )
    return options.apply(entries, columns=TimelineEntry.COLUMNS)
