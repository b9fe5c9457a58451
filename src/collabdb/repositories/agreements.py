"""Agreements as read models, filtered in SQL.

Read through SQLAlchemy Core on the tables, in one statement: the page of agreements as a
subquery, and an outer query over it that adds each agreement's parties, people, areas and
sources as JSON built by the database (``json_sql.py``), so only the page's agreements read
their related rows. Loading ORM entities (with their relationships) cost ~20× the SQL itself for
a 50-agreement page, and one statement per related collection cost more in SQLAlchemy and
Python than in SQLite (docs/performance.md); the read model needs rows only.

A page (``limit``) filtered by partner or area has two plans, and the better one depends on how
many agreements match. A few matches are found through their link rows and sorted. Many matches
(an area of a million deals) are found by walking the listing-order index and testing each
agreement, which stops at the limit instead of sorting every match. One cheap statement counts
each filter's link rows, capped, and picks the plan (``_walks_listing_order``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from math import isqrt
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    bindparam,
    case,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)

from collabdb import tables as t
from collabdb.repositories.json_sql import among, decoded, json_documents, json_rows
from collabdb.repositories.names import subtree_ids
from collabdb.schemas.reads import AgreementPersonRead, AgreementRead, CitationRead, PartyRead
from collabdb.values import date_precision

_agreements = t.agreements
_parties = t.agreement_parties
_people_links = t.agreement_people
_area_links = t.agreement_areas
_territories = t.agreement_territories
_organizations = t.organizations
_people = t.people
_areas = t.research_areas
_citations = t.citations
_sources = t.sources


@dataclass(frozen=True)
class AgreementFilter:
    """Conditions that all hold. A partner (an organization id) matches through its units and
    subsidiaries too, an area (a research-area id) through its sub-areas."""

    partner_ids: Sequence[int] = ()
    area_id: int | None = None
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


def _conditions(where: AgreementFilter) -> tuple[str, ...]:
    """The filter's conditions on related rows, in order: each partner, the area, the country."""
    areas = ("area",) if where.area_id is not None else ()
    return ("party",) * len(where.partner_ids) + areas + (("country",) if where.country else ())


def _link_ids(where: AgreementFilter) -> dict[str, int]:
    """The organization or area id of each partner and area condition, bound as ``tree_<n>``."""
    ids = [*where.partner_ids, *([where.area_id] if where.area_id is not None else [])]
    return {f"tree_{number}": record_id for number, record_id in enumerate(ids)}


def _parameters(where: AgreementFilter, limit: int | None) -> dict[str, Any]:
    """The filter's values, bound by name into its statements (absent ones are left out)."""
    values: dict[str, Any] = {
        "types": list(where.types),
        "country": where.country,
        "since": where.since,
        "since_year": where.since[:4] if where.since else None,
        "until": where.until,
    }
    bound = _link_ids(where) | {k: v for k, v in values.items() if v}
    return bound if limit is None else bound | {"limit": limit}


def _links(condition: str, number: int) -> list[Select[Any]]:
    """The link rows that satisfy a condition, as selects of their agreement id (uncorrelated)."""
    if condition == "country":
        country = bindparam("country", type_=String)
        return [
            select(_parties.c.agreement_id)
            .join(_organizations, _organizations.c.id == _parties.c.organization_id)
            .where(_organizations.c.country == country),
            select(_territories.c.agreement_id).where(
                _territories.c.country == country, _territories.c.scope == "included"
            ),
        ]
    # The record's subtree is a subquery of the statement: binding its ids instead took a
    # statement of its own, and an expanding IN renders the statement's SQL anew on each run.
    if condition == "party":
        column, kind = _parties.c.organization_id, "organizations"
    else:
        column, kind = _area_links.c.research_area_id, "research_areas"
    holds = column.in_(subtree_ids(kind, f"tree_{number}"))
    return [select(column.table.c.agreement_id).where(holds)]


def _satisfies(condition: str, number: int, *, walk: bool) -> ColumnElement[bool]:
    """The agreement has a link row satisfying the condition: as ``id IN (links)``, which SQLite
    drives from the links (then sorts), or as a correlated EXISTS, tested per agreement while
    the listing-order index is walked."""
    links = _links(condition, number)
    if walk:
        return or_(*(s.where(s.selected_columns[0] == _agreements.c.id).exists() for s in links))
    return or_(*(_agreements.c.id.in_(s) for s in links))


