"""Agreements as read models, filtered in SQL.

Read through SQLAlchemy Core on the tables: one query for the page of agreements, then one per
related collection for that page. Loading ORM entities (with their relationships) cost ~20× the
SQL itself for a 50-agreement page (docs/performance.md), and the read model needs rows only.

A page (``limit``) filtered by partner or area has two plans, and the better one depends on how
many agreements match. A few matches are found through their link rows and sorted. Many matches
(an area of a million deals) are found by walking the listing-order index and testing each
agreement, which stops at the limit instead of sorting every match. One cheap statement counts
each filter's link rows, capped, and picks the plan (``_walks_listing_order``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from math import isqrt
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Select,
    String,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session

from collabdb import models as m
from collabdb.models.base import table_of
from collabdb.repositories.records import chunked
from collabdb.schemas.reads import AgreementPersonRead, AgreementRead, CitationRead, PartyRead

_agreements = table_of(m.Agreement)
_parties = table_of(m.AgreementParty)
_people_links = table_of(m.AgreementPerson)
_area_links = table_of(m.AgreementArea)
_territories = table_of(m.AgreementTerritory)
_organizations = table_of(m.Organization)
_people = table_of(m.Person)
_areas = table_of(m.ResearchArea)
_citations = table_of(m.Citation)
_sources = table_of(m.Source)


@dataclass(frozen=True)
class AgreementFilter:
    """Conditions that all hold. Ids are organization or research-area ids (with subtrees)."""

    party_sets: Sequence[Sequence[int]] = ()
    area_ids: Sequence[int] | None = None
    types: Sequence[str] = ()
    country: str | None = None
    since: str | None = None  # first day (YYYY-MM-DD) of the --since period
    until: str | None = None  # last day (YYYY-MM-DD) of the --until period
    undisclosed: bool = False


def agreement_date() -> ColumnElement[str]:
    """The date an agreement is listed under: signed, else announced."""
    return func.coalesce(_agreements.c.signed_on, _agreements.c.announced_on)


def period_end(date: ColumnElement[str]) -> ColumnElement[str]:
    """The last day a partial date can mean, as a comparable string (day 31 bounds any month)."""
    return case(
        (func.length(date) == 4, date + literal("-12-31")),
        (func.length(date) == 7, date + literal("-31")),
        else_=date,
    )


# The link tables a partner or an area condition goes through, by the column it filters on.
_LINK_COLUMNS: dict[str, Column[int]] = {
    "agreement_parties": _parties.c.organization_id,
    "agreement_areas": _area_links.c.research_area_id,
}


def _link_filters(where: AgreementFilter) -> list[tuple[str, Sequence[int]]]:
    """Each partner or area condition as (link table, the ids one of its rows must hold)."""
    filters: list[tuple[str, Sequence[int]]] = [
        ("agreement_parties", ids) for ids in where.party_sets
    ]
    if where.area_ids is not None:
        filters.append(("agreement_areas", where.area_ids))
    return filters


def _link_ids(filters: Sequence[tuple[str, Sequence[int]]]) -> dict[str, list[int]]:
    return {f"ids_{number}": list(ids) for number, (_, ids) in enumerate(filters)}


def _parameters(where: AgreementFilter, limit: int | None) -> dict[str, Any]:
    """The filter's values, bound by name into its page statement (absent ones are left out)."""
    values: dict[str, Any] = {
        "types": list(where.types),
        "country": where.country,
        "since": where.since,
        "until": where.until,
    }
    bound = _link_ids(_link_filters(where)) | {k: v for k, v in values.items() if v}
    return bound if limit is None else bound | {"limit": limit}


