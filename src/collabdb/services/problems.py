"""Problems found in user input, each tied to where it is (a JSON path or a line)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from collabdb.errors import InvalidInput


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def json_path(*parts: str | int) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def raise_if_any(problems: Sequence[Problem], *, subject: str) -> None:
    if problems:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        raise InvalidInput(
            f"{subject}: {count} {noun}; nothing was imported", [str(p) for p in problems]
        )
