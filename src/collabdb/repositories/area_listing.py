"""Rows of `areas`, `programmes` and `sources`, read with Core statements (see ``listing.py``).

The counts of `areas` (distinct records linked to an area or to an area below it) are kept by
the database's triggers in ``research_area_counts`` (migration 0007), so listing the areas
reads one row per area however many links there are. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, func, select

from collabdb import tables as t
from collabdb.repositories.listing import Row, page, rows_by_key

_areas = t.research_areas
_counts = t.research_area_counts
_organizations = t.organizations
_programmes = t.programmes
_programme_areas = t.programme_areas
_sources = t.sources
_citations = t.citations


def area_rows(connection: Connection) -> list[Row]:
    """Every research area (id, slug, name, parent slug) with its counts, in id order."""
    parent = _areas.alias("parent")
    statement = (
        select(
            _areas.c.id,
            _areas.c.slug,
            _areas.c.name,
            parent.c.slug.label("parent"),
            _counts.c.agreements,
            _counts.c.organizations,
            _counts.c.projects,
        )
        .join(_counts, _counts.c.research_area_id == _areas.c.id)
        .outerjoin(parent, parent.c.id == _areas.c.parent_id)
        .order_by(_areas.c.id)
    )
    return list(connection.execute(statement))


def programme_rows(connection: Connection, *, limit: int | None = None) -> list[Row]:
    """Programmes with their owner's slug and name."""
    owner = _organizations.alias("owner")
    statement = select(
        _programmes, owner.c.slug.label("owner"), owner.c.name.label("owner_name")
    ).outerjoin(owner, owner.c.id == _programmes.c.owner_id)
    return page(connection, statement, _programmes.c.slug, limit)


def programme_areas(connection: Connection, programme_ids: Collection[int]) -> dict[int, list[Row]]:
    """The priority areas (slug, name) of each programme."""
    links = _programme_areas
    statement = select(links.c.programme_id, _areas.c.slug, _areas.c.name).join(
        _areas, _areas.c.id == links.c.research_area_id
    )
    return rows_by_key(connection, statement, links.c.programme_id, programme_ids)


def source_rows(connection: Connection, *, limit: int | None = None) -> list[Row]:
    """Sources with their text and the number of citations of each."""
    facts = select(func.count()).where(_citations.c.source_id == _sources.c.id).scalar_subquery()
    columns: list[Any] = [
        _sources.c.id,
        _sources.c.slug,
        _sources.c.kind,
        _sources.c.title,
        _sources.c.publisher,
        _sources.c.published_on,
        _sources.c.url,
        _sources.c.sha256,
        _sources.c.text,
        facts.label("facts"),
    ]
    return page(connection, select(*columns), _sources.c.slug, limit)
