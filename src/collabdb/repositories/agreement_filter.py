"""Which agreements a filter matches: the page statement, and which of its two plans to use.

A page (``limit``) filtered by partner or area has two plans, and the better one depends on how
many agreements match. A few matches are found through their link rows and sorted. Many matches
(an area of a million deals) are found by walking the listing-order index and testing each
agreement, which stops at the limit instead of sorting every match. The page statement holds
both plans, and a capped count of each filter's link rows, computed once inside it, picks the
one that runs (``plan_guard``): a statement of its own for the count cost more in SQLAlchemy
and Python than in the database.

``agreements.py`` wraps the page in the statement that lists it with its related rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    ScalarSelect,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    case,
    false,
    func,
    or_,
    select,
    union_all,
)

from collabdb import tables as t
from collabdb.repositories.json_sql import among
from collabdb.repositories.names import subtree_ids
from collabdb.repositories.period_filter import period_end


@dataclass(frozen=True)
class AgreementFilter:
    """Conditions that all hold. A partner (an organization id) matches through its units and
    subsidiaries too, an area (a research-area id) through its sub-areas; a product (a
    product id) through the agreement's product links."""

    partner_ids: Sequence[int] = ()
    product_ids: Sequence[int] = ()
    area_id: int | None = None
    types: Sequence[str] = ()
    statuses: Sequence[str] = ()
    country: str | None = None
    since: str | None = None  # first day (YYYY-MM-DD) of the --since period
    until: str | None = None  # last day (YYYY-MM-DD) of the --until period
    undisclosed: bool = False


def agreement_date() -> ColumnElement[str]:
    """The date an agreement is listed under: signed, else announced."""
    return func.coalesce(t.agreements.c.signed_on, t.agreements.c.announced_on)


def filter_conditions(where: AgreementFilter) -> tuple[str, ...]:
    """The filter's conditions on related rows, in order: each partner, each product, the area,
    the country."""
    areas = ("area",) if where.area_id is not None else ()
    linked = ("party",) * len(where.partner_ids) + ("product",) * len(where.product_ids)
    return linked + areas + (("country",) if where.country else ())


def _link_ids(where: AgreementFilter) -> dict[str, int]:
    """The organization, product or area id of each partner, product and area condition, bound
    as ``tree_<n>`` (a product's tree is the product alone)."""
    area = [where.area_id] if where.area_id is not None else []
    ids = [*where.partner_ids, *where.product_ids, *area]
    return {f"tree_{number}": record_id for number, record_id in enumerate(ids)}


def filter_parameters(where: AgreementFilter, limit: int | None) -> dict[str, Any]:
    """The filter's values, bound by name into its statements (absent ones are left out)."""
    values: dict[str, Any] = {
        "types": list(where.types),
        "statuses": list(where.statuses),
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
            select(t.agreement_parties.c.agreement_id)
            .join(t.organizations, t.organizations.c.id == t.agreement_parties.c.organization_id)
            .where(t.organizations.c.country == country),
            select(t.agreement_territories.c.agreement_id).where(
                t.agreement_territories.c.country == country,
                t.agreement_territories.c.scope == "included",
            ),
        ]
    if condition == "product":
        links = t.agreement_products
        chosen = bindparam(f"tree_{number}", type_=Integer)
        return [select(links.c.agreement_id).where(links.c.product_id == chosen)]
    # The record's subtree is a subquery of the statement: binding its ids instead took a
    # statement of its own, and an expanding IN renders the statement's SQL anew on each run.
    if condition == "party":
        column, kind = t.agreement_parties.c.organization_id, "organizations"
    else:
        column, kind = t.agreement_areas.c.research_area_id, "research_areas"
    holds = column.in_(subtree_ids(kind, f"tree_{number}"))
    return [select(column.table.c.agreement_id).where(holds)]


def _satisfies(condition: str, number: int, *, walk: bool) -> ColumnElement[bool]:
    """The agreement has a link row satisfying the condition: as ``id IN (links)``, which SQLite
    drives from the links (then sorts), or as a correlated EXISTS, tested per agreement while
    the listing-order index is walked."""
    links = _links(condition, number)
    if walk:
        return or_(*(s.where(s.selected_columns[0] == t.agreements.c.id).exists() for s in links))
    return or_(*(t.agreements.c.id.in_(s) for s in links))


# Which plan a page uses: walk the listing order, sort the matches, or either, chosen inside
# the statement by the density of its conditions (``plan_guard``).
Plan = Literal["walk", "sort", "either"]


