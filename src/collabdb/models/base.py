"""The declarative base: ORM classes map onto the Core tables of :mod:`collabdb.tables`."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from collabdb import tables


class Base(DeclarativeBase):
    metadata = tables.metadata
