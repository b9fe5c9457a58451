"""The CLI reference (docs/cli.md), generated from the Typer app itself.

    python -m collabdb.cli.reference > docs/cli.md

A test regenerates it and fails when docs/cli.md differs, so the reference cannot go stale.
"""

from __future__ import annotations

from typing import Any

import typer
import typer.main

from collabdb.cli.app import app

WIDTH = 100


def _help(command: Any, path: list[str], parent: typer.Context | None) -> str:
    context = typer.Context(
        command, info_name=path[-1], parent=parent, terminal_width=WIDTH, max_content_width=WIDTH
    )
    return str(command.get_help(context))


def _sections(command: Any, path: list[str], parent: typer.Context | None) -> list[tuple[str, str]]:
    context = typer.Context(command, info_name=path[-1], parent=parent)
    sections = [(" ".join(path), _help(command, path, parent))]
    if hasattr(command, "list_commands"):  # a group: document its commands too
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                sections.extend(_sections(sub, [*path, name], context))
    return sections


def render_cli_reference() -> str:
    root = typer.main.get_command(app)
    lines = [
        "# CLI reference",
        "",
        "Generated from the code by `python -m collabdb.cli.reference > docs/cli.md`;",
        "`tests/test_cli_reference.py` fails when this file is out of date.",
        "",
    ]
    for title, text in _sections(root, ["collabdb"], None):
        lines += [f"## `{title}`", "", "```", text.rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_cli_reference(), end="")
