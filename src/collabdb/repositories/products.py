"""Rows of the `products` list: products with their number of agreements, and their owners.
Nothing here commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Connection, func, select

from collabdb import tables as t
from collabdb.repositories.listing import ResultRow, page, rows_by_key, slug_order


def product_rows(
    connection: Connection,
    *,
    under: Sequence[int] | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> list[ResultRow]:
    """Products (id, slug, name, kind) with the number of agreements that concern them; those
    one of ``under`` (organization ids) owns, and of ``kind``, when given."""
    products = t.products
    agreements = (
        select(func.count())
        .where(t.agreement_products.c.product_id == products.c.id)
        .scalar_subquery()
    )
    statement = select(*products.c["id", "slug", "name", "kind"], agreements.label("agreements"))
    if under is not None:
        owners = t.product_owners
        owned = select(owners.c.product_id).where(owners.c.organization_id.in_(list(under)))
        statement = statement.where(products.c.id.in_(owned))
    if kind is not None:
        statement = statement.where(products.c.kind == kind)
    return page(connection, statement, products.c.slug, limit)


def product_owners(
    connection: Connection, product_ids: Collection[int]
) -> dict[int, list[ResultRow]]:
    """Owners of each product: (organization slug, name) rows, in slug order."""
    owners, organizations = t.product_owners, t.organizations
    statement = (
        select(
            owners.c.product_id,
            organizations.c.slug.label("organization"),
            organizations.c.name,
        )
        .join(organizations, organizations.c.id == owners.c.organization_id)
        .order_by(slug_order(connection, organizations.c.slug))
    )
    return rows_by_key(connection, statement, owners.c.product_id, product_ids)
