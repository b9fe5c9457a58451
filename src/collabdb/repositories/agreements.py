"""Agreements as read models, filtered in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from collabdb import models as m
from collabdb.schemas.reads import AgreementPersonRead, AgreementRead, CitationRead, PartyRead


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
    return func.coalesce(m.Agreement.signed_on, m.Agreement.announced_on)


def period_end(date: ColumnElement[str]) -> ColumnElement[str]:
    """The last day a partial date can mean, as a comparable string (day 31 bounds any month)."""
    return case(
        (func.length(date) == 4, date + literal("-12-31")),
        (func.length(date) == 7, date + literal("-31")),
        else_=date,
    )


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, where: AgreementFilter, *, limit: int | None = None) -> list[AgreementRead]:
        """Matching agreements by date (then slug); ``limit`` applies in SQL."""
        date = agreement_date()
        query = select(m.Agreement).options(
            selectinload(m.Agreement.parties).selectinload(m.AgreementParty.organization),
            selectinload(m.Agreement.areas).selectinload(m.AgreementArea.research_area),
            selectinload(m.Agreement.people).selectinload(m.AgreementPerson.person),
            selectinload(m.Agreement.people).selectinload(m.AgreementPerson.organization),
            selectinload(m.Agreement.citations).selectinload(m.Citation.source),
        )
        for organization_ids in where.party_sets:
            query = query.where(m.Agreement.id.in_(self._with_party(organization_ids)))
        if where.area_ids is not None:
            areas = select(m.AgreementArea.agreement_id).where(
                m.AgreementArea.research_area_id.in_(list(where.area_ids))
            )
            query = query.where(m.Agreement.id.in_(areas))
        if where.types:
            query = query.where(m.Agreement.agreement_type.in_(list(where.types)))
        if where.country:
            query = query.where(
                or_(
                    m.Agreement.id.in_(
                        select(m.AgreementParty.agreement_id)
                        .join(m.Organization, m.Organization.id == m.AgreementParty.organization_id)
                        .where(m.Organization.country == where.country)
                    ),
                    m.Agreement.id.in_(
                        select(m.AgreementTerritory.agreement_id).where(
                            m.AgreementTerritory.country == where.country,
                            m.AgreementTerritory.scope == "included",
                        )
                    ),
                )
            )
        if where.since:
            query = query.where(period_end(date) >= where.since)
        if where.until:
            query = query.where(date <= where.until)
        if where.undisclosed:
            query = query.where(m.Agreement.financial_terms == "not_disclosed")
        query = query.order_by(date.is_(None), date, m.Agreement.slug)
        if limit is not None:
            query = query.limit(limit)
        return [self._read(agreement) for agreement in self.session.scalars(query)]

    @staticmethod
    def _with_party(organization_ids: Sequence[int]) -> Select[int]:
        return select(m.AgreementParty.agreement_id).where(
            m.AgreementParty.organization_id.in_(list(organization_ids))
        )

    @staticmethod
    def _read(agreement: m.Agreement) -> AgreementRead:
        citations = sorted(
            {(c.source.slug, c.paragraph) for c in agreement.citations},
            key=lambda c: (c[0], c[1] or 0),
        )
        return AgreementRead(
            slug=agreement.slug,
            type=agreement.agreement_type,
            title=agreement.title,
            status=agreement.status,
            **AgreementRead.dated(
                announced_on=agreement.announced_on, signed_on=agreement.signed_on
            ),
            financial_terms=agreement.financial_terms,
            parties=sorted(
                (
                    PartyRead(
                        organization=p.organization.slug, name=p.organization.name, role=p.role
                    )
                    for p in agreement.parties
                ),
                key=lambda p: (p.name, p.organization),
            ),
            unnamed_parties=agreement.unnamed_parties,
            people=sorted(
                (
                    AgreementPersonRead(
                        person=p.person.slug,
                        name=p.person.name,
                        role=p.role,
                        organization=p.organization.slug if p.organization else None,
                    )
                    for p in agreement.people
                ),
                key=lambda p: (p.name, p.role),
            ),
            areas=sorted(a.research_area.name for a in agreement.areas),
            sources=[CitationRead(source=s, paragraph=p) for s, p in citations],
            summary=agreement.summary,
        )
