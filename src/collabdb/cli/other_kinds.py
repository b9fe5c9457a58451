"""`collabdb facilities`, `products`, `product`, `figures`, `areas`, `programmes`, `sources` and
`source`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, get_args

import typer

from collabdb.cli.options import (
    CountryOption,
    CurrencyOption,
    OrgOption,
    SinceOption,
    UntilOption,
    filter_option,
)
from collabdb.cli.read_commands import Listing, detail_command, list_command
from collabdb.cli.state import open_engine
from collabdb.vocabulary import Measure, ProductKind

if TYPE_CHECKING:
    from collabdb.schemas.details import SourceDetail
    from collabdb.schemas.products import ProductDetail


MeasureChoice = StrEnum("MeasureChoice", {v: v for v in get_args(Measure)})  # type: ignore[misc]
ProductKindChoice = StrEnum("ProductKindChoice", {v: v for v in get_args(ProductKind)})  # type: ignore[misc]


@list_command()
def facilities(
    organization: OrgOption = None,
    country: CountryOption = None,
) -> Listing:
    """List facilities (plants, hospitals, biobanks): owner, place, opening date, capacity,
    area and jobs as sources give them (about, up to, a range)."""
    from collabdb.services.facilities import list_facilities

    return Listing(
        lambda options: list_facilities(
            open_engine(), organization=organization, country=country, options=options
        ),
        "no facilities found",
    )


@list_command()
def products(
    organization: OrgOption = None,
    kind: Annotated[
        ProductKindChoice | None, filter_option("--kind", help="What kind of product.")
    ] = None,
) -> Listing:
    """List products and assets (vaccines, molecules, platforms): kind, owners and the number
    of agreements that concern each. --org keeps those it or one of its units owns."""
    from collabdb.services.products import list_products

    return Listing(
        lambda options: list_products(
            open_engine(),
            organization=organization,
            kind=kind.value if kind else None,
            options=options,
        ),
        "no products found",
    )


@detail_command
def product(
    name: Annotated[
        str, typer.Argument(help="Product: name, INN, brand, code, Russian name or slug.")
    ],
) -> ProductDetail:
    """Profile of one product: names, owners, research areas, the agreements that concern it
    with its role and stage at signing in each, and sources."""
    from collabdb.services.products import product_detail

    return product_detail(open_engine(), product=name)


@list_command()
def figures(
    organization: OrgOption = None,
    kind: Annotated[MeasureChoice | None, filter_option("--kind", help="What is measured.")] = None,
    currency: CurrencyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> Listing:
    """List financial figures: exact amounts with currency, percentages, periods, and "not
    disclosed" where terms were withheld. --org also finds figures of its deals and facilities;
    --since/--until keep figures whose period overlaps (an interval such as 2011/2015 counts
    from its first day to its last)."""
    from collabdb.services.figures import list_figures

    return Listing(
        lambda options: list_figures(
            open_engine(),
            organization=organization,
            measure=kind.value if kind else None,
            currency=currency,
            since=since,
            until=until,
            options=options,
        ),
        "no figures found",
    )


@list_command()
def areas() -> Listing:
    """The research-area tree with the number of agreements, organizations and projects in each
    area (sub-areas included)."""
    from collabdb.services.areas import list_areas

    return Listing(
        lambda options: list_areas(open_engine(), options=options),
        "no research areas",
    )


@list_command()
def programmes() -> Listing:
    """List government programmes and policies with owner, country and priority areas."""
    from collabdb.services.programmes import list_programmes

    return Listing(
        lambda options: list_programmes(open_engine(), options=options),
        "no programmes",
    )


@list_command()
def sources() -> Listing:
    """List the source documents with publication date, paragraphs and facts derived."""
    from collabdb.services.sources import list_sources

    return Listing(
        lambda options: list_sources(open_engine(), options=options),
        "no sources",
    )


@detail_command
def source(
    source_id: Annotated[
        str, typer.Argument(metavar="ID", help="Source slug, title words or sha256 prefix.")
    ],
) -> SourceDetail:
    """One source document: its metadata, and each paragraph with the facts derived from it."""
    from collabdb.services.sources import source_detail

    return source_detail(open_engine(), source=source_id)
