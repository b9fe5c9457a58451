"""How many rows each table holds (`collabdb db info`)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from collabdb.tables import metadata


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows of every table of the schema, by table name in name order."""
    return {
        name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for name, table in sorted(metadata.tables.items())
    }
