"""Financial figures: investments, revenues, growth rates, deal values and their parts."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.agreements import Agreement
from collabdb.models.base import Base
from collabdb.models.facilities import Facility
from collabdb.models.organizations import Organization
from collabdb.models.sources import Citation, cited_by


class FinancialFigure(Base):
    __table__ = tables.financial_figures

    id: Mapped[int]
    slug: Mapped[str]
    measure: Mapped[str]
    disclosure: Mapped[str]
    amount: Mapped[str | None]
    currency: Mapped[str | None]
    percentage: Mapped[str | None]
    qualifier: Mapped[str]
    amount_high: Mapped[str | None]
    percentage_high: Mapped[str | None]
    period: Mapped[str | None]
    comparison_period: Mapped[str | None]
    organization_id: Mapped[int | None]
    agreement_id: Mapped[int | None]
    facility_id: Mapped[int | None]
    segment: Mapped[str | None]
    note: Mapped[str | None]

    organization: Mapped[Organization | None] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    facility: Mapped[Facility | None] = relationship()
    citations: Mapped[list[Citation]] = cited_by("financial_figure_id")
