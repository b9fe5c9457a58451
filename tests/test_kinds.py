"""The registry of record kinds (``collabdb.kinds``) against the tables and the input models.

Everything that lists kinds derives from the registry; these tests keep the registry itself true
to what it describes, so that a kind added in one place and forgotten in another fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from collabdb import tables
from collabdb.kinds import KINDS, SPEC_BY_KIND, SPECS, ChildSpec, KindSpec, cited_tables
from collabdb.schemas.records import RECORD_MODELS, KnowledgeBaseIn

#: Tables that hold no record of the import format, and why.
NOT_RECORDS = {
    "citations": "the citations of every kind (their columns: test below)",
    "import_log": "one row per import",
    "change_sets": "history: one row per change",
    "record_changes": "history: each record a change touched, before and after",
    "distinct_pairs": "curation: pairs judged not the same",
    "redirects": "curation: old slugs of merged records (exported, but not records)",
    "search_documents": "derived: the searchable texts of every record",
    "research_area_closure": "derived: kept by triggers",
    "research_area_counts": "derived: kept by triggers",
}


def _parts() -> list[KindSpec | ChildSpec]:
    return [part for spec in SPECS for part in (spec, *spec.children)]


def _columns_given(part: KindSpec | ChildSpec) -> set[str]:
    """The columns a part's fields, references and derived values fill."""
    given = {part.column(field) for field in part.scalars}
    given |= {ref.column for ref in part.refs}
    given |= set(part.derived)
    if isinstance(part, KindSpec):
        given.add("slug")
    else:
        given.add(part.parent_column)
    return given


def test_every_table_is_a_kind_a_child_list_or_named_as_not_a_record() -> None:
    described = [part.table_name for part in _parts()]
    assert len(described) == len(set(described)), "a table described twice"
    assert set(described) | set(NOT_RECORDS) == set(tables.metadata.tables)
    assert not set(described) & set(NOT_RECORDS)


@pytest.mark.parametrize("part", _parts(), ids=lambda part: part.table_name)
def test_fields_fill_exactly_the_columns_of_their_table(part: KindSpec | ChildSpec) -> None:
    columns = {column.name for column in part.table.columns} - {"id"}
    assert _columns_given(part) == columns


@pytest.mark.parametrize("part", _parts(), ids=lambda part: part.table_name)
def test_references_point_at_the_table_of_their_kind(part: KindSpec | ChildSpec) -> None:
    for ref in part.refs:
        [key] = part.table.c[ref.column].foreign_keys
        assert key.column.table is SPEC_BY_KIND[ref.kind].table, ref
    if isinstance(part, ChildSpec):
        [key] = part.table.c[part.parent_column].foreign_keys
        assert key.column.name == "id"


def test_citation_columns_are_the_columns_of_citations() -> None:
    registry = cited_tables()
    assert registry == tables.CITED_TABLES
    columns = {c.name for c in tables.citations.columns} - {"id", "source_id", "paragraph"}
    assert set(registry) == columns
    for column, table in registry.items():
        [key] = tables.citations.c[column].foreign_keys
        assert key.column.table.name == table


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
def test_the_input_model_has_exactly_the_registry_fields(spec: KindSpec) -> None:
    model = RECORD_MODELS[spec.name]
    assert model.__name__ == spec.input_model
    expected = {"slug", *spec.fields, *(child.field for child in spec.children)}
    if spec.citation_column:
        expected.add("citations")
    assert set(model.model_fields) == expected
    for child in spec.children:
        child_model = _list_item(model.model_fields[child.field].annotation)
        child_expected = set(child.fields)
        if child.citation_column:
            child_expected.add("citations")
        assert set(child_model.model_fields) == child_expected, child.field
        assert set(child.key) <= set(child.fields)


def _list_item(annotation: Any) -> Any:
    [item] = [arg for arg in annotation.__args__ if arg is not type(None)]
    while hasattr(item, "__args__"):
        [item] = [arg for arg in item.__args__ if arg is not type(None)]
    return item


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
def test_named_searchable_and_dated_fields_exist(spec: KindSpec) -> None:
    assert spec.name_field == "slug" or spec.name_field in spec.scalars
    assert set(spec.searchable) <= set(spec.scalars)
    assert set(spec.dated) <= set(spec.scalars)
    for child in spec.children:
        assert set(child.dated) <= set(child.scalars)
    if spec.filters_include_subtree:
        assert spec.parent_ref is not None
    if spec.names is not None:
        assert spec.has_name_key and "name_key" in spec.names.derived


def test_the_import_document_lists_the_kinds_in_registry_order_then_the_redirects() -> None:
    fields = list(KnowledgeBaseIn.model_fields)
    assert fields == ["format_version", *KINDS, "redirects"]
    for spec in SPECS:
        assert KnowledgeBaseIn.model_fields[spec.name].description == spec.description


def test_references_point_only_backwards_in_import_order_or_to_the_same_kind() -> None:
    """Import writes kinds in registry order: a record's references are to kinds before it
    (or to its own kind: a tree, resolved after the batch)."""
    for position, spec in enumerate(SPECS):
        earlier = set(KINDS[: position + 1])
        for part in (spec, *spec.children):
            for ref in part.refs:
                assert ref.kind in earlier, (spec.name, ref)


@pytest.mark.parametrize("part", _parts(), ids=lambda part: part.table_name)
def test_dated_fields_are_exactly_the_partial_date_columns(part: KindSpec | ChildSpec) -> None:
    """``dated`` names the fields that hold a date at its precision or a period: the columns of
    those types."""
    from collabdb.tables.base import PartialDateColumn, PeriodColumn

    stored_as_dates = {
        field
        for field in part.scalars
        if part.table.c[part.column(field)].type in (PartialDateColumn, PeriodColumn)
    }
    assert stored_as_dates == set(part.dated)
