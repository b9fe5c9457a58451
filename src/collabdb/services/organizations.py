"""Organizations: the `orgs` list (a page read in SQL, ``repositories/listing.py``) and one
organization with its units and everything around them."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.kinds import Record
from collabdb.repositories import listing
from collabdb.schemas.details import (
    OrganizationDetail,
    OrganizationRelationRead,
    OrganizationUnit,
    OtherName,
    PartyToAgreement,
    PositionHolder,
    ResearchInterest,
)
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import OrganizationRow
from collabdb.schemas.reads import from_stored
from collabdb.services.detail_reader import (
    DetailReader,
    agreement_summary,
    named,
    related_records,
    typed,
)
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import organizations_under, resolve
from collabdb.unit_of_work import UnitOfWork


def list_organizations(
    engine: Engine,
    *,
    kind: str | None = None,
    country: str | None = None,
    parent: str | None = None,
    options: ListOptions = EVERY_ROW,
) -> ListResult[OrganizationRow]:
    """Organizations by slug; ``parent`` lists what is under it (its units, not itself)."""
    with UnitOfWork(engine) as uow:
        under = organizations_under(uow.connection, parent)
        stored = listing.organization_rows(
            uow.connection, kind=kind, country=country, under=under, limit=options.read_limit
        )
    rows = [from_stored(OrganizationRow, found) for found in stored]
    return options.apply(rows, columns=OrganizationRow.COLUMNS)


def organization_detail(engine: Engine, *, organization: str) -> OrganizationDetail:
    """One organization: its record with the names of its parent and research areas; its units;
    the positions held, the agreements joined, the facilities owned, the figures, programmes
    and events of it or of its units; every source cited."""
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "organizations", organization)
        read = DetailReader(uow.connection)
        ids = read.named.with_descendants("organizations", found.id)
        organizations = read.load("organizations", read.named.slugs_of("organizations", ids))
        subtree, slug = set(organizations), found.slug
        record = organizations[slug]
        parent = read.names("organizations", [record["parent"]])
        areas = read.names("research_areas", (i["area"] for i in record["interests"]))
        people = _positions_at(read, ids, subtree)
        relations = _relations_of(read, ids)
        agreements = _agreements_with(read, ids, subtree)
        related = {
            field: read.referring(kind, column, ids)
            for field, kind, column in (
                ("facilities", "facilities", "owner_id"),
                ("figures", "figures", "organization_id"),
                ("programmes", "programmes", "owner_id"),
                ("events", "events", "organization_id"),
            )
        }
        source_documents = read.cited_sources(record, people, relations, related)
    return typed(
        OrganizationDetail,
        record,
        parent_name=named(parent, record["parent"]),
        names=[typed(OtherName, n) for n in record["names"]],
        interests=[
            typed(ResearchInterest, i, area_name=areas[i["area"]]) for i in record["interests"]
        ],
        units=[typed(OrganizationUnit, organizations[s]) for s in sorted(subtree - {slug})],
        relations=relations,
        people=[typed(PositionHolder, p) for p in people],
        agreements=agreements,
        **related_records(related),
        source_documents=source_documents,
    )


def _relations_of(read: DetailReader, ids: list[int]) -> list[OrganizationRelationRead]:
    """Every relation one of the organizations has to another, or another has to it."""
    found = {
        record["slug"]: record
        for column in ("organization_id", "other_organization_id")
        for record in read.referring("relations", column, ids)
    }
    names = read.names(
        "organizations", (r[end] for r in found.values() for end in ("organization", "other"))
    )
    return [
        typed(
            OrganizationRelationRead,
            record,
            organization_name=names[record["organization"]],
            other_name=names[record["other"]],
        )
        for _, record in sorted(found.items())
    ]


def _positions_at(read: DetailReader, ids: list[int], subtree: set[str]) -> list[Record]:
    """Every position held at one of the organizations, with its holder (as records: their
    citations count among the detail's sources)."""
    held = read.children_linked(
        kind="people", child="positions", column="organization_id", ids=ids, to=subtree
    )
    return [{"person": slug, "name": person["name"], **position} for slug, person, position in held]


def _agreements_with(
    read: DetailReader, ids: list[int], subtree: set[str]
) -> list[PartyToAgreement]:
    """Every agreement one of the organizations is a party to, once per such party."""
    parties = read.children_linked(
        kind="agreements", child="parties", column="organization_id", ids=ids, to=subtree
    )
    return [
        PartyToAgreement(
            **agreement_summary(slug, agreement),
            as_party=party["organization"],
            role=party["role"],
            financial_terms=agreement["financial_terms"],
        )
        for slug, agreement, party in parties
    ]
