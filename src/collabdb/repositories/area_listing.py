"""Rows of `areas`, `programmes` and `sources`, read with Core statements (see ``listing.py``).

The counts of `areas` (distinct records linked to an area or to an area below it) are kept by
the database's triggers in ``research_area_counts`` (migration 0007), so listing the areas
reads one row per area however many links there are. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, func, select

from collabdb import tables as t
from collabdb.repositories.listing import ResultRow, page, rows_by_key


def area_rows(connection: Connection) -> list[ResultRow]:
    """Every research area (id, slug, name, parent slug) with its counts, in id order."""
    parent = t.research_areas.alias("parent")
    statement = (
        select(
            t.research_areas.c.id,
            t.research_areas.c.slug,
            t.research_areas.c.name,
            parent.c.slug.label("parent"),
            t.research_area_counts.c.agreements,
            t.research_area_counts.c.organizations,
            t.research_area_counts.c.projects,
        )
        .join(
            t.research_area_counts,
            t.research_area_counts.c.research_area_id == t.research_areas.c.id,
        )
        .outerjoin(parent, parent.c.id == t.research_areas.c.parent_id)
        .order_by(t.research_areas.c.id)
    )
    return list(connection.execute(statement))


def programme_rows(connection: Connection, *, limit: int | None = None) -> list[ResultRow]:
    """Programmes with their owner's slug and name."""
    owner = t.organizations.alias("owner")
    statement = select(
        t.programmes, owner.c.slug.label("owner"), owner.c.name.label("owner_name")
    ).outerjoin(owner, owner.c.id == t.programmes.c.owner_id)
    return page(connection, statement, t.programmes.c.slug, limit)


def programme_areas(
    connection: Connection, programme_ids: Collection[int]
) -> dict[int, list[ResultRow]]:
    """The priority areas (slug, name) of each programme."""
    links = t.programme_areas
    statement = select(links.c.programme_id, t.research_areas.c.slug, t.research_areas.c.name).join(
        t.research_areas, t.research_areas.c.id == links.c.research_area_id
    )
    return rows_by_key(connection, statement, links.c.programme_id, programme_ids)


def source_rows(connection: Connection, *, limit: int | None = None) -> list[ResultRow]:
    """Sources with their text and the number of citations of each."""
    facts = select(func.count()).where(t.citations.c.source_id == t.sources.c.id).scalar_subquery()
    shown = t.sources.c["id", "slug", "kind", "title", "publisher", "published_on", "url"]
    stored = t.sources.c["sha256", "text", "paragraph_count"]
    statement = select(*shown, *stored, facts.label("facts"))
    return page(connection, statement, t.sources.c.slug, limit)
