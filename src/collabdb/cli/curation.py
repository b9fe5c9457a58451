"""`collabdb merge`, `delete`, `distinct`, `undo`, `changes` and `history`: fixing mistakes,
with the history of every change."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import typer

from collabdb.cli.options import ByOption, FormatOption, ReasonOption, filter_option
from collabdb.cli.output import OutputFormat, render
from collabdb.cli.read_commands import Listing, list_command
from collabdb.cli.state import open_engine

KindArgument = Annotated[
    str, typer.Argument(help="Kind, as in the import format: organizations, people, agreements...")
]


def merge(
    kind: KindArgument,
    source: Annotated[
        str, typer.Argument(metavar="FROM", help="The duplicate: its slug or a name of it.")
    ],
    target: Annotated[
        str, typer.Argument(metavar="INTO", help="The record it is merged into (it stays).")
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="List the records that would change; change nothing."),
    ] = False,
    name_type: Annotated[
        str,
        typer.Option(
            "--name-type",
            help="The type FROM's name takes among INTO's other names, unless FROM's own names "
            "give it one: official, short, acronym, russian, transliteration, former, "
            "informal...",
        ),
    ] = "informal",
    output_format: FormatOption = OutputFormat.table,
    by: ByOption = None,
    reason: ReasonOption = None,
) -> None:
    """Merge two records that are one: every reference to FROM moves to INTO, FROM's children
    and citations join INTO's (the same key merged into one), INTO's unknown fields take FROM's
    values, FROM's name becomes one of INTO's other names, and FROM's slug keeps resolving to
    INTO (on the CLI and in later imports). Recorded in the history; `collabdb undo` takes it
    back."""
    from collabdb.services.merge import merge as merge_records

    done = merge_records(
        open_engine(),
        kind=kind,
        source=source,
        target=target,
        dry_run=dry_run,
        name_type=name_type,
        actor=by,
        reason=reason,
    )
    if done.change_set is None:
        from collabdb.schemas.history import PlannedChangeRead
        from collabdb.schemas.list_result import ListResult

        listed = ListResult(rows=done.changes, columns=PlannedChangeRead.COLUMNS)
        render(listed, output_format=output_format, empty_message="nothing would change")
        typer.echo(
            f"dry run: {done.summary} would change {len(done.changes)} record(s); "
            "nothing was changed",
            err=True,
        )
    else:
        typer.echo(f"change {done.change_set}: {done.summary} ({len(done.changes)} record(s))")


def delete(
    kind: KindArgument,
    record: Annotated[str, typer.Argument(help="The record: its slug or a name of it.")],
    cascade: Annotated[
        bool,
        typer.Option(
            "--cascade",
            help="Also remove the link rows of other records that point at it (parties, people, "
            "areas, names, citations); never another record.",
        ),
    ] = False,
    by: ByOption = None,
    reason: ReasonOption = None,
) -> None:
    """Delete a record and what it owns (names, positions, links, citations). Records that
    refer to it by a field (a parent, an owner, a subject) block it; so do other records' links
    to it, unless --cascade. Recorded in the history; `collabdb undo` brings it back."""
    from collabdb.services.curation import delete_record

    done = delete_record(
        open_engine(), kind=kind, record=record, cascade=cascade, actor=by, reason=reason
    )
    typer.echo(f"change {done.change_set}: {done.summary}")


def undo(
    change: Annotated[int, typer.Argument(help="The change id (`collabdb changes`).")],
    by: ByOption = None,
    reason: ReasonOption = None,
) -> None:
    """Revert one change set exactly: every record it touched goes back to how it was. Refused
    when a later change touched the same records (undo those first). An undo is a change too."""
    from collabdb.services.curation import undo as undo_change

    done = undo_change(open_engine(), change_set=change, actor=by, reason=reason)
    typer.echo(f"change {done.change_set}: {done.summary}")


def distinct(
    kind: KindArgument,
    first: Annotated[str, typer.Argument(help="One record: its slug or a name of it.")],
    second: Annotated[str, typer.Argument(help="The other record.")],
    by: ByOption = None,
    reason: ReasonOption = None,
) -> None:
    """Record that two records are not the same (two people who share a name, a company and
    its namesake): the near-duplicate check stops warning about them, and `import --strict`
    passes. Recorded in the history; `collabdb undo` takes it back."""
    from collabdb.services.curation import distinct as record_distinct

    done = record_distinct(
        open_engine(), kind=kind, first=first, second=second, actor=by, reason=reason
    )
    if done is None:
        typer.echo("already recorded as distinct; nothing changed")
    else:
        typer.echo(f"change {done.change_set}: {done.summary}")


class ChangesFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    from collabdb.values import day_bounds

    try:
        return datetime.fromisoformat(day_bounds(value)[0]).replace(tzinfo=UTC)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def changes(
    kind: Annotated[
        str | None, filter_option("--kind", help="Only changes that touched a record of KIND.")
    ] = None,
    by: Annotated[str | None, filter_option("--by", help="Only changes made by NAME.")] = None,
    since: Annotated[
        str | None,
        filter_option("--since", help="Only changes made on or after YYYY, YYYY-MM or YYYY-MM-DD."),
    ] = None,
    output_format: Annotated[
        ChangesFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json, csv, or jsonl: every change set with each record before and "
            "after (the whole history).",
            case_sensitive=False,
        ),
    ] = ChangesFormat.table,
) -> None:
    """List the change sets, oldest first: imports, deletes, undos, with who, when and why."""
    from collabdb.services.history import dump_history, list_changes

    if kind is not None:
        _check_kind(kind)
    engine = open_engine()
    if output_format is ChangesFormat.jsonl:
        for line in dump_history(engine, kind=kind, actor=by, since=_since(since)):
            sys.stdout.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        return
    listed = list_changes(engine, kind=kind, actor=by, since=_since(since))
    render(listed, output_format=OutputFormat(output_format.value), empty_message="no changes")


@list_command()
def history(
    kind: KindArgument, record: Annotated[str, typer.Argument(help="Slug or name.")]
) -> Listing:
    """One record's history, oldest first: each change set that inserted, updated or deleted
    it, with who, when, why and the fields that changed (before and after in --format json)."""
    from collabdb.services.history import record_history

    _check_kind(kind)
    return Listing(
        lambda options: record_history(open_engine(), kind=kind, record=record, options=options),
        "no recorded changes",
    )


def _check_kind(kind: str) -> None:
    from collabdb.kinds import spec_of

    spec_of(kind)
