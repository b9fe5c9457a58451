"""Financial figures: investments, revenues, growth rates, deal values and their parts."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from collabdb.tables.base import ExactDecimal, PeriodColumn, date_order_index, metadata

financial_figures = Table(
    "financial_figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column(
        "measure",
        String(30),
        nullable=False,
        comment="investment | revenue | revenue_growth | deal_value | upfront | milestones | "
        "royalty_rate | equity | funding | other",
    ),
    Column(
        "disclosure",
        String(20),
        nullable=False,
        comment="disclosed | not_disclosed (then amount and percentage are NULL)",
    ),
    Column(
        "amount",
        ExactDecimal,
        comment="Exact amount in `currency` (TEXT on SQLite, NUMERIC on PostgreSQL).",
    ),
    Column("currency", String(3), comment="ISO 4217 code of amount."),
    Column("percentage", ExactDecimal, comment="A percentage (6 means 6%), for rates and growth."),
    Column(
        "qualifier",
        String(10),
        nullable=False,
        server_default="exact",
        comment="exact | about | estimated | at_least | up_to | range (of amount or percentage).",
    ),
    Column("amount_high", ExactDecimal, comment="Upper end of a range: amount is its lower end."),
    Column(
        "percentage_high",
        ExactDecimal,
        comment="Upper end of a range: percentage is its lower end.",
    ),
    Column(
        "period",
        PeriodColumn,
        comment="Period the figure is for: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, or an interval"
        " START/END of two of them, either end open (..).",
    ),
    Column(
        "comparison_period",
        PeriodColumn,
        comment="Period a growth figure is measured against.",
    ),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Subject.",
    ),
    Column(
        "agreement_id",
        ForeignKey("agreements.id", ondelete="RESTRICT"),
        index=True,
        comment="Subject.",
    ),
    Column(
        "facility_id",
        ForeignKey("facilities.id", ondelete="RESTRICT"),
        index=True,
        comment="Subject.",
    ),
    Column("segment", Text, comment="Named segment the figure is about, e.g. emerging markets."),
    Column("note", Text, comment="Context, in our words."),
    # `figures --measure` and `--currency`: a page of a value in slug order.
    Index("ix_financial_figures_measure_slug", "measure", "slug"),
    Index("ix_financial_figures_currency_slug", "currency", "slug"),
    comment="A money amount or percentage about an organization or deal.",
)
date_order_index(financial_figures.c.period, period=True)
