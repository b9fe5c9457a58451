"""`collabdb agreements` and `collabdb agreement`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from collabdb.cli.options import agreement_filters
from collabdb.cli.read_commands import Listing, detail_command, list_command
from collabdb.cli.state import open_engine

if TYPE_CHECKING:
    from collabdb.schemas.details import AgreementDetail
    from collabdb.services.agreements import AgreementFilters


@list_command()
@agreement_filters
def agreements(filters: AgreementFilters) -> Listing:
    """List agreements with type, date at its precision, parties and roles, areas, terms and
    sources. Filters combine; --country matches a party based there or a territory covered."""
    from collabdb.services.agreements import list_agreements

    return Listing(
        lambda options: list_agreements(open_engine(), **filters, options=options),
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
