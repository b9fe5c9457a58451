"""Agreements as read models, filtered in SQL.

Read through SQLAlchemy Core on the tables: one query for the page of agreements, then one per
related collection for that page. Loading ORM entities (with their relationships) cost ~20× the
SQL itself for a 50-agreement page (docs/performance.md), and the read model needs rows only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, literal, or_, select
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


def _matching(where: AgreementFilter) -> Select[Any]:
    """The agreements' own columns, filtered and in listing order (date, then slug)."""
    agreement_id = _agreements.c.id
    date = agreement_date()
    query = select(_agreements)
    for organization_ids in where.party_sets:
        query = query.where(
            agreement_id.in_(
                select(_parties.c.agreement_id).where(
                    _parties.c.organization_id.in_(list(organization_ids))
                )
            )
        )
    if where.area_ids is not None:
        query = query.where(
            agreement_id.in_(
                select(_area_links.c.agreement_id).where(
                    _area_links.c.research_area_id.in_(list(where.area_ids))
                )
            )
        )
    if where.types:
        query = query.where(_agreements.c.agreement_type.in_(list(where.types)))
    if where.country:
        query = query.where(
            or_(
                agreement_id.in_(
                    select(_parties.c.agreement_id)
                    .join(_organizations, _organizations.c.id == _parties.c.organization_id)
                    .where(_organizations.c.country == where.country)
                ),
                agreement_id.in_(
                    select(_territories.c.agreement_id).where(
                        _territories.c.country == where.country,
                        _territories.c.scope == "included",
                    )
                ),
            )
        )
    if where.since:
        query = query.where(period_end(date) >= where.since)
    if where.until:
        query = query.where(date <= where.until)
    if where.undisclosed:
        query = query.where(_agreements.c.financial_terms == "not_disclosed")
    return query.order_by(date.is_(None), date, _agreements.c.slug)


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, where: AgreementFilter, *, limit: int | None = None) -> list[AgreementRead]:
        """Matching agreements by date (then slug); ``limit`` applies in SQL."""
        query = _matching(where)
        if limit is not None:
            query = query.limit(limit)
        agreements = self.session.execute(query).mappings().all()
        ids = [row["id"] for row in agreements]
        related = {name: _grouped(self.session, ids, rows) for name, rows in _RELATED.items()}
        return [
            _read(row, **{name: rows[row["id"]] for name, rows in related.items()})
            for row in agreements
        ]


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
