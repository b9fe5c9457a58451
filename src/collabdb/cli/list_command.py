"""What every list command shares: the output options (--format, --limit, --sort, --fields),
running its query with them, and rendering the rows.

A list command is written as a function of its own options that returns a :class:`Listing`
(its query and what to say when nothing is found); :func:`list_command` makes it a Typer
command with the shared output options after its own.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from collabdb.cli.options import FieldsOption, FormatOption, LimitOption, SortOption
from collabdb.cli.output import OutputFormat, render

if TYPE_CHECKING:
    from collabdb.schemas.list_result import ListResult
    from collabdb.services.list_options import ListOptions

ListQuery = Callable[["ListOptions"], "ListResult[Any]"]


@dataclass(frozen=True)
class Listing:
    query: ListQuery
    empty_message: str


def show_list(
    listing: Listing,
    *,
    output_format: OutputFormat,
    sort: str | None,
    limit: int | None,
    fields: str | None,
) -> None:
    """Run the query with the command's --sort, --limit and --fields; render its rows."""
    from collabdb.services.list_options import ListOptions

    chosen = None if fields is None else tuple(f.strip() for f in fields.split(",") if f.strip())
    result = listing.query(ListOptions(sort=sort, limit=limit, fields=chosen))
    render(result, output_format=output_format, empty_message=listing.empty_message)


def _output_parameters(limit: int | None) -> list[inspect.Parameter]:
    def option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return inspect.Parameter(name, kind, annotation=annotation, default=default)

    return [
        option("output_format", FormatOption, OutputFormat.table),
        option("limit", LimitOption, limit),
        option("sort", SortOption, None),
        option("fields", FieldsOption, None),
    ]


def list_command(*, limit: int | None = None) -> Callable[[Callable[..., Listing]], Any]:
    """Make ``listing`` (a function of a command's own options) a list command; ``limit`` is
    the default of its --limit."""

    def decorate(listing: Callable[..., Listing]) -> Callable[..., None]:
        @functools.wraps(listing)
        def command(
            *args: Any,
            output_format: OutputFormat,
            limit: int | None,
            sort: str | None,
            fields: str | None,
            **options: Any,
        ) -> None:
            show_list(
                listing(*args, **options),
                output_format=output_format,
                sort=sort,
                limit=limit,
                fields=fields,
            )

        own = inspect.signature(listing, eval_str=True).parameters.values()
        # Typer reads the command's options from its signature.
        command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [*own, *_output_parameters(limit)], return_annotation=None
        )
        return command

    return decorate
