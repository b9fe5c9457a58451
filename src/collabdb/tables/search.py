"""The search documents behind `collabdb search` and name matching.

One row per searchable text of a record (a name, an alias, a title, a summary...), holding
the text as stored and its match key. On SQLite an FTS5 index over the key is kept in step by
triggers (created by the migration); on PostgreSQL a GIN index on its tsvector serves.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from collabdb.tables.base import metadata

search_documents = Table(
    "search_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(30), nullable=False, comment="Record kind, e.g. organizations."),
    Column("slug", String(200), nullable=False, comment="Slug of the record."),
    Column("field", String(30), nullable=False, comment="Which text: name, alias, title..."),
    Column("original", Text, nullable=False, comment="The text as stored."),
    Column("text", Text, nullable=False, comment="Its match key (folded, transliterated)."),
    Index("ix_search_documents_kind_slug", "kind", "slug"),
    comment="Searchable texts of every record (derived; rebuilt on import).",
)