def _matching(
    where: AgreementFilter,
    *,
    limit: int | None = None,
    walk: bool = False,
    postgresql: bool = False,
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement listing the page for ``where`` (``_listed_statement``) and the values to
    bind into it."""
    values = _parameters(where, limit)
    shape = (_conditions(where), frozenset(values), where.undisclosed, walk, postgresql)
    return _listed_statement(*shape), values


@cache
def _page_statement(
    conditions: tuple[str, ...],
    bound: frozenset[str],
    undisclosed: bool,
    walk: bool,
    postgresql: bool,
) -> Select[Any]:
    """The agreements' own columns, filtered and in listing order (date, then slug); ``walk``
    tests the conditions on related rows per agreement (see the module docstring). Built once
    per shape of filter: building a statement costs about what running it does on a page."""
    date = agreement_date()
    query = select(_agreements)
    for number, condition in enumerate(conditions):
        query = query.where(_satisfies(condition, number, walk=walk))
    if "types" in bound:
        query = query.where(among(_agreements.c.agreement_type, "types"))
    order: list[ColumnElement[Any]] = [date.is_(None), date, _agreements.c.slug]
    if "since" in bound:
        # A date whose period ends on or after --since is not undated and is of --since's year
        # or later: said so, the page reads the listing index from that year on, in order
        # (without the first two terms SQLite would read the index from the oldest date).
        query = query.where(
            date.is_(None) == false(),
            date >= bindparam("since_year"),
            period_end(date) >= bindparam("since"),
        )
        # SQLite sees the "undated" term fixed by the condition and reads the index in order
        # only when the ORDER BY leaves it out. PostgreSQL rewrites the condition as IS NOT
        # NULL and matches the index (without a sort) only when the ORDER BY keeps it.
        if not postgresql:
            order = order[1:]
    if "until" in bound:
        query = query.where(date <= bindparam("until"))
    if undisclosed:
        query = query.where(_agreements.c.financial_terms == "not_disclosed")
    query = query.order_by(*order)
    return query.limit(bindparam("limit")) if "limit" in bound else query


class AgreementRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def list(self, where: AgreementFilter, *, limit: int | None = None) -> list[AgreementRead]:
        """Matching agreements by date (then slug); ``limit`` applies in SQL."""
        walk = limit is not None and _walks_listing_order(self.connection, where, limit)
        postgresql = self.connection.dialect.name == "postgresql"
        statement = _matching(where, limit=limit, walk=walk, postgresql=postgresql)
        rows = self.connection.execute(*statement).all()
        return [_read(row) for row in rows]


# Link rows counted per filter at most, to choose the plan: bounds the cost of the count itself.
DENSITY_CAP = 5_000
# Measured on SQLite (docs/performance.md): testing one agreement of the walk costs about 0.4 of
# what finding and sorting one match costs. Walking pays limit × agreements / matches tests,
# sorting pays one unit per match: the walk wins above sqrt(0.4 × limit × agreements) matches.
WALK_COST_RATIO = 0.4


def _walks_listing_order(connection: Connection, where: AgreementFilter, limit: int) -> bool:
    """Whether every partner, area and country condition matches so many agreements that
    walking the listing order to the limit beats sorting the matches (a count of each, capped)."""
    conditions = _conditions(where)
    if not conditions:
        return False
    values = _parameters(where, None)  # the names the statement does not use are ignored
    agreements, *matches = connection.execute(_density_statement(conditions), values).one()
    threshold = min(DENSITY_CAP, isqrt(int(WALK_COST_RATIO * limit * (agreements or 0))))
    return all(found >= max(threshold, 1) for found in matches)


@cache
def _density_statement(conditions: tuple[str, ...]) -> Select[Any]:
    """max(id) of agreements (it stands in for their number, read from the index), then the
    capped count of each condition's link rows; built once per shape like the page statement."""
    counts = []
    for number, condition in enumerate(conditions):
        links = _links(condition, number)
        capped = (union_all(*links) if len(links) > 1 else links[0]).limit(DENSITY_CAP)
        counts.append(select(func.count()).select_from(capped.subquery()).scalar_subquery())
    return select(func.max(_agreements.c.id), *counts)


_acting_for = _organizations.alias("acting_for")


def _related(agreement_id: ColumnElement[int]) -> ColumnElement[Any]:
    """The agreement's parties, people, areas and citations: one JSON array holding a JSON
    array of rows for each (correlated subqueries on ``agreement_id``)."""
    parties = (
        select(json_rows(_organizations.c.slug, _organizations.c.name, _parties.c.role))
        .join_from(_parties, _organizations, _organizations.c.id == _parties.c.organization_id)
        .where(_parties.c.agreement_id == agreement_id)
    )
    people = (
        select(json_rows(_people.c.slug, _people.c.name, _people_links.c.role, _acting_for.c.slug))
        .join_from(_people_links, _people, _people.c.id == _people_links.c.person_id)
        .outerjoin(_acting_for, _acting_for.c.id == _people_links.c.organization_id)
        .where(_people_links.c.agreement_id == agreement_id)
    )
    areas = (
        select(json_rows(_areas.c.name))
        .join_from(_area_links, _areas, _areas.c.id == _area_links.c.research_area_id)
        .where(_area_links.c.agreement_id == agreement_id)
    )
    # A source cited for the agreement and for one of its parties is listed once (_read).
    citations = (
        select(json_rows(_sources.c.slug, _citations.c.paragraph))
        .join_from(_citations, _sources, _sources.c.id == _citations.c.source_id)
        .where(_citations.c.agreement_id == agreement_id)
    )
    collections = (parties, people, areas, citations)
    return json_documents(*(query.scalar_subquery() for query in collections))


@cache
def _listed_statement(
    conditions: tuple[str, ...],
    bound: frozenset[str],
    undisclosed: bool,
    walk: bool,
    postgresql: bool,
) -> Select[Any]:
    """The page's agreements in listing order, each with its related collections.

    The collections are computed in an outer query over the page, so only the agreements on
    the page pay for them, never every match the page was sorted or walked from."""
    page = _page_statement(conditions, bound, undisclosed, walk, postgresql)
    listed = page.add_columns(agreement_date().label("listed_on")).subquery("page")
    date = listed.c.listed_on
    columns = [listed.c[name] for name in _LISTED_COLUMNS]
    return select(*columns, _related(listed.c.id)).order_by(date.is_(None), date, listed.c.slug)


# The agreement's own columns a listed row holds, in order (then its related collections).
_LISTED_COLUMNS = (
    "slug",
    "agreement_type",
    "title",
    "status",
    "announced_on",
    "signed_on",
    "financial_terms",
    "unnamed_parties",
    "summary",
)


# The order of a listed agreement's collections (the database gives them in no set order).
_PARTY_ORDER = itemgetter(1, 0)  # name, then slug
_PERSON_ORDER = itemgetter(1, 2)  # name, then role


def _citation_order(citation: Sequence[Any]) -> tuple[str, int]:
    return citation[0], citation[1] or 0  # source, then paragraph (none first)


def _read(row: Any) -> AgreementRead:
    """A listed row (``_LISTED_COLUMNS``, then the related collections) as a read model.

    Built for every listed agreement, so written for speed: collections of one row are not
    sorted, and the decoded lists are sorted in place (they are this row's own)."""
    slug, kind, title, status, announced_on, signed_on, terms, unnamed, summary, related = row
    parties, people, areas, citations = decoded(related)
    date, date_kind = (signed_on, "signed") if signed_on else (announced_on, "announced")
    if len(parties) > 1:
        parties.sort(key=_PARTY_ORDER)
    if len(people) > 1:
        people.sort(key=_PERSON_ORDER)
    # A source cited for the agreement and for one of its parties is listed once.
    if len(citations) > 1:
        citations = sorted(set(map(tuple, citations)), key=_citation_order)
    return AgreementRead(
        slug=slug,
        type=kind,
        title=title,
        status=status,
        date=date,
        date_precision=date_precision(date) if date else None,
        date_kind=date_kind if date else None,
        financial_terms=terms,
        parties=[PartyRead(organization=o, name=n, role=r) for o, n, r in parties],
        unnamed_parties=unnamed,
        people=[
            AgreementPersonRead(person=p, name=n, role=r, organization=acting_for)
            for p, n, r, acting_for in people
        ],
        areas=sorted([name for (name,) in areas]),
        sources=[CitationRead(source=s, paragraph=p) for s, p in citations],
        summary=summary,
    )
