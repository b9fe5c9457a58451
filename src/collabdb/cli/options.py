"""Options declared once and shared by commands, with their validation."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_args, get_type_hints

import typer

from collabdb.cli.output import OutputFormat
from collabdb.vocabulary import AgreementStatus, AgreementType

if TYPE_CHECKING:
    from collabdb.services.agreements import AgreementFilters


def _positive(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter("must be 1 or more")
    return value


def _fields(value: str | None) -> str | None:
    if value is not None and not [f for f in value.split(",") if f.strip()]:
        raise typer.BadParameter("give field names separated by commas, e.g. slug,name")
    return value


def _code(checker: str, what: str) -> Callable[[str | None], str | None]:
    """A callback that upper-cases a code and checks it with ``reference.codes.<checker>``
    (imported when an option is given, not when the CLI starts)."""

    def check(value: str | None) -> str | None:
        from collabdb.reference import codes

        if value is None:
            return None
        code = value.upper()
        if not getattr(codes, checker)(code):
            raise typer.BadParameter(f"{value!r} is not {what}")
        return code

    return check


_country = _code("is_country", "an ISO 3166-1 alpha-2 country code (e.g. RU)")
_currency = _code("is_currency", "an ISO 4217 currency code (e.g. USD)")


def _period(value: str | None) -> str | None:
    from collabdb.values import PartialDate

    if value is None:
        return None
    try:
        PartialDate.parse(value, allow_quarter=True)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    return value


def filter_option(*flags: str, help: str, callback: Callable[..., object] | None = None) -> Any:
    """An option that narrows what a command shows: absent by default, shown without one."""
    return typer.Option(*flags, help=help, callback=callback, show_default=False)


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: table, json or csv.", case_sensitive=False),
]
LimitOption = Annotated[
    int | None, filter_option("--limit", "-n", help="Show at most N rows.", callback=_positive)
]
SortOption = Annotated[
    str | None,
    filter_option(
        "--sort",
        help="Sort by a field (as named in JSON output); '-field' sorts descending. Dates sort by "
        "their first day, then precision.",
    ),
]
FieldsOption = Annotated[
    str | None,
    filter_option(
        "--fields",
        help="Comma-separated fields to show (any field of the JSON output).",
        callback=_fields,
    ),
]
CountryOption = Annotated[
    str | None,
    filter_option("--country", help="ISO 3166-1 alpha-2 country code, e.g. RU.", callback=_country),
]
OrgOption = Annotated[
    str | None,
    filter_option(
        "--org", help="Organization (name, Russian name, acronym or slug); its units count too."
    ),
]
SinceOption = Annotated[
    str | None,
    filter_option(
        "--since",
        help="Dated on or after this YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (a date at coarser "
        "precision counts when its period overlaps).",
        callback=_period,
    ),
]
UntilOption = Annotated[
    str | None,
    filter_option(
        "--until", help="Dated on or before this period (same forms as --since).", callback=_period
    ),
]
CurrencyOption = Annotated[
    str | None,
    filter_option("--currency", help="ISO 4217 currency code, e.g. USD.", callback=_currency),
]

# The filters of the agreements shown, shared by `agreements` and `graph` (agreement_filters).
AgreementTypeChoice = StrEnum("AgreementTypeChoice", {v: v for v in get_args(AgreementType)})  # type: ignore[misc]
PartnerOption = Annotated[
    list[str] | None,
    filter_option(
        "--partner",
        "-p",
        help="Organization taking part (slug, name, Russian name or acronym); its units and "
        "subsidiaries count. Repeat to require several partners.",
    ),
]
ProductOption = Annotated[
    list[str] | None,
    filter_option(
        "--product",
        help="Product the agreement concerns (slug, name, INN, brand, code or Russian name). "
        "Repeat to require several products.",
    ),
]
AreaOption = Annotated[
    str | None, filter_option("--area", help="Research area, including its sub-areas.")
]
AgreementTypeOption = Annotated[
    list[AgreementTypeChoice] | None,
    filter_option("--type", help="Agreement type (repeatable)."),
]
AgreementStatusChoice = StrEnum("AgreementStatusChoice", {v: v for v in get_args(AgreementStatus)})  # type: ignore[misc]
StatusOption = Annotated[
    list[AgreementStatusChoice] | None,
    filter_option("--status", help="Current status: the latest of its history (repeatable)."),
]
UndisclosedOption = Annotated[
    bool,
    typer.Option("--undisclosed", help="Only agreements whose financial terms were not disclosed."),
]

_FILTERS = [
    inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=kind, default=off)
    for name, kind, off in (
        ("partner", PartnerOption, None),
        ("product", ProductOption, None),
        ("area", AreaOption, None),
        ("agreement_type", AgreementTypeOption, None),
        ("status", StatusOption, None),
        ("country", CountryOption, None),
        ("since", SinceOption, None),
        ("until", UntilOption, None),
        ("undisclosed", UndisclosedOption, False),
    )
]
_Shown = TypeVar("_Shown")


def agreement_filters(command: Callable[..., _Shown]) -> Callable[..., _Shown]:
    """``command`` with the filters of the agreements shown (--partner, --product, --area,
    --type, --status, --country, --since, --until, --undisclosed) before its own options, given
    to it as one ``filters`` argument: the keyword arguments of
    ``services.agreements.list_agreements``."""

    @functools.wraps(command)
    def filtered(
        *args: Any,
        partner: list[str] | None,
        product: list[str] | None,
        area: str | None,
        agreement_type: list[StrEnum] | None,
        status: list[StrEnum] | None,
        country: str | None,
        since: str | None,
        until: str | None,
        undisclosed: bool,
        **options: Any,
    ) -> _Shown:
        filters: AgreementFilters = {
            "partners": partner or [],
            "products": product or [],
            "area": area,
            "types": [t.value for t in agreement_type or []],
            "statuses": [s.value for s in status or []],
            "country": country,
            "since": since,
            "until": until,
            "undisclosed": undisclosed,
        }
        return command(*args, filters=filters, **options)

    # The command's own parameters as Typer will see them, their annotations evaluated (they
    # are strings under ``from __future__ import annotations``).
    # (``filters``' own type is imported only for type checking: the CLI starts without it.)
    hints = get_type_hints(command, include_extras=True, localns={"AgreementFilters": dict})
    own = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in inspect.signature(command).parameters.values()
        if p.name != "filters"
    ]
    filtered.__signature__ = inspect.Signature([*_FILTERS, *own])  # type: ignore[attr-defined]
    filtered.__annotations__ = {}  # Typer reads the signature; these would be evaluated again
    return filtered


# Who makes a change and why, for the history (`collabdb changes`, `history`).
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who makes the change, for the history (default: $COLLABDB_ACTOR, else your user).",
        show_default=False,
    ),
]
ReasonOption = Annotated[
    str | None,
    typer.Option("--reason", help="Why, for the history.", show_default=False),
]
