"""`collabdb facilities`, `figures`, `areas`, `programmes`, `sources` and `source`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, get_args

import typer

from collabdb.cli.options import (
    CountryOption,
    CurrencyOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    OrgOption,
    SortOption,
    split_fields,
)
from collabdb.cli.output import OutputFormat, render, render_object
from collabdb.cli.state import open_engine
from collabdb.vocabulary import Measure

MeasureChoice = StrEnum(  # type: ignore[misc]
    "MeasureChoice", {value: value for value in get_args(Measure)}
)


def facilities(
    organization: OrgOption = None,
    country: CountryOption = None,
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """List facilities (plants, hospitals, biobanks): owner, place, opening date, capacity."""
    from collabdb.schemas.rows import FacilityRow
    from collabdb.services.catalog import list_facilities

    rows = list_facilities(
        open_engine(), organization=organization, country=country, limit=None if sort else limit
    )
    render(
        rows,
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no facilities found",
        columns=FacilityRow.COLUMNS,
    )


def figures(
    organization: OrgOption = None,
    kind: Annotated[
        MeasureChoice | None, typer.Option("--kind", help="What is measured.", show_default=False)
    ] = None,
    currency: CurrencyOption = None,
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """List financial figures: exact amounts with currency, percentages, periods, and "not
    disclosed" where terms were withheld. --org also finds figures of its deals and facilities."""
    from collabdb.schemas.rows import FigureRow
    from collabdb.services.catalog import list_figures

    rows = list_figures(
        open_engine(),
        organization=organization,
        measure=kind.value if kind else None,
        currency=currency,
        limit=None if sort else limit,
    )
    render(
        rows,
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no figures found",
        columns=FigureRow.COLUMNS,
    )


def areas(
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """The research-area tree with the number of agreements, organizations and projects in each
    area (sub-areas included)."""
    from collabdb.schemas.rows import AreaRow
    from collabdb.services.catalog_areas import list_areas

    render(
        list_areas(open_engine()),
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no research areas",
        columns=AreaRow.COLUMNS,
    )


def programmes(
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """List government programmes and policies with owner, country and priority areas."""
    from collabdb.schemas.rows import ProgrammeRow
    from collabdb.services.catalog_areas import list_programmes

    render(
        list_programmes(open_engine(), limit=None if sort else limit),
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no programmes",
        columns=ProgrammeRow.COLUMNS,
    )


def sources(
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """List the source documents with publication date, paragraphs and facts derived."""
    from collabdb.schemas.rows import SourceRow
    from collabdb.services.catalog_areas import list_sources

    render(
        list_sources(open_engine(), limit=None if sort else limit),
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no sources",
        columns=SourceRow.COLUMNS,
    )


def source(
    source_id: Annotated[
        str, typer.Argument(metavar="ID", help="Source slug, title words or sha256 prefix.")
    ],
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """One source document: its metadata, and each paragraph with the facts derived from it."""
    from collabdb.services.provenance import source_detail

    render_object(source_detail(open_engine(), source=source_id), output_format=output_format)
