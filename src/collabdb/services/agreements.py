"""Agreements: the `agreements` list (filters resolved to ids, then one SQL query) and one
agreement with everything around it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from sqlalchemy.engine import Engine

from collabdb.repositories.agreements import AgreementFilter, AgreementRepository
from collabdb.schemas.details import (
    AgreementArea,
    AgreementDetail,
    AgreementParty,
    AgreementPerson,
    AgreementProduct,
    AgreementProgramme,
    AgreementTerritory,
    StatusChangeRead,
)
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.reads import AgreementRead
from collabdb.services.checks import in_order
from collabdb.services.detail_reader import (
    DetailReader,
    named,
    related_records,
    typed,
)
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import resolve
from collabdb.unit_of_work import UnitOfWork
from collabdb.values import day_bounds


class AgreementFilters(TypedDict, total=False):
    """The filters of the agreements shown: ``list_agreements``' keyword arguments, given once
    by the commands that show agreements (``cli/options.agreement_filters``): `agreements`
    and `graph`."""

    partners: Sequence[str]
    products: Sequence[str]
    area: str | None
    types: Sequence[str]
    statuses: Sequence[str]
    country: str | None
    since: str | None
    until: str | None
    undisclosed: bool


def list_agreements(
    engine: Engine,
    *,
    partners: Sequence[str] = (),
    products: Sequence[str] = (),
    area: str | None = None,
    types: Sequence[str] = (),
    statuses: Sequence[str] = (),
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    undisclosed: bool = False,
    options: ListOptions = EVERY_ROW,
) -> ListResult[AgreementRead]:
    """Agreements matching every filter: each partner (with its units and subsidiaries), each
    product, an area (with its sub-areas), a type, a current status, a party or territory country, a
    period overlapping --since/--until at the dates' own precision, undisclosed terms."""
    with UnitOfWork(engine) as uow:
        where = AgreementFilter(
            partner_ids=[resolve(uow.connection, "organizations", p).id for p in partners],
            product_ids=[resolve(uow.connection, "products", p).id for p in products],
            area_id=resolve(uow.connection, "research_areas", area).id if area else None,
            types=types,
            statuses=statuses,
            country=country,
            since=day_bounds(since)[0] if since else None,
            until=day_bounds(until)[1] if until else None,
            undisclosed=undisclosed,
        )
        rows = AgreementRepository(uow.connection).list(where, limit=options.read_limit)
    return options.apply(rows, columns=AgreementRead.COLUMNS)


def agreement_detail(engine: Engine, *, agreement: str) -> AgreementDetail:
    """One agreement: its record with the names of its parties, people, areas, products and
    parent; its follow-on agreements; the projects, facilities, figures and events under it;
    every source cited."""
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "agreements", agreement)
        read, ids = DetailReader(uow.connection), [found.id]
        record = read.load("agreements", {found.slug})[found.slug]
        parent = read.names("agreements", [record["parent"]])
        parties = read.names("organizations", (p["organization"] for p in record["parties"]))
        people = read.names("people", (p["person"] for p in record["people"]))
        areas = read.names("research_areas", (a["area"] for a in record["areas"]))
        products = read.names("products", (p["product"] for p in record["products"]))
        programmes = read.names("programmes", (p["programme"] for p in record["programmes"]))
        follow_ons = sorted(read.related.referring(kind="agreements", column="parent_id", ids=ids))
        related = {
            kind: read.referring(kind, "agreement_id", ids)
            for kind in ("projects", "facilities", "figures", "events")
        }
        source_documents = read.cited_sources(record, related)
    return typed(
        AgreementDetail,
        record,
        parent_title=named(parent, record["parent"]),
        parties=[
            typed(AgreementParty, p, name=parties[p["organization"]]) for p in record["parties"]
        ],
        people=[typed(AgreementPerson, p, name=people[p["person"]]) for p in record["people"]],
        areas=[typed(AgreementArea, a, name=areas[a["area"]]) for a in record["areas"]],
        territories=[typed(AgreementTerritory, t) for t in record["territories"]],
        products=[
            typed(AgreementProduct, p, name=products[p["product"]]) for p in record["products"]
        ],
        programmes=[
            typed(AgreementProgramme, p, name=programmes[p["programme"]])
            for p in record["programmes"]
        ],
        status_history=[
            typed(StatusChangeRead, change) for change in in_order(record["status_history"])
        ],
        follow_ons=follow_ons,
        **related_records(related),
        source_documents=source_documents,
    )
