"""Agreements as read models."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from collabdb import models as m
from collabdb.schemas.reads import AgreementPersonRead, AgreementRead, CitationRead, PartyRead


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, *, party_sets: Collection[Collection[int]] = ()) -> list[AgreementRead]:
        """Agreements with a party in every one of ``party_sets`` (all agreements if none)."""
        query = select(m.Agreement).options(
            selectinload(m.Agreement.parties).selectinload(m.AgreementParty.organization),
            selectinload(m.Agreement.parties).selectinload(m.AgreementParty.citations),
            selectinload(m.Agreement.areas).selectinload(m.AgreementArea.research_area),
            selectinload(m.Agreement.people).selectinload(m.AgreementPerson.person),
            selectinload(m.Agreement.people).selectinload(m.AgreementPerson.organization),
            selectinload(m.Agreement.citations).selectinload(m.Citation.source),
        )
        for organization_ids in party_sets:
            query = query.where(
                m.Agreement.id.in_(
                    select(m.AgreementParty.agreement_id).where(
                        m.AgreementParty.organization_id.in_(list(organization_ids))
                    )
                )
            )
        agreements = self.session.scalars(query).all()
        reads = [self._read(agreement) for agreement in agreements]
        return sorted(reads, key=lambda a: (a.date or "", a.slug))

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
