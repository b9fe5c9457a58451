"""The ORM classes (collabdb.models) map onto the Core tables and load real records.

The commands never use them (they run Core statements), so this is what keeps them working for
Python users: every class is mapped to its table, and relationships follow the foreign keys.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, configure_mappers

from collabdb import models, tables


def test_every_table_has_one_mapped_class() -> None:
    configure_mappers()
    mapped = {mapper.local_table.name for mapper in models.Base.registry.mappers}
    assert mapped == set(tables.metadata.tables)
    assert models.Base.metadata is tables.metadata


def test_each_class_annotates_every_column_with_its_nullability() -> None:
    for mapper in models.Base.registry.mappers:
        annotations = {}
        for klass in reversed(mapper.class_.__mro__):
            annotations.update(getattr(klass, "__annotations__", {}))
        for column in mapper.local_table.columns:
            annotation = annotations.get(column.name)
            assert annotation is not None, f"{mapper.class_.__name__}.{column.name}"
            optional = annotation.endswith("| None]")
            assert optional == bool(column.nullable), f"{mapper.class_.__name__}.{column.name}"


def test_every_foreign_key_is_followed_by_a_relationship() -> None:
    """Each foreign key of each table is the join of a relationship of its class or of the
    class it points at: the ORM classes cannot drift from the tables."""
    configure_mappers()
    joined = {
        column
        for mapper in models.Base.registry.mappers
        for relation in mapper.relationships
        for pair in relation.local_remote_pairs
        for column in pair
    }
    for table in tables.metadata.tables.values():
        for key in table.foreign_keys:
            assert key.parent in joined, f"{table.name}.{key.parent.name}"


def test_a_seeded_agreement_loads_with_its_parties_areas_and_citations(
    seeded_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    with Session(engine_for(seeded_db)) as session:
        agreement = session.scalars(
            select(models.Agreement).where(
                models.Agreement.slug == "astrazeneca-petrov-institute-cancer-genetics-2013"
            )
        ).one()
        parties = {(p.organization.slug, p.role) for p in agreement.parties}
        assert ("astrazeneca", "pharma_partner") in parties
        assert {a.research_area.slug for a in agreement.areas} >= {"oncology"}
        assert {c.source.slug for c in agreement.citations} == {
            "gen-2013-02-12-astrazeneca-petrov-institute"
        }
        unit = session.scalars(
            select(models.Organization).where(models.Organization.parent_id.is_not(None))
        ).first()
        assert unit is not None and unit.parent is not None
        assert unit in unit.parent.children
