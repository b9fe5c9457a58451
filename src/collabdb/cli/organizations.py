"""`collabdb orgs`, `org`, `people` and `person`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, get_args

import typer

from collabdb.cli.options import CountryOption, OrgOption, filter_option
from collabdb.cli.read_commands import Listing, detail_command, list_command
from collabdb.cli.state import open_engine
from collabdb.vocabulary import OrganizationKind

if TYPE_CHECKING:
    from collabdb.schemas.details import OrganizationDetail, PersonDetail


_KINDS = {v: v for v in get_args(OrganizationKind)}
OrganizationKindChoice = StrEnum("OrganizationKindChoice", _KINDS)  # type: ignore[misc]


@list_command()
def orgs(
    kind: Annotated[
        OrganizationKindChoice | None,
        filter_option("--kind", help="Kind of organization."),
    ] = None,
    country: CountryOption = None,
    parent: Annotated[
        str | None,
        filter_option("--parent", help="Only units and subsidiaries under this organization."),
    ] = None,
) -> Listing:
    """List organizations with kind, country, parent and number of agreements."""
    from collabdb.services.organizations import list_organizations

    return Listing(
        lambda options: list_organizations(
            open_engine(),
            kind=kind.value if kind else None,
            country=country,
            parent=parent,
            options=options,
        ),
        "no organizations found",
    )


@detail_command
def org(
    name: Annotated[str, typer.Argument(help="Organization: name, Russian name, acronym or slug.")],
) -> OrganizationDetail:
    """Profile of one organization: names in every language, parent and units, people and
    positions, agreements, facilities, figures, research interests, events and sources."""
    from collabdb.services.organizations import organization_detail

    return organization_detail(open_engine(), organization=name)


@list_command()
def people(
    organization: OrgOption = None,
) -> Listing:
    """List people with their other names and positions (current and former)."""
    from collabdb.services.people import list_people

    return Listing(
        lambda options: list_people(open_engine(), organization=organization, options=options),
        "no people found",
    )


@detail_command
def person(
    name: Annotated[str, typer.Argument(help="Person: name in Latin or Cyrillic, or slug.")],
) -> PersonDetail:
    """Profile of one person: names, positions, agreements, events and sources."""
    from collabdb.services.people import person_detail

    return person_detail(open_engine(), person=name)
