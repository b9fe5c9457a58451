"""`collabdb import` and `collabdb export`: the import format in and out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from collabdb.cli.options import ByOption, ReasonOption
from collabdb.cli.state import open_engine
from collabdb.errors import InvalidInput

if TYPE_CHECKING:
    from collabdb.services.progress import Progress


class ProgressStyle(StrEnum):
    auto = "auto"
    bar = "bar"
    lines = "lines"
    none = "none"


class InputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


# Below this size a file imports in a moment; a progress bar would only flicker.
PROGRESS_FROM_BYTES = 1_000_000


def import_(
    file: Annotated[
        str, typer.Argument(help="File to import: JSON or JSON Lines ('-' for standard input).")
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Validate and report what would change; write nothing."),
    ] = False,
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format",
            help="json or jsonl (default: jsonl for .jsonl/.ndjson files, else json; "
            "stdin needs it for JSON Lines).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    max_errors: Annotated[
        int,
        typer.Option("--max-errors", min=0, help="Stop after this many problems (0: no limit)."),
    ] = 1000,
    strict: Annotated[
        bool, typer.Option("--strict", help="Near-duplicate warnings are errors: write nothing.")
    ] = False,
    progress: Annotated[
        ProgressStyle,
        typer.Option(
            "--progress",
            help="auto: a bar on a terminal for files over 1 MB; bar; lines (plain lines on "
            "stderr, for logs); none.",
            case_sensitive=False,
        ),
    ] = ProgressStyle.auto,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="A child list given in a record (parties, names, areas, positions, citations...) "
            "replaces the stored one: what it leaves out is removed. Lists not given are kept.",
        ),
    ] = False,
    by: ByOption = None,
    reason: ReasonOption = None,
) -> None:
    """Import a JSON document or JSON Lines: validated, atomic, idempotent upsert, recorded in
    the history (`collabdb changes`)."""
    from collabdb.services.importer import ImportOptions, import_input, input_format_of

    chosen = input_format_of(file, input_format.value if input_format else None)
    options = ImportOptions(
        dry_run=dry_run,
        strict=strict,
        max_errors=max_errors,
        warn=lambda line: typer.echo(line, err=True),
        replace=replace,
        actor=by,
        reason=reason,
    )
    engine = open_engine()
    with _open(file) as (stream, name, size):
        options.progress = _progress(progress, size)
        if chosen == "jsonl":
            report = import_input(engine, stream, name=name, options=options, total_bytes=size)
        else:
            report = import_input(engine, stream.read(), name=name, options=options)
    verb = "would be" if dry_run else "were"
    for kind, counts in report.counts.items():
        if counts.inserted or counts.updated or counts.unchanged:
            typer.echo(
                f"{kind}: {counts.inserted} inserted, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
    typer.echo(
        f"{report.total('inserted')} records inserted, {report.total('updated')} updated, "
        f"{report.total('unchanged')} unchanged"
        + (f" ({verb} written: dry run)" if dry_run else "")
    )


class _open:
    """The input stream, its name for messages and the log, and its size when known."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.handle: BinaryIO | None = None

    def __enter__(self) -> tuple[BinaryIO, str, int | None]:
        if self.file == "-":
            return _standard_input(), "-", None
        path = Path(self.file)
        try:
            self.handle = path.open("rb")
            size = path.stat().st_size
        except OSError as error:
            raise InvalidInput(f"cannot read {self.file}: {error.strerror}") from None
        return self.handle, str(path), size

    def __exit__(self, *_: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _standard_input() -> BinaryIO:
    """Standard input, unless it is closed (``collabdb import - <&-``): exit 2."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        raise InvalidInput("cannot read standard input: it is closed")
    return stdin.buffer


def _progress(style: ProgressStyle, size: int | None) -> Progress | None:
    """By default a bar on stderr for large inputs when stderr is a terminal, else nothing."""
    from collabdb.cli.progress import LineProgress, TerminalProgress

    if style is ProgressStyle.lines:
        return LineProgress()
    if style is ProgressStyle.bar:
        return TerminalProgress()
    if style is ProgressStyle.none or not sys.stderr.isatty():
        return None
    return None if size is not None and size < PROGRESS_FROM_BYTES else TerminalProgress()


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    export_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="json (one document) or jsonl (one record per line).",
            case_sensitive=False,
        ),
    ] = ExportFormat.json,
) -> None:
    """Export the whole knowledge base in the import format (canonical, byte-stable)."""
    from collabdb.cli.output_file import write_output
    from collabdb.services.exporter import write_export

    engine = open_engine()
    if output is None:
        write_export(engine, sys.stdout.buffer, export_format=export_format.value)
        sys.stdout.flush()
        return
    write_output(
        output, write=lambda stream: write_export(engine, stream, export_format=export_format.value)
    )