def _linked(number: int, table: str, *, correlated: bool) -> ColumnElement[bool]:
    """The agreement has a link row holding one of the ids bound as ``ids_<number>``: as
    ``id IN (links)``, which SQLite drives from the links (then sorts), or as a correlated
    EXISTS, tested per agreement while the listing-order index is walked."""
    column = _LINK_COLUMNS[table]
    link_agreement = column.table.c.agreement_id
    holds = column.in_(bindparam(f"ids_{number}", expanding=True))
    if correlated:
        return exists().where(link_agreement == _agreements.c.id, holds)
    return _agreements.c.id.in_(select(link_agreement).where(holds))


def _matching(
    where: AgreementFilter, *, limit: int | None = None, walk: bool = False
) -> tuple[Select[Any], dict[str, Any]]:
    """The page statement for ``where`` and the values to bind into it."""
    values = _parameters(where, limit)
    tables = tuple(table for table, _ in _link_filters(where))
    statement = _page_statement(tables, frozenset(values), where.undisclosed, walk)
    return statement, values


@cache
def _page_statement(
    link_tables: tuple[str, ...], bound: frozenset[str], undisclosed: bool, walk: bool
) -> Select[Any]:
    """The agreements' own columns, filtered and in listing order (date, then slug); ``walk``
    tests the partner and area conditions per agreement (see the module docstring). Built once
    per shape of filter: building a statement costs about what running it does on a page."""
    agreement_id = _agreements.c.id
    date = agreement_date()
    query = select(_agreements)
    for number, table in enumerate(link_tables):
        query = query.where(_linked(number, table, correlated=walk))
    if "types" in bound:
        query = query.where(_agreements.c.agreement_type.in_(bindparam("types", expanding=True)))
    if "country" in bound:
        country = bindparam("country", type_=String)
        query = query.where(
            or_(
                agreement_id.in_(
                    select(_parties.c.agreement_id)
                    .join(_organizations, _organizations.c.id == _parties.c.organization_id)
                    .where(_organizations.c.country == country)
                ),
                agreement_id.in_(
                    select(_territories.c.agreement_id).where(
                        _territories.c.country == country,
                        _territories.c.scope == "included",
                    )
                ),
            )
        )
    if "since" in bound:
        query = query.where(period_end(date) >= bindparam("since"))
    if "until" in bound:
        query = query.where(date <= bindparam("until"))
    if undisclosed:
        query = query.where(_agreements.c.financial_terms == "not_disclosed")
    query = query.order_by(date.is_(None), date, _agreements.c.slug)
    return query.limit(bindparam("limit")) if "limit" in bound else query


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, where: AgreementFilter, *, limit: int | None = None) -> list[AgreementRead]:
        """Matching agreements by date (then slug); ``limit`` applies in SQL."""
        walk = limit is not None and _walks_listing_order(self.session, where, limit)
        statement, values = _matching(where, limit=limit, walk=walk)
        agreements = self.session.execute(statement, values).mappings().all()
        ids = [row["id"] for row in agreements]
        related = {name: _grouped(self.session, ids, rows) for name, rows in _RELATED.items()}
        return [
            _read(row, **{name: rows[row["id"]] for name, rows in related.items()})
            for row in agreements
        ]


# Link rows counted per filter at most, to choose the plan: bounds the cost of the count itself.
DENSITY_CAP = 5_000
# Measured on SQLite (docs/performance.md): testing one agreement of the walk costs about 0.4 of
# what finding and sorting one match costs. Walking pays limit × agreements / matches tests,
# sorting pays one unit per match: the walk wins above sqrt(0.4 × limit × agreements) matches.
WALK_COST_RATIO = 0.4


def _walks_listing_order(session: Session, where: AgreementFilter, limit: int) -> bool:
    """Whether every partner and area condition matches so many agreements that walking the
    listing order to the limit beats sorting the matches (a count of each, capped)."""
    filters = _link_filters(where)
    if not filters:
        return False
    statement = _density_statement(tuple(table for table, _ in filters))
    agreements, *matches = session.execute(statement, _link_ids(filters)).one()
    threshold = min(DENSITY_CAP, isqrt(int(WALK_COST_RATIO * limit * (agreements or 0))))
    return all(found >= max(threshold, 1) for found in matches)


