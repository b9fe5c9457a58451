"""Rows of `areas`, `programmes` and `sources`, read with Core statements (see ``listing.py``).

Area counts include sub-areas: a recursive statement pairs each area with every area below it
(and itself), and each kind of link row is counted per area through it, distinct records only.
Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, Table, func, select

from collabdb import tables as t
from collabdb.repositories.listing import Row, page, rows_by_key

_areas = t.research_areas
_organizations = t.organizations
_programmes = t.programmes
_programme_areas = t.programme_areas
_sources = t.sources
_citations = t.citations

# (link table, column of the record it links an area to), per counted kind
AREA_LINKS: dict[str, tuple[Table, str]] = {
    "agreements": (t.agreement_areas, "agreement_id"),
    "organizations": (t.organization_interests, "organization_id"),
    "projects": (t.project_areas, "project_id"),
}


def area_rows(connection: Connection) -> list[Row]:
    """Every research area (id, slug, name, parent slug), in id order."""
    parent = _areas.alias("parent")
    return list(
        connection.execute(
            select(_areas.c.id, _areas.c.slug, _areas.c.name, parent.c.slug.label("parent"))
            .outerjoin(parent, parent.c.id == _areas.c.parent_id)
            .order_by(_areas.c.id)
        )
    )


def area_counts(connection: Connection) -> dict[str, dict[int, int]]:
    """Per counted kind: area id -> number of records linked to it or to an area below it."""
    below = select(_areas.c.id.label("area_id"), _areas.c.id.label("below_id")).cte(
        "below", recursive=True
    )
    below = below.union_all(
        select(below.c.area_id, _areas.c.id).where(_areas.c.parent_id == below.c.below_id)
    )
    counts: dict[str, dict[int, int]] = {}
    for kind, (links, column) in AREA_LINKS.items():
        rows = connection.execute(
            select(below.c.area_id, func.count(links.c[column].distinct()))
            .join(links, links.c.research_area_id == below.c.below_id)
            .group_by(below.c.area_id)
        )
        counts[kind] = {area_id: int(count) for area_id, count in rows}
    return counts


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
