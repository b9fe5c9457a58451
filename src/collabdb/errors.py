"""Typed domain errors. Each carries its exit code; only the CLI edge turns them into exits."""

from __future__ import annotations

from collections.abc import Sequence


class CollabdbError(Exception):
    """Base class: ``problems`` are printed one per line, then ``summary``."""

    exit_code = 1

    def __init__(self, summary: str, problems: Sequence[str] = ()) -> None:
        super().__init__(summary)
        self.summary = summary
        self.problems = list(problems)


class NotFound(CollabdbError):
    """No record answers to the name given (exit 1)."""


class Ambiguous(CollabdbError):
    """Several records answer to the name given (exit 1)."""


class InvalidInput(CollabdbError):
    """Bad user input (a file, an option value); nothing was written."""

    exit_code = 2


class OutputFailed(CollabdbError):
    """The command's output could not be written: a full disk, ``/dev/full`` (exit 1)."""


class DatabaseUnavailable(CollabdbError):
    """The database cannot be used: it cannot be opened, read or written (the server cannot be
    reached, the file is read-only, full, or not a database...); the message says what to do."""

    exit_code = 3


class DatabaseBusy(DatabaseUnavailable):
    """Another process holds the write lock."""


class SchemaNotAtHead(DatabaseUnavailable):
    """The schema is missing or older than this collabdb: the message names the fix."""


class Cancelled(CollabdbError):
    """A statement ran past its time limit and was cancelled (exit 1)."""


class Interrupted(CollabdbError):
    """Stopped by Ctrl-C (SIGINT): exit 130, the shell's code for it."""

    exit_code = 130
