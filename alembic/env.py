"""Alembic environment: the URL comes from collabdb's own settings, never from alembic.ini.

Run from code (collabdb passes an engine in ``config.attributes``) or from the command line
(``alembic upgrade head`` uses ``--db``-less resolution: COLLABDB_URL, else the default file).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import String, Text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import TypeEngine

from collabdb.analyst_views import VIEW_NAMES
from collabdb.config import resolve_database
from collabdb.db import lock_writers, make_engine
from collabdb.tables import metadata

FTS_PREFIXES = ("sqlite_", "search_index")
ORDER_INDEX_SUFFIX = "_order"


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    # SQLite internals and full-text-search shadow tables are not part of the models, nor are
    # the analyst views (migration 0002 creates them, from its own copy of collabdb.analyst_views),
    # nor PostgreSQL's expression index for search (created by migration 0003).
    if type_ == "table" and name is not None:
        return not (name.startswith(FTS_PREFIXES) or name in VIEW_NAMES)
    if type_ == "index" and name is not None:
        # The timeline's date-order indexes are CASE expressions, which PostgreSQL reflects
        # with casts added, so alembic cannot compare them; tests/test_migrations.py checks
        # that the migrations create every index of the tables, by name, on both backends.
        return not (name.startswith(FTS_PREFIXES) or name.endswith(ORDER_INDEX_SUFFIX))
    return True


def compare_type(
    context: object,
    inspected_column: object,
    metadata_column: object,
    inspected_type: TypeEngine[object],
    metadata_type: TypeEngine[object],
) -> bool | None:
    # SQLite ignores a VARCHAR's declared length and cannot change it without rebuilding the
    # table (and every table whose foreign keys point at it): a string column widened by a
    # later migration (0015, periods) keeps its first declaration there. Lengths are checked
    # on PostgreSQL; the input models bound every value on both.
    lengths_only = all(
        isinstance(type_, String) and not isinstance(type_, Text)
        for type_ in (inspected_type, metadata_type)
    )
    if lengths_only and _is_sqlite(context):
        return False
    return None  # alembic's own comparison


def _is_sqlite(context: object) -> bool:
    dialect = getattr(context, "dialect", None)
    return getattr(dialect, "name", "") == "sqlite"


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        engine = make_engine(resolve_database())
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        context.configure(
            connection=connection,
            target_metadata=metadata,
            compare_type=compare_type,
            render_as_batch=sqlite,
            include_object=include_object,
        )
        if sqlite:
            # SQLite rebuilds a table by renaming it away and creating it anew (0020): with
            # foreign keys on, dropping the old one would cascade into the rows pointing at it.
            # The pragma only takes effect outside a transaction (SQLite's migrations each run
            # in their own); a migration that rebuilds a table checks every key itself.
            _sqlite_foreign_keys(connection, "OFF")
        try:
            with context.begin_transaction():
                if connection.dialect.name == "postgresql":
                    # Concurrent upgrades, and imports, wait for each other (see collabdb.db).
                    lock_writers(connection)
                context.run_migrations()
            connection.commit()
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, "ON")


def _sqlite_foreign_keys(connection: Connection, state: str) -> None:
    # On the driver's connection: through SQLAlchemy the statement would begin a transaction.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys = {state}")


if context.is_offline_mode():
    raise SystemExit("collabdb migrations run online only: use `collabdb db upgrade`")
run_migrations_online()