@cache
def _density_statement(link_tables: tuple[str, ...]) -> Select[Any]:
    """max(id) of agreements (it stands in for their number, read from the index), then the
    capped count of each filter's link rows; built once per shape like the statements below."""
    counts = []
    for number, table in enumerate(link_tables):
        column = _LINK_COLUMNS[table]
        linked = column.in_(bindparam(f"ids_{number}", expanding=True))
        capped = select(column).where(linked).limit(DENSITY_CAP).subquery()
        counts.append(select(func.count()).select_from(capped).scalar_subquery())
    return select(func.max(_agreements.c.id), *counts)


def _for_agreements(query: Select[Any], agreement_id: ColumnElement[int]) -> Select[Any]:
    """A related-rows statement for a page of agreements (ids bound at execution)."""
    return query.where(agreement_id.in_(bindparam("ids", expanding=True)))


_acting_for = _organizations.alias("acting_for")
# Built once: constructing a statement costs more than running it on a page of 50.
_RELATED: dict[str, Select[Any]] = {
    "parties": _for_agreements(
        select(
            _parties.c.agreement_id, _organizations.c.slug, _organizations.c.name, _parties.c.role
        ).join(_organizations, _organizations.c.id == _parties.c.organization_id),
        _parties.c.agreement_id,
    ),
    "people": _for_agreements(
        select(
            _people_links.c.agreement_id,
            _people.c.slug,
            _people.c.name,
            _people_links.c.role,
            _acting_for.c.slug,
        )
        .join(_people, _people.c.id == _people_links.c.person_id)
        .outerjoin(_acting_for, _acting_for.c.id == _people_links.c.organization_id),
        _people_links.c.agreement_id,
    ),
    "areas": _for_agreements(
        select(_area_links.c.agreement_id, _areas.c.name).join(
            _areas, _areas.c.id == _area_links.c.research_area_id
        ),
        _area_links.c.agreement_id,
    ),
    "citations": _for_agreements(
        select(_citations.c.agreement_id, _sources.c.slug, _citations.c.paragraph)
        .join(_sources, _sources.c.id == _citations.c.source_id)
        .distinct(),
        _citations.c.agreement_id,
    ),
}


def _grouped(
    session: Session, ids: Sequence[int], statement: Select[Any]
) -> defaultdict[int, list[tuple[Any, ...]]]:
    """Rows of a related table for a page of agreements, by agreement id."""
    grouped: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for chunk in chunked(ids):
        for owner, *values in session.execute(statement, {"ids": chunk}).all():
            grouped[owner].append(tuple(values))
    return grouped


def _read(
    agreement: Any,
    *,
    parties: Iterable[tuple[Any, ...]],
    people: Iterable[tuple[Any, ...]],
    areas: Iterable[tuple[Any, ...]],
    citations: Iterable[tuple[Any, ...]],
) -> AgreementRead:
    return AgreementRead(
        slug=agreement["slug"],
        type=agreement["agreement_type"],
        title=agreement["title"],
        status=agreement["status"],
        **AgreementRead.dated(
            announced_on=agreement["announced_on"], signed_on=agreement["signed_on"]
        ),
        financial_terms=agreement["financial_terms"],
        parties=[
            PartyRead(organization=slug, name=name, role=role)
            for slug, name, role in sorted(parties, key=lambda p: (p[1], p[0]))
        ],
        unnamed_parties=agreement["unnamed_parties"],
        people=[
            AgreementPersonRead(person=slug, name=name, role=role, organization=organization)
            for slug, name, role, organization in sorted(people, key=lambda p: (p[1], p[2]))
        ],
        areas=sorted(name for (name,) in areas),
        sources=[
            CitationRead(source=source, paragraph=paragraph)
            for source, paragraph in sorted(citations, key=lambda c: (c[0], c[1] or 0))
        ],
        summary=agreement["summary"],
    )
