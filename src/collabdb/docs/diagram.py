"""A Mermaid ER diagram of every table and foreign key, from the models."""

from __future__ import annotations

from sqlalchemy import DateTime, Integer, String, Table, Text

from collabdb.tables import metadata
from collabdb.tables.base import ExactDecimal


def mermaid_type(table: Table, column_name: str) -> str:
    """A short, portable type name Mermaid accepts (letters, digits, parentheses)."""
    column_type = table.c[column_name].type
    if isinstance(column_type, ExactDecimal):
        return "decimal"
    if isinstance(column_type, DateTime):
        return "timestamp"
    if isinstance(column_type, Integer):
        return "integer"
    if isinstance(column_type, Text):
        return "text"
    if isinstance(column_type, String):
        return f"varchar({column_type.length})"
    return type(column_type).__name__.lower()


def _keys(table: Table, column_name: str) -> str:
    column = table.c[column_name]
    keys = []
    if column.primary_key:
        keys.append("PK")
    if column.foreign_keys:
        keys.append("FK")
    if column.unique:
        keys.append("UK")
    return ", ".join(keys)


def render_er_diagram() -> str:
    tables = sorted(metadata.tables.values(), key=lambda t: t.name)
    lines = ["erDiagram"]
    for table in tables:
        lines.append(f"    {table.name} {{")
        for column in table.columns:
            keys = _keys(table, column.name)
            lines.append(
                f"        {mermaid_type(table, column.name)} {column.name} {keys}".rstrip()
            )
        lines.append("    }")
    for table in tables:
        for column in table.columns:
            for foreign_key in sorted(column.foreign_keys, key=lambda k: k.target_fullname):
                parent = foreign_key.column.table.name
                # Exactly one parent when the column is NOT NULL, zero or one when it may be.
                one = "|o" if column.nullable else "||"
                lines.append(f'    {parent} {one}--o{{ {table.name} : "{column.name}"')
    return "\n".join(lines) + "\n"
