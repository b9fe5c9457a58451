"""What the CLI edge makes of an exception that is not a domain error yet: a database that
cannot be used (``db_failures.py``), output that cannot be written, or an internal error."""

from __future__ import annotations

import errno
import os
import sys

from collabdb.cli.state import OPTIONS
from collabdb.errors import CollabdbError, OutputFailed

# A write to the output failed: no space, a file size limit, an I/O error. (A reader that went
# away, a broken pipe, ends the command quietly, as click does: `collabdb export | head`.)
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EDQUOT}


def edge_error(error: Exception) -> CollabdbError | Exception:
    """The domain error ``error`` stands for, or ``error`` itself (an internal error)."""
    if isinstance(error, CollabdbError):
        return error
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError):
        from collabdb.db_failures import database_failure

        return database_failure(error, where=_database_shown()) or error
    if isinstance(error, OSError) and error.filename is None and error.errno in _OUTPUT_ERRORS:
        return OutputFailed(f"cannot write the output: {error.strerror}")
    return error


def discard_output() -> None:
    """Point standard output at /dev/null, so that what is still buffered for it does not
    fail again (and print a traceback) when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file (a test's buffer): nothing to discard
        pass


def _database_shown() -> str:
    try:
        from collabdb.config import resolve_database

        return resolve_database(OPTIONS.db).display
    except Exception:  # the database could not even be named: say "the database"
        return "(the database)"
