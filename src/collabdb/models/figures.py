"""Financial figures: investments, revenues, growth rates, deal values and their parts."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collabdb.models.base import Base, ExactDecimal, PartialDateColumn
from collabdb.models.sources import Citation, cited_by


class FinancialFigure(Base):
    __tablename__ = "financial_figures"
    __table_args__ = {"comment": "A money amount or percentage about an organization or deal."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    measure: Mapped[str] = mapped_column(
        String(30),
        comment="investment | revenue | revenue_growth | deal_value | upfront | milestones | "
        "royalty_rate | equity | funding | other",
    )
    disclosure: Mapped[str] = mapped_column(
        String(20), comment="disclosed | not_disclosed (then amount and percentage are NULL)"
    )
    amount: Mapped[str | None] = mapped_column(
        ExactDecimal, comment="Exact amount in `currency` (TEXT on SQLite, NUMERIC on PostgreSQL)."
    )
    currency: Mapped[str | None] = mapped_column(String(3), comment="ISO 4217 code of amount.")
    percentage: Mapped[str | None] = mapped_column(
        ExactDecimal, comment="A percentage (6 means 6%), for rates and growth."
    )
    period: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="Period the figure is for: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD."
    )
    comparison_period: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="Period a growth figure is measured against."
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True, comment="Subject."
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"), index=True, comment="Subject."
    )
    facility_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilities.id", ondelete="RESTRICT"), index=True, comment="Subject."
    )
    segment: Mapped[str | None] = mapped_column(
        Text, comment="Named segment the figure is about, e.g. emerging markets."
    )
    note: Mapped[str | None] = mapped_column(Text, comment="Context, in our words.")

    citations: Mapped[list[Citation]] = cited_by("financial_figure_id")
