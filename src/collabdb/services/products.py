"""Products: the `products` list, a page read in SQL (``repositories/products.py``), and one
product with its names, owners, areas and the agreements that concern it."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories import products as stored_products
from collabdb.schemas.details import AgreementArea, OtherName
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.products import (
    OwnerRead,
    ProductDetail,
    ProductInAgreement,
    ProductOwner,
    ProductRow,
)
from collabdb.schemas.reads import from_stored
from collabdb.services.detail_reader import DetailReader, agreement_summary, cited, typed
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import organizations_under, resolve
from collabdb.unit_of_work import UnitOfWork


def list_products(
    engine: Engine,
    *,
    organization: str | None = None,
    kind: str | None = None,
    options: ListOptions = EVERY_ROW,
) -> ListResult[ProductRow]:
    """Products by slug; ``organization`` keeps those it or one of its units owns, ``kind``
    those of that kind."""
    with UnitOfWork(engine) as uow:
        under = organizations_under(uow.connection, organization)
        stored = stored_products.product_rows(
            uow.connection, under=under, kind=kind, limit=options.read_limit
        )
        owners = stored_products.product_owners(uow.connection, [p.id for p in stored])
    rows = [
        from_stored(
            ProductRow,
            p,
            owners=[
                OwnerRead(organization=o.organization, name=o.name) for o in owners.get(p.id, [])
            ],
        )
        for p in stored
    ]
    return options.apply(rows, columns=ProductRow.COLUMNS)


def product_detail(engine: Engine, *, product: str) -> ProductDetail:
    """One product: its record with its other names, the names of its owners and research
    areas; the agreements that concern it, with its role and stage at signing in each; every
    source cited."""
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "products", product)
        read = DetailReader(uow.connection)
        record = read.load("products", {found.slug})[found.slug]
        owners = read.names("organizations", (o["organization"] for o in record["owners"]))
        areas = read.names("research_areas", (a["area"] for a in record["areas"]))
        linked = list(
            read.children_linked(
                kind="agreements",
                child="products",
                column="product_id",
                ids=[found.id],
                to={found.slug},
            )
        )
        links = [link for _, _, link in linked]
        source_documents = read.cited_sources(record, links)
    return typed(
        ProductDetail,
        record,
        names=[typed(OtherName, n) for n in record["names"]],
        owners=[typed(ProductOwner, o, name=owners[o["organization"]]) for o in record["owners"]],
        areas=[typed(AgreementArea, a, name=areas[a["area"]]) for a in record["areas"]],
        agreements=[
            ProductInAgreement(
                **agreement_summary(slug, agreement),
                role=link["role"],
                stage_at_signing=link["stage_at_signing"],
                citations=cited(link["citations"]),
            )
            for slug, agreement, link in linked
        ],
        source_documents=source_documents,
    )
