"""What the read commands share: their output options, and rendering what they read.

A list command is written as a function of its own options that returns a :class:`Listing`
(its query and what to say when nothing is found); :func:`list_command` makes it a Typer
command with the output options every list takes (--format, --limit, --sort, --fields) after
its own, runs the query with them and renders the rows. A detail command is a function of its
own arguments that returns the detail (a read model); :func:`detail_command` adds --format and
renders it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from collabdb.cli.options import FieldsOption, FormatOption, LimitOption, SortOption
from collabdb.cli.output import OutputFormat, render, render_object

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


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Parameter(name, kind, annotation=annotation, default=default)


def _output_parameters(limit: int | None) -> list[inspect.Parameter]:
    return [
        _option("output_format", FormatOption, OutputFormat.table),
        _option("limit", LimitOption, limit),
        _option("sort", SortOption, None),
        _option("fields", FieldsOption, None),
    ]


def _with_parameters(
    command: Callable[..., None], own: Callable[..., Any], added: list[inspect.Parameter]
) -> Callable[..., None]:
    """``command`` as Typer sees it: ``own``'s parameters, then ``added``."""
    # The parameters' annotations evaluated (they are strings under ``from __future__ import
    # annotations``); the return type is left alone: a detail's is imported for type checking only.
    parameters = [
        p.replace(annotation=eval(p.annotation, own.__globals__))
        if isinstance(p.annotation, str)
        else p
        for p in inspect.signature(own).parameters.values()
    ]
    command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*parameters, *added], return_annotation=None
    )
    command.__annotations__ = {}  # Typer reads the signature; these would be evaluated again
    return command


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

        return _with_parameters(command, listing, _output_parameters(limit))

    return decorate


def detail_command(detail: Callable[..., Any]) -> Callable[..., None]:
    """Make ``detail`` (a function of a command's own arguments returning a read model) a
    detail command with --format."""

    @functools.wraps(detail)
    def command(*args: Any, output_format: OutputFormat, **arguments: Any) -> None:
        render_object(detail(*args, **arguments).as_json(), output_format=output_format)

    return _with_parameters(
        command, detail, [_option("output_format", FormatOption, OutputFormat.table)]
    )