class PageShape(NamedTuple):
    """What a page's statement depends on, besides the values bound into it: statements are
    built once per shape (building one costs about what running it does on a page)."""

    conditions: tuple[str, ...]  # filter_conditions
    bound: frozenset[str]  # the names of the values bound (filter_parameters)
    undisclosed: bool
    plan: Plan
    postgresql: bool


def page_shape(
    where: AgreementFilter, values: dict[str, Any], *, plan: Plan | None, postgresql: bool
) -> PageShape:
    """The shape of ``where``'s page, whose values to bind are ``values``. Without a ``plan``,
    a page (a limit) with partner, area or country conditions chooses it in SQL; every match
    (no limit) is found through its link rows and sorted."""
    conditions = filter_conditions(where)
    if plan is None:
        plan = "either" if conditions and "limit" in values else "sort"
    return PageShape(conditions, frozenset(values), where.undisclosed, plan, postgresql)


@cache
def page_statement(shape: PageShape) -> Subquery:
    """The page (a subquery named "page"): the agreements' own columns and their listing date
    (``listed_on``), filtered and in listing order, at most ``limit`` of them. With
    ``plan="either"`` it holds both plans ("walked" and "sorted"), and ``plan_guard`` picks
    the one that runs."""
    if shape.plan != "either":
        return _plan_statement(shape, walk=shape.plan == "walk").subquery("page")
    # The plan the guard does not pick is limited to 0 rows, and the database computes a limit
    # before it runs the plan's loop. (A constant WHERE condition would not do: SQLite tests
    # one that holds a subquery on every row.)
    walks, limit = plan_guard(shape.conditions), bindparam("limit", type_=Integer)
    walked = _plan_statement(shape, walk=True, limit=case((walks, limit), else_=0))
    found = _plan_statement(shape, walk=False, limit=case((walks, 0), else_=limit))
    arms = (select(walked.subquery("walked")), select(found.subquery("sorted")))
    return union_all(*arms).subquery("page")


def _plan_statement(
    shape: PageShape, *, walk: bool, limit: ColumnElement[int] | None = None
) -> Select[Any]:
    """The page by one plan: ``walk`` tests the conditions on related rows per agreement while
    walking the listing order (see the module docstring)."""
    conditions, bound, undisclosed, _, postgresql = shape
    date = agreement_date()
    query = select(t.agreements, date.label("listed_on"))
    for number, condition in enumerate(conditions):
        query = query.where(_satisfies(condition, number, walk=walk))
    if "types" in bound:
        query = query.where(among(t.agreements.c.agreement_type, "types"))
    if "statuses" in bound:
        query = query.where(among(t.agreements.c.status, "statuses"))
    order: list[ColumnElement[Any]] = [date.is_(None), date, t.agreements.c.slug]
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
        query = query.where(t.agreements.c.financial_terms == "not_disclosed")
    query = query.order_by(*order)
    if "limit" not in bound:
        return query
    return query.limit(bindparam("limit") if limit is None else limit)


# Link rows counted per filter at most, to choose the plan: bounds the cost of the count itself.
DENSITY_CAP = 5_000
# Measured on SQLite (docs/performance.md): testing one agreement of the walk costs about 0.4 of
# what finding and sorting one match costs. Walking pays limit × agreements / matches tests,
# sorting pays one unit per match: the walk wins above sqrt(0.4 × limit × agreements) matches.
WALK_COST_RATIO = 0.4


@cache
def plan_guard(conditions: tuple[str, ...]) -> ScalarSelect[Any]:
    """Whether every partner, area and country condition matches so many agreements that
    walking the listing order to ``limit`` beats sorting the matches: true when each capped
    count of link rows ``found`` is at least 1 and at least min(DENSITY_CAP,
    isqrt(WALK_COST_RATIO × limit × agreements)), i.e. (found + 1)² > that product.

    The counts are a common table expression, computed once for both plans' conditions;
    max(id) stands in for the number of agreements (read from the end of the index)."""
    counts = [func.max(t.agreements.c.id).label("agreements")]
    for number, condition in enumerate(conditions):
        links = _links(condition, number)
        capped = (union_all(*links) if len(links) > 1 else links[0]).limit(DENSITY_CAP)
        found = select(func.count()).select_from(capped.subquery()).scalar_subquery()
        counts.append(found.label(f"found_{number}"))
    density = select(*counts).cte("density")
    work = WALK_COST_RATIO * bindparam("limit", type_=Integer) * density.c.agreements
    dense = [
        and_(found >= 1, or_(found >= DENSITY_CAP, (found + 1) * (found + 1) > work))
        for found in (density.c[f"found_{number}"] for number in range(len(conditions)))
    ]
    return select(and_(*dense)).scalar_subquery()
