"""People, their names, and the positions they hold or held."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from collabdb.tables.base import PartialDateColumn, date_order_index, metadata, name_columns

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column("name", Text, nullable=False, comment="Full name as commonly written in English."),
    Column("name_key", Text, index=True, nullable=False, comment="Match key of the name."),
    Column("description", Text, comment="Who they are, in our words."),
    comment="People named by the sources.",
)


person_names = Table(
    "person_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), index=True, nullable=False),
    *name_columns(),
    UniqueConstraint("person_id", "name", "language"),
    comment="Other spellings of a person's name (Cyrillic, transliterations).",
)


positions = Table(
    "positions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), index=True, nullable=False),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    Column("title", Text, nullable=False, comment="Job title as the source gives it."),
    Column(
        "status",
        String(20),
        nullable=False,
        comment="current | former | unknown (as of the citing source's date)",
    ),
    Column("started_on", PartialDateColumn, comment="Start at its precision, if known."),
    Column("ended_on", PartialDateColumn, comment="End at its precision, if known."),
    Column("as_of", PartialDateColumn, comment="The date its source saw the status hold."),
    UniqueConstraint("person_id", "organization_id", "title"),
    comment="A role a person holds or held at an organization.",
)
date_order_index(positions.c.started_on)
date_order_index(positions.c.ended_on)
