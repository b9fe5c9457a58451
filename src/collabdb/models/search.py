"""The search documents behind `collabdb search` and name matching.

One row per searchable text of a record (a name, an alias, a title, a summary...), holding
the text as stored and its match key. On SQLite an FTS5 index over the key is kept in step by
triggers (created by the migration); on PostgreSQL a GIN index on its tsvector serves.
"""

from __future__ import annotations

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collabdb.models.base import Base


class SearchDocument(Base):
    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_kind_slug", "kind", "slug"),
        {"comment": "Searchable texts of every record (derived; rebuilt on import)."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), comment="Record kind, e.g. organizations.")
    slug: Mapped[str] = mapped_column(String(200), comment="Slug of the record.")
    field: Mapped[str] = mapped_column(String(30), comment="Which text: name, alias, title...")
    original: Mapped[str] = mapped_column(Text, comment="The text as stored.")
    text: Mapped[str] = mapped_column(Text, comment="Its match key (folded, transliterated).")
