"""Read models (``schemas/reads.py``): values, as frozen dataclasses are, but built at the cost of
slotted ones; mypy (strict on ``src/``) rejects assigning one of their fields."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from collabdb.schemas import details, import_log, lists, reads, related
from collabdb.services.agreements import list_agreements
from collabdb.services.areas import list_areas
from collabdb.services.facilities import list_facilities
from collabdb.services.figures import list_figures
from collabdb.services.import_log import list_imports
from collabdb.services.organizations import list_organizations
from collabdb.services.people import list_people
from collabdb.services.programmes import list_programmes
from collabdb.services.search import search
from collabdb.services.sources import list_sources
from collabdb.services.timeline import timeline


def test_read_models_compare_and_hash_by_value() -> None:
    first, same = (reads.CitationRead(source="gen-2013", paragraph=2) for _ in range(2))
    assert first == same and hash(first) == hash(same)
    assert len({first, same, reads.CitationRead(source="gen-2013", paragraph=3)}) == 2
    assert reads.PartyRead(organization="a", name="A", role="partner") in {
        reads.PartyRead(organization="a", name="A", role="partner")
    }


# Built from each row of a listed page by position (``row_model``); every other read model
# takes keywords only.
ROW_MODELS = {reads.CitationRead, reads.PartyRead, reads.AgreementPersonRead}


def test_read_models_are_keyword_only_and_slotted() -> None:
    organization = details.OrganizationUnit(slug="gen", name="Gen", kind="company", parent=None)
    with pytest.raises(TypeError):
        details.OrganizationUnit("gen", "Gen", "company", None)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        organization.note = "x"  # type: ignore[attr-defined]
    models = [
        value
        for module in (reads, lists, details, related, import_log)
        for value in vars(module).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    ]
    assert len(models) > 15
    assert all("__slots__" in vars(model) for model in models), models
    positional = {
        model for model in models if not any(f.kw_only for f in dataclasses.fields(model))
    }
    assert positional - {reads.ReadModel, lists.ListRow} == ROW_MODELS


def test_row_models_take_their_fields_in_order() -> None:
    citation = reads.CitationRead("gen-2013", None)
    assert citation == reads.CitationRead(source="gen-2013", paragraph=None)
    person = reads.AgreementPersonRead("ivanov", "Ivanov", "signatory", "gen")
    assert (person.person, person.name, person.role, person.organization) == (
        "ivanov",
        "Ivanov",
        "signatory",
        "gen",
    )


def test_columns_name_the_keys_of_flat_in_order(seeded_db: Path, engine_for: Any) -> None:
    """``COLUMNS`` is the CSV header of a list with no rows: every list command's rows on the
    seed give ``flat()`` keys in that order."""
    engine = engine_for(seeded_db)
    listed = [
        list_agreements(engine).rows,
        list_organizations(engine).rows,
        list_people(engine).rows,
        list_facilities(engine).rows,
        list_figures(engine).rows,
        list_areas(engine).rows,
        list_programmes(engine).rows,
        list_sources(engine).rows,
        timeline(engine).rows,
        search(engine, text="AstraZeneca").rows,
        list_imports(engine),
    ]
    for rows_of_a_command in listed:
        assert rows_of_a_command
        for row in rows_of_a_command:
            assert tuple(row.flat()) == type(row).COLUMNS, type(row)
    flat_models = {type(rows_of_a_command[0]) for rows_of_a_command in listed}
    assert flat_models == {
        value
        for module in (reads, lists, import_log)
        for value in vars(module).values()
        if isinstance(value, type) and "flat" in vars(value) and value is not lists.ListRow
    }
