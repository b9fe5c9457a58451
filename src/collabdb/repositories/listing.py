"""Rows of the list commands other than `agreements`, read with Core statements.

Each list is one statement over its own table (filters, slug order and an optional limit in
SQL, counts as correlated subqueries on indexed link columns), then one statement per related
collection for the rows read: names, positions and citations are loaded only for those rows.
The order is the slug's code-point order, as Python sorts strings: SQLite's default BINARY
collation, and ``COLLATE "C"`` on PostgreSQL. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, or_, select

from collabdb import tables as t
from collabdb.repositories.json_sql import among
from collabdb.repositories.period_filter import overlaps
from collabdb.repositories.records import RecordRepository
from collabdb.schemas.reads import CitationRead

ResultRow = Any  # a row of a SQLAlchemy result, read by column name


def code_point_collation(connection: Connection) -> str:
    """The collation that orders text by code point, as Python sorts strings."""
    return "C" if connection.dialect.name == "postgresql" else "BINARY"


def slug_order(connection: Connection, slug: ColumnElement[str]) -> ColumnElement[str]:
    """``slug`` in code-point order, as Python sorts strings."""
    return slug.collate(code_point_collation(connection))


def page(
    connection: Connection, statement: Select[Any], slug: Any, limit: int | None
) -> list[ResultRow]:
    statement = statement.order_by(slug_order(connection, slug))
    if limit is not None:
        statement = statement.limit(limit)
    return list(connection.execute(statement))


def organization_rows(
    connection: Connection,
    *,
    kind: str | None = None,
    country: str | None = None,
    under: Sequence[int] | None = None,
    limit: int | None = None,
) -> list[ResultRow]:
    """Organizations with their parent and number of agreement parties they are. ``under``
    (a subtree's ids) keeps those whose parent is in it too: what is under its top."""
    parent = t.organizations.alias("parent")
    agreements = (
        select(func.count())
        .where(t.agreement_parties.c.organization_id == t.organizations.c.id)
        .scalar_subquery()
    )
    statement = select(
        *t.organizations.c["id", "slug", "name", "kind", "country", "city"],
        parent.c.slug.label("parent"),
        parent.c.name.label("parent_name"),
        agreements.label("agreements"),
    ).outerjoin(parent, parent.c.id == t.organizations.c.parent_id)
    if kind is not None:
        statement = statement.where(t.organizations.c.kind == kind)
    if country is not None:
        statement = statement.where(t.organizations.c.country == country)
    if under is not None:
        statement = statement.where(
            t.organizations.c.id.in_(list(under)), t.organizations.c.parent_id.in_(list(under))
        )
    return page(connection, statement, t.organizations.c.slug, limit)


def person_rows(
    connection: Connection, *, under: Sequence[int] | None = None, limit: int | None = None
) -> list[ResultRow]:
    """People (id, slug, name), those with a position at one of ``under`` when given."""
    statement = select(t.people.c.id, t.people.c.slug, t.people.c.name)
    if under is not None:
        statement = statement.where(
            t.people.c.id.in_(
                select(t.positions.c.person_id).where(
                    t.positions.c.organization_id.in_(list(under))
                )
            )
        )
    return page(connection, statement, t.people.c.slug, limit)


def rows_by_key(
    connection: Connection, statement: Select[Any], key: ColumnElement[int], ids: Collection[int]
) -> dict[int, list[ResultRow]]:
    """The rows of ``statement`` whose ``key`` is one of ``ids``, grouped by that key (the
    statement's first column); the ids are bound as one list (``among``)."""
    found: dict[int, list[ResultRow]] = {}
    if not ids:
        return found
    for row in connection.execute(statement.where(among(key, "ids")), {"ids": list(ids)}):
        found.setdefault(row[0], []).append(row)
    return found


def person_names(connection: Connection, person_ids: Collection[int]) -> dict[int, list[ResultRow]]:
    """Other names of each person: (name, language) rows."""
    names = t.person_names
    statement = select(names.c.person_id, names.c.name, names.c.language)
    return rows_by_key(connection, statement, names.c.person_id, person_ids)


def positions(connection: Connection, person_ids: Collection[int]) -> dict[int, list[ResultRow]]:
    """Positions of each person, with the organization's slug and name."""
    statement = select(
        t.positions.c.person_id,
        t.organizations.c.slug.label("organization"),
        t.organizations.c.name.label("organization_name"),
        t.positions.c.title,
        t.positions.c.status,
        t.positions.c.started_on,
        t.positions.c.ended_on,
        t.positions.c.as_of,
    ).join(t.organizations, t.organizations.c.id == t.positions.c.organization_id)
    return rows_by_key(connection, statement, t.positions.c.person_id, person_ids)


def facility_rows(
    connection: Connection,
    *,
    under: Sequence[int] | None = None,
    country: str | None = None,
    limit: int | None = None,
) -> list[ResultRow]:
    """Facilities with their owner's slug and name; owned by one of ``under`` when given."""
    owner = t.organizations.alias("owner")
    statement = select(
        t.facilities,
        owner.c.slug.label("owner"),
        owner.c.name.label("owner_name"),
    ).outerjoin(owner, owner.c.id == t.facilities.c.owner_id)
    if under is not None:
        statement = statement.where(t.facilities.c.owner_id.in_(list(under)))
    if country is not None:
        statement = statement.where(t.facilities.c.country == country)
    return page(connection, statement, t.facilities.c.slug, limit)


def figure_rows(
    connection: Connection,
    *,
    under: Sequence[int] | None = None,
    measure: str | None = None,
    currency: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[ResultRow]:
    """Figures with the slugs of their organization, agreement and facility. ``under``: those
    of one of these organizations, of an agreement one is party to, or of a facility one owns;
    ``since``/``until`` (first and last day): those whose period overlaps them."""
    organization = t.organizations.alias("organization")
    agreement = t.agreements.alias("agreement")
    facility = t.facilities.alias("facility")
    statement = (
        select(
            t.financial_figures,
            organization.c.slug.label("organization"),
            agreement.c.slug.label("agreement"),
            facility.c.slug.label("facility"),
        )
        .outerjoin(organization, organization.c.id == t.financial_figures.c.organization_id)
        .outerjoin(agreement, agreement.c.id == t.financial_figures.c.agreement_id)
        .outerjoin(facility, facility.c.id == t.financial_figures.c.facility_id)
    )
    if measure is not None:
        statement = statement.where(t.financial_figures.c.measure == measure)
    if currency is not None:
        statement = statement.where(t.financial_figures.c.currency == currency)
    if since is not None or until is not None:
        statement = statement.where(
            overlaps(t.financial_figures.c.period, since=since, until=until)
        )
    if under is not None:
        ids = list(under)
        statement = statement.where(
            or_(
                t.financial_figures.c.organization_id.in_(ids),
                t.financial_figures.c.agreement_id.in_(
                    select(t.agreement_parties.c.agreement_id).where(
                        t.agreement_parties.c.organization_id.in_(ids)
                    )
                ),
                t.financial_figures.c.facility_id.in_(
                    select(t.facilities.c.id).where(t.facilities.c.owner_id.in_(ids))
                ),
            )
        )
    return page(connection, statement, t.financial_figures.c.slug, limit)


def citations_of(
    connection: Connection, column: str, ids: Collection[int]
) -> dict[int, list[CitationRead]]:
    """Citations (source slug, paragraph; sorted) of the rows ``ids`` of one cited table."""
    found = RecordRepository(connection).citations(column, ids)
    return {row_id: [CitationRead(**c) for c in cited] for row_id, cited in found.items()}


def with_citations(
    connection: Connection, column: str, stored: Sequence[ResultRow]
) -> list[tuple[ResultRow, list[CitationRead]]]:
    """Each of ``stored`` (rows of one cited table, with ``id``) with its citations."""
    cited = citations_of(connection, column, [row.id for row in stored])
    return [(row, cited.get(row.id, [])) for row in stored]
