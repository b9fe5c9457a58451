"""`collabdb orgs`, `org`, `people` and `person`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, get_args

import typer

from collabdb.cli.options import (
    CountryOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    OrgOption,
    SortOption,
    split_fields,
)
from collabdb.cli.output import OutputFormat, render, render_object
from collabdb.cli.state import open_engine
from collabdb.vocabulary import OrganizationKind

OrganizationKindChoice = StrEnum(  # type: ignore[misc]
    "OrganizationKindChoice", {value: value for value in get_args(OrganizationKind)}
)


def orgs(
    kind: Annotated[
        OrganizationKindChoice | None,
        typer.Option("--kind", help="Kind of organization.", show_default=False),
    ] = None,
    country: CountryOption = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            help="Only units and subsidiaries under this organization.",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """List organizations with kind, country, parent and number of agreements."""
    from collabdb.schemas.rows import OrganizationRow
    from collabdb.services.catalog import list_organizations

    rows = list_organizations(
        open_engine(),
        kind=kind.value if kind else None,
        country=country,
        parent=parent,
        limit=None if sort else limit,
    )
    render(
        rows,
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no organizations found",
        columns=OrganizationRow.COLUMNS,
    )


def org(
    name: Annotated[str, typer.Argument(help="Organization: name, Russian name, acronym or slug.")],
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Profile of one organization: names in every language, parent and units, people and
    positions, agreements, facilities, figures, research interests, events and sources."""
    from collabdb.services.catalog_details import organization_detail

    render_object(
        organization_detail(open_engine(), organization=name), output_format=output_format
    )


def people(
    organization: OrgOption = None,
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """List people with their other names and positions (current and former)."""
    from collabdb.schemas.rows import PersonRow
    from collabdb.services.catalog import list_people

    rows = list_people(open_engine(), organization=organization, limit=None if sort else limit)
    render(
        rows,
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no people found",
        columns=PersonRow.COLUMNS,
    )


def person(
    name: Annotated[str, typer.Argument(help="Person: name in Latin or Cyrillic, or slug.")],
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Profile of one person: names, positions, agreements, events and sources."""
    from collabdb.services.catalog_details import person_detail

    render_object(person_detail(open_engine(), person=name), output_format=output_format)
