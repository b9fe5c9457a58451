"""`collabdb agreements` and `collabdb agreement`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, get_args

import typer

from collabdb.cli.options import CountryOption, SinceOption, UntilOption, filter_option
from collabdb.cli.read_commands import Listing, detail_command, list_command
from collabdb.cli.state import open_engine
from collabdb.vocabulary import AgreementType

if TYPE_CHECKING:
    from collabdb.schemas.details import AgreementDetail


AgreementTypeChoice = StrEnum("AgreementTypeChoice", {v: v for v in get_args(AgreementType)})  # type: ignore[misc]


@list_command()
def agreements(
    partner: Annotated[
        list[str] | None,
        filter_option(
            "--partner",
            "-p",
            help="Organization taking part (slug, name, Russian name or acronym); its units and "
            "subsidiaries count. Repeat to require several partners.",
        ),
    ] = None,
    area: Annotated[
        str | None, filter_option("--area", help="Research area, including its sub-areas.")
    ] = None,
    agreement_type: Annotated[
        list[AgreementTypeChoice] | None,
        filter_option("--type", help="Agreement type (repeatable)."),
    ] = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    undisclosed: Annotated[
        bool,
        typer.Option(
            "--undisclosed", help="Only agreements whose financial terms were not disclosed."
        ),
    ] = False,
) -> Listing:
    """List agreements with type, date at its precision, parties and roles, areas, terms and
    sources. Filters combine; --country matches a party based there or a territory covered."""
    from collabdb.services.agreements import list_agreements

    return Listing(
        lambda options: list_agreements(
            open_engine(),
            partners=partner or [],
            area=area,
            types=[t.value for t in agreement_type or []],
            country=country,
            since=since,
            until=until,
            undisclosed=undisclosed,
            options=options,
        ),
        "no agreements found",
    )


@detail_command
def agreement(
    agreement_id: Annotated[
        str, typer.Argument(metavar="ID_OR_SLUG", help="Agreement slug or title words.")
    ],
) -> AgreementDetail:
    """Everything about one agreement: parties and roles, people, areas, territory, projects,
    figures, facilities, events, and every source with its paragraph."""
    from collabdb.services.agreements import agreement_detail

    return agreement_detail(open_engine(), agreement=agreement_id)
