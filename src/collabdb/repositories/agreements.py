"""Agreements as read models, filtered in SQL.

Read through SQLAlchemy Core on the tables, in one statement: the page of agreements as a
subquery, and an outer query over it that adds each agreement's parties, people, areas and
sources as JSON built by the database (``json_sql.py``), so only the page's agreements read
their related rows. Loading ORM entities (with their relationships) cost ~20× the SQL itself for
a 50-agreement page, and one statement per related collection cost more in SQLAlchemy and
Python than in SQLite (docs/performance.md); the read model needs rows only.

Which agreements the page holds, and which plan finds them, is ``agreement_filter.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import starmap
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, select

from collabdb import tables as t
from collabdb.repositories.agreement_filter import (
    AgreementFilter,
    PageShape,
    Plan,
    filter_parameters,
    page_shape,
    page_statement,
)
from collabdb.repositories.compiled_once import run_compiled
from collabdb.repositories.json_sql import decoded, json_documents, json_rows
from collabdb.schemas.reads import AgreementPersonRead, AgreementRead, CitationRead, PartyRead
from collabdb.values import date_precision

__all__ = ["AgreementFilter", "AgreementRepository"]


def _matching(
    where: AgreementFilter,
    *,
    limit: int | None = None,
    plan: Plan | None = None,
    postgresql: bool = False,
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement listing the page for ``where`` (``_listed_statement``) and the values to
    bind into it; ``plan`` forces one of the page's plans (``page_shape``)."""
    values = filter_parameters(where, limit)
    return _listed_statement(page_shape(where, values, plan=plan, postgresql=postgresql)), values


class AgreementRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def list(self, where: AgreementFilter, *, limit: int | None = None) -> list[AgreementRead]:
        """Matching agreements by date (then slug); ``limit`` applies in SQL."""
        postgresql = self.connection.dialect.name == "postgresql"
        statement = _matching(where, limit=limit, postgresql=postgresql)
        rows = run_compiled(self.connection, *statement).all()
        return [_read(row) for row in rows]


_acting_for = t.organizations.alias("acting_for")


def _related(agreement_id: ColumnElement[int]) -> ColumnElement[Any]:
    """The agreement's parties, people, areas and citations: one JSON array holding a JSON
    array of rows for each (correlated subqueries on ``agreement_id``)."""

    def linked(link: Table, target: Table, key: str, *shown: Any) -> Select[Any]:
        """The ``shown`` columns, as JSON rows, of the agreement's rows of ``link``, each
        joined to the row of ``target`` its column ``key`` names."""
        joined = select(json_rows(*shown)).join_from(link, target, target.c.id == link.c[key])
        return joined.where(link.c.agreement_id == agreement_id)

    org, person, area, source = t.organizations, t.people, t.research_areas, t.sources
    party, participant = t.agreement_parties, t.agreement_people
    parties = linked(party, org, "organization_id", org.c.slug, org.c.name, party.c.role)
    shown = (person.c.slug, person.c.name, participant.c.role, _acting_for.c.slug)
    people = linked(participant, person, "person_id", *shown).outerjoin(
        _acting_for, _acting_for.c.id == participant.c.organization_id
    )
    areas = linked(t.agreement_areas, area, "research_area_id", area.c.name)
    # A source cited for the agreement and for one of its parties is listed once (_read).
    citations = linked(t.citations, source, "source_id", source.c.slug, t.citations.c.paragraph)
    collections = (parties, people, areas, citations)
    return json_documents(*(query.scalar_subquery() for query in collections))


@cache
def _listed_statement(shape: PageShape) -> Select[Any]:
    """The page's agreements in listing order, each with its related collections.

    The collections are computed in an outer query over the page, so only the agreements on
    the page pay for them, never every match the page was sorted or walked from."""
    page = page_statement(shape)
    date = page.c.listed_on
    columns = [page.c[name] for name in _LISTED_COLUMNS]
    return select(*columns, _related(page.c.id)).order_by(date.is_(None), date, page.c.slug)


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
    sorted, the decoded lists are sorted in place (they are this row's own), and the models of
    the collections are built from each JSON row's values (``row_model``: the rows hold their
    model's fields in order)."""
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
        parties=list(starmap(PartyRead, parties)),
        unnamed_parties=unnamed,
        people=list(starmap(AgreementPersonRead, people)),
        areas=sorted([name for (name,) in areas]),
        sources=list(starmap(CitationRead, citations)),
        summary=summary,
    )
