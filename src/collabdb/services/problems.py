"""Problems found in user input, each tied to where it is (a JSON path or a line)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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


class TooManyProblems(Exception):
    """Raised by :class:`ProblemLog` when it has collected as many problems as allowed."""


@dataclass
class ProblemLog:
    """Every problem of one import, collected while streaming, up to ``max_errors``.

    Collecting goes on after the first problem so that one run shows all of them; a file that
    is wrong everywhere stops at ``max_errors`` (0 means no limit) so that memory stays bounded.
    """

    subject: str
    max_errors: int = 0
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)
        if self.max_errors and len(self.problems) >= self.max_errors:
            raise TooManyProblems

    def extend(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, *, stopped: bool = False) -> None:
        if not self.problems:
            return
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        if stopped:
            summary = (
                f"{self.subject}: stopped after {count} {noun} (--max-errors {self.max_errors});"
                " nothing was imported"
            )
        else:
            summary = f"{self.subject}: {count} {noun}; nothing was imported"
        raise InvalidInput(summary, [str(p) for p in self.problems])
