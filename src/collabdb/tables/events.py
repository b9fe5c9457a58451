"""Dated company events: restructurings, leadership changes, patent expiries, claims; and the
facilities they concern."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from collabdb.tables.base import PartialDateColumn, date_order_index, metadata

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column(
        "kind",
        String(30),
        nullable=False,
        comment="restructuring | leadership_change | position_eliminated | patent_expiry | "
        "setback | claim | statement | market_presence | facility_opening | results | other",
    ),
    Column("title", Text, nullable=False, comment="What happened, in a line."),
    Column("occurred_on", PartialDateColumn, index=True, comment="When, at its precision."),
    Column(
        "until_on",
        PartialDateColumn,
        comment="End of a period the event spans (e.g. expiries through 2014).",
    ),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Who it concerns.",
    ),
    Column(
        "person_id",
        ForeignKey("people.id", ondelete="RESTRICT"),
        index=True,
        comment="Who acted, if named.",
    ),
    Column(
        "agreement_id",
        ForeignKey("agreements.id", ondelete="RESTRICT"),
        index=True,
        comment="Deal it concerns.",
    ),
    Column("summary", Text, comment="Details, in our words."),
    comment="Company context: restructurings, role changes, patent expiries.",
)
date_order_index(events.c.occurred_on)
date_order_index(events.c.until_on)


event_facilities = Table(
    "event_facilities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False),
    Column(
        "facility_id",
        ForeignKey("facilities.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    UniqueConstraint("event_id", "facility_id"),
    comment="The facilities an event concerns (construction began, a plant opened or closed).",
)
