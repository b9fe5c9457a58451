"""`collabdb sql` on PostgreSQL: a session that can only read, as a role without server powers.

- The role: a READ ONLY transaction stops writes to tables, not a superuser's ``COPY ... TO
  PROGRAM``, ``COPY ... TO 'file'`` or ``pg_read_file()``. So the session is refused, before
  the statement runs, when its role (the URL's, or one it may become: membership counts, and
  so does the current role a URL's ``options`` could set) is a superuser, a member of
  ``pg_execute_server_program``, ``pg_read_server_files`` or ``pg_write_server_files``, or may
  execute the functions that read server files or large objects from them. Catalog checks
  only (``pg_has_role``, ``rolsuper``, ``has_function_privilege``): PostgreSQL 13 and newer.
- The session: ``default_transaction_read_only=on``, ``statement_timeout`` and ``lock_timeout``
  set when it starts, a READ ONLY transaction that is never committed (closing the connection
  ends it), and the statement sent through the extended query protocol, which holds exactly one
  statement. Settings the statement changes die with the session.
- The rows: streamed in single-row mode (``cursor.stream``): memory stays flat. Ending early
  (an error writing them, Ctrl-C) cancels the statement on the server.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from collabdb.config import DatabaseTarget
from collabdb.db import parse_url
from collabdb.errors import CollabdbError, DatabaseUnavailable, InvalidInput
from collabdb.services.sql_guard import ONE_STATEMENT, READ_ONLY, REFUSED, QueryStop
from collabdb.services.sql_parameters import BoundStatement

ANALYST_ROLE_HINT = (
    'connect as a read-only role ("A read-only role for analysts", docs/postgresql.md)'
)
COPY_REFUSED = "collabdb sql does not run COPY; write the SELECT alone and use --format csv"
_EITHER_ROLE = (
    "(pg_has_role(session_user, r.oid, 'MEMBER') OR pg_has_role(current_user, r.oid, 'MEMBER'))"
)
_SERVER_POWERS = f"""
SELECT 'superuser' FROM pg_roles r WHERE r.rolsuper AND {_EITHER_ROLE}
UNION
SELECT 'member of ' || r.rolname FROM pg_roles r
WHERE r.rolname IN ('pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files')
  AND {_EITHER_ROLE}
UNION
SELECT 'may execute ' || p.proname FROM pg_proc p
WHERE p.proname IN ('pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'lo_import', 'lo_export')
  AND (has_function_privilege(session_user, p.oid, 'EXECUTE')
       OR has_function_privilege(current_user, p.oid, 'EXECUTE'))
"""


@contextmanager
def postgresql_rows(
    target: DatabaseTarget,
    statement: BoundStatement,
    parameters: dict[str, str],
    *,
    stop: QueryStop,
) -> Iterator[tuple[list[str], Iterator[Sequence[Any]]]]:
    """The statement's column names and its rows, streamed from the server."""
    import psycopg

    connection = _connect(target, stop=stop)
    stream: Generator[Any, None, None] | None = None
    try:
        connection.read_only = True  # BEGIN READ ONLY, on top of the session default
        _refuse_server_powers(connection)
        cursor = connection.cursor()
        stream = cursor.stream(statement.driver, parameters)
        try:
            first = next(stream, None)
        except psycopg.ProgrammingError as error:
            if "didn't produce a result" not in str(error):  # SET, DO: no rows, no columns
                raise _refusal(error, target=target, stop=stop) from None
            yield [], iter(())
            return
        except psycopg.Error as error:
            raise _refusal(error, target=target, stop=stop) from None
        if first is None:
            yield _described_columns(connection, statement), iter(())
            return
        yield (
            [column.name for column in cursor.description or ()],
            _rows(first, stream, target=target, stop=stop),
        )
    finally:
        if stream is not None:
            stream.close()  # cancels a statement still running
        connection.close()  # ends the transaction without a ROLLBACK that could fail


def _connect(target: DatabaseTarget, *, stop: QueryStop) -> Any:
    import psycopg

    # The URL means to psycopg here exactly what it means to the engine of other commands.
    _, options = _psycopg_dialect().create_connect_args(parse_url(target))
    options["options"] = (
        f"{options.get('options', '')} -c default_transaction_read_only=on"
        f" -c statement_timeout={stop.timeout_ms} -c lock_timeout={stop.lock_wait_ms}"
    )
    try:
        return psycopg.connect(**options)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0]
        raise DatabaseUnavailable(
            f"cannot connect to database {target.display}: {reason}"
        ) from None


def _refuse_server_powers(connection: Any) -> None:
    role = connection.execute("SELECT session_user").fetchone()[0]
    powers = sorted(row[0] for row in connection.execute(_SERVER_POWERS))
    if "superuser" in powers:
        powers = ["superuser"]
    if powers:
        raise InvalidInput(
            f"collabdb sql does not run as role {role}: it may run programs or read and write "
            f"files on the server ({', '.join(powers)}); {ANALYST_ROLE_HINT}"
        )


def _rows(
    first: Sequence[Any], stream: Iterator[Any], *, target: DatabaseTarget, stop: QueryStop
) -> Iterator[Sequence[Any]]:
    import psycopg

    yield first
    try:
        yield from stream
    except psycopg.Error as error:
        raise _refusal(error, target=target, stop=stop) from None


def _described_columns(connection: Any, statement: BoundStatement) -> list[str]:
    """The column names of a statement that returned no rows (single-row mode gives none):
    the server describes it again, without running it."""
    encoding = connection.info.encoding
    connection.pgconn.prepare(b"", statement.native.encode(encoding), None)
    described = connection.pgconn.describe_prepared(b"")
    return [(described.fname(i) or b"").decode(encoding) for i in range(described.nfields)]


def _psycopg_dialect() -> Any:
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    return PGDialect_psycopg()  # type: ignore[no-untyped-call]


def _refusal(error: Any, *, target: DatabaseTarget, stop: QueryStop) -> CollabdbError:
    import psycopg

    state = error.sqlstate
    if state == "57014":  # query_canceled: the time limit, or Ctrl-C
        return stop.cancelled()
    if state == "55P03":  # lock_not_available: lock_timeout
        return stop.busy()
    if state is None and isinstance(error, psycopg.ProgrammingError) and "COPY" in str(error):
        return InvalidInput(COPY_REFUSED)
    if isinstance(error, psycopg.OperationalError) and (
        state is None or state.startswith(("08", "57P"))
    ):
        return _connection_lost(error, target=target)
    message = error.diag.message_primary or str(error).strip().splitlines()[0]
    if state == "25006":  # read_only_sql_transaction
        return InvalidInput(f"{READ_ONLY}: {message}")
    if "multiple commands" in message:
        return InvalidInput(f"{ONE_STATEMENT}: {message}")
    return InvalidInput(f"{REFUSED}: {message}")


def _connection_lost(error: Exception, *, target: DatabaseTarget) -> CollabdbError:
    """The server went away under the statement (stopped, restarted, the session ended)."""
    from sqlalchemy.exc import DBAPIError

    from collabdb.db_failures import database_failure

    failure = database_failure(DBAPIError(None, None, error), where=target.display)
    return failure or DatabaseUnavailable(f"lost the connection to database {target.display}")
