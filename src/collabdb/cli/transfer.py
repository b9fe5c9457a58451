"""`collabdb import` and `collabdb export`: the JSON contract in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from collabdb.cli.state import open_engine
from collabdb.errors import InvalidInput


def import_(
    file: Annotated[str, typer.Argument(help="JSON document to import ('-' for standard input).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report counts; write nothing.")
    ] = False,
) -> None:
    """Import a JSON document (as `export` writes it): validated, atomic, idempotent upsert."""
    from collabdb.services.importer import import_bytes

    if file == "-":
        data, name = sys.stdin.buffer.read(), "-"
    else:
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InvalidInput(f"cannot read {file}: {error.strerror}") from None
        name = str(path)
    report = import_bytes(open_engine(), data, name=name, dry_run=dry_run)
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


def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export the whole knowledge base as one canonical JSON document (the import format)."""
    from collabdb.services.exporter import export_json

    text = export_json(open_engine())
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    temporary = output.with_name(f".{output.name}.partial")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(output)
