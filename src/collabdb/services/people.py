"""People: the `people` list (a page read in SQL, ``repositories/listing.py``, names and
positions loaded for that page only) and one person with everything around them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from collabdb.kinds import SPEC_BY_KIND
from collabdb.repositories import listing
from collabdb.schemas.details import (
    AgreementRole,
    HeldPosition,
    OtherName,
    PersonDetail,
)
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import PersonRow, PositionRead
from collabdb.schemas.reads import from_stored
from collabdb.services.detail_reader import DetailReader, related_records, typed
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import organizations_under, resolve
from collabdb.unit_of_work import UnitOfWork


def list_people(
    engine: Engine, *, organization: str | None = None, options: ListOptions = EVERY_ROW
) -> ListResult[PersonRow]:
    """People by slug; ``organization`` keeps those with a position at it or its units."""
    with UnitOfWork(engine) as uow:
        under = organizations_under(uow.connection, organization)
        stored = listing.person_rows(uow.connection, under=under, limit=options.read_limit)
        ids = [found.id for found in stored]
        names = listing.person_names(uow.connection, ids)
        positions = listing.positions(uow.connection, ids)
    name_order = _child_order("people", "names")
    position_order = _child_order("people", "positions")
    rows = [
        PersonRow(
            slug=found.slug,
            name=found.name,
            other_names=[n.name for n in sorted(names.get(found.id, []), key=name_order)],
            positions=[
                from_stored(PositionRead, p)
                for p in sorted(positions.get(found.id, []), key=position_order)
            ],
        )
        for found in stored
    ]
    return options.apply(rows, columns=PersonRow.COLUMNS)


def _child_order(kind: str, field: str) -> Callable[[Any], tuple[str, ...]]:
    """The order records keep a kind's children in (``RecordRepository.load``)."""
    child = next(c for c in SPEC_BY_KIND[kind].children if c.field == field)
    return lambda found: tuple(str(getattr(found, key) or "") for key in child.key)


def person_detail(engine: Engine, *, person: str) -> PersonDetail:
    """One person: their record with the names of their employers; the agreements they take
    part in; the events about them; every source cited."""
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "people", person)
        read, ids, slug = DetailReader(uow.connection), [found.id], found.slug
        record = read.load("people", {slug})[slug]
        employers = read.names("organizations", (p["organization"] for p in record["positions"]))
        named = read.children_linked(
            kind="agreements", child="people", column="person_id", ids=ids, to={slug}
        )
        agreements = [
            {"agreement": agreement_slug, "title": agreement["title"], **entry}
            for agreement_slug, agreement, entry in named
        ]
        events = read.referring("events", "person_id", ids)
        source_documents = read.cited_sources(record, agreements, events)
    return typed(
        PersonDetail,
        record,
        names=[typed(OtherName, n) for n in record["names"]],
        positions=[
            typed(HeldPosition, p, organization_name=employers[p["organization"]])
            for p in record["positions"]
        ],
        agreements=[typed(AgreementRole, a) for a in agreements],
        **related_records({"events": events}),
        source_documents=source_documents,
    )
